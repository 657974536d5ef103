"""Past one machine: every SQL model in `models/` translates from DuckDB to Spark with SQLGlot.

The files are read as gevinst loads them, with the rule parameters of rules.toml written in
(gevinst.model_sql). Skipped statements, and why: `COMMENT ON …` documents a view in DuckDB's
catalogue (the documented-interface test reads it); Spark documents views with `COMMENT` inside
`CREATE VIEW` or in its metastore instead, so comments are not part of the portable model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot

from gevinst.model_sql import read_model
from gevinst.paths import models_dir

LAYERS = ("schema", "staging", "core", "marts", "audits", "queries")
MODELS = sorted(p for layer in LAYERS for p in (models_dir() / layer).glob("*.sql"))
DUCKDB_ONLY = ("COMMENT ON",)


def portable_statements(path: Path) -> list[str]:
    statements = [s for s in sqlglot.parse(read_model(path), read="duckdb") if s]
    return [
        s.sql(dialect="duckdb")
        for s in statements
        if not s.sql(dialect="duckdb").upper().startswith(DUCKDB_ONLY)
    ]


def test_every_layer_has_models():
    assert {p.parent.name for p in MODELS} >= {"schema", "staging", "core", "marts", "audits"}


@pytest.mark.parametrize("path", MODELS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_model_translates_to_spark(path: Path):
    for statement in portable_statements(path):
        spark = sqlglot.transpile(
            statement, read="duckdb", write="spark", error_level=sqlglot.ErrorLevel.RAISE
        )
        assert spark and all(spark)


def test_the_benefit_weeks_model_keeps_its_shape_in_spark():
    core = models_dir() / "core" / "int_benefit_weeks_periods.sql"
    spark = sqlglot.transpile(portable_statements(core)[0], read="duckdb", write="spark")[0]
    assert "WITH RECURSIVE" in spark and "LEAD(" in spark


def test_the_rule_parameters_are_written_in_from_the_reference():
    """No placeholder survives loading, and no restart number is typed into the core SQL."""
    for path in MODELS:
        assert "{{" not in read_model(path), path.name
    for name in ("int_benefit_weeks_candidates", "int_benefit_weeks_rows"):
        text = (models_dir() / "core" / f"{name}.sql").read_text(encoding="utf-8")
        body = "\n".join(line.split("--")[0] for line in text.splitlines())
        assert not {"52", "156", "105", "0.8"} & set(body.replace("(", " ").split()), name
