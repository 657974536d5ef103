"""The benefit-weeks model on Spark: the files of `models/`, translated by SQLGlot at run time.

Nothing here is a second copy of the model. Each file is read as DuckDB loads it (the rule
parameters of rules.toml written in, `gevinst.model_sql`), its `COMMENT ON` statements left out
(DuckDB catalogue documentation), its views made session-local (`TEMPORARY`: Spark's permanent
views need a metastore and may not read temporary ones) and translated from DuckDB to Spark SQL.
Then the derived tables are materialised in the order the DuckDB store uses
(`store.benefit_weeks.MATERIALISED`): each table is the result of its `int_` view, checkpointed and
registered under the table's name, so the next view reads it (Spark resolves a view when it is
created, so each view is created just before it is needed) — candidates, then the periods
(pyspark 4.3 runs the `WITH RECURSIVE` of int_benefit_weeks_periods), then the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp

from gevinst.model_sql import read_model
from gevinst.paths import models_dir
from gevinst.reference import Reference

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: the staging file, before any derived table
STAGING = "staging/stg_benefit_weeks.sql"
#: derived table ← (its file, its view), in order (as store.benefit_weeks.MATERIALISED)
MATERIALISED: tuple[tuple[str, str, str], ...] = (
    (
        "benefit_weeks_candidates",
        "core/int_benefit_weeks_candidates.sql",
        "int_benefit_weeks_candidates",
    ),
    ("benefit_weeks_periods", "core/int_benefit_weeks_periods.sql", "int_benefit_weeks_periods"),
    ("benefit_weeks_rows", "core/int_benefit_weeks_rows.sql", "int_benefit_weeks_rows"),
)
#: the marts over the rows
MARTS = ("marts/benefit_weeks.sql", "marts/benefit_weeks_by_year.sql")


def spark_statements(path: Path, ref: Reference) -> list[str]:
    """One model file as Spark SQL statements (comments dropped, views temporary)."""
    out = []
    for statement in sqlglot.parse(read_model(path, ref), read="duckdb"):
        if statement is None or isinstance(statement, exp.Comment):
            continue
        if isinstance(statement, exp.Create) and statement.kind == "VIEW":
            properties = statement.args.get("properties") or exp.Properties(expressions=[])
            properties.append("expressions", exp.TemporaryProperty())
            statement.set("properties", properties)
        out.append(statement.sql(dialect="spark"))
    return out


def create_views(
    spark: SparkSession, ref: Reference, files: Sequence[str], root: Path | None = None
) -> None:
    """Create the views of `files` in the session. Spark resolves a view when it is created,
    so a view over a derived table is created after that table (`materialise`)."""
    base = root or models_dir()
    for name in files:
        for statement in spark_statements(base / name, ref):
            spark.sql(statement)


def materialise(
    spark: SparkSession, ref: Reference, table: str, root: Path | None = None
) -> DataFrame:
    """The derived `table` from its view, registered under the table's name for the next view;
    materialised, except the rows, which are written once by the caller.

    Materialised with `localCheckpoint`, not `cache`: the periods model's recursive query
    (UnionLoop) does not read a cached plan from the cache but computes it again, so with
    `cache` every restart level re-ran the candidates' window over every person-week (seen
    with jstack on 20 million rows); a checkpoint cuts the lineage, so each level reads the
    few candidate rows."""
    file, view = next((f, v) for t, f, v in MATERIALISED if t == table)
    create_views(spark, ref, [file], root)
    frame = spark.sql(f"SELECT * FROM {view}")
    if table != "benefit_weeks_rows":
        frame = frame.localCheckpoint(eager=True)
    frame.createOrReplaceTempView(table)
    return frame
