"""The sheet scan's fast path agrees with the full walk, or steps aside and lets the walk decide.

`scan_file(fast=False)` walks every sheet with expat, one Python call per tag; the default
tries `fastscan.sheet_bounds` first. Given the same workbook, both must give the same `Scan`
(kind, problems, sheets with their used range, formula errors and uncached formulas) — and
for the sheets written the usual way the fast path must really be taken, or it is no use.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from gevinst.ingest import fastscan
from gevinst.ingest.container import scan_file
from gevinst.ingest.container.safexml import guarded_parser
from gevinst.ingest.limits import Limits
from test_ingest_safety import XML_DECL, package, sheet_xml

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "xlsx"


def _letters(col: int) -> str:
    name = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


# data from C5: rows 1-4 hold only styled empty cells and empty rows, column A-B likewise
LEADING_EMPTY = (
    '<row r="1" spans="1:6"><c r="A1" s="1"/><c r="B1" s="1" t="n" /></row><row r="2"/>'
    '<row r="3" ht="15" customHeight="1"></row>'
    '<row r="5"><c r="A5" s="2"/><c r="C5" t="inlineStr"><is><t>Konto</t></is></c>'
    '<c r="D5" s="3" t="s"><v>0</v></c></row>'
    '<row r="6"><c r="B6" s="1"/><c r="C6" t="inlineStr"><is><t xml:space="preserve"> 5.28.21 '
    '</t></is></c><c r="D6"><v>1234.5</v></c><c r="E6" t="b"><v>1</v></c></row>'
    '<row r="7"><c r="D7"><f>SUM(D6:D6)</f><v>1234.5</v></c>'
    '<c r="E7" t="str"><f>IF(D7&gt;0,"","x")</f><v></v></c>'
    '<c r="F7" t="inlineStr"><is><t>Børn &amp; Unge</t></is></c></row>'
    '<row r="9"><c r="G9" s="4"/></row>'
)

CANONICAL = {
    "leading empty rows and columns": LEADING_EMPTY,
    "one cell": '<row r="1"><c r="A1"><v>1</v></c></row>',
    "styled cells around a value": (
        '<row r="1"><c r="A1" s="1"/></row><row r="3"><c r="Z3" s="2"/><c r="AB3"><v>1</v></c>'
        '<c r="AC3" s="2"/></row><row r="4"><c r="A4" s="1"/></row>'
    ),
    "shared formula": (
        '<row r="2"><c r="B2"><v>1</v></c><c r="C2"><f t="shared" ref="C2:C3" si="0">B2*2</f>'
        '<v>2</v></c></row><row r="3"><c r="B3"><v>2</v></c><c r="C3"><f t="shared" si="0"/>'
        "<v>4</v></c></row>"
    ),
    "last column and row of the grid": (
        '<row r="1"><c r="B1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    ),
    "an empty <v/> in a string formula counts": (
        '<row r="1"><c r="A1" t="str"><f>""</f><v/></c><c r="B1"><v>1</v></c></row>'
    ),
    "a date cell": '<row r="4"><c r="D4" t="d"><v>2026-01-05T00:00:00</v></c></row>',
    "a wide sheet (more columns than are searched for one by one)": "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{_letters(c)}{r}"><v>{c}</v></c>' for c in range(r, 150, 3))
        + "</row>"
        for r in range(2, 5)
    ),
}

NOT_CANONICAL = {
    "formula without value (POI)": '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1</f></c></row>',
    "formula with <v/> (openpyxl)": (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1</f><v /></c></row>'
    ),
    "empty <v/> in the first row": (
        '<row r="1"><c r="A1"><v/></c></row><row r="2"><c r="B2"><v>1</v></c></row>'
    ),
    "error cell": '<row r="2"><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    "error constant": '<row r="2"><c r="B2" t="e"><v>#N/A</v></c><c r="C2"><v>1</v></c></row>',
    "whitespace between tags": '<row r="1">\n  <c r="A1"><v>1</v></c>\n</row>',
    "cell without reference": '<row r="1"><c><v>1</v></c><c><v>2</v></c></row>',
    "row without number": '<row><c r="A1"><v>1</v></c></row>',
    "reference to another row": '<row r="1"><c r="A7"><v>1</v></c></row>',
    "column outside the grid": '<row r="1"><c r="XFE1"><v>1</v></c></row>',
    "row outside the grid": '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
    "row zero": '<row r="0"><c r="A0"><v>1</v></c></row>',
    "lower-case reference": '<row r="1"><c r="a1"><v>1</v></c></row>',
    "rich text": (
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>'
    ),
    "text too long": f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 32_768}</t></is></c></row>',
    "long text within the limit": (
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 20_000}</t></is></c></row>'
    ),
    "character reference": '<row r="1"><c r="A1" t="inlineStr"><is><t>&#66;</t></is></c></row>',
    "undefined entity": '<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>',
    "duplicate attribute": '<row r="1" ht="1" ht="2"><c r="A1"><v>1</v></c></row>',
    "unclosed cell": '<row r="1"><c r="A1"><v>1</v></row>',
    "prefixed cell": '<row r="1"><x:c xmlns:x="urn:x" r="A1"><x:v>1</x:v></x:c></row>',
    "control character": '<row r="1"><c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c></row>',
    "a value in an inline string cell": (
        '<row r="1"><c r="A1" t="inlineStr"><v>1</v></c><c r="B1"><v>2</v></c></row>'
    ),
}


def _workbook(tmp_path: Path, name: str, cells: str, **parts: str) -> Path:
    return package(tmp_path / f"{abs(hash(name))}.xlsx", {"Budget": sheet_xml(cells)}, parts)


def _fast_bounds(path: Path) -> list[tuple[int, int, int, int] | None]:
    """What the fast path alone says about each worksheet (None: it stepped aside)."""
    with zipfile.ZipFile(path) as zf:
        scan = scan_file(path, fast=False)
        return [
            fastscan.sheet_bounds(zf, zf.getinfo(s.xml_path), Limits(), guarded_parser)
            for s in scan.sheets
        ]


def _agree(path: Path) -> None:
    assert scan_file(path, lang="en") == scan_file(path, lang="en", fast=False)


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_sheets_take_the_fast_path_and_agree(tmp_path: Path, name: str) -> None:
    path = _workbook(tmp_path, name, CANONICAL[name])
    walked = scan_file(path, lang="en", fast=False)
    (sheet,) = walked.sheets
    assert _fast_bounds(path) == [
        (sheet.first_row, sheet.first_col, sheet.last_row, sheet.last_col)
    ]
    _agree(path)


def test_leading_empty_rows_and_columns_are_trimmed_as_calamine_does(tmp_path: Path) -> None:
    path = _workbook(tmp_path, "leading", LEADING_EMPTY)
    (sheet,) = scan_file(path).sheets
    assert (sheet.first_row, sheet.first_col, sheet.last_row, sheet.last_col) == (5, 3, 7, 6)
    assert _fast_bounds(path) == [(5, 3, 7, 6)]


@pytest.mark.parametrize("name", NOT_CANONICAL)
def test_other_sheets_step_aside_and_the_walk_decides(tmp_path: Path, name: str) -> None:
    path = _workbook(tmp_path, name, NOT_CANONICAL[name])
    assert _fast_bounds(path) == [None]
    _agree(path)


@pytest.mark.parametrize(
    ("name", "xml"),
    [
        ("doctype", '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]>'),
        ("comment", XML_DECL + "<!-- a comment -->"),
        ("latin-1", '<?xml version="1.0" encoding="ISO-8859-1"?>'),
    ],
)
def test_an_unusual_prolog_steps_aside(tmp_path: Path, name: str, xml: str) -> None:
    body = sheet_xml(CANONICAL["one cell"]).removeprefix(XML_DECL)
    path = package(tmp_path / "b.xlsx", {"Budget": xml + body})
    assert _fast_bounds(path) == [None]
    _agree(path)


def test_cells_after_sheet_data_step_aside(tmp_path: Path) -> None:
    """x14 data validation (`<xm:f>` in extLst) is read by the walk as a formula: its call."""
    xml = sheet_xml(CANONICAL["one cell"]).replace(
        "</sheetData>", '</sheetData><extLst><x:f xmlns:x="urn:x">Lister!A1</x:f></extLst>'
    )
    path = package(tmp_path / "b.xlsx", {"Budget": xml})
    assert _fast_bounds(path) == [None]
    _agree(path)


def test_openpyxl_workbooks_take_the_fast_path(tmp_path: Path) -> None:
    """Both of openpyxl's writers (the template, test fixtures, the benchmark) are canonical."""
    rows = [["Budget 2026 (1.000 kr.)"], [], ["Konto", "Udvalg", "B2026", "BO2027"]]
    rows += [[f"5.28.{i % 90 + 10}", "Børn & Unge", i * 1.5, -i] for i in range(3_000)]
    normal = openpyxl.Workbook()
    for row in rows:
        normal.active.append(row)
    normal.active["B1"].font = openpyxl.styles.Font(bold=True)
    normal.save(tmp_path / "normal.xlsx")
    streaming = openpyxl.Workbook(write_only=True)
    sheet = streaming.create_sheet("Budget")
    for row in rows:
        sheet.append(row)
    streaming.save(tmp_path / "streaming.xlsx")
    for path in (tmp_path / "normal.xlsx", tmp_path / "streaming.xlsx"):
        assert _fast_bounds(path) == [(1, 1, 3_003, 4)]
        _agree(path)


def test_rows_split_across_chunks_agree(tmp_path: Path) -> None:
    """A sheet several MiB long is matched chunk by chunk; rows cut at a chunk edge still count."""
    cells = "".join(
        f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>{"tekst " * (r % 40)}</t></is></c>'
        f'<c r="C{r}"><v>{r * 3.25}</v></c></row>'
        for r in range(2, 40_000)
    )
    path = _workbook(tmp_path, "big", cells)
    assert _fast_bounds(path) == [(2, 2, 39_999, 3)]
    _agree(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_every_corpus_workbook_scans_the_same_both_ways() -> None:
    for path in sorted(CORPUS.glob("*.xls*")):
        assert scan_file(path) == scan_file(path, fast=False), path.name


@pytest.mark.parametrize("fast", [True, False])
def test_an_empty_value_is_no_value_as_in_calamine(tmp_path: Path, fast: bool) -> None:
    """`<v/>` after `<f>` (openpyxl) is an uncached formula, and widens no used range; in a
    `t="str"` cell it is a formula's empty text, cached and counted (calamine returns "")."""
    cells = (
        '<row r="1"><c r="A1"><v/></c><c r="B1"><f>C2</f><v /></c></row>'
        '<row r="2"><c r="C2"><v>1</v></c><c r="D2" t="str"><f>""</f><v></v></c></row>'
    )
    (sheet,) = scan_file(_workbook(tmp_path, "empty", cells), fast=fast).sheets
    assert (sheet.first_row, sheet.first_col, sheet.last_row, sheet.last_col) == (2, 3, 2, 4)
    assert sheet.uncached_formulas == ("B1",) and sheet.formula_errors == {}
