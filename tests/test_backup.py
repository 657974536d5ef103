"""`gevinst backup` and `restore`: back up the demo database, change it, restore, and every
public view reads as before; a damaged backup is rejected (exit 2) and nothing is touched; an
existing database is only replaced with --force (exit 1 without); a backup taken in the server
process while an import waits to commit holds the old data."""

from __future__ import annotations

import json
import shutil
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from click.testing import CliRunner, Result

from _import_fixtures import Line, db_content, lines_fixture, run_import, wide_workbook
from _server_process import holding_process
from gevinst.cli import main
from gevinst.ingest.budget import ImportOptions, prepare_import
from gevinst.reference import bundled_reference
from gevinst.services.import_file import to_batch
from gevinst.store import imports, public_views
from gevinst.store.backup import DB_MEMBER, MANIFEST_MEMBER, write_backup
from gevinst.store.reader import Database

LINES = lines_fixture()


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def views(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            v: sorted(con.execute(f'SELECT * FROM "{v}"').fetchall(), key=repr)
            for v in public_views(con)
        }


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "gevinst.duckdb"
    shutil.copy(demo_db, db)
    return db


def test_backup_change_restore_gives_back_every_public_view(
    demo_copy: Path, tmp_path: Path
) -> None:
    before = views(demo_copy)
    archive = tmp_path / "b.zip"
    made = cli("backup", "--db", str(demo_copy), "-o", str(archive))
    assert made.exit_code == 0, made.output
    assert made.output.startswith(f"Backup skrevet: {archive} (")
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == [DB_MEMBER, MANIFEST_MEMBER]
        manifest = json.loads(zf.read(MANIFEST_MEMBER))
    assert manifest["format"] == "gevinst-backup/1" and len(manifest["sha256"]) == 64
    assert manifest["tables"]["raw_budget_lines"] > 0 and "created_at" in manifest
    changed = [Line(x.account, x.year, x.kind, x.amount + 7, x.committee) for x in LINES]
    assert run_import([wide_workbook(tmp_path / "new.xlsx", changed)], demo_copy).exit_code == 0
    assert views(demo_copy) != before

    restored = cli("restore", str(archive), "--db", str(demo_copy), "--force")
    assert restored.exit_code == 0, restored.output
    assert restored.output.startswith(f"Gendannet: {demo_copy} fra {archive}")
    assert views(demo_copy) == before
    assert not Path(str(demo_copy) + ".wal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gevinst")] == []


def test_restore_into_a_new_place_and_the_default_backup_name(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("backup", "--db", str(demo_copy)).exit_code == 0
    [archive] = tmp_path.glob("gevinst-backup-gevinst-*Z.zip")
    target = tmp_path / "elsewhere" / "restored.duckdb"
    assert cli("restore", str(archive), "--db", str(target)).exit_code == 0
    assert views(target) == views(demo_copy)
    again = cli("backup", "--db", str(demo_copy), "-o", archive.name)
    assert again.exit_code == 1 and "findes allerede" in again.output


def test_restore_over_an_existing_database_needs_force(demo_copy: Path, tmp_path: Path) -> None:
    archive = tmp_path / "b.zip"
    assert cli("backup", "--db", str(demo_copy), "-o", str(archive)).exit_code == 0
    other = tmp_path / "other.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], other).exit_code == 0
    before = db_content(other)
    result = cli("restore", str(archive), "--db", str(other))
    assert result.exit_code == 1
    assert f"gevinst: {other} findes allerede; gendan oven i den med --force" in result.output
    assert db_content(other) == before


def _rewrite(archive: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(archive) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    change(parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return out


def _flip_bytes_in_the_middle(archive: Path, out: Path) -> Path:
    data = bytearray(archive.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 16):
        data[i] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


def _changed_database(parts: dict[str, bytes]) -> None:
    data = bytearray(parts[DB_MEMBER])
    data[len(data) // 2] ^= 0x01
    parts[DB_MEMBER] = bytes(data)


def _changed_count(parts: dict[str, bytes]) -> None:
    manifest = json.loads(parts[MANIFEST_MEMBER])
    manifest["tables"]["raw_budget_lines"] += 1
    parts[MANIFEST_MEMBER] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    "damage, expected",
    [
        ("flipped", "ikke en gevinst-backup"),
        ("truncated", "ikke en gevinst-backup"),
        ("not a zip", "ikke en gevinst-backup"),
        ("database changed", "passer ikke med manifestet (sha256"),
        ("row count changed", "tabellen raw_budget_lines har"),
        ("no manifest", "backuppen mangler manifest.json"),
        ("garbage manifest", "manifest kan ikke læses"),
    ],
)
def test_a_damaged_backup_is_rejected_and_nothing_is_touched(
    demo_copy: Path, tmp_path: Path, damage: str, expected: str
) -> None:
    archive = tmp_path / "b.zip"
    assert cli("backup", "--db", str(demo_copy), "-o", str(archive)).exit_code == 0
    bad = tmp_path / "bad.zip"
    if damage == "flipped":
        _flip_bytes_in_the_middle(archive, bad)
    elif damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "not a zip":
        bad.write_text('=HYPERLINK("http://evil")', encoding="utf-8")
    elif damage == "database changed":
        _rewrite(archive, bad, _changed_database)
    elif damage == "row count changed":
        _rewrite(archive, bad, _changed_count)
    elif damage == "no manifest":
        _rewrite(archive, bad, lambda parts: parts.pop(MANIFEST_MEMBER))
    else:
        _rewrite(archive, bad, lambda parts: parts.update({MANIFEST_MEMBER: b'{"tables": 1'}))
    target = tmp_path / "target.duckdb"
    shutil.copy(demo_copy, target)
    before = target.read_bytes()
    result = cli("restore", str(bad), "--db", str(target), "--force")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("bad.zip: ") and expected in result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["b.zip", "bad.zip", "gevinst.duckdb", "target.duckdb"]
    )


def test_restore_is_refused_while_another_process_holds_the_database(
    demo_copy: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "b.zip"
    assert cli("backup", "--db", str(demo_copy), "-o", str(archive)).exit_code == 0
    before = demo_copy.read_bytes()
    with holding_process(demo_copy) as holder:
        result = cli("restore", str(archive), "--db", str(demo_copy), "--force")
    assert result.exit_code == 1
    assert f"databasen er i brug af en anden proces (pid {holder.pid})" in result.output
    assert demo_copy.read_bytes() == before


def test_a_backup_in_the_server_process_skips_an_uncommitted_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], db).exit_code == 0
    before = views(db)
    doubled = [Line(x.account, x.year, x.kind, x.amount * 2, x.committee) for x in LINES]
    batch = to_batch(
        prepare_import(
            [wide_workbook(tmp_path / "v2.xlsx", doubled)],
            ImportOptions(kind="budget", municipality=169),
            bundled_reference(),
        ),
        "test",
    )
    paused, release = threading.Event(), threading.Event()

    def hold(_seconds: float) -> None:
        paused.set()
        assert release.wait(30)

    monkeypatch.setenv(imports.PAUSE_ENV, "30")
    monkeypatch.setattr(imports, "time", SimpleNamespace(sleep=hold))
    database = Database(db)
    writer = threading.Thread(target=imports.write_import, args=(db, batch))
    try:
        writer.start()
        assert paused.wait(30)
        with database.writer() as con:
            manifest = write_backup(con, tmp_path / "during.zip", source=str(db))
    finally:
        release.set()
        writer.join(30)
        database.close()
    assert manifest.tables["raw_budget_lines"] == 6
    target = tmp_path / "restored.duckdb"
    assert cli("restore", str(tmp_path / "during.zip"), "--db", str(target)).exit_code == 0
    assert views(target) == before
    assert views(db) != before  # the import did commit, after the backup
