"""`gevinst publish`: a snapshot other processes can open while the database is held."""

from __future__ import annotations

import subprocess
import sys

import duckdb
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.store import connect
from gevinst.store.publish import PERSON_LEVEL_VIEWS, SNAPSHOT_NAME, publish_snapshot


def test_publish_writes_every_public_view_with_its_description(demo_db, tmp_path):
    result = CliRunner().invoke(main, ["publish", "--db", str(demo_db), "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    snapshot = duckdb.connect(str(tmp_path / SNAPSHOT_NAME), read_only=True)
    with connect(demo_db, read_only=True) as con:
        expected = con.execute("SELECT * FROM case_flows ORDER BY ALL").fetchall()
    assert snapshot.execute("SELECT * FROM case_flows ORDER BY ALL").fetchall() == expected
    comment = snapshot.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = 'case_flows'"
    ).fetchall()[0][0]
    assert comment and "payer" in comment
    tables = {r[0] for r in snapshot.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert not tables & PERSON_LEVEL_VIEWS  # person-level data only on request
    assert {"case_flows", "case_summary", "budget_lines"} <= tables
    snapshot.close()


def test_a_reader_in_another_process_opens_the_snapshot_while_the_database_is_held(
    demo_db, tmp_path
):
    with connect(demo_db) as con:  # this process holds the database
        publish_snapshot(con, tmp_path)
        code = (
            "import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('select count(*) from cases').fetchall()[0][0])"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / SNAPSHOT_NAME)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(out.stdout) >= 5


def test_person_level_views_on_request(demo_db, tmp_path):
    with connect(demo_db, read_only=True) as con:
        _, views = publish_snapshot(con, tmp_path, include_person_level=True)
    assert "benefit_weeks" in views and "audit_log" in views


def test_the_server_database_publishes_after_every_write(demo_db, tmp_path):
    import shutil
    import time

    from gevinst.store.reader import Database

    copy = tmp_path / "db.duckdb"
    shutil.copy(demo_db, copy)
    database = Database(copy, publish_to=tmp_path / "pub")
    try:
        snapshot = tmp_path / "pub" / SNAPSHOT_NAME
        assert snapshot.exists()  # published when the server opens it
        with database.writer() as con:
            con.execute(
                "DELETE FROM case_version_flow_rows WHERE case_id = 'tidlig-familieindsats'"
            )
        database._schedule_publish(delay_seconds=0)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            reader = duckdb.connect(str(snapshot), read_only=True)
            left = reader.execute(
                "SELECT count(*) FROM case_flows WHERE case_id = 'tidlig-familieindsats'"
            ).fetchall()[0][0]
            reader.close()
            if left == 0:
                break
            time.sleep(0.1)
        assert left == 0
    finally:
        database.close()
