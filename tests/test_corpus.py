"""Every real-world hostile or odd workbook in ../shared/corpus/xlsx gets its README outcome.

The files are read where they are (never copied here). Each goes through `scan_file`, and if
the scan passes, through the standard calamine reader in the sandbox; nothing may crash, hang
or take more than 10 s. Outcomes, from the README's "what a careful importer should do":
- ("reject", text): the scan rejects it with a message containing `text` (Danish, the default);
- ("accept", text): the scan passes (with a warning containing `text`, if given) and calamine's
  frames have exactly the used range the scan found;
- ("flag", text): as accept, and the scan records formula errors or uncached formulas at these
  cells for validation to reject (the safety layer cannot know whether they hold amounts).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from gevinst.errors import SandboxFailure
from gevinst.ingest.container import Scan, scan_file
from gevinst.ingest.limits import Limits
from tests._sandbox import read_sheets, run_isolated

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "xlsx"
PER_FILE_SECONDS = 10.0
#: A hang guard for the asserts, not a speed target (speed is the benchmarks' job): generous
#: enough that a loaded 2-core CI machine never trips it, far below a real hang.
HANG_SECONDS = 60.0

EXPECTED: dict[str, tuple[str, str]] = {
    # not really an xlsx / broken container
    "pycalamine__empty_file.xlsx": ("reject", "filen er tom (0 bytes)"),
    "poi__invalid.xlsx": ("reject", "ingen projektmappedel"),
    "poi__clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx": (
        "reject",
        "afkortet eller beskadiget",
    ),
    "poi__clusterfuzz-testcase-minimized-POIXSSFFuzzer-5937385319563264.xlsx": (
        "reject",
        "kontrolsumfejl i xl/worksheets/sheet8.xml",
    ),
    "calamine__issue252.xlsx": ("reject", "kontrolsumfejl i xl/_rels/workbook.xml.rels"),
    "poi__clusterfuzz-testcase-minimized-POIFuzzer-5040805309710336.xlsx": (
        "reject",
        "ligner et Word-dokument",
    ),
    "roo__type_excel.xlsx": ("reject", "gammel Excel 97-2003-fil (.xls)"),
    "roo__type_openoffice.xlsx": ("reject", "OpenDocument-regneark (.ods)"),
    "poi__duplicate-filename.xlsx": ("reject", "tvetydig pakke"),
    "libreoffice__tdf76115.xlsx": ("reject", "ikke-standard pakke"),
    # encrypted
    "calamine__pass_protected.xlsx": ("reject", "beskyttet med adgangskode"),
    "poi__protected_passtika.xlsx": ("reject", "beskyttet med adgangskode"),
    # hostile XML / amplification
    "poi__poc-xmlbomb.xlsx": ("reject", "forbudt XML (DTD eller entiteter)"),
    "poi__poc-shared-strings.xlsx": ("reject", "Excels grænse på 32.767 tegn"),
    "poi__MalformedSSTCount.xlsx": ("accept", ""),
    # lying or extreme dimensions
    "libreoffice__too-many-cols-rows.xlsx": ("reject", "Sheet1!XFE1: cellereferencen XFE1"),
    "calamine__issue_174.xlsx": ("accept", ""),
    "poi__52348.xlsx": ("accept", ""),
    "poi__62629_toMerge.xlsx": ("accept", ""),
    # package and producer quirks
    "calamine__minimal_package.xlsx": ("accept", ""),
    "calamine__issue_419.xlsx": ("accept", ""),
    "calamine__strict_iso_paths.xlsx": ("accept", ""),
    "roo__Pfand_from_windows_phone.xlsx": ("reject", "tegnkodning (UTF-16)"),
    "poi__xlsx-corrupted.xlsx": ("reject", "_rels/.rels er beskadiget"),
    "poi__sample-beta.xlsx": ("reject", "format, der ikke understøttes"),
    "roo__implicit_coordinates.xlsx": ("accept", ""),
    "poi__style-alternate-content.xlsx": ("accept", ""),
    "roo__chart_sheet.xlsx": ("accept", ""),
    "poi__TwoSheetsOneHidden.xlsx": ("accept", "arket Sheet1 er skjult"),
    # macros
    "poi__xlmmacro.xlsm": ("reject", "indeholder makroer (xl/macrosheets/sheet1.xml)"),
    "poi__SimpleMacro.xlsm": ("reject", "indeholder makroer (xl/vbaProject.bin)"),
    # external links
    "poi__link-external-workbook-b.xlsx": ("accept", "link-external-workbook-a.xlsx"),
    # cell values and types
    "calamine__errors.xlsx": ("flag", "Feuil1!A1=#DIV/0! Feuil1!A5=#REF! Feuil1!A7=#N/A"),
    "pycalamine__issue139.xlsx": ("accept", ""),  # the invalid date is validation's to reject
    "calamine__date_1904.xlsx": ("accept", ""),
    "calamine__has_x000D_.xlsx": ("accept", ""),
    "calamine__whitespace_trim.xlsx": ("accept", ""),
    "poi__bug60858.xlsx": ("flag", "F2 G2 I2 L2"),
    "poi__54084 - Greek - beyond BMP.xlsx": ("accept", ""),
    "calamine__empty_sheet.xlsx": ("reject", "indeholder ingen data"),
}

pytestmark = pytest.mark.corpus


def corpus() -> Path:
    """The corpus folder; skipped when absent, except in CI where its absence is a failure."""
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus folder missing in CI: {CORPUS}")
        pytest.skip(f"corpus folder absent: {CORPUS}")
    return CORPUS


def test_every_corpus_file_has_an_expected_outcome() -> None:
    on_disk = {path.name for path in corpus().glob("*.xls*")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gets_its_expected_outcome(name: str) -> None:
    path = corpus() / name
    outcome, text = EXPECTED[name]
    started = time.perf_counter()
    scan = scan_file(path)
    lines = [problem.line() for problem in scan.problems]
    if outcome == "reject":
        assert not scan.ok, lines
        assert any(text in line for line in lines), lines
    else:
        assert scan.ok, lines
        assert not text or outcome == "flag" or any(text in line for line in lines), lines
        _read_matches_scan(path, scan)
        if outcome == "flag":
            assert _flagged(scan) >= set(text.split()), _flagged(scan)
    assert time.perf_counter() - started < HANG_SECONDS


def _read_matches_scan(path: Path, scan: Scan) -> None:
    """calamine's frame for every scanned sheet spans exactly the scan's used range."""
    limits = Limits(wall_seconds=PER_FILE_SECONDS)
    frames = read_sheets(path, [sheet.name for sheet in scan.sheets], limits=limits)
    for sheet in scan.sheets:
        expected = (
            (0, 0)
            if sheet.empty
            else (sheet.last_row - sheet.first_row + 1, sheet.last_col - sheet.first_col + 1)
        )
        assert frames[sheet.name][0].shape == expected, sheet


def _flagged(scan: Scan) -> set[str]:
    """Formula errors as Sheet!Ref=#ERR, uncached formulas as Ref."""
    found: set[str] = set()
    for sheet in scan.sheets:
        found |= {f"{sheet.name}!{ref}={value}" for ref, value in sheet.formula_errors.items()}
        found |= set(sheet.uncached_formulas)
    return found


def test_the_aborting_file_read_without_the_scan_only_fails_the_child() -> None:
    """calamine aborts the whole process on this file (an 8.8 TB allocation): the sandbox holds."""
    path = corpus() / "libreoffice__too-many-cols-rows.xlsx"
    started = time.perf_counter()
    with pytest.raises(SandboxFailure) as info:
        read_sheets(path, ["Sheet1"], limits=Limits(wall_seconds=10))
    assert info.value.reason in {"signal", "memory"}
    assert time.perf_counter() - started < HANG_SECONDS
    assert run_isolated(len, "the parent is still here") == 24
