"""`gevinst spark`: the benefit-weeks model on Apache Spark agrees with DuckDB to the øre.

The equality check runs once, in `local[2]`, on more than a million person-weeks: the persons of
the rule's worked examples (a csv with Danish decimals and ISO weeks, municipality 101) and a
seeded batch of 5.200 generated persons (parquet, municipality 169), both in the Hive layout a
national delivery would use. Required under CI=true (`.ci/run` installs pyspark and, where
missing, a JRE); skipped elsewhere when pyspark or java is missing. The cheap tests (inputs,
translation) run everywhere.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from gevinst.errors import InputRejected
from gevinst.paths import models_dir
from gevinst.reference import bundled_reference
from gevinst.services.spark_run import collect_inputs
from tests._weeks_fixtures import generated_weeks, worked_weeks

MIN_ROWS = 1_000_000


def _spark_or_skip() -> None:
    missing = [
        name
        for name, ok in (
            ("pyspark", importlib.util.find_spec("pyspark")),
            ("java", shutil.which("java")),
        )
        if not ok
    ]
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{', '.join(missing)} required under CI=true (.ci/run installs them)")
    pytest.skip(f"{', '.join(missing)} not installed")


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    root = tmp_path_factory.mktemp("spark-in")
    (root / "municipality_code=101").mkdir()
    (root / "municipality_code=169").mkdir()
    rows = worked_weeks(root / "municipality_code=101" / "worked.csv")
    rows += generated_weeks(root / "municipality_code=169" / "generated.parquet")
    return root, rows


@pytest.fixture(scope="module")
def spark_output(national, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One `gevinst spark --check` run in local[2] for the module (Spark is the slow part)."""
    _spark_or_skip()
    from gevinst.services.spark_run import run_spark
    from gevinst.spark.session import SparkOptions

    root, _rows = national
    out = tmp_path_factory.mktemp("spark-out") / "out"
    return run_spark([root], out, SparkOptions("local[2]", "2g"), check=True)


@pytest.mark.spark
def test_spark_agrees_with_duckdb_on_a_million_person_weeks(national, spark_output):
    """Given the worked examples' persons and 5.200 seeded persons (> 1 million weeks), when
    `gevinst spark --check` runs them in local[2], every row agrees with DuckDB's import."""
    _root, rows = national
    run = spark_output
    assert rows >= MIN_ROWS
    assert run.rows == rows
    assert run.comparison is not None
    assert run.comparison.duckdb_rows == run.comparison.spark_rows == rows
    assert run.comparison.differing == 0, run.comparison.first
    written = {p.name for p in (run.output / "benefit_weeks").iterdir() if p.is_dir()}
    assert written == {"municipality_code=101", "municipality_code=169"}
    assert (run.output / "benefit_weeks_by_year" / "municipality_code=169").is_dir()
    # money is neither created nor lost over the run: per year, state + municipal = gross
    for _year, _weeks, gross, state, municipal in run.by_year:
        assert round(state + municipal, 2) == round(gross, 2)


@pytest.mark.spark
def test_a_spark_run_loaded_home_shows_the_marts_duckdb_computes(national, spark_output, tmp_path):
    """Given the Spark run's output folder, when `gevinst import --kind benefit-weeks-results`
    loads it, benefit_weeks and benefit_weeks_by_year are exactly those of DuckDB's import of
    the same files; loading it again changes nothing."""
    import duckdb

    from gevinst.store.benefit_weeks import import_benefit_weeks
    from gevinst.store.weeks_results import import_results

    root, rows = national
    local = tmp_path / "local.duckdb"
    for code in (101, 169):
        files = sorted((root / f"municipality_code={code}").iterdir())
        import_benefit_weeks(local, files, code, "test")
    loaded = tmp_path / "loaded.duckdb"
    outcome = import_results(loaded, spark_output.output, "test")
    assert sum(m.rows for m in outcome.loads) == rows
    assert outcome.checked.manifest.rows == rows
    assert import_results(loaded, spark_output.output, "test").noop
    columns = (
        "municipality_code, person_id, week_start, benefit, gross_dkk, counter_week, "
        "state_share, state_dkk, municipal_dkk, source_row"
    )
    con = duckdb.connect(str(loaded), read_only=True)
    try:
        con.execute(f"ATTACH '{local}' AS local (READ_ONLY)")
        for sql in (
            f"SELECT {columns} FROM {{db}}benefit_weeks",
            "SELECT * FROM {db}benefit_weeks_by_year",
        ):
            here, there = sql.format(db=""), sql.format(db="local.")
            assert con.execute(f"SELECT count(*) FROM ({here} EXCEPT ALL {there})").fetchone() == (
                0,
            )
            assert con.execute(f"SELECT count(*) FROM ({there} EXCEPT ALL {here})").fetchone() == (
                0,
            )
        assert con.execute("SELECT count(*) FROM benefit_weeks").fetchone() == (rows,)
    finally:
        con.close()


def test_inputs_take_the_municipality_from_the_hive_folder(tmp_path):
    folder = tmp_path / "municipality_code=657"
    folder.mkdir()
    worked_weeks(folder / "a.csv")
    files = collect_inputs([tmp_path], None, bundled_reference())
    assert [(f.municipality, f.kind, f.file_no) for f in files] == [(657, "csv", 1)]


def test_inputs_without_a_municipality_are_refused(tmp_path):
    worked_weeks(tmp_path / "a.csv")
    with pytest.raises(InputRejected) as refused:
        collect_inputs([tmp_path / "a.csv"], None, bundled_reference(), "en")
    assert "municipality_code=NNN" in refused.value.problems[0].message
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    with pytest.raises(InputRejected):
        collect_inputs([tmp_path / "b.xlsx"], 169, bundled_reference())
    with pytest.raises(InputRejected):
        collect_inputs([tmp_path / "a.csv"], 999, bundled_reference())


def test_the_spark_model_is_the_translated_model_files():
    """No second copy: every statement Spark runs comes from a file in models/, with the rule
    parameters written in and views made temporary."""
    from gevinst.spark.model import MARTS, MATERIALISED, STAGING, spark_statements

    ref = bundled_reference()
    files = [STAGING, *(f for _t, f, _v in MATERIALISED), *MARTS]
    for name in files:
        statements = spark_statements(models_dir() / name, ref)
        assert statements and all("CREATE OR REPLACE TEMPORARY VIEW" in s for s in statements), name
        assert all("{{" not in s and "COMMENT ON" not in s for s in statements)
    periods = spark_statements(models_dir() / "core" / "int_benefit_weeks_periods.sql", ref)
    assert "WITH RECURSIVE" in periods[0]
    candidates = spark_statements(models_dir() / "core" / "int_benefit_weeks_candidates.sql", ref)
    assert f"LAG(s.week_no, {156 - 52 + 1})" in candidates[0]


def test_the_command_refuses_a_file_without_a_municipality(tmp_path):
    """Exit 2 and one line naming the file, before Spark is even started."""
    import subprocess
    import sys

    worked_weeks(tmp_path / "a.csv")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gevinst",
            "spark",
            str(tmp_path / "a.csv"),
            "--out",
            str(tmp_path / "out"),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "a.csv: the municipality is unknown" in done.stderr
    assert not (tmp_path / "out").exists()
