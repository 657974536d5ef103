"""Check an uploaded file before any native reader touches it: what it is, and whether it is safe.

`scan_file` is pure Python (zipfile + expat with DTDs and entities forbidden, as defusedxml does)
and streams every part in chunks, so a crafted file costs at most its declared size in time and
a few MB of memory. It never raises for bad input: everything it finds is a `Problem`. Besides
accepting or rejecting, it records what calamine hides from the reader behind it: the true
position of a sheet's first cell (calamine trims leading empty rows and columns), cached formula
errors (calamine returns `#REF!` as an empty cell) and formulas without a cached value.

Sheets in the usual canonical form are checked by `fastscan` at C speed (regular expressions
over the same stream, expat for everything around the rows); any other sheet, or anything
unusual in one, gets the per-tag walk below. Both give the same answer (tested on the same
sheets); the fast path only decides how long it takes.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal, NoReturn
from xml.parsers import expat

from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from gevinst.errors import Problem, Severity
from gevinst.ingest.cells import column_letters
from gevinst.ingest.fastscan import sheet_bounds
from gevinst.ingest.limits import Limits
from gevinst.messages import Lang, msg, register

Kind = Literal["xlsx", "csv", "parquet", "unknown"]

_CHUNK = 1 << 20
_SNIFF_BYTES = 64 * 1024
_SMALL_PART_BYTES = 16 * 2**20  # rels, workbook.xml, content types: never legitimately larger
_RATIO_MIN_BYTES = 1 * 2**20
_MAX_PROBLEMS_PER_KIND = 20  # a hostile file can hold a million bad cells; name the first ones
_MAX_CELLS_RECORDED = 10_000  # formula errors / uncached formulas kept per sheet

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML (calamine reads it)
)
_HIDDEN_STATES = {"hidden", "veryHidden"}
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET_MAGIC = b"PAR1"
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

register(
    {
        "ingest.safety.empty": {
            "da": "filen er tom (0 bytes); upload filen igen",
            "en": "the file is empty (0 bytes); upload it again",
        },
        "ingest.safety.too_large": {
            "da": "filen er for stor ({size} bytes; højst {limit}); del den op eller fjern "
            "overflødige ark",
            "en": "the file is too large ({size} bytes; at most {limit}); split it or remove "
            "sheets that are not needed",
        },
        "ingest.safety.unreadable": {
            "da": "filen kan ikke læses ({detail})",
            "en": "the file cannot be read ({detail})",
        },
        "ingest.safety.encrypted": {
            "da": "filen er beskyttet med adgangskode (krypteret); fjern adgangskoden i Excel "
            "og upload igen",
            "en": "the workbook is password-protected (encrypted); remove the password in "
            "Excel and upload it again",
        },
        "ingest.safety.xls": {
            "da": "filen er en gammel Excel 97-2003-fil (.xls); åbn den i Excel og gem den som "
            "Excel-projektmappe (.xlsx)",
            "en": "this is an old Excel 97-2003 file (.xls); open it in Excel and save it as an "
            "Excel Workbook (.xlsx)",
        },
        "ingest.safety.ods": {
            "da": "filen er et OpenDocument-regneark (.ods), ikke en Excel-projektmappe; gem "
            "den som .xlsx",
            "en": "this is an OpenDocument spreadsheet (.ods), not an Excel workbook; save it "
            "as .xlsx",
        },
        "ingest.safety.opendocument": {
            "da": "filen er et OpenDocument-dokument ({mimetype}), ikke et regneark",
            "en": "this is an OpenDocument file ({mimetype}), not a spreadsheet",
        },
        "ingest.safety.docx": {
            "da": "filen er ikke en Excel-projektmappe (den ligner et Word-dokument)",
            "en": "not an Excel workbook (it looks like a Word document)",
        },
        "ingest.safety.pptx": {
            "da": "filen er ikke en Excel-projektmappe (den ligner en PowerPoint-præsentation)",
            "en": "not an Excel workbook (it looks like a PowerPoint presentation)",
        },
        "ingest.safety.unknown": {
            "da": "filen er hverken en Excel-projektmappe (.xlsx), en CSV- eller en "
            "Parquet-fil; gem den som .xlsx eller .csv",
            "en": "the file is neither an Excel workbook (.xlsx) nor a CSV or Parquet file; "
            "save it as .xlsx or .csv",
        },
        "ingest.safety.truncated": {
            "da": "filen er afkortet eller beskadiget ({detail}); hent eller gem den igen",
            "en": "the file is truncated or corrupt ({detail}); download or save it again",
        },
        "ingest.safety.parquet_truncated": {
            "da": "Parquet-filen er afkortet (mangler slutmærket); hent eller gem den igen",
            "en": "the Parquet file is truncated (its end marker is missing); download or "
            "save it again",
        },
        "ingest.safety.crc": {
            "da": "filen er beskadiget (kontrolsumfejl i {part}); gem den igen i Excel",
            "en": "corrupt file (checksum error in {part}); save it again in Excel",
        },
        "ingest.safety.duplicate_entry": {
            "da": "tvetydig pakke: delen {part} findes flere gange; filen kan ikke læses "
            "entydigt — gem den igen i Excel",
            "en": "ambiguous package: the part {part} occurs more than once; save the file "
            "again in Excel",
        },
        "ingest.safety.unsafe_path": {
            "da": "filen indeholder et ulovligt stinavn ({part}); den afvises af sikkerhedshensyn",
            "en": "the file contains an illegal path ({part}); it is rejected for safety",
        },
        "ingest.safety.nonstandard_package": {
            "da": "ikke-standard pakke: delnavnet {part} bruger '\\'; åbn filen i Excel og gem "
            "den igen",
            "en": "non-standard package: the part name {part} uses '\\'; open the file in "
            "Excel and save it again",
        },
        "ingest.safety.too_many_entries": {
            "da": "filen indeholder for mange dele ({count}; højst {limit})",
            "en": "the file holds too many parts ({count}; at most {limit})",
        },
        "ingest.safety.too_big_uncompressed": {
            "da": "filen fylder {size} bytes udpakket (højst {limit}); den afvises som en "
            "mulig zip-bombe",
            "en": "the file unpacks to {size} bytes (at most {limit}); it is rejected as a "
            "possible zip bomb",
        },
        "ingest.safety.ratio": {
            "da": "delen {part} pakker ud til {ratio:.0f} gange sin størrelse (højst "
            "{limit:.0f}); den afvises som en mulig zip-bombe",
            "en": "the part {part} unpacks to {ratio:.0f} times its size (at most "
            "{limit:.0f}); it is rejected as a possible zip bomb",
        },
        "ingest.safety.zip_encrypted": {
            "da": "delen {part} er krypteret; fjern adgangskoden og upload igen",
            "en": "the part {part} is encrypted; remove the password and upload again",
        },
        "ingest.safety.macro": {
            "da": "projektmappen indeholder makroer ({part}); makroaktiverede filer (.xlsm, "
            "Excel 4.0-makroer) modtages ikke — gem som Excel-projektmappe (.xlsx) uden makroer",
            "en": "the workbook contains macros ({part}); macro-enabled workbooks (.xlsm, "
            "Excel 4.0 macros) are not accepted — save it as an Excel Workbook (.xlsx) "
            "without macros",
        },
        "ingest.safety.external_link": {
            "da": "værdierne afhænger af en ekstern projektmappe ({target}); de gemte værdier "
            "bruges, linket følges ikke",
            "en": "values depend on the external workbook {target}; the cached values are "
            "used, the link is not followed",
        },
        "ingest.safety.xml_forbidden": {
            "da": "delen {part} indeholder forbudt XML (DTD eller entiteter); filen afvises af "
            "sikkerhedshensyn",
            "en": "the part {part} contains forbidden XML DTD/entities; the file is rejected "
            "for safety",
        },
        "ingest.safety.xml_corrupt": {
            "da": "delen {part} er beskadiget og kan ikke læses ({detail}); gem filen igen i Excel",
            "en": "the part {part} is corrupt and cannot be read ({detail}); save the file "
            "again in Excel",
        },
        "ingest.safety.utf16": {
            "da": "delen {part} er gemt med en tegnkodning (UTF-16), som ikke understøttes; "
            "åbn filen i Excel og gem den igen",
            "en": "the part {part} uses an unsupported encoding (UTF-16); open the file in "
            "Excel and save it again",
        },
        "ingest.safety.ref_outside": {
            "da": "cellereferencen {ref} ligger uden for Excels gitter (højst XFD1048576)",
            "en": "the cell reference {ref} is outside Excel's grid (at most XFD1048576)",
        },
        "ingest.safety.ref_invalid": {
            "da": "ugyldig cellereference {ref}",
            "en": "invalid cell reference {ref}",
        },
        "ingest.safety.text_too_long": {
            "da": "en celletekst er længere end Excels grænse på 32.767 tegn ({chars} tegn)",
            "en": "cell text longer than Excel's 32,767-character limit ({chars} characters)",
        },
        "ingest.safety.no_workbook": {
            "da": "ikke en Excel-projektmappe (pakken har ingen projektmappedel)",
            "en": "not an Excel workbook (the archive has no workbook part)",
        },
        "ingest.safety.unsupported_dialect": {
            "da": "projektmappen bruger et format, der ikke understøttes (navnerum {ns}, fx en "
            "prøveudgave af Excel 2007); åbn den i Excel og gem som Excel-projektmappe",
            "en": "unsupported (pre-release Excel 2007 or unknown) format (namespace {ns}); "
            "open it in Excel and save it as an Excel Workbook",
        },
        "ingest.safety.no_sheets": {
            "da": "projektmappen har ingen regneark",
            "en": "the workbook has no worksheets",
        },
        "ingest.safety.sheet_missing": {
            "da": "arket {sheet} mangler i pakken ({part}); gem filen igen i Excel",
            "en": "the sheet {sheet} is missing from the package ({part}); save the file "
            "again in Excel",
        },
        "ingest.safety.duplicate_sheet": {
            "da": "arknavnet {sheet} findes flere gange",
            "en": "the sheet name {sheet} occurs more than once",
        },
        "ingest.safety.no_data": {
            "da": "projektmappen indeholder ingen data",
            "en": "the workbook contains no data",
        },
        "ingest.safety.hidden_sheet": {
            "da": "arket {sheet} er skjult",
            "en": "the sheet {sheet} is hidden",
        },
        "ingest.safety.more_problems": {
            "da": "… og {count} flere af samme slags",
            "en": "… and {count} more of the same kind",
        },
        "ingest.safety.formula_error": {
            "da": "cellen indeholder fejlværdien {value}; ret formlen i Excel og upload igen",
            "en": "the cell contains the error value {value}; fix the formula in Excel and "
            "upload again",
        },
        "ingest.safety.uncached_formula": {
            "da": "formlen har ingen beregnet værdi (projektmappen er ikke genberegnet); åbn "
            "og gem den i Excel",
            "en": "the formula has no calculated value (the workbook was not recalculated); "
            "open and save it in Excel",
        },
    }
)


@dataclass(frozen=True)
class SheetScan:
    """What the sheet XML says about one worksheet, in true 1-based sheet coordinates.

    `first_row`/`first_col` are where calamine's (and so fastexcel's) frame starts: calamine
    trims leading empty rows and columns, so frame row i is sheet row `first_row + i`. A cell
    counts when it holds a value (a `<v>` with text, or an inline string), as calamine counts
    it; styled empty cells, an empty `<v/>` (but in `t="str"` and `t="d"` cells, where calamine
    returns an empty text) and formulas without a cached value do not. An empty sheet has all
    four set to 0.
    """

    name: str
    index: int  # position in the workbook's sheet list: fastexcel's `load_sheet(index)`
    hidden: bool
    xml_path: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    formula_errors: dict[str, str]
    uncached_formulas: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return self.last_row == 0


@dataclass(frozen=True)
class Scan:
    """The verdict on one file: its kind, every problem found and the worksheets to read."""

    kind: Kind
    problems: tuple[Problem, ...]
    sheets: tuple[SheetScan, ...]

    @property
    def ok(self) -> bool:
        """True when no problem is an error: warnings (external links, hidden sheets) pass."""
        return not any(p.severity == "error" for p in self.problems)


_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    expat.ExpatError,
)


class _Reject(Exception):
    """Stops the scan: the file is rejected and reading further would only cost time."""


@dataclass
class _Report:
    """Collects problems for one file, capping each kind so a hostile file stays small."""

    file: str
    lang: Lang
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, where: str = "", *, severity: Severity = "error",
            **values: object) -> None:
        self._record(key, where, severity, values)

    def fail(self, key: str, where: str = "", **values: object) -> _Reject:
        self._record(key, where, "error", values)
        return _Reject(key)

    def _record(self, key: str, where: str, severity: Severity, values: dict[str, object]
                ) -> None:
        self.counts[key] += 1
        if self.counts[key] <= _MAX_PROBLEMS_PER_KIND:
            text = msg(f"ingest.safety.{key}", self.lang, **values)
            self.problems.append(Problem(self.file, where, text, severity))

    def close(self) -> tuple[Problem, ...]:
        for count in self.counts.values():
            if count > _MAX_PROBLEMS_PER_KIND:
                extra = msg(
                    "ingest.safety.more_problems", self.lang, count=count - _MAX_PROBLEMS_PER_KIND
                )
                self.problems.append(Problem(self.file, "", extra))
        return tuple(self.problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def scan_file(
    path: Path,
    display_name: str | None = None,
    lang: Lang = "da",
    limits: Limits = Limits(),  # noqa: B008 - frozen, so a shared default is safe
    *,
    on_sheets: Callable[[tuple[SheetName, ...]], None] | None = None,
    fast: bool = True,
) -> Scan:
    """Classify `path` and check it; every finding is a Problem named after `display_name`.

    `on_sheets`, if given, is called at most once with the workbook's worksheets as soon as
    the zip entries have passed their checks, before CRCs and XML are — the slow part — so a
    caller can start the sandboxed read meanwhile (it must still wait for the verdict before
    using anything read). `fast=False` walks every sheet in full (for tests).
    """
    report = _Report(display_name or Path(path).name, lang)
    kind: Kind = "unknown"
    sheets: tuple[SheetScan, ...] = ()
    try:
        kind = _sniff(Path(path), report, limits)
        if kind == "xlsx":
            sheets = _scan_package(Path(path), report, limits, _Options(on_sheets, fast))
    except _Reject:
        pass
    except OSError as exc:  # the upload vanished or is unreadable: still an answer, not a crash
        report.add("unreadable", detail=exc.strerror or type(exc).__name__)
    except _DAMAGE as exc:  # a damaged part met outside the checks that expect it
        report.add("truncated", detail=f"{type(exc).__name__}: {str(exc)[:200]}")
    return Scan(kind, report.close(), sheets)


def formula_problems(
    scan: Scan, file: str, lang: Lang = "da", severity: Severity = "error"
) -> list[Problem]:
    """Problems for every recorded formula error and uncached formula, with true addresses.

    The scan records these as data, not problems: whether they reject the file depends on
    whether the cell holds an amount, which only shape recognition knows.
    """
    out: list[Problem] = []
    for sheet in scan.sheets:
        for ref, value in sheet.formula_errors.items():
            text = msg("ingest.safety.formula_error", lang, value=value)
            out.append(Problem(file, f"{sheet.name}!{ref}", text, severity))
        for ref in sheet.uncached_formulas:
            text = msg("ingest.safety.uncached_formula", lang)
            out.append(Problem(file, f"{sheet.name}!{ref}", text, severity))
    return out


# --- what kind of file is it -------------------------------------------------------------


def _sniff(path: Path, report: _Report, limits: Limits) -> Kind:
    """Decide the kind from the first bytes, never from the extension."""
    size = path.stat().st_size
    if size == 0:
        raise report.fail("empty")
    if size > limits.max_file_bytes:
        raise report.fail("too_large", size=size, limit=limits.max_file_bytes)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head[:4] in _ZIP_MAGIC:
        return "xlsx"
    if head.startswith(_CFB_MAGIC):
        raise report.fail("encrypted" if _cfb_is_encrypted(path) else "xls")
    if head.startswith(_PARQUET_MAGIC):
        _check_parquet_tail(path, report)
        return "parquet"
    if _looks_like_csv(head):
        return "csv"
    raise report.fail("unknown")


def _cfb_is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is a CFB file with EncryptionInfo/EncryptedPackage streams (MS-OFFCRYPTO).

    The stream names sit in CFB directory sectors as UTF-16LE; searching the file for them in
    chunks (with an overlap for names split across chunks) needs no CFB parser.
    """
    overlap = max(len(name) for name in _ENCRYPTION_STREAMS)
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            if any(name in window for name in _ENCRYPTION_STREAMS):
                return True
            tail = window[-overlap:]
    return False


def _check_parquet_tail(path: Path, report: _Report) -> None:
    with path.open("rb") as fh:
        fh.seek(-4, 2)
        if fh.read(4) != _PARQUET_MAGIC:
            raise report.fail("parquet_truncated")


def _looks_like_csv(head: bytes) -> bool:
    """Text in UTF-8 or Windows-1252 with a delimiter in its first line is taken for CSV."""
    if b"\x00" in head:
        return False
    text = _decode_text(head.removeprefix(b"\xef\xbb\xbf"))
    if text is None:
        return False
    first_line = text.split("\n", 1)[0]
    return any(delim in first_line for delim in (";", ",", "\t"))


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (a multi-byte character cut at the sniff boundary is fine), else cp1252, else None."""
    import codecs

    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


# --- the zip container ---------------------------------------------------------------------


@dataclass(frozen=True)
class SheetName:
    """A worksheet as the workbook part lists it, known before its XML is scanned."""

    name: str
    index: int  # position in the workbook's sheet list
    hidden: bool


@dataclass(frozen=True)
class _Options:
    on_sheets: Callable[[tuple[SheetName, ...]], None] | None = None
    fast: bool = True


def _scan_package(
    path: Path, report: _Report, limits: Limits, options: _Options
) -> tuple[SheetScan, ...]:
    _check_central_directory_size(path, report, limits)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError) as exc:
        raise report.fail("truncated", detail=str(exc) or type(exc).__name__) from None
    with zf:
        infos = zf.infolist()
        _check_entries(infos, report, limits)
        parts = {info.filename.lower(): info for info in infos}
        _identify(zf, parts, report)
        _check_macros(parts, report)
        if report.has_errors:
            raise _Reject("identify")
        if options.on_sheets is not None:
            _announce_sheets(zf, parts, limits, options.on_sheets)
        _check_crcs(zf, infos, report)
        if report.has_errors:
            raise _Reject("crc")
        return _Package(zf, parts, report, limits, options).scan()


def _announce_sheets(
    zf: zipfile.ZipFile,
    parts: dict[str, zipfile.ZipInfo],
    limits: Limits,
    on_sheets: Callable[[tuple[SheetName, ...]], None],
) -> None:
    """Tell `on_sheets` the worksheets as soon as the entries passed, before CRCs and XML.

    The names are read as the scan reads them later, with a scratch report: if anything is
    wrong, nothing is said (the scan will say it, and the caller then starts its reader
    after the scan). Whoever starts reading now must still wait for the scan's verdict.
    """
    scratch = _Report("", "en")
    try:
        package = _Package(zf, parts, scratch, limits, _Options())
        entries = [e for e in package._sheet_entries(package._workbook_part()) if _is_sheet(e)]
    except Exception:  # a damaged part: the scan proper will name it
        return
    if not scratch.has_errors:
        on_sheets(tuple(SheetName(e.name, e.index, e.hidden) for e in entries))


def _check_central_directory_size(path: Path, report: _Report, limits: Limits) -> None:
    """Refuse an archive whose directory alone would cost a lot to load.

    zipfile reads the whole central directory into memory and builds an object per entry, so
    the entry count is checked from the end-of-central-directory record before opening it.
    """
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return  # zipfile will say it is not a zip (truncated)
    count, cd_size = struct.unpack("<HI", tail[pos + 10 : pos + 16])
    if count != 0xFFFF and count > limits.max_entries:
        raise report.fail("too_many_entries", count=count, limit=limits.max_entries)
    if cd_size != 0xFFFFFFFF and cd_size > limits.max_entries * 1024:
        raise report.fail(
            "too_many_entries", count=f"> {limits.max_entries}", limit=limits.max_entries
        )


def _check_entries(infos: list[zipfile.ZipInfo], report: _Report, limits: Limits) -> None:
    """Names, counts and declared sizes: all from the central directory, nothing inflated yet."""
    if len(infos) > limits.max_entries:
        raise report.fail("too_many_entries", count=len(infos), limit=limits.max_entries)
    names = Counter(info.filename.lower() for info in infos)
    for name, count in names.items():
        if count > 1:
            report.add("duplicate_entry", part=name)
    for info in infos:
        _check_name(info.filename, report)
        if info.flag_bits & 0x1:
            report.add("zip_encrypted", part=info.filename)
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        report.add("too_big_uncompressed", size=total, limit=limits.max_uncompressed_bytes)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_BYTES and ratio > limits.max_ratio:
            report.add("ratio", part=info.filename, ratio=ratio, limit=limits.max_ratio)
    if report.has_errors:
        raise _Reject("entries")


def _check_name(name: str, report: _Report) -> None:
    if "\\" in name:
        report.add("nonstandard_package", part=name)
    segments = name.split("/")
    if name.startswith("/") or ".." in segments or "\x00" in name or re.match(r"[A-Za-z]:", name):
        report.add("unsafe_path", part=name)


def _identify(zf: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], report: _Report) -> None:
    """Name a non-workbook package for what it is (ODS, Word, PowerPoint) instead of 'corrupt'."""
    if "mimetype" in parts:
        mimetype = _read_small(zf, parts["mimetype"], 200).decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            raise report.fail("ods")
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            raise report.fail("opendocument", mimetype=mimetype)
    has_xl = any(name.startswith("xl/") or name == "workbook.xml" for name in parts)
    if not has_xl and "word/document.xml" in parts:
        raise report.fail("docx")
    if not has_xl and "ppt/presentation.xml" in parts:
        raise report.fail("pptx")


def _check_macros(parts: dict[str, zipfile.ZipInfo], report: _Report) -> None:
    for name, info in parts.items():
        if name.endswith("vbaproject.bin") or "/macrosheets/" in f"/{name}":
            report.add("macro", part=info.filename)
            return


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(info) as fh:
        return fh.read(limit)


def _check_crcs(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], report: _Report) -> None:
    """Inflate every entry in chunks; zipfile checks the CRC-32 when an entry's end is reached.

    zipfile stops at the declared size, so an entry that inflates past it fails its CRC here
    instead of growing: the work is bounded by the declared sizes checked before.
    """
    for info in infos:
        if info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                while fh.read(_CHUNK):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            if "CRC" in str(exc):
                report.add("crc", part=info.filename)
            else:
                report.add("truncated", detail=f"{info.filename}: {exc}")
        except (NotImplementedError, RuntimeError) as exc:
            report.add("truncated", detail=f"{info.filename}: {exc}")


# --- XML, streamed with DTDs and entities forbidden ----------------------------------------


StartHandler = Callable[[str, dict[str, str]], None]


def _forbid_dtd(*_: object) -> None:
    raise DTDForbidden(None, None, None)


def _forbid_entity(*_: object) -> None:
    raise EntitiesForbidden(None, None, None, None, None, None)


def _forbid_external(*_: object) -> NoReturn:
    raise ExternalReferenceForbidden(None, None, None, None)


def _new_parser(on_start: StartHandler, namespaces: bool = True) -> expat.XMLParserType:
    """An expat parser (namespaces resolved to "ns local" if asked) with every DTD feature refused.

    The guards are defusedxml's (forbid_dtd, forbid_entities, forbid_external) on raw expat:
    the sheet XML is the bulk of a workbook and ElementTree is 4× slower on it.
    """
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_entity
    parser.ExternalEntityRefHandler = _forbid_external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = on_start
    return parser


def _guarded_parser() -> expat.XMLParserType:
    """A parser that only checks: well-formed, no DTD, no entities (for `fastscan`)."""
    return _new_parser(_ignore_start, namespaces=False)


def _ignore_start(name: str, attrs: dict[str, str]) -> None:
    """No element matters to a parser that only checks."""


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    while chunk := fh.read(_CHUNK):
        yield chunk


def _parse(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    report: _Report,
    setup: Callable[[expat.XMLParserType], None],
    on_start: StartHandler,
    namespaces: bool = True,
) -> bool:
    """Stream one part through expat; False (with a problem added) when it cannot be read."""
    parser = _new_parser(on_start, namespaces)
    setup(parser)
    try:
        with zf.open(info) as fh:
            first = True
            for chunk in _chunks(fh):
                if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    report.add("utf16", part=info.filename)
                    return False
                first = False
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except DefusedXmlException:
        report.add("xml_forbidden", part=info.filename)
        return False
    except expat.ExpatError as exc:
        report.add("xml_corrupt", part=info.filename, detail=expat.ErrorString(exc.code))
        return False
    return True


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _attr(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by local name in any namespace (r:id is transitional or Strict)."""
    for key, value in attrs.items():
        if _local(key) == local:
            return value
    return None


# --- the package: relationships, workbook, sheets ------------------------------------------


@dataclass
class _SheetEntry:
    name: str
    index: int
    hidden: bool
    rel_type: str
    part: str


class _Package:
    """Follows the relationships from `_rels/.rels` to the workbook and its sheets (OPC)."""

    def __init__(
        self,
        zf: zipfile.ZipFile,
        parts: dict[str, zipfile.ZipInfo],
        report: _Report,
        limits: Limits,
        options: _Options,
    ) -> None:
        self.zf, self.parts, self.report, self.limits = zf, parts, report, limits
        self.options = options

    def scan(self) -> tuple[SheetScan, ...]:
        workbook = self._workbook_part()
        entries = [entry for entry in self._sheet_entries(workbook) if _is_sheet(entry)]
        self._warn_external_links(workbook)
        self._check_shared_strings(workbook)
        scans = tuple(self._scan_sheet(entry) for entry in entries)
        if self.report.has_errors:
            return scans
        if not scans:
            raise self.report.fail("no_sheets")
        if all(sheet.empty for sheet in scans):
            raise self.report.fail("no_data")
        return scans

    def _info(self, part: str) -> zipfile.ZipInfo | None:
        """OPC part names are case-insensitive (xl/SharedStrings.xml is xl/sharedStrings.xml)."""
        return self.parts.get(part.lower().lstrip("/"))

    def _relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(Id, Type, resolved target) of a part's internal relationships; [] if it has none."""
        folder, base = posixpath.split(source)
        info = self._info(posixpath.join(folder, "_rels", f"{base}.rels"))
        if info is None:
            return []
        rels: list[tuple[str, str, str]] = []

        def on_start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                resolved = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                rels.append((attrs.get("Id", ""), attrs.get("Type", ""), resolved))

        if not self._parse_small(info, on_start):
            raise _Reject("rels")
        return rels

    def _parse_small(self, info: zipfile.ZipInfo, on_start: StartHandler) -> bool:
        if info.file_size > _SMALL_PART_BYTES:
            self.report.add("xml_corrupt", part=info.filename, detail="too large")
            return False
        return _parse(self.zf, info, self.report, lambda _: None, on_start)

    def _workbook_part(self) -> str:
        for _, rel_type, target in self._relationships(""):
            if rel_type.endswith("/officeDocument") and self._info(target) is not None:
                return target
        raise self.report.fail("no_workbook")

    def _sheet_entries(self, workbook: str) -> list[_SheetEntry]:
        rels = {
            rel_id: (rel_type, target) for rel_id, rel_type, target in self._relationships(workbook)
        }
        raw: list[dict[str, str]] = []
        namespaces: list[str] = []

        def on_start(name: str, attrs: dict[str, str]) -> None:
            if not namespaces:
                namespaces.append(name.rpartition(" ")[0])
            if _local(name) == "sheet":
                raw.append(
                    {
                        "name": attrs.get("name", ""),
                        "state": attrs.get("state", ""),
                        "rid": _attr(attrs, "id") or "",
                    }
                )

        info = self._info(workbook)
        if info is None or not self._parse_small(info, on_start):
            raise _Reject("workbook")
        if namespaces and namespaces[0] not in _MAIN_NS:
            raise self.report.fail("unsupported_dialect", ns=namespaces[0] or "-")
        return self._entries(raw, rels)

    def _entries(
        self, raw: list[dict[str, str]], rels: dict[str, tuple[str, str]]
    ) -> list[_SheetEntry]:
        entries: list[_SheetEntry] = []
        seen: set[str] = set()
        for index, sheet in enumerate(raw):
            rel_type, target = rels.get(sheet["rid"], ("", ""))
            if rel_type.lower().endswith(("macrosheet", "intlmacrosheet")):
                self.report.add("macro", part=target or sheet["name"])
            if sheet["name"].lower() in seen:
                self.report.add("duplicate_sheet", sheet=sheet["name"])
            seen.add(sheet["name"].lower())
            hidden = sheet["state"] in _HIDDEN_STATES
            entries.append(_SheetEntry(sheet["name"], index, hidden, rel_type, target))
        if self.report.has_errors:
            raise _Reject("sheets")
        return entries

    def _warn_external_links(self, workbook: str) -> None:
        links = [n for n in self.parts if n.startswith("xl/externallinks/") and n.endswith(".xml")]
        for link in sorted(links):
            targets = self._external_targets(link)
            for target in targets or [posixpath.basename(link)]:
                self.report.add("external_link", severity="warning", target=target)

    def _external_targets(self, link: str) -> list[str]:
        folder, base = posixpath.split(link)
        info = self._info(posixpath.join(folder, "_rels", f"{base}.rels"))
        targets: list[str] = []

        def on_start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship" and attrs.get("Target"):
                targets.append(posixpath.basename(attrs["Target"].replace("\\", "/")))

        if info is not None:
            self._parse_small(info, on_start)
        return targets

    def _check_shared_strings(self, workbook: str) -> None:
        for _, rel_type, target in self._relationships(workbook):
            info = self._info(target)
            if rel_type.endswith("/sharedStrings") and info is not None:
                _SharedStrings(self.limits, self.report).scan(self.zf, info)

    def _scan_sheet(self, entry: _SheetEntry) -> SheetScan:
        info = self._info(entry.part)
        if info is None:
            self.report.add("sheet_missing", sheet=entry.name, part=entry.part or "-")
            return SheetScan(entry.name, entry.index, entry.hidden, entry.part, 0, 0, 0, 0, {}, ())
        if entry.hidden:
            self.report.add("hidden_sheet", severity="warning", sheet=entry.name)
        if self.options.fast:
            bounds = sheet_bounds(self.zf, info, self.limits, _guarded_parser)
            if bounds is not None:  # canonical: the walk would find these bounds, nothing else
                name, index, hidden = entry.name, entry.index, entry.hidden
                return SheetScan(name, index, hidden, info.filename, *bounds, {}, ())
        walker = _SheetWalker(entry.name, self.limits, self.report)
        _parse(self.zf, info, self.report, walker.attach, walker.on_start, namespaces=False)
        return walker.result(entry.index, entry.hidden, info.filename)


def _is_sheet(entry: _SheetEntry) -> bool:
    """Worksheets are scanned; chart and dialog sheets hold no cells and are skipped."""
    return entry.rel_type.endswith("/worksheet")


class _SharedStrings:
    """Checks the length of every shared string, never trusting the count attributes."""

    def __init__(self, limits: Limits, report: _Report) -> None:
        self.limits, self.report = limits, report
        self.parser: expat.XMLParserType | None = None
        self.length = 0
        self.longest = 0

    def scan(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        if _parse(zf, info, self.report, self._attach, self._on_start):
            self._end_item()

    def _attach(self, parser: expat.XMLParserType) -> None:
        self.parser = parser

    def _on_start(self, name: str, attrs: dict[str, str]) -> None:
        assert self.parser is not None
        local = _local(name)
        self.parser.CharacterDataHandler = self._count if local == "t" else None
        if local == "si":
            self._end_item()

    def _count(self, text: str) -> None:
        self.length += len(text)

    def _end_item(self) -> None:
        if self.length > self.limits.max_cell_chars:
            self.report.add("text_too_long", where="xl/sharedStrings.xml", chars=self.length)
        self.length = 0


def _column_numbers(max_cols: int) -> dict[str, int]:
    """'A' → 1 … 'XFD' → 16384: one dict lookup per cell instead of arithmetic."""
    return {column_letters(number): number for number in range(1, max_cols + 1)}


_COLUMNS_CACHE: dict[int, dict[str, int]] = {}
_DIGITS = "0123456789"
_NOWHERE = 1 << 62  # larger than any row or column: the first value always replaces it


def _number(digits: str) -> int | None:
    """A 1-based row number from ASCII digits (no sign, no leading zero); None if not a number.

    A run of more than 12 digits is a number far outside the grid: it is not converted (Python
    refuses int() of 4300+ digits, and a hostile file may hold millions).
    """
    if not digits or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return None
    return _NOWHERE if len(digits) > 12 else int(digits)


_C, _ROW, _V, _IS, _F, _OTHER = range(6)
_LOCAL_CODES = {"c": _C, "row": _ROW, "v": _V, "is": _IS, "f": _F}
_EMPTY_IS_VALUE = frozenset({"str", "d"})  # cell types whose empty <v> calamine still returns
_MAX_CACHED_NAMES = 10_000


class _SheetWalker:
    """Walks one sheet's XML once: true used range, cell references, errors, uncached formulas.

    Every start tag costs one Python call, and a sheet of 100.000 rows has millions, so the
    handler is one closure over local variables (attribute access would double its cost) and
    the parser resolves no namespaces: elements are matched by local name whatever their prefix,
    as calamine matches them, which also makes the check conservative (more, not fewer, cells):
    cell references are split with `rstrip` and looked up in a dict, text is only collected for
    the rare error cells and counted (not kept) for inline strings, and a formula's missing
    `<v>` is noticed at the next cell instead of with an end-tag handler on every element.
    An empty `<v/>` is no value to calamine (except in `t="str"`/`t="d"` cells: an empty text
    or date), so a formula with one has no cached value (openpyxl writes `<f>…</f><v/>`) and the
    cell does not widen the used range; the text of `<v>` is only awaited where that matters.
    `sheet_bounds` in `fastscan` answers the same questions for canonical sheets without a
    Python call per tag; `_Package._scan_sheet` tries it first.
    """

    def __init__(self, sheet: str, limits: Limits, report: _Report) -> None:
        self.sheet, self.limits, self.report = sheet, limits, report
        if limits.max_cols not in _COLUMNS_CACHE:
            _COLUMNS_CACHE[limits.max_cols] = _column_numbers(limits.max_cols)
        self.columns = _COLUMNS_CACHE[limits.max_cols]
        self.bounds = [0, 0, 0, 0]  # first_row, first_col, last_row, last_col
        self.errors: dict[str, str] = {}
        self.uncached: list[str] = []
        self.dropped = 0
        self.finish: Callable[[], None] = lambda: None

    def on_start(self, name: str, attrs: dict[str, str]) -> None:
        """Replaced by `attach`; kept so `_parse` has a handler before the parser exists."""

    def attach(self, parser: expat.XMLParserType) -> None:
        parser.StartElementHandler, self.finish = self._handlers(parser)

    def _handlers(  # noqa: C901 - the sheet walker; split into handlers with the container split
        self, parser: expat.XMLParserType
    ) -> tuple[Callable[[str, dict[str, str]], None], Callable[[], None]]:
        codes: dict[str, int] = dict(_LOCAL_CODES)
        columns = self.columns
        max_rows, max_cols, max_chars = (
            self.limits.max_rows,
            self.limits.max_cols,
            self.limits.max_cell_chars,
        )
        row = col = 0
        ref: str | None = None
        cell_type = ""
        valid = formula = has_value = False
        collecting = ""  # "v": a value's text, until </v>; "is": an inline string's length
        text: list[str] = []
        length = 0
        row_digits = ""  # the digits of the last valid cell reference, to skip int() per cell
        first_row = first_col = _NOWHERE
        last_row = last_col = 0

        def count(chunk: str) -> None:
            nonlocal length
            length += len(chunk)

        def address() -> str:
            return ref if ref is not None else f"{column_letters(col)}{row}"

        def extend() -> None:
            nonlocal first_row, first_col, last_row, last_col
            first_row, last_row = min(first_row, row), max(last_row, row)
            first_col, last_col = min(first_col, col), max(last_col, col)

        def value_read() -> None:
            """A pending <v> is over: it holds a value only if it holds text (as in calamine)."""
            nonlocal collecting, has_value
            parser.CharacterDataHandler = None
            parser.EndElementHandler = None
            collecting = ""
            value = "".join(text)
            if value:
                has_value = True
                if valid:
                    extend()
            if cell_type == "e" and valid:
                self._error(address(), value)

        def value_end(name: str) -> None:
            if name.rpartition(":")[2] == "v":
                value_read()

        def settle() -> None:
            nonlocal collecting, formula, has_value
            if collecting == "v":
                value_read()
            elif collecting:
                parser.CharacterDataHandler = None
                if length > max_chars:
                    where = f"{self.sheet}!{address()}"
                    self.report.add("text_too_long", where=where, chars=length)
                collecting = ""
            if formula and not has_value and valid:
                self._uncached(address())
            formula = has_value = False

        def code_of(name: str) -> int:
            code = _LOCAL_CODES.get(name.rpartition(":")[2], _OTHER)
            if len(codes) < _MAX_CACHED_NAMES:
                codes[name] = code
            return code

        def on_start(name: str, attrs: dict[str, str]) -> None:  # noqa: C901
            nonlocal row, col, ref, cell_type, valid, formula, has_value, collecting, length
            nonlocal row_digits, first_row, first_col, last_row, last_col
            code = codes.get(name)
            if code is None:
                code = code_of(name)
            if code == _C:
                if formula or collecting:
                    settle()
                has_value = False
                ref = attrs.get("r")
                cell_type = attrs.get("t", "n")
                valid = True
                if ref is None:
                    col += 1
                    if col > max_cols:
                        valid = False
                        self._bad("ref_outside", address())
                    return
                letters = ref.rstrip(_DIGITS)
                number = columns.get(letters)
                digits = ref[len(letters) :]
                if number is not None:
                    if digits == row_digits:  # the common case: same row as the last cell
                        col = number
                        return
                    r = _number(digits)
                    if r is not None and r <= max_rows:
                        row, col, row_digits = r, number, digits
                        return
                valid = False
                self._bad_ref(ref, letters, _number(digits))
            elif code == _V:
                if collecting == "v":
                    value_read()
                if cell_type in _EMPTY_IS_VALUE:  # calamine keeps even an empty <v> of these
                    has_value = True
                    if valid:
                        extend()
                elif cell_type == "inlineStr":
                    pass  # calamine reads an inline string's <is>, never its <v>
                elif (
                    formula
                    or cell_type == "e"
                    or (valid and not (first_row <= row <= last_row))
                    or (valid and not (first_col <= col <= last_col))
                ):
                    # whether <v> holds text matters here: wait for </v> (rare: formulas,
                    # errors, and a value that would widen the used range, about once a row)
                    collecting = "v"
                    text.clear()
                    parser.CharacterDataHandler = text.append
                    parser.EndElementHandler = value_end
                else:
                    has_value = True  # inside the used range, an empty <v> changes nothing
            elif code == _F:
                formula = True
            elif code == _IS:
                if collecting == "v":
                    value_read()
                has_value = True
                if valid:  # extend the used range, inline: this runs once per value
                    if row < first_row:
                        first_row = row
                    if row > last_row:
                        last_row = row
                    if col < first_col:
                        first_col = col
                    if col > last_col:
                        last_col = col
                collecting = "is"
                length = 0
                parser.CharacterDataHandler = count
            elif code == _ROW:
                settle()
                r_attr = attrs.get("r")
                number = row + 1 if r_attr is None else _number(r_attr)
                if number is None:
                    self._bad("ref_invalid", f"row {r_attr}", where=self.sheet)
                elif number > max_rows:
                    self._bad("ref_outside", f"row {r_attr}", where=self.sheet)
                else:
                    row = number
                row_digits = ""  # a cell must name its row again before the shortcut applies
                col = 0

        def finish() -> None:
            settle()
            if last_row:
                self.bounds[:] = [first_row, first_col, last_row, last_col]

        return on_start, finish

    def _bad_ref(self, ref: str, letters: str, row: int | None) -> None:
        outside = row is not None and letters.isascii() and letters.isalpha() and letters.isupper()
        self._bad("ref_outside" if outside else "ref_invalid", ref)

    def _bad(self, key: str, ref: str, where: str | None = None) -> None:
        shown = ref if len(ref) <= 24 else f"{ref[:20]}…"  # a hostile ref may be megabytes long
        self.report.add(key, where=f"{self.sheet}!{shown}" if where is None else where, ref=shown)

    def _error(self, ref: str, value: str) -> None:
        if len(self.errors) < _MAX_CELLS_RECORDED:
            self.errors[ref] = value.strip()
        else:
            self.dropped += 1

    def _uncached(self, ref: str) -> None:
        if len(self.uncached) < _MAX_CELLS_RECORDED:
            self.uncached.append(ref)
        else:
            self.dropped += 1

    def result(self, index: int, hidden: bool, xml_path: str) -> SheetScan:
        self.finish()
        if self.dropped:
            self.report.add(
                "more_problems", where=self.sheet, severity="warning", count=self.dropped
            )
        first_row, first_col, last_row, last_col = self.bounds
        return SheetScan(
            name=self.sheet,
            index=index,
            hidden=hidden,
            xml_path=xml_path,
            first_row=first_row,
            first_col=first_col,
            last_row=last_row,
            last_col=last_col,
            formula_errors=dict(self.errors),
            uncached_formulas=tuple(self.uncached),
        )
