"""`gevinst spark --check`: the same person-week files through DuckDB, compared with Spark's.

DuckDB runs them the way `gevinst import --kind benefit-weeks` does — every file checked cell
by cell, written with lineage, the model materialised — in an in-memory database (no file is
created), then compares, per municipality, person and week, the count week and each payer's
kroner with the parquet Spark wrote. A row on one side only, another count week, or a
difference above `TOLERANCE` in gross, state or municipal kroner is a difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gevinst.messages import Lang
from gevinst.reference import Reference
from gevinst.store.benefit_weeks import _check_files, _write
from gevinst.store.model import build_model

#: kr. per row and payer (issue 16: "any difference above 0,005 kr. per row fails")
TOLERANCE = 0.005

_COMPARE = """
WITH d AS (
    SELECT municipality_code, person_id, week_start, gross_dkk, counter_week, state_dkk,
           municipal_dkk
    FROM benefit_weeks
), s AS (
    SELECT CAST(municipality_code AS INTEGER) AS municipality_code, person_id,
           CAST(week_start AS DATE) AS week_start, gross_dkk, counter_week, state_dkk,
           municipal_dkk
    FROM read_parquet({source}, hive_partitioning = true)
)
SELECT municipality_code, person_id, week_start,
       d.counter_week AS duckdb_counter_week, s.counter_week AS spark_counter_week,
       d.gross_dkk AS duckdb_gross_dkk, s.gross_dkk AS spark_gross_dkk,
       d.state_dkk AS duckdb_state_dkk, s.state_dkk AS spark_state_dkk,
       d.municipal_dkk AS duckdb_municipal_dkk, s.municipal_dkk AS spark_municipal_dkk
FROM d FULL OUTER JOIN s USING (municipality_code, person_id, week_start)
WHERE d.gross_dkk IS NULL OR s.gross_dkk IS NULL
    OR d.counter_week IS DISTINCT FROM s.counter_week
    OR abs(d.gross_dkk - s.gross_dkk) > {tolerance}
    OR abs(d.state_dkk - s.state_dkk) > {tolerance}
    OR (d.state_dkk IS NULL) <> (s.state_dkk IS NULL)
    OR abs(d.municipal_dkk - s.municipal_dkk) > {tolerance}
    OR (d.municipal_dkk IS NULL) <> (s.municipal_dkk IS NULL)
"""

COLUMNS = (
    "municipality_code",
    "person_id",
    "week_start",
    "duckdb_counter_week",
    "spark_counter_week",
    "duckdb_gross_dkk",
    "spark_gross_dkk",
    "duckdb_state_dkk",
    "spark_state_dkk",
    "duckdb_municipal_dkk",
    "spark_municipal_dkk",
)


@dataclass(frozen=True)
class WeeksComparison:
    """What the comparison found: rows on each side, rows that differ and the first of them."""

    duckdb_rows: int
    spark_rows: int
    differing: int
    first: tuple[tuple, ...]
    duckdb_seconds: float

    @property
    def equal(self) -> bool:
        return self.differing == 0


def compare_with_duckdb(
    groups: Sequence[tuple[int, Sequence[Path]]],
    spark_weeks: Path,
    ref: Reference,
    lang: Lang = "da",
    limit: int = 10,
) -> WeeksComparison:
    """Run `groups` ((municipality, files) pairs) through DuckDB's import and model, compare with
    the parquet under `spark_weeks` (partitioned municipality_code=…/year=…/).

    Raises `InputRejected` when DuckDB's import rejects a file (then Spark's run is not
    comparable either)."""
    import time

    start = time.perf_counter()
    con = duckdb.connect(":memory:")
    try:
        build_model(con, ref=ref)
        now = dt.datetime.now(dt.UTC)
        for municipality, paths in groups:
            files, checks = _check_files(list(paths), lang, ref, None)
            _write(con, files, checks, municipality, "gevinst spark --check", lang, ref, now, False)
        seconds = time.perf_counter() - start
        pattern = str(spark_weeks / "**" / "*.parquet").replace("'", "''")
        source = f"'{pattern}'"
        count = con.execute("SELECT count(*) FROM benefit_weeks").fetchone()
        spark_count = con.execute(
            f"SELECT count(*) FROM read_parquet({source}, hive_partitioning = true)"
        ).fetchone()
        query = _COMPARE.format(source=source, tolerance=TOLERANCE)
        differing = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
        first = con.execute(f"{query} ORDER BY 1, 2, 3 LIMIT {int(limit)}").fetchall()
    finally:
        con.close()
    return WeeksComparison(
        int(count[0]) if count else 0,
        int(spark_count[0]) if spark_count else 0,
        int(differing[0]) if differing else 0,
        tuple(first),
        seconds,
    )
