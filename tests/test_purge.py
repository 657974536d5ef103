"""`gevinst purge`: person-level rows of an import deleted in one transaction, the import kept
in import_log, who and when noted, the municipality's benefit_weeks rebuilt from what is left."""

from __future__ import annotations

import datetime as dt

import duckdb
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.store.benefit_weeks import purge

HEADER = "person_id;week_start;benefit;amount_dkk\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def imp(tmp_path, db, name: str, body: str):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    result = run(
        "import", str(path), "--kind", "benefit-weeks", "--municipality", "169", "--db", str(db)
    )
    assert result.exit_code == 0, result.output


def query(db, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_purge_an_import(tmp_path):
    db = tmp_path / "g.duckdb"
    imp(
        tmp_path,
        db,
        "a.csv",
        "a1;2026-01-05;kontanthjaelp;3000\na1;2026-01-12;kontanthjaelp;3000\n",
    )
    imp(tmp_path, db, "b.csv", "a1;2026-01-19;kontanthjaelp;3000\nb1;2026-01-05;dagpenge;3000\n")
    assert query(db, "SELECT max(counter_week) FROM benefit_weeks WHERE person_id = 'a1'") == [(3,)]
    result = run("purge", "--import-id", "1", "--db", str(db), "--user", "kontrollant")
    assert result.exit_code == 0, result.output
    # the earlier weeks are gone, so a1's count now starts at the week left
    assert query(
        db, "SELECT person_id, counter_week, import_id FROM benefit_weeks ORDER BY person_id"
    ) == [("a1", 1, 2), ("b1", 1, 2)]
    assert query(
        db, "SELECT import_id, rows_deleted, purged_by, file_name FROM benefit_weeks_purged"
    ) == [(1, 2, "kontrollant", "a.csv")]
    assert query(db, "SELECT count(*) FROM import_log") == [(2,)]
    assert query(db, "SELECT count(*) FROM raw_benefit_weeks WHERE import_id = 1") == [(0,)]


def test_purge_twice_or_a_budget_import_is_refused(tmp_path):
    db = tmp_path / "g.duckdb"
    imp(tmp_path, db, "a.csv", "a1;2026-01-05;kontanthjaelp;3000\n")
    assert run("purge", "--import-id", "1", "--db", str(db)).exit_code == 0
    again = CliRunner().invoke(main, ["purge", "--import-id", "1", "--db", str(db)])
    assert again.exit_code == 1
    missing = CliRunner().invoke(main, ["purge", "--import-id", "9", "--db", str(db)])
    assert missing.exit_code == 1


def test_purged_file_may_be_imported_again(tmp_path):
    db = tmp_path / "g.duckdb"
    imp(tmp_path, db, "a.csv", "a1;2026-01-05;kontanthjaelp;3000\n")
    assert run("purge", "--import-id", "1", "--db", str(db)).exit_code == 0
    imp(tmp_path, db, "a.csv", "a1;2026-01-05;kontanthjaelp;3000\n")
    assert query(db, "SELECT import_id FROM benefit_weeks") == [(2,)]


def test_older_than_purges_earlier_imports_and_dry_run_keeps_them(tmp_path):
    db = tmp_path / "g.duckdb"
    imp(tmp_path, db, "a.csv", "a1;2026-01-05;kontanthjaelp;3000\n")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    planned = purge(db, "me", older_than=tomorrow, dry_run=True)
    assert planned.import_ids == (1,) and planned.rows_deleted == 1 and not planned.written
    assert query(db, "SELECT count(*) FROM benefit_weeks") == [(1,)]
    assert purge(db, "me", older_than=dt.date(2000, 1, 1)).import_ids == ()
    done = purge(db, "me", older_than=tomorrow, municipality=169)
    assert done.written and query(db, "SELECT count(*) FROM benefit_weeks") == [(0,)]
    assert query(db, "SELECT reason FROM benefit_weeks_purged") == [(f"--older-than {tomorrow}",)]


def test_export_parquet_partitions_by_municipality_and_year(tmp_path):
    db = tmp_path / "g.duckdb"
    imp(
        tmp_path,
        db,
        "a.csv",
        "a1;2025-12-29;kontanthjaelp;3000\na1;2026-01-05;kontanthjaelp;3000\n",
    )
    result = run("export-parquet", "--to", str(tmp_path / "out"), "--db", str(db))
    assert result.exit_code == 0, result.output
    parts = sorted(
        p.relative_to(tmp_path / "out").parent.as_posix()
        for p in (tmp_path / "out").rglob("*.parquet")
    )
    assert parts == [
        "benefit_weeks/municipality_code=169/year=2025",
        "benefit_weeks/municipality_code=169/year=2026",
    ]
