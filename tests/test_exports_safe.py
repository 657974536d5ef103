"""Exports carry user text as text: a case called `=HYPERLINK("http://evil")` (and committees,
owners and sources like it) is a string cell in every workbook, never a formula; every download
name goes through `safe_filename`, so `../../etc/passwd` cannot leave the download folder."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gevinst.cli import main
from gevinst.demo_realisation import DEMO_CASE
from gevinst.domain.gain_share import propose
from gevinst.reports.filenames import safe_filename
from gevinst.reports.gain_share_workbook import build_workbook
from gevinst.reports.scenario_workbook import scenario_workbook
from gevinst.services.backup import default_backup_name
from gevinst.store.reader import Database
from gevinst.store.realisation import gain_share_inputs

ROOT = Path(__file__).resolve().parents[1]
EVIL = '=HYPERLINK("http://evil")'
PATH = "../../etc/passwd"
OTHERS = ("+1+1", "-2+3", "@SUM(A1:A2)")


def evil_case(tmp_path: Path) -> Path:
    text = (ROOT / "data" / "demo" / "cases" / "housing-first-unge.toml").read_text("utf-8")
    text = re.sub(r'(?m)^id = ".*"$', 'id = "evil-case"', text)
    text = re.sub(r'(?m)^name = ".*"$', "name = '" + EVIL + "'", text, count=1)  # the case's
    text = re.sub(r'(?m)^source = ".*"$', f'source = "{OTHERS[2]} {PATH}"', text, count=1)
    path = tmp_path / "evil-case.toml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_text_only(workbook: bytes, *texts: str) -> None:
    """No cell formula anywhere; each text is there, as a string cell."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                xml = zf.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    found = set()
    for ws in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(t in cell.value for t in texts):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    found |= {t for t in texts if t in cell.value}
    assert found == set(texts)


def test_the_evaluate_workbook_keeps_a_formula_like_case_name_as_text(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(
        main,
        ["evaluate", str(evil_case(tmp_path)), "--format", "xlsx", "-o", str(out), "--draws", "0"],
    )
    assert result.exit_code == 0, result.output
    assert_text_only(out.read_bytes(), EVIL)


def test_the_scenario_workbook_keeps_it_as_text(demo_db: Path, tmp_path: Path) -> None:
    from dashboards.views.scenarios import Variant, load_variant

    db = tmp_path / "g.duckdb"
    shutil.copy(demo_db, db)
    saved = CliRunner().invoke(
        main, ["evaluate", str(evil_case(tmp_path)), "--save", "--db", str(db), "--draws", "0"]
    )
    assert saved.exit_code == 0, saved.output
    database = Database(db, read_only=True)
    try:
        frames = load_variant(database, Variant("evil-case", "basis", "central"))
    finally:
        database.close()
    assert frames is not None
    assert_text_only(scenario_workbook([frames]), EVIL, f"{OTHERS[2]} {PATH}")


def test_the_gain_share_workbook_keeps_committees_and_names_as_text(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        inputs = gain_share_inputs(con, [DEMO_CASE])
    assert not inputs.realised.is_empty()
    texts = (EVIL, *OTHERS)
    committees = {
        account: texts[i % len(texts)]
        for i, account in enumerate(sorted(inputs.realised["account"].unique()))
    }
    proposal = propose(inputs.realised, committees, {DEMO_CASE: PATH})
    cases = inputs.cases.with_columns(name=inputs.cases["name"].str.replace(r"^.*$", EVIL))
    buffer = io.BytesIO()
    build_workbook(proposal, cases).save(buffer)
    used = {c for c in proposal.lines["committee"].drop_nulls().unique()}
    assert EVIL in used
    assert_text_only(buffer.getvalue(), EVIL, PATH, *used)


@pytest.mark.parametrize("kind", ["budget", "accounts"])
def test_import_templates_have_no_cell_formulas(tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.xlsx"
    assert CliRunner().invoke(main, ["template", kind, "-o", str(out)]).exit_code == 0
    assert_text_only(out.read_bytes())


@pytest.mark.parametrize(
    "text, suffix, expected",
    [
        (EVIL, ".xlsx", "HYPERLINK-http-evil.xlsx"),
        (PATH, ".xlsx", "etc-passwd.xlsx"),
        ("..\\..\\windows\\win.ini", ".csv", "windows-win.ini.csv"),
        (
            "gevinstdeling-Ærø-Sønderborg-Åbenrå",
            ".xlsx",
            "gevinstdeling-Aeroe-Soenderborg-Aabenraa.xlsx",
        ),
        ("...", ".zip", "gevinst.zip"),
        ("CON", ".xlsx", "gevinst-CON.xlsx"),
        ("", "", "gevinst"),
    ],
)
def test_safe_filename(text: str, suffix: str, expected: str) -> None:
    assert safe_filename(text, suffix) == expected


@given(st.text(max_size=300))
def test_any_text_gives_a_plain_bounded_name(text: str) -> None:
    name = safe_filename(text, ".xlsx")
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.xlsx", name)
    assert len(name) <= 100 and ".." not in name and "/" not in name


def test_a_suffix_is_never_user_text() -> None:
    with pytest.raises(ValueError):
        safe_filename("x", "/../y")


def test_every_download_name_goes_through_safe_filename() -> None:
    """Every `dcc.send_*` / `send_file` / `"filename":` in dashboards/ names its file with
    `safe_filename(...)`, and so does the CLI's default backup name."""
    calls = re.compile(
        r"(send_bytes|send_file|send_string|send_data_frame)\((?P<args>[^\n]*)"
        r"|\"filename\":\s*(?P<value>[^,}\n]+)"
    )
    found = 0
    for path in (ROOT / "dashboards").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in calls.finditer(text):
            found += 1
            name = match.group("value") or match.group("args")
            if match.group("value") is not None:
                # a variable: it must have been made by safe_filename in the same function
                assert re.search(rf"{re.escape(name.strip())}\s*=\s*safe_filename\(", text), (
                    path.name,
                    match.group(0),
                )
            else:
                assert "safe_filename(" in name or re.search(
                    rf"\b{re.escape(name.split(',')[-1].strip(' )'))}\s*=\s*safe_filename\(", text
                ), (path.name, match.group(0))
    assert found >= 3
    assert re.fullmatch(r"gevinst-backup-g-\d{8}T\d{6}Z\.zip", default_backup_name(Path("g")))
