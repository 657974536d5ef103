"""`gevinst init` and `gevinst serve` on a database that does not exist (issue 15, point 2).

A mistyped production path must not give a server with the demo's known admin password:
`serve --db PATH` on a missing file refuses (exit 2) and says how to make one; `init` makes
an empty database with the reference data and the bundled REGK31 key figures and no users.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from click.testing import CliRunner

from _server_process import Server
from gevinst.cli import main
from gevinst.store.key_figures import bundled_extracts


def test_serve_on_a_missing_path_refuses_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "prod" / "gevinst.duckb"  # a typo of .duckdb
    result = CliRunner().invoke(main, ["serve", "--db", str(missing), "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "databasen findes ikke" in result.output
    assert f"gevinst init --db {missing}" in result.output
    assert "gevinst user add" in result.output
    assert not missing.exists() and not missing.parent.exists()


def test_init_makes_reference_data_and_key_figures_and_no_users(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    made = CliRunner().invoke(main, ["init", "--db", str(db)])
    assert made.exit_code == 0, made.output
    assert "gevinst user add" in made.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM users").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM municipalities").fetchone()[0] == 98
        years = {
            y
            for (y,) in con.execute(
                "SELECT DISTINCT first_year FROM import_registry WHERE kind = 'key-figures'"
            ).fetchall()
        }
    assert years and len(years) == len(bundled_extracts())
    again = CliRunner().invoke(main, ["init", "--db", str(db)])
    assert again.exit_code == 1 and "findes allerede" in again.output


def test_an_initialised_database_serves_with_no_demo_login(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    assert CliRunner().invoke(main, ["init", "--db", str(db)]).exit_code == 0
    added = CliRunner().invoke(
        main,
        ["user", "add", "anna", "--role", "admin", "--password-stdin", "--db", str(db)],
        input="et langt kodeord\n",
    )
    assert added.exit_code == 0, added.output
    server = Server(db)
    try:
        server.wait_until_up()
        import requests

        from _dash_client import log_in

        base = f"http://127.0.0.1:{server.port}"
        page = requests.get(base + "/login", timeout=30).text
        assert "demo-admin" not in page and "login-demo" not in page
        log_in(base, "anna", "et langt kodeord")
        bad = requests.Session()
        token = (
            bad.get(base + "/login", timeout=30)
            .text.split('name="csrf_token" value="')[1]
            .split('"')[0]
        )
        refused = bad.post(
            base + "/login",
            data={"username": "demo-admin", "password": "demo", "csrf_token": token},
            timeout=30,
        )
        assert refused.status_code == 401
    finally:
        server.stop()
