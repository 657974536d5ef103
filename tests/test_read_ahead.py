"""The scan and read `gevinst import` starts before its modules load (`ingest.read_ahead`): given
a file, the read begun ahead is adopted only where it is the very read `read_file` would start,
and then everything comes out as without it — sheets, problems, the database the CLI writes.
"""

from __future__ import annotations

import glob
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.errors import SandboxFailure
from gevinst.ingest import read_ahead, readers
from gevinst.ingest.container import listed_sheets, scan_file
from gevinst.ingest.limits import Limits
from gevinst.ingest.read_ahead import ScanAhead, cancel_read_ahead, start_read_ahead
from gevinst.ingest.readers import ReadResult, read_file
from gevinst.ingest.sandbox import start_isolated
from tests._import_fixtures import lines_fixture, long_workbook, wide_workbook

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "xlsx"


@pytest.fixture(autouse=True)
def _nothing_left_behind():
    """Every test leaves no read ahead pending."""
    yield
    cancel_read_ahead()
    assert not read_ahead._reads and not read_ahead._scans


def _no_reader_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """`read_file` may neither scan in the caller nor start a reader: what it returns must be
    what was started ahead (else these raise, and the test fails)."""

    def refused(*_a, **_k):
        raise AssertionError("read_file ran its own scan or reader")

    monkeypatch.setattr(readers, "scan_file", refused)
    monkeypatch.setattr(readers, "start_isolated", refused)


def _same(a: ReadResult, b: ReadResult) -> None:
    assert (a.kind, a.problems, a.scan, a.hidden_skipped) == (
        b.kind,
        b.problems,
        b.scan,
        b.hidden_skipped,
    )
    assert [(s.name, s.first_row, s.first_col) for s in a.sheets] == [
        (s.name, s.first_row, s.first_col) for s in b.sheets
    ]
    assert all(x.cells.equals(y.cells) for x, y in zip(a.sheets, b.sheets, strict=True))


def _two_sheets(path: Path, hidden: bool = False) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.active.append(["Konto", "B2026"])
    wb.active.append(["5.28.21", 1234.5])
    other = wb.create_sheet("Noter")
    other.append(["Tekst", "1.234"])
    if hidden:
        other.sheet_state = "hidden"
    wb.save(path)
    return path


def test_the_read_begun_ahead_is_adopted_and_reads_the_same(tmp_path, monkeypatch) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    plain = read_file(path, path.name)
    assert start_read_ahead(path, path.name, Limits(), "da")
    _no_reader_of_its_own(monkeypatch)
    _same(read_file(path, path.name), plain)


def test_a_file_changed_after_the_read_began_is_read_again(tmp_path) -> None:
    """Its identity (inode, size, modification time) differs: what was begun ahead is not it."""
    path = _two_sheets(tmp_path / "b.xlsx")
    assert start_read_ahead(path, path.name, Limits(), "da")
    fresh = long_workbook(tmp_path / "fresh.xlsx", lines_fixture())
    expected = read_file(fresh, fresh.name)
    shutil.copyfile(fresh, path)
    got = read_file(path, path.name)
    assert [s.name for s in got.sheets] == [s.name for s in expected.sheets]
    assert all(a.cells.equals(b.cells) for a, b in zip(got.sheets, expected.sheets, strict=True))


def test_only_the_very_same_read_and_scan_are_adopted(tmp_path) -> None:
    """Other sheets (a mapping naming a hidden one), another language or file name for the
    messages, other limits: not adopted, and stopped."""
    path = _two_sheets(tmp_path / "b.xlsx", hidden=True)
    limits = Limits()
    for read, scan in (
        ((["Budget", "Noter"], limits, "da"), (path.name, limits, "en")),
        ((["Budget"], limits, "en"), ("other.xlsx", limits, "da")),
        ((["Budget"], Limits(max_rows=10), "da"), (path.name, Limits(max_rows=10), "da")),
    ):
        assert start_read_ahead(path, path.name, limits, "da")
        assert read_ahead.claim_read(path, *read) is None
        assert read_ahead.claim_scan(path, *scan) is None
        assert not read_ahead._reads and not read_ahead._scans
    assert start_read_ahead(path, path.name, limits, "da")
    read = read_ahead.claim_read(path, ["Budget"], limits, "da")
    scan = read_ahead.claim_scan(path, path.name, limits, "da")
    assert read is not None and scan is not None
    read.cancel()
    assert scan.result() == scan_file(path, path.name)


def test_a_mapping_naming_a_hidden_sheet_reads_it(tmp_path) -> None:
    path = _two_sheets(tmp_path / "b.xlsx", hidden=True)
    plain = read_file(path, path.name, sheets=("Budget", "Noter"))
    assert [s.name for s in plain.sheets] == ["Budget", "Noter"]
    assert start_read_ahead(path, path.name, Limits(), "da")
    _same(read_file(path, path.name, sheets=("Budget", "Noter")), plain)


def test_a_scan_whose_child_failed_is_run_again_in_the_caller(tmp_path, monkeypatch) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    plain = read_file(path, path.name)
    failed = ScanAhead(start_isolated(os.abort), (0, 0, 0, 0), path.name, Limits(), "da")
    assert failed.result() is None
    broken = ScanAhead(start_isolated(os.abort), (0, 0, 0, 0), path.name, Limits(), "da")
    monkeypatch.setattr(readers, "claim_scan", lambda *_a: broken)
    _same(read_file(path, path.name), plain)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir() and not os.environ.get("CI"), reason="corpus absent")
def test_every_corpus_file_is_listed_and_judged_as_without_reading_ahead() -> None:
    """The 40 hostile and odd files: the sheets listed ahead are those the scan announces,
    and the file's problems (or sheets) are the same whether the scan ran ahead or not."""
    paths = sorted(Path(p) for p in glob.glob(str(CORPUS / "*.xls*")))
    assert len(paths) >= 40
    for path in paths:
        announced: list = []
        scan_file(path, on_sheets=announced.append)
        assert listed_sheets(path) == (announced[0] if announced else None), path.name
        try:
            plain: ReadResult | str = read_file(path, path.name)
        except SandboxFailure as exc:
            plain = str(exc)
        start_read_ahead(path, path.name, Limits(), "da")
        try:
            ahead: ReadResult | str = read_file(path, path.name)
        except SandboxFailure as exc:
            ahead = str(exc)
        if isinstance(plain, str) or isinstance(ahead, str):
            assert plain == ahead, path.name
        else:
            _same(ahead, plain)
        cancel_read_ahead()


def test_what_nobody_adopts_is_stopped_and_its_folder_removed(tmp_path) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "gevinst-read-*")))
    assert start_read_ahead(path, path.name, Limits(), "da")
    [started] = read_ahead._reads.values()
    cancel_read_ahead()
    assert not os.path.exists(started.folder)
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "gevinst-read-*"))) <= before


def test_no_read_ahead_for_what_is_not_a_workbook(tmp_path) -> None:
    csv = tmp_path / "b.csv"
    csv.write_text("Konto;B2026\n5.28.21;100\n", encoding="utf-8")
    assert not start_read_ahead(csv, csv.name, Limits(), "da")
    assert not start_read_ahead(tmp_path / "missing.xlsx", "missing.xlsx", Limits(), "da")


def _database(db: Path) -> dict[str, list]:
    """Every table and view of the database, sorted, without the import's time."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        out = {}
        for name in names:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [name],
                ).fetchall()
                if c not in ("imported_at",)
            ]
            if not columns:
                continue
            select = ", ".join(f'"{c}"' for c in columns)
            out[name] = sorted(map(repr, con.execute(f'SELECT {select} FROM "{name}"').fetchall()))
        return out


def test_the_cli_writes_the_same_database_with_and_without_reading_ahead(
    tmp_path, monkeypatch
) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    args = ["import", str(path), "--kind", "budget", "--municipality", "169", "--user", "t"]
    ahead = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "a.duckdb")])
    assert ahead.exit_code == 0, ahead.output
    monkeypatch.setattr(read_ahead, "start_read_ahead", lambda *_a: False)
    plain = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "p.duckdb")])
    assert plain.exit_code == 0, plain.output
    assert ahead.output.replace("a.duckdb", "p.duckdb") == plain.output
    assert _database(tmp_path / "a.duckdb") == _database(tmp_path / "p.duckdb")


def _python(code: str) -> str:
    """Run `code` in a fresh interpreter with this tree first on the path; its stdout."""
    src = Path(__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src / "src"), str(src)])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_a_process_forks_itself_only_in_the_fork_servers_state() -> None:
    """One thread, or none but those `import polars` starts (as in the fork server); not with
    a thread of its own, nor once polars has been used (its worker pool is running)."""
    code = (
        "import threading, time\n"
        "from gevinst.ingest.sandbox import can_fork_now\n"
        "print(can_fork_now())\n"
        "import polars as pl\n"
        "print(can_fork_now())\n"
        "t = threading.Thread(target=time.sleep, args=(1,)); t.start()\n"
        "print(can_fork_now()); t.join()\n"
        "pl.DataFrame({'a': list(range(1000))}).select(pl.col('a').sum())\n"
        "print(can_fork_now())\n"
    )
    assert _python(code).split() == ["True", "True", "False", "False"]


def test_a_forked_scan_is_the_scan(tmp_path) -> None:
    """In a fresh process (one thread, no polars) the scan is forked; its verdict is the
    caller's own, for a good workbook and for a hostile one."""
    good = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "b">]><workbook/>')
    for path in (good, bad):
        code = (
            "import pickle, sys\n"
            "from pathlib import Path\n"
            "from gevinst.ingest.sandbox import can_fork_now, start_forked\n"
            "from gevinst.ingest.container import scan_file\n"
            "assert can_fork_now()\n"
            f"p = Path({str(path)!r})\n"
            "call = start_forked(scan_file, p, p.name, 'da')\n"
            "sys.stdout.write(pickle.dumps(call.result()).hex())\n"
        )
        forked = pickle.loads(bytes.fromhex(_python(code)))
        assert forked == scan_file(path, path.name)


def _cli_process(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    src = Path(__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src / "src"), str(src)])}
    env = {k: v for k, v in env.items() if k.upper() != "GEVINST_LANG"} | env_extra
    return subprocess.run(
        [sys.executable, "-m", "gevinst", *args], capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize(
    ("env_extra", "flags"),
    [({}, []), ({"GEVINST_LANG": "en"}, ["--lang", "en"])],
    ids=["default-language", "language-from-the-environment"],
)
def test_the_cli_as_a_process_writes_what_it_writes_in_process(
    tmp_path, env_extra: dict[str, str], flags: list[str]
) -> None:
    """`python -m gevinst import` (where the scan and read are forked from the command itself,
    before its settings load or, with GEVINST_LANG set, after) and the same import through
    click in this process (polars loaded: the fork server's children only) write the same
    database and say the same."""
    path = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    args = ["import", str(path), "--kind", "budget", "--municipality", "169", "--user", "t"]
    process = _cli_process([*args, "--db", str(tmp_path / "a.duckdb")], env_extra)
    assert process.returncode == 0, process.stderr
    here = CliRunner().invoke(main, [*args, *flags, "--db", str(tmp_path / "p.duckdb")])
    assert here.exit_code == 0, here.output
    assert process.stdout.replace("a.duckdb", "p.duckdb") == here.output
    assert _database(tmp_path / "a.duckdb") == _database(tmp_path / "p.duckdb")


def test_the_cli_as_a_process_rejects_a_hostile_file_as_in_process(tmp_path) -> None:
    """The forked scan finds what the caller's own scan finds; nothing is written."""
    path = wide_workbook(tmp_path / "b.xlsx", lines_fixture())
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY e "x">]><worksheet', 1)
            target.writestr(item, data)
    args = ["import", str(hostile), "--kind", "budget", "--municipality", "169"]
    process = _cli_process([*args, "--db", str(tmp_path / "a.duckdb")], {})
    here = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "p.duckdb")])
    assert process.returncode == here.exit_code == 2
    assert process.stderr == here.output
    assert "hostile.xlsx" in process.stderr and "DTD" in process.stderr
    assert not (tmp_path / "a.duckdb").exists() and not (tmp_path / "p.duckdb").exists()


def test_the_language_is_known_before_the_settings_only_where_it_is_plain(monkeypatch) -> None:
    from gevinst.commands.importer import _known_lang
    from gevinst.settings import Settings

    for name in [n for n in os.environ if n.upper() == "GEVINST_LANG"]:
        monkeypatch.delenv(name)
    assert _known_lang(None) == Settings.model_fields["lang"].default == Settings().lang
    assert _known_lang("en") == "en"
    monkeypatch.setenv("gevinst_lang", "en")
    assert _known_lang(None) is None and Settings().lang == "en"
    assert _known_lang("da") == "da"
