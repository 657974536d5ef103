"""Past one machine: every SQL model in `models/` translates from DuckDB to Spark with SQLGlot.

Skipped statements, and why: `COMMENT ON …` documents a view in DuckDB's catalogue (the
documented-interface test reads it); Spark documents views with `COMMENT` inside `CREATE VIEW`
or in its metastore instead, so comments are not part of the portable model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot

from gevinst.paths import models_dir

LAYERS = ("schema", "staging", "core", "marts", "audits", "queries")
MODELS = sorted(p for layer in LAYERS for p in (models_dir() / layer).glob("*.sql"))
DUCKDB_ONLY = ("COMMENT ON",)


def portable_statements(path: Path) -> list[str]:
    statements = [s for s in sqlglot.parse(path.read_text(encoding="utf-8"), read="duckdb") if s]
    return [s.sql(dialect="duckdb") for s in statements
            if not s.sql(dialect="duckdb").upper().startswith(DUCKDB_ONLY)]


def test_every_layer_has_models():
    assert {p.parent.name for p in MODELS} >= {"schema", "staging", "core", "marts", "audits"}


@pytest.mark.parametrize("path", MODELS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_model_translates_to_spark(path: Path):
    for statement in portable_statements(path):
        spark = sqlglot.transpile(statement, read="duckdb", write="spark",
                                  error_level=sqlglot.ErrorLevel.RAISE)
        assert spark and all(spark)


def test_the_benefit_weeks_model_keeps_its_shape_in_spark():
    core = models_dir() / "core" / "int_benefit_weeks_periods.sql"
    spark = sqlglot.transpile(portable_statements(core)[0], read="duckdb", write="spark")[0]
    assert "WITH RECURSIVE" in spark and "LEAD(" in spark
