"""The safety layer: hostile and odd files are named for what they are, never crash the caller.

Every file is made here by test code (zipfile, openpyxl), so each test says exactly which byte
or part is wrong: given this file, when it is scanned (or read in the sandbox), expect this.
"""

from __future__ import annotations

import os
import resource
import struct
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from gevinst.errors import InputRejected, Problem, SandboxFailure
from gevinst.ingest.container import Scan, formula_problems, scan_file
from gevinst.ingest.limits import Limits
from tests._sandbox import read_sheets, run_isolated

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROOT_RELS = (
    XML_DECL + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def workbook_xml(sheets: list[tuple[str, str]]) -> str:
    """sheets: (name, state); sheet i is relationship rId{i+1}."""
    items = "".join(
        f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (f' state="{state}"' if state else "")
        + "/>"
        for i, (name, state) in enumerate(sheets)
    )
    return (
        XML_DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{items}</sheets></workbook>'
    )


def workbook_rels(count: int, extra: str = "") -> str:
    items = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(count)
    )
    return XML_DECL + f'<Relationships xmlns="{PKG_REL}">{items}{extra}</Relationships>'


def sheet_xml(cells: str, dimension: str = "A1") -> str:
    return (
        XML_DECL + f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )


DATA = '<row r="1"><c r="A1" t="inlineStr"><is><t>Konto</t></is></c><c r="B1"><v>100</v></c></row>'


def package(
    path: Path, sheets: dict[str, str] | None = None, extra: dict[str, str | bytes] | None = None
) -> Path:
    """A minimal valid .xlsx: one worksheet per entry of `sheets`, plus extra parts by name."""
    sheets = sheets if sheets is not None else {"Budget": sheet_xml(DATA)}
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml([(name, "") for name in sheets]),
        "xl/_rels/workbook.xml.rels": workbook_rels(len(sheets)),
    }
    for i, xml in enumerate(sheets.values()):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = xml
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def errors(scan: Scan) -> list[Problem]:
    return [p for p in scan.problems if p.severity == "error"]


def only_error(scan: Scan) -> str:
    found = errors(scan)
    assert len(found) == 1, [p.line() for p in scan.problems]
    return found[0].line()


def en(path: Path, **kwargs: object) -> Scan:
    return scan_file(path, lang="en", **kwargs)  # type: ignore[arg-type]


# --- what the file really is -------------------------------------------------------------


def test_a_valid_workbook_passes_and_maps_its_sheet(tmp_path: Path) -> None:
    scan = en(package(tmp_path / "budget.xlsx"))
    assert scan.ok and scan.kind == "xlsx" and scan.problems == ()
    (sheet,) = scan.sheets
    assert (sheet.name, sheet.index, sheet.xml_path) == ("Budget", 0, "xl/worksheets/sheet1.xml")
    assert (sheet.first_row, sheet.first_col, sheet.last_row, sheet.last_col) == (1, 1, 1, 2)


def test_empty_file_is_rejected_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"")
    assert "budget.xlsx: the file is empty (0 bytes)" in only_error(en(path))


def test_a_file_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    path = package(tmp_path / "big.xlsx")
    assert "too large" in only_error(en(path, limits=Limits(max_file_bytes=100)))


def test_truncated_upload_is_named_truncated(tmp_path: Path) -> None:
    data = package(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated or corrupt" in only_error(en(path))


def test_encrypted_workbook_is_told_apart_from_xls_in_danish(tmp_path: Path) -> None:
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    encrypted = tmp_path / "budget.xlsx"
    encrypted.write_bytes(cfb + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100)
    scan = scan_file(encrypted)
    assert only_error(scan) == (
        "budget.xlsx: filen er beskyttet med adgangskode (krypteret); fjern adgangskoden i "
        "Excel og upload igen"
    )
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(cfb + "Workbook".encode("utf-16-le") + b"\x00" * 100)
    assert ".xls" in only_error(en(legacy)) and "save it as" in only_error(en(legacy))


def test_ods_and_docx_in_disguise_are_named(tmp_path: Path) -> None:
    ods = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument spreadsheet (.ods)" in only_error(en(ods))
    docx = tmp_path / "notat.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("word/document.xml", "<w:document/>")
    assert "looks like a Word document" in only_error(en(docx))


def test_csv_parquet_and_other_files_are_sniffed_by_content(tmp_path: Path) -> None:
    csv = tmp_path / "budget.xlsx"
    csv.write_bytes("Konto;Beløb\n5.28.21;1.234,50\n".encode("cp1252"))
    assert en(csv).kind == "csv" and en(csv).ok
    parquet = tmp_path / "weeks.parquet"
    pl.DataFrame({"person_id": ["a"], "amount_dkk": [1.0]}).write_parquet(parquet)
    assert en(parquet).kind == "parquet" and en(parquet).ok
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 4)
    scan = en(noise)
    assert scan.kind == "unknown" and "neither an Excel workbook" in only_error(scan)


def test_a_package_without_workbook_part_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "no workbook part" in only_error(en(path))


def test_a_workbook_without_any_value_is_rejected(tmp_path: Path) -> None:
    path = package(
        tmp_path / "budget.xlsx", {"Budget": sheet_xml('<row r="1"><c r="A1" s="1"/></row>')}
    )
    assert "contains no data" in only_error(en(path))


# --- the zip container ---------------------------------------------------------------------


def test_bad_crc_names_the_part(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook_xml([("Budget", "")]))
        zf.writestr("xl/_rels/workbook.xml.rels", workbook_rels(1))
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml(DATA))
    data = path.read_bytes()
    path.write_bytes(data.replace(b"<v>100</v>", b"<v>900</v>"))  # same size, other bytes
    assert "checksum error in xl/worksheets/sheet1.xml" in only_error(en(path))


def _stored(path: Path, parts: dict[str, str]) -> Path:
    """A package with every part stored (not deflated), so bytes can be changed in place."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


WALKED = (
    '<row r="1"><c r="A1" t="e"><v>#REF!</v></c><c r="B1"><v>100</v></c></row>'  # not canonical
)


@pytest.mark.parametrize("broken_first", [True, False], ids=["broken-first", "broken-last"])
@pytest.mark.parametrize(
    ("cells", "fast"),
    [(DATA, True), (WALKED, True), (DATA, False)],
    ids=["fast-scan", "walked", "walk-only"],
)
def test_a_worksheet_crc_is_checked_on_the_way_with_the_same_verdict(
    tmp_path: Path, cells: str, fast: bool, broken_first: bool
) -> None:
    """Worksheets' CRCs are checked while the XML is scanned (inflated once), yet a bad one
    is reported exactly as checking every CRC first did: alone, even when another sheet's XML
    is broken, whichever sheet comes first and whichever path read the sheet."""
    broken = XML_DECL + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"></sheetData>'
    sheets = [("Broken", broken), ("Budget", sheet_xml(cells))]
    sheets = sheets if broken_first else sheets[::-1]
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml([(name, "") for name, _ in sheets]),
        "xl/_rels/workbook.xml.rels": workbook_rels(2),
    }
    for i, (_, xml) in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = xml
    path = _stored(tmp_path / "budget.xlsx", parts)
    broken_part, budget_part = ("sheet1", "sheet2") if broken_first else ("sheet2", "sheet1")
    assert f"{broken_part}.xml is corrupt" in only_error(en(path, fast=fast))
    path.write_bytes(path.read_bytes().replace(b"<v>100</v>", b"<v>900</v>"))
    assert f"checksum error in xl/worksheets/{budget_part}.xml" in only_error(en(path, fast=fast))


def test_a_bad_crc_in_a_worksheet_part_no_sheet_uses_is_still_found(tmp_path: Path) -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml([("Budget", "")]),
        "xl/_rels/workbook.xml.rels": workbook_rels(1),
        "xl/worksheets/sheet1.xml": sheet_xml(DATA),
        "xl/worksheets/sheet9.xml": sheet_xml("<!-- spare -->"),
    }
    path = _stored(tmp_path / "budget.xlsx", parts)
    assert en(path).ok
    path.write_bytes(path.read_bytes().replace(b"spare", b"spore"))
    assert "checksum error in xl/worksheets/sheet9.xml" in only_error(en(path))


def test_duplicate_entry_names_make_the_package_ambiguous(tmp_path: Path) -> None:
    path = package(tmp_path / "budget.xlsx")
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(path, "a") as zf,
    ):
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml(""))
    assert "occurs more than once" in only_error(en(path))


def test_case_insensitive_duplicates_are_duplicates_too(tmp_path: Path) -> None:
    path = package(tmp_path / "budget.xlsx", extra={"XL/Worksheets/Sheet9.xml": "<x/>"})
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/worksheets/sheet9.xml", "<x/>")
    assert "occurs more than once" in only_error(en(path))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "illegal path"),
        ("/abs/sheet.xml", "illegal path"),
        ("xl\\worksheets\\sheet2.xml", "non-standard package"),
    ],
)
def test_unsafe_and_backslash_names_are_rejected(tmp_path: Path, name: str, expected: str) -> None:
    path = package(tmp_path / "budget.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(zipfile.ZipInfo(name), "<x/>")
    assert expected in only_error(en(path))


def test_too_many_entries_are_refused_from_the_directory(tmp_path: Path) -> None:
    path = package(tmp_path / "budget.xlsx")
    assert "too many parts" in only_error(en(path, limits=Limits(max_entries=3)))


def test_macros_are_rejected(tmp_path: Path) -> None:
    vba = package(tmp_path / "budget.xlsm", extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert "contains macros (xl/vbaProject.bin)" in only_error(en(vba))
    xlm = package(tmp_path / "xlm.xlsx", extra={"xl/macrosheets/sheet1.xml": sheet_xml("")})
    assert "contains macros" in only_error(en(xlm))


def test_external_link_is_a_warning_naming_the_other_workbook(tmp_path: Path) -> None:
    link_rels = (
        XML_DECL + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/externalLinkPath" Target="file:///C:/Budget/budget2025.xlsx" '
        'TargetMode="External"/></Relationships>'
    )
    path = package(
        tmp_path / "budget.xlsx",
        extra={
            "xl/externalLinks/externalLink1.xml": f'<externalLink xmlns="{MAIN}"/>',
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
        },
    )
    scan = en(path)
    assert scan.ok
    (warning,) = scan.problems
    assert warning.severity == "warning" and "budget2025.xlsx" in warning.message


# --- zip bombs -----------------------------------------------------------------------------

BOMB_HEAD = (XML_DECL + f'<worksheet xmlns="{MAIN}"><sheetData>').encode()
BOMB_TAIL = b'<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'


def write_bomb(path: Path, megabytes: int) -> Path:
    """A workbook whose sheet XML inflates to `megabytes` MiB of whitespace, written streaming."""

    def body() -> Iterator[bytes]:
        yield BOMB_HEAD
        chunk = b" " * 2**20
        for _ in range(megabytes):
            yield chunk
        yield BOMB_TAIL

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml([("Budget", "")])),
            ("xl/_rels/workbook.xml.rels", workbook_rels(1)),
        ):
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for piece in body():
                fh.write(piece)
    return path


@pytest.fixture(scope="module")
def gigabyte_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 1100)


def scan_and_measure(path: Path, limits: Limits) -> tuple[bool, list[str], float, int]:
    """Run in a child: the scan's verdict, its time, and how much its peak memory grew (bytes)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()  # CPU time: what the scan spends, however busy the machine
    scan = scan_file(path, lang="en", limits=limits)
    elapsed = time.process_time() - started
    growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return scan.ok, [p.line() for p in scan.problems], elapsed, growth_kib * 1024


def test_gigabyte_zip_bomb_is_rejected_fast_and_small(gigabyte_bomb: Path) -> None:
    assert gigabyte_bomb.stat().st_size < 10 * 2**20
    ok, lines, elapsed, growth = run_isolated(scan_and_measure, gigabyte_bomb, Limits())
    assert not ok and any("possible zip bomb" in line for line in lines)
    assert elapsed < 3 and growth < 200 * 2**20


def test_bomb_within_relaxed_limits_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Even when the limits let a 300 MiB sheet through, it is streamed, never held whole."""
    bomb = write_bomb(tmp_path / "bomb.xlsx", 300)
    relaxed = Limits(max_ratio=1e9)
    ok, lines, elapsed, growth = run_isolated(scan_and_measure, bomb, relaxed)
    assert ok, lines
    assert growth < 100 * 2**20 and elapsed < 10


def test_entry_that_inflates_past_its_declared_size_fails_its_check(tmp_path: Path) -> None:
    """A lying local and central header (declared 1 KiB, really 20 MiB) is caught by the CRC."""
    path = write_bomb(tmp_path / "liar.xlsx", 20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    _lie_about_size(data, info, 1024)
    path.write_bytes(bytes(data))
    scan = en(path)
    assert not scan.ok
    assert any("sheet1.xml" in p.message for p in errors(scan)), scan.problems


def _lie_about_size(data: bytearray, info: zipfile.ZipInfo, size: int) -> None:
    """Rewrite the entry's uncompressed size: zip64 extra in the local header, central record."""
    local = data.find(struct.pack("<Q", info.file_size), info.header_offset)
    data[local : local + 8] = struct.pack("<Q", size)
    central = data.rfind(info.filename.encode()) - 46  # the name follows the 46-byte record
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = struct.pack("<I", size)


# --- XML and cells ---------------------------------------------------------------------------


def test_dtd_in_any_part_is_rejected(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;">]>'
        f'<sst xmlns="{MAIN}"><si><t>&lol2;</t></si></sst>'
    )
    rels = f'<Relationship Id="rId9" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    path = package(tmp_path / "budget.xlsx", extra={"xl/sharedStrings.xml": bomb})
    _replace_part(path, "xl/_rels/workbook.xml.rels", workbook_rels(1, rels))
    assert "forbidden XML DTD/entities" in only_error(en(path))


def _replace_part(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts[name] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for part, data in parts.items():
            dst.writestr(part, data)


def test_formula_errors_and_uncached_formulas_keep_true_addresses(tmp_path: Path) -> None:
    """Data starts at C5 (calamine trims rows 1-4 and columns A-B); D7 holds #REF!, E8 no value."""
    cells = (
        '<row r="5"><c r="C5" t="inlineStr"><is><t>Konto</t></is></c><c r="D5"><v>1</v></c></row>'
        '<row r="7"><c r="C7"><v>2</v></c><c r="D7" t="e"><f>#REF!+1</f><v>#REF!</v></c></row>'
        '<row r="8"><c r="C8"><v>3</v></c><c r="E8"><f>SUM(C5:C7)</f></c>'
        '<c r="F8"><v>4</v></c></row>'
    )
    path = package(tmp_path / "budget.xlsx", {"Budget": sheet_xml(cells, dimension="A1")})
    scan = en(path)
    assert scan.ok, scan.problems
    (sheet,) = scan.sheets
    assert sheet.formula_errors == {"D7": "#REF!"}
    assert sheet.uncached_formulas == ("E8",)
    assert [p.line() for p in formula_problems(scan, "budget.xlsx", lang="en")] == [
        "budget.xlsx: Budget!D7: the cell contains the error value #REF!; fix the formula in "
        "Excel and upload again",
        "budget.xlsx: Budget!E8: the formula has no calculated value (the workbook was not "
        "recalculated); open and save it in Excel",
    ]
    assert (sheet.first_row, sheet.first_col, sheet.last_row, sheet.last_col) == (5, 3, 8, 6)
    frame, first_col = read_sheets(path, ["Budget"])["Budget"]
    # the production reader's frame starts at (first_row, first_col): C5 is frame cell (0, 0)
    assert first_col == 3 and frame.shape == (8 - 5 + 1, 6 - 3 + 1)
    assert frame.row(0)[0] == "Konto" and frame.row(3)[3] == "4"
    assert frame.row(7 - 5)[4 - 3] in (None, "")  # the #REF! cell: empty to calamine


def test_dimension_lies_are_ignored(tmp_path: Path) -> None:
    whole_grid = sheet_xml(DATA, dimension="A1:XFD1048576")
    understated = sheet_xml(DATA + '<row r="11"><c r="Q11"><v>5</v></c></row>', dimension="A1")
    path = package(tmp_path / "budget.xlsx", {"Grid": whole_grid, "Small": understated})
    grid, small = en(path).sheets
    assert (grid.last_row, grid.last_col) == (1, 2)
    assert (small.last_row, small.last_col) == (11, 17)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("XFE1", "Budget!XFE1: the cell reference XFE1 is outside Excel's grid"),
        ("A1048577", "outside Excel's grid"),
        ("A0", "Budget!A0: invalid cell reference A0"),
        ("a1", "invalid cell reference a1"),
        ("A" + "9" * 5000, "the cell reference A9999999999999999999… is outside"),
    ],
    ids=["XFE1", "A1048577", "A0", "a1", "A9999…"],
)
def test_cell_references_outside_the_grid_or_invalid_are_rejected(
    tmp_path: Path, ref: str, expected: str
) -> None:
    cells = f'<row><c r="{ref}"><v>1</v></c></row>'
    path = package(tmp_path / "budget.xlsx", {"Budget": sheet_xml(DATA + cells)})
    assert expected in only_error(en(path))


def test_text_longer_than_excel_allows_is_rejected(tmp_path: Path) -> None:
    long = "x" * 32_768
    inline = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{long}</t></is></c></row>'
    path = package(tmp_path / "inline.xlsx", {"Budget": sheet_xml(DATA + inline)})
    assert "Budget!B2: cell text longer than Excel's 32,767-character limit" in only_error(en(path))
    exact = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{long[1:]}</t></is></c></row>'
    assert en(package(tmp_path / "ok.xlsx", {"Budget": sheet_xml(DATA + exact)})).ok


def test_shared_strings_count_attributes_are_not_trusted(tmp_path: Path) -> None:
    sst = (
        f'<sst xmlns="{MAIN}" count="8876876876876" uniqueCount="99999999999">'
        "<si><t>a</t></si></sst>"
    )
    rels = f'<Relationship Id="rId9" Type="{REL}/sharedStrings" Target="SharedStrings.xml"/>'
    path = package(tmp_path / "budget.xlsx", extra={"xl/SharedStrings.xml": sst})
    _replace_part(path, "xl/_rels/workbook.xml.rels", workbook_rels(1, rels))
    assert en(path).ok


def test_hidden_sheets_warn_and_chart_sheets_are_skipped(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Skjult"
    wb.active["A1"] = 1
    wb.active.sheet_state = "hidden"
    wb.create_chartsheet("Diagram")
    data = wb.create_sheet("Budget")
    data["B3"] = "Konto"
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    scan = en(path)
    assert scan.ok
    assert [(s.name, s.index, s.hidden) for s in scan.sheets] == [
        ("Skjult", 0, True),
        ("Budget", 2, False),
    ]
    assert [p.message for p in scan.problems] == ["the sheet Skjult is hidden"]
    assert (scan.sheets[1].first_row, scan.sheets[1].first_col) == (3, 2)


# --- the sandbox -------------------------------------------------------------------------------


def abort_now() -> None:
    os.abort()


def allocate(gigabytes: int) -> int:
    return len(bytearray(gigabytes * 2**30))


def sleep_for(seconds: float) -> None:
    time.sleep(seconds)


def spin() -> None:
    while True:
        pass


def reject(file: str) -> None:
    raise InputRejected([Problem(file, "Budget!C14", "tekst hvor der skal stå et tal")])


def fail() -> None:
    raise KeyError("no such sheet")


def frame(rows: int) -> pl.DataFrame:
    return pl.DataFrame({"konto": ["5.28.21"] * rows, "beloeb": list(range(rows))})


def test_a_child_that_aborts_is_a_sandbox_failure() -> None:
    started = time.perf_counter()
    with pytest.raises(SandboxFailure, match=r"signal 6") as info:
        run_isolated(abort_now)
    assert info.value.reason == "signal"
    assert "filen er sandsynligvis beskadiget eller fjendtlig" in str(info.value)
    assert time.perf_counter() - started < 30  # not left hanging; generous for a loaded machine


def test_a_child_that_allocates_past_the_limit_is_stopped() -> None:
    with pytest.raises(SandboxFailure, match="memory") as info:
        run_isolated(allocate, 4, limits=Limits(memory_bytes=2**30), lang="en")
    assert info.value.reason == "memory"


def test_a_child_past_its_wall_time_is_killed_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(SandboxFailure, match="within 1 seconds") as info:
        run_isolated(sleep_for, 60, limits=Limits(wall_seconds=1.0), lang="en")
    assert info.value.reason == "timeout"
    assert time.perf_counter() - started < 30  # killed at 1 s, not after the child's 60 s


def test_a_child_past_its_cpu_time_is_stopped() -> None:
    with pytest.raises(SandboxFailure, match="CPU") as info:
        run_isolated(spin, limits=Limits(cpu_seconds=1, wall_seconds=20), lang="en")
    assert info.value.reason == "cpu"


def test_input_rejected_in_the_child_comes_back_with_its_problems() -> None:
    with pytest.raises(InputRejected) as info:
        run_isolated(reject, "budget.xlsx")
    assert info.value.problems == [
        Problem("budget.xlsx", "Budget!C14", "tekst hvor der skal stå et tal")
    ]


def test_other_exceptions_become_a_sandbox_failure_with_the_reason() -> None:
    with pytest.raises(SandboxFailure, match="KeyError") as info:
        run_isolated(fail, lang="en")
    assert info.value.reason == "error"


def test_a_normal_function_returns_its_dataframe() -> None:
    """(Its overhead is measured by the import benchmark, as a ratio; never a timed assert.)"""
    run_isolated(frame, 1)  # the fork server starts once per process
    result = run_isolated(frame, 100_000)
    assert result.shape == (100_000, 2) and result["beloeb"].sum() == 4_999_950_000


def test_the_reader_hands_frames_over_by_pipe_when_no_file_can_be_written(tmp_path):
    """The sandbox writes each sheet to a temporary file; a folder it cannot write to (a full
    or size-limited disk) must fall back to the pipe, not fail a workbook that reads fine."""
    from gevinst.ingest.readers import read_listed_sheets

    wb = Workbook()
    wb.active.append(["Konto", "Beløb"])
    wb.active.append(["5.28.21", 1000])
    path = tmp_path / "b.xlsx"
    wb.save(path)
    written = read_listed_sheets(str(path), ["Sheet"], str(tmp_path))
    assert isinstance(written[0][1], str) and Path(written[0][1]).exists()
    missing = read_listed_sheets(str(path), ["Sheet"], str(tmp_path / "no-such-folder"))
    assert isinstance(missing[0][1], bytes)
    assert pl.read_ipc(missing[0][1]).equals(pl.read_ipc(written[0][1]))
