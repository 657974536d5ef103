"""The server owns the database: a CLI write while it runs is refused with a message that names
the server (or the process DuckDB names), nothing changes; readers in the server see the old
data until an import commits, then the new, never a mix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from _import_fixtures import Line, db_content, lines_fixture, run_import, totals, wide_workbook
from _server_process import holding_process, running_server, without_server_state
from gevinst.cli import main
from gevinst.ingest.budget import ImportOptions, prepare_import
from gevinst.reference import bundled_reference
from gevinst.services.import_file import to_batch
from gevinst.store import imports
from gevinst.store.ownership import (
    in_use_message,
    info_path,
    read_server_info,
    remove_server_info,
    write_server_info,
)
from gevinst.store.reader import Database

LINES = lines_fixture()
REVISED = [Line(x.account, x.year, x.kind, x.amount * 2, x.committee) for x in LINES]
CASE = Path(__file__).resolve().parents[1] / "data" / "demo" / "cases" / "housing-first-unge.toml"
SERVER_SAYS = "importér via serverens importside eller stop serveren"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], db).exit_code == 0
    return db


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_info_file_names_this_process_and_a_dead_one_is_stale(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    info = write_server_info(db, "127.0.0.1", 8123)
    assert read_server_info(db) == info and info.pid == os.getpid()
    assert "gevinst serve (pid " + str(os.getpid()) in in_use_message(db)
    raw = json.loads(info_path(db).read_text(encoding="utf-8"))
    info_path(db).write_text(json.dumps({**raw, "pid": _dead_pid()}), encoding="utf-8")
    assert read_server_info(db) is None  # the server was killed: its file says nothing
    remove_server_info(db)  # not ours: left alone
    assert info_path(db).exists()
    info_path(db).write_text("{not json", encoding="utf-8")
    assert read_server_info(db) is None
    assert "en anden proces (pid 42)" in in_use_message(db, "held in python3 (PID 42).")


def test_cli_writes_while_the_server_runs_are_refused_naming_the_server(
    imported: Path, tmp_path: Path
) -> None:
    before = without_server_state(db_content(imported))
    v2 = wide_workbook(tmp_path / "v2.xlsx", REVISED)
    with running_server(imported) as server:
        info = read_server_info(imported)
        assert info is not None and info.pid == server.pid and info.port == server.port
        runner = CliRunner()
        for args in (
            ["import", str(v2), "--kind", "budget", "--municipality", "169"],
            ["evaluate", str(CASE), "--save"],
            ["demo"],
            ["backup", "-o", str(tmp_path / "b.zip")],
            ["restore", str(v2), "--force"],
        ):
            result = runner.invoke(main, [*args, "--db", str(imported)])
            assert result.exit_code == 1, (args, result.output)
            assert f"databasen er i brug af gevinst serve (pid {server.pid}, " in result.output
            assert f"http://127.0.0.1:{server.port}/" in result.output
            assert SERVER_SAYS in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
    assert server.process.returncode == 0  # SIGTERM: a clean exit
    assert not info_path(imported).exists()
    assert without_server_state(db_content(imported)) == before
    assert not (tmp_path / "b.zip").exists()


def test_a_foreign_process_holding_the_file_is_named_by_its_pid(
    imported: Path, tmp_path: Path
) -> None:
    before = without_server_state(db_content(imported))
    # a stale info file from a killed server must not be blamed
    info_path(imported).write_text(
        json.dumps(
            {"pid": _dead_pid(), "host": "127.0.0.1", "port": 1, "started_at": "x", "hostname": ""}
        ),
        encoding="utf-8",
    )
    v2 = wide_workbook(tmp_path / "v2.xlsx", REVISED)
    with holding_process(imported) as holder:
        result = run_import([v2], imported)
    assert result.exit_code == 1, result.output
    assert f"databasen er i brug af en anden proces (pid {holder.pid})" in result.output
    assert "gevinst serve (pid" not in result.output
    assert "Traceback" not in result.output
    assert without_server_state(db_content(imported)) == before


def test_readers_see_the_old_totals_until_the_import_commits(
    imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = prepare_import(
        [wide_workbook(tmp_path / "v2.xlsx", REVISED)],
        ImportOptions(kind="budget", municipality=169),
        bundled_reference(),
    )
    batch = to_batch(prepared, "test")
    old = {k: float(v) for k, v in totals(LINES).items()}
    new = {k: float(v) for k, v in totals(REVISED).items()}
    paused, release, stop = threading.Event(), threading.Event(), threading.Event()

    def hold(_seconds: float) -> None:  # the pause hook, held until the test says go
        paused.set()
        assert release.wait(30)

    monkeypatch.setenv(imports.PAUSE_ENV, "30")
    monkeypatch.setattr(imports, "time", SimpleNamespace(sleep=hold))  # only the hook's
    database = Database(imported)
    seen: list[tuple[float, dict]] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while not stop.is_set():
                frame = database.sql(
                    "SELECT year, budget_kind, sum(amount_dkk) AS total "
                    "FROM budget_lines GROUP BY ALL"
                )
                seen.append(
                    (
                        time.monotonic(),
                        {
                            (r["year"], r["budget_kind"]): r["total"]
                            for r in frame.iter_rows(named=True)
                        },
                    )
                )
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    writer = threading.Thread(target=imports.write_import, args=(imported, batch))
    try:
        reader.start()
        writer.start()
        assert paused.wait(30), "the import never reached its commit"
        time.sleep(0.3)
        released_at = time.monotonic()
        during = [t for _, t in seen]
        release.set()
        writer.join(30)
        time.sleep(0.3)
    finally:
        release.set()
        stop.set()
        reader.join(30)
        database.close()
    assert not errors
    assert during and all(t == old for t in during)
    after = [t for at, t in seen if at > released_at]
    assert after and after[-1] == new
    assert all(t in (old, new) for _, t in seen)  # never a mix of old and new lines
    first_new = next(i for i, (_, t) in enumerate(seen) if t == new)
    assert all(t == new for _, t in seen[first_new:])
    assert {k: Decimal(str(v)) for k, v in new.items()} == totals(REVISED)
