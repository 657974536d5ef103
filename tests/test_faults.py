"""Faults: the server killed mid-import, a full disk, a read-only database. Each ends in a
database that opens, holds what it held before, and a message instead of a traceback."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import click
import duckdb
import pytest
from click.testing import CliRunner

from _import_fixtures import (
    Line,
    budget_totals,
    db_content,
    lines_fixture,
    run_import,
    totals,
    wide_workbook,
)
from _server_process import Server, running_server, without_server_state
from gevinst.cli import _Group, main
from gevinst.commands.serve import IMPORT_ON_START_ENV
from gevinst.ingest.budget import ImportOptions, prepare_import
from gevinst.reference import bundled_reference
from gevinst.services.import_file import to_batch
from gevinst.store.db import open_database, storage_error
from gevinst.store.imports import PAUSE_ENV, write_import_to
from gevinst.store.ownership import info_path, read_server_info
from gevinst.store.reader import Database

LINES = lines_fixture()
DOUBLED = [Line(x.account, x.year, x.kind, x.amount * 2, x.committee) for x in LINES]


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], db).exit_code == 0
    return db


def _import_log(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT import_id, file_name, rows FROM import_log ORDER BY import_id"
        ).fetchall()


def test_the_server_killed_mid_import_restarts_on_the_database_as_it_was(
    imported: Path, tmp_path: Path
) -> None:
    before = without_server_state(db_content(imported))
    v2 = wide_workbook(tmp_path / "v2.xlsx", DOUBLED)
    hook = json.dumps({"files": [str(v2)], "kind": "budget", "municipality": 169})
    server = Server(imported, env={IMPORT_ON_START_ENV: hook, PAUSE_ENV: "60"})
    try:
        server.wait_until_up()
        server.wait_for_line("paused before commit")  # inside the transaction, lines written
        assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    finally:
        server.stop(signal.SIGKILL)
    assert info_path(imported).exists() and read_server_info(imported) is None  # stale
    with running_server(imported) as again:  # restarts on the same file, stale file ignored
        assert read_server_info(imported).pid == again.pid  # type: ignore[union-attr]
    assert again.process.returncode == 0
    assert without_server_state(db_content(imported)) == before
    assert _import_log(imported) == [(1, "v1.xlsx", 6)]  # no half import in the log
    assert budget_totals(imported) == totals(LINES)
    result = run_import([v2], imported)  # and the same import goes through afterwards
    assert result.exit_code == 0, result.output
    assert budget_totals(imported) == totals(DOUBLED)


def _limited(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_gives_a_message_and_leaves_the_database_intact(
    imported: Path, tmp_path: Path
) -> None:
    before = without_server_state(db_content(imported))
    many = [
        Line(
            f"5.{20 + i % 60}.{10 + i % 80}",
            2026 + i % 4,
            "B" if i % 4 == 0 else "BO",
            Decimal(1000 * i + 1),
            f"Udvalg {i % 7}",
        )
        for i in range(3000)
    ]
    big = wide_workbook(tmp_path / "big.xlsx", many)
    # the database file (~1 MB) may not grow and the write-ahead log stops at 100 kB
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "gevinst",
            "import",
            str(big),
            "--kind",
            "budget",
            "--municipality",
            "169",
            "--db",
            str(imported),
            "--accept-warnings",
        ],
        preexec_fn=_limited(100_000),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 1, child.stderr
    assert "der er ikke plads til at skrive i databasen (File too large)" in child.stderr
    assert "Traceback" not in child.stderr
    assert without_server_state(db_content(imported)) == before
    assert run_import([big], imported, "--accept-warnings").exit_code == 0  # room again: fine


def test_a_read_only_database_refuses_a_write_with_a_message(
    imported: Path, tmp_path: Path
) -> None:
    before = without_server_state(db_content(imported))
    prepared = prepare_import(
        [wide_workbook(tmp_path / "v2.xlsx", DOUBLED)],
        ImportOptions(kind="budget", municipality=169),
        bundled_reference(),
    )
    database = Database(imported, read_only=True)  # the server's `--read-only`
    try:
        with pytest.raises(duckdb.Error) as raised, database.writer() as con:
            write_import_to(con, to_batch(prepared, "test"))
        message = storage_error(raised.value)
        assert message is not None
        assert "databasen er åbnet skrivebeskyttet (read-only)" in str(message)
        assert database.sql("SELECT count(*) AS n FROM budget_lines")["n"][0] == 6
    finally:
        database.close()

    @click.group(cls=_Group)  # the CLI's own error mapping, on a write to a read-only file
    def cli() -> None:
        pass

    @cli.command()
    def write() -> None:
        con = open_database(imported, read_only=True)
        try:
            con.execute("DELETE FROM raw_budget_lines")
        finally:
            con.close()

    result = CliRunner().invoke(cli, ["write"])
    assert result.exit_code == 1
    assert "gevinst: databasen er åbnet skrivebeskyttet (read-only)" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert without_server_state(db_content(imported)) == before


def test_a_read_only_server_refuses_cli_writes_but_lets_a_backup_read(
    imported: Path, tmp_path: Path
) -> None:
    before = without_server_state(db_content(imported))
    v2 = wide_workbook(tmp_path / "v2.xlsx", DOUBLED)
    with running_server(imported, "--read-only") as server:
        refused = run_import([v2], imported)
        backup = CliRunner().invoke(
            main, ["backup", "--db", str(imported), "-o", str(tmp_path / "b.zip")]
        )
    assert refused.exit_code == 1
    assert f"databasen er i brug af gevinst serve (pid {server.pid}" in refused.output
    assert backup.exit_code == 0, backup.output  # readers share a read-only file
    assert without_server_state(db_content(imported)) == before
