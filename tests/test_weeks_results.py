"""`gevinst import --kind benefit-weeks-results`: a Spark run's output loaded, checked, once.

The folders here are made by DuckDB in Spark's layout (tests/_results_fixtures.py), so the load
is tested without Spark; tests/test_spark.py loads a real Spark run and compares the marts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from gevinst.errors import InputRejected
from gevinst.reference import bundled_reference
from gevinst.store.benefit_weeks import import_benefit_weeks, purge
from gevinst.store.db import connect
from gevinst.store.model import run_audits
from gevinst.store.weeks_results import import_results
from tests._results_fixtures import duckdb_results
from tests._weeks_fixtures import generated_weeks, worked_weeks

MARTS = (
    "SELECT * FROM benefit_weeks_by_year ORDER BY ALL",
    "SELECT municipality_code, person_id, week_start, benefit, gross_dkk, counter_week, "
    "state_share, state_dkk, municipal_dkk, source_row FROM benefit_weeks ORDER BY ALL",
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, Path]]:
    root = tmp_path_factory.mktemp("weeks-in")
    worked_weeks(root / "worked.csv")
    generated_weeks(root / "generated.parquet", persons=300)
    return [(101, root / "worked.csv"), (169, root / "generated.parquet")]


@pytest.fixture(scope="module")
def run_folder(inputs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return duckdb_results(inputs, tmp_path_factory.mktemp("weeks-run"))


@pytest.fixture()
def run(run_folder: Path, tmp_path: Path) -> Path:
    """A copy the test may damage."""
    return Path(shutil.copytree(run_folder, tmp_path / "run"))


def _rows(db: Path, sql: str) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def _refused(run: Path, db: Path) -> list[str]:
    with pytest.raises(InputRejected) as refused:
        import_results(db, run, "test", "en")
    assert not db.exists()  # nothing written, not even an empty database
    return [p.line() for p in refused.value.problems]


def test_loaded_results_show_as_the_same_marts(run, inputs, tmp_path):
    """Given a run's output, when it is loaded, benefit_weeks and benefit_weeks_by_year are
    those of DuckDB's own import of the same files, and the audits hold."""
    local = tmp_path / "local.duckdb"
    for code, path in inputs:
        import_benefit_weeks(local, [path], code, "test")
    db = tmp_path / "loaded.duckdb"
    outcome = import_results(db, run, "test")
    assert [(m.municipality_code, m.import_id) for m in outcome.loads] == [(101, 1), (169, 2)]
    for sql in MARTS:
        assert _rows(db, sql) == _rows(local, sql)
    with connect(db, read_only=True) as con:
        assert run_audits(con) == {}
        provenance = con.execute(
            "SELECT import_id, input_no, input_rows, is_current FROM "
            "benefit_weeks_loaded_runs ORDER BY 1"
        ).fetchall()
    assert provenance == [(1, 1, outcome.loads[0].rows, True), (2, 2, outcome.loads[1].rows, True)]


def test_loading_the_same_run_again_is_a_no_op(run, tmp_path):
    db = tmp_path / "loaded.duckdb"
    import_results(db, run, "test")
    before = _rows(db, "SELECT count(*), sum(state_dkk) FROM benefit_weeks")
    again = import_results(db, run, "test")
    assert again.noop and [m.already for m in again.loads] == [1, 2]
    assert _rows(db, "SELECT count(*), sum(state_dkk) FROM benefit_weeks") == before
    assert _rows(db, "SELECT count(*) FROM import_log") == [(2,)]


def test_loaded_results_replace_the_local_rows_of_their_municipality(run, inputs, tmp_path):
    """One municipality's weeks come from one computation: loading a run for 101 over a local
    import of 101 shows the run's rows once (no double count), the local rows stay stored."""
    db = tmp_path / "both.duckdb"
    code, path = inputs[0]
    local = import_benefit_weeks(db, [path], code, "test")
    outcome = import_results(db, run, "test")
    assert outcome.loads[0].replaces_local and not outcome.loads[1].replaces_local
    weeks = _rows(
        db,
        "SELECT municipality_code, count(*), min(import_id) FROM benefit_weeks "
        "GROUP BY 1 ORDER BY 1",
    )
    assert weeks == [(101, local.files[0].rows, 2), (169, outcome.loads[1].rows, 3)]
    with connect(db, read_only=True) as con:
        assert run_audits(con) == {}


def test_purging_a_loaded_run_deletes_its_person_rows_and_shows_the_local_ones(
    run, inputs, tmp_path
):
    """Loaded results are person-level rows like any benefit-weeks import: `purge` deletes
    them, logs it, and the municipality's own local rows show again; loading the same run
    later is a new load, not a no-op on a purged import."""
    db = tmp_path / "both.duckdb"
    code, path = inputs[0]
    local = import_benefit_weeks(db, [path], code, "test")
    outcome = import_results(db, run, "test")
    run_101 = outcome.loads[0].import_id
    assert run_101 is not None
    purged = purge(db, "test", [run_101])
    assert purged.written and purged.rows_deleted == outcome.loads[0].rows
    assert _rows(db, f"SELECT count(*) FROM benefit_weeks_results WHERE import_id = {run_101}") == [
        (0,)
    ]
    assert _rows(
        db,
        "SELECT municipality_code, count(*), min(import_id) FROM benefit_weeks "
        "GROUP BY 1 ORDER BY 1",
    ) == [(101, local.files[0].rows, 1), (169, outcome.loads[1].rows, 3)]
    assert _rows(
        db, f"SELECT rows_deleted FROM benefit_weeks_purge_log WHERE import_id = {run_101}"
    ) == [(outcome.loads[0].rows,)]
    again = import_results(db, run, "test")
    assert again.loads[0].import_id is not None and again.loads[0].already is None
    with connect(db, read_only=True) as con:
        assert run_audits(con) == {}


def test_a_folder_without_a_manifest_is_refused(run, tmp_path):
    (run / "manifest.json").unlink()
    assert _refused(run, tmp_path / "x.duckdb") == [
        f"{run / 'manifest.json'}: manifest.json is missing: the folder is not a finished "
        "gevinst spark output (the manifest is written last; run gevinst spark again)"
    ]


def test_results_of_other_rule_tables_are_refused(run, tmp_path):
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["rules_sha256"] = "0" * 64
    (run / "manifest.json").write_text(json.dumps(manifest))
    [line] = _refused(run, tmp_path / "x.duckdb")
    assert line.startswith(f"{run / 'manifest.json'}: the run used other rule tables")


def _rewrite(file: Path, select: str) -> None:
    """Replace one parquet file by `select` over it (DuckDB)."""
    con = duckdb.connect()
    staged = file.with_suffix(".new")
    con.execute(
        f"COPY (SELECT {select} FROM read_parquet('{file}', hive_partitioning = false)) "
        f"TO '{staged}' (FORMAT parquet)"
    )
    con.close()
    staged.replace(file)


def _a_file(run: Path, code: int) -> Path:
    return sorted((run / "benefit_weeks" / f"municipality_code={code}").rglob("*.parquet"))[0]


def test_a_file_with_a_wrong_schema_is_refused_naming_the_file(run, tmp_path):
    file = _a_file(run, 169)
    _rewrite(file, "* EXCLUDE (state_share) REPLACE (CAST(gross_dkk AS DOUBLE) AS gross_dkk)")
    assert _refused(run, tmp_path / "x.duckdb") == [
        f"{file}: the column gross_dkk has the type DOUBLE, expected DECIMAL(d+,2)",
        f"{file}: the column state_share is missing",
    ]


def test_rows_that_do_not_balance_are_refused_naming_file_and_row(run, tmp_path):
    file = _a_file(run, 101)
    _rewrite(
        file,
        "* REPLACE (CASE WHEN source_row = 2 THEN state_dkk + 1 ELSE state_dkk END AS state_dkk)",
    )
    lines = _refused(run, tmp_path / "x.duckdb")
    assert any(
        line.startswith(f"{file}: row ")
        and "state_dkk + municipal_dkk is not gross_dkk (1 rows in all)" in line
        for line in lines
    ), lines


def test_a_lost_partition_is_refused_by_the_manifest_counts(run, tmp_path):
    _a_file(run, 169).unlink()
    lines = _refused(run, tmp_path / "x.duckdb")
    assert any(
        line.startswith(f"{run / 'manifest.json'}: input file 2 (")
        and "rows in the results, the manifest says" in line
        for line in lines
    ), lines


def test_the_command_loads_a_run_and_says_so_in_danish(run, tmp_path):
    db = tmp_path / "cli.duckdb"
    command = [
        sys.executable,
        "-m",
        "gevinst",
        "import",
        str(run),
        "--kind",
        "benefit-weeks-results",
        "--db",
        str(db),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "kommune 169:" in done.stdout and "indlæst som import 2" in done.stdout
    again = subprocess.run(command, capture_output=True, text=True)
    assert "samme kørsel er allerede indlæst (import 1)" in again.stdout
    (run / "manifest.json").unlink()
    refused = subprocess.run(
        [*command[:-1], str(tmp_path / "other.duckdb")], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "manifest.json mangler" in refused.stderr
    assert not (tmp_path / "other.duckdb").exists()
    assert bundled_reference() is not None
