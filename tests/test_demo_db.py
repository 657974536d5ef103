"""The demo database: deterministic, complete, and passing every audit in models/audits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.demo import build_demo, demo_case_files
from gevinst.store import connect, run_audits

GOLDEN = Path(__file__).parent / "golden"


def test_demo_has_cases_municipalities_and_reference(demo_db):
    with connect(demo_db, read_only=True) as con:
        cases = con.execute("SELECT count(*), count(DISTINCT municipality_code) FROM cases")
        n_cases, n_municipalities = cases.fetchone()
        assert n_cases >= 5 and n_municipalities >= 3
        assert con.execute("SELECT count(*) FROM municipalities").fetchone() == (98,)
        estimates = {
            r[0] for r in con.execute("SELECT DISTINCT estimate FROM case_summary").fetchall()
        }
        assert estimates == {"low", "central", "high"}
        adopted = con.execute("SELECT count(*) FROM cases WHERE status = 'adopted'")
        assert adopted.fetchone()[0] >= 1


def test_demo_passes_every_audit(demo_db):
    with connect(demo_db, read_only=True) as con:
        assert run_audits(con) == {}


def test_demo_is_deterministic(demo_db, tmp_path):
    again = tmp_path / "again.duckdb"
    build_demo(again)
    query = "SELECT * FROM case_flows ORDER BY ALL"
    with connect(demo_db, read_only=True) as a, connect(again, read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        summary = "SELECT * FROM case_summary ORDER BY ALL"
        assert a.execute(summary).fetchall() == b.execute(summary).fetchall()


def test_demo_command_builds_the_database(tmp_path):
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert db.exists() and "cases" in result.output


def _normalised(text: str) -> str:
    return re.sub(r'"evaluated_at": "[^"]+"', '"evaluated_at": "<time>"', text)


@pytest.mark.parametrize("case_file", demo_case_files(), ids=lambda p: p.stem)
def test_golden_json_of_every_demo_case(case_file: Path, snapshot_update: bool):
    result = CliRunner().invoke(main, ["evaluate", str(case_file), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    actual = _normalised(result.output)
    golden = GOLDEN / f"{case_file.stem}.json"
    if snapshot_update or not golden.exists():
        golden.write_text(actual, encoding="utf-8")
        if not snapshot_update:
            pytest.fail(f"{golden.name} was missing and has been written; review and commit it")
    assert json.loads(actual) == json.loads(golden.read_text(encoding="utf-8"))
