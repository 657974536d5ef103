"""The workbook package (OPC): from `_rels/.rels` to the workbook, its sheets and their XML."""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from gevinst.errors import Problem
from gevinst.ingest.container.report import Reject, Report, SheetScan
from gevinst.ingest.container.safexml import (
    StartHandler,
    attr_of,
    guarded_parser,
    local_name,
    parse,
)
from gevinst.ingest.container.walker import SheetWalker
from gevinst.ingest.container.zipcheck import (
    check_central_directory_size,
    check_crcs,
    check_entries,
    check_macros,
    identify,
)
from gevinst.ingest.fastscan import sheet_bounds
from gevinst.ingest.limits import Limits

_SMALL_PART_BYTES = 16 * 2**20  # rels, workbook.xml, content types: never legitimately larger
_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML (calamine reads it)
)
_HIDDEN_STATES = {"hidden", "veryHidden"}


@dataclass(frozen=True)
class SheetName:
    """A worksheet as the workbook part lists it, known before its XML is scanned."""

    name: str
    index: int  # position in the workbook's sheet list
    hidden: bool


@dataclass(frozen=True)
class Options:
    on_sheets: Callable[[tuple[SheetName, ...]], None] | None = None
    fast: bool = True


def scan_package(
    path: Path, report: Report, limits: Limits, options: Options
) -> tuple[SheetScan, ...]:
    with _checked_entries(path, report, limits) as (zf, infos, parts):
        if options.on_sheets is not None:
            _announce_sheets(zf, parts, limits, options.on_sheets)
        return _scan_checking_crcs(zf, infos, _Package(zf, parts, report, limits, options))


def announced_sheets(path: Path, report: Report, limits: Limits) -> tuple[SheetName, ...] | None:
    """The worksheets `scan_package` would announce to `on_sheets` for the same file, read the
    same way after the same checks, or None where it would announce none; nothing beyond
    that is checked (no CRC, no sheet XML): whoever starts reading on this must still wait
    for the scan's verdict, as with `on_sheets`. Raises what `scan_package` would raise there.
    """
    announced: list[tuple[SheetName, ...]] = []
    with _checked_entries(path, report, limits) as (zf, _, parts):
        _announce_sheets(zf, parts, limits, announced.append)
    return announced[0] if announced else None


@contextlib.contextmanager
def _checked_entries(
    path: Path, report: Report, limits: Limits
) -> Iterator[tuple[zipfile.ZipFile, list[zipfile.ZipInfo], dict[str, zipfile.ZipInfo]]]:
    """The open zip, its entries and its parts by lower-case name, once the central directory,
    the entries (sizes, ratios, names), the package's identity and macros have passed."""
    check_central_directory_size(path, report, limits)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError) as exc:
        raise report.fail("truncated", detail=str(exc) or type(exc).__name__) from None
    with zf:
        infos = zf.infolist()
        check_entries(infos, report, limits)
        parts = {info.filename.lower(): info for info in infos}
        identify(zf, parts, report)
        check_macros(parts, report)
        if report.has_errors:
            raise Reject("identify")
        yield zf, infos, parts


def _scan_checking_crcs(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], package: _Package
) -> tuple[SheetScan, ...]:
    """Every entry's CRC checked, then the XML scanned, as if in that order; a worksheet is
    inflated once, not twice.

    Inflating a 100.000-row sheet costs ~0,2 s, and checking its CRC first and scanning its
    XML after did that twice. Worksheets are therefore checked on the way: the fast scan
    reads a canonical sheet to its end, where zipfile compares the CRC (and raises, which
    makes the fast scan step aside), so a sheet it gave bounds for has passed. Every other
    deferred entry (walked, not scanned, or the scan stopped early) is inflated here after
    the scan. If any entry fails its CRC, the report is put back to what it held before the
    XML was read and the CRC check of every entry runs in its original order, so the file is
    rejected with exactly the problems, and only the problems, that checking first gave.
    """
    report = package.report
    before = report.snapshot()
    deferred = [i for i in infos if i.filename.lower().startswith("xl/worksheets/")]
    check_crcs(
        zf, [i for i in infos if not i.filename.lower().startswith("xl/worksheets/")], report
    )
    if report.has_errors:
        _reject_for_crcs(zf, infos, report, before)
    try:
        scans = package.scan()
    except Exception:  # a Reject, or damage met in the XML: a CRC failure explains it first
        _check_unverified(zf, infos, deferred, package, before)
        raise
    _check_unverified(zf, infos, deferred, package, before)
    return scans


def _check_unverified(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    deferred: list[zipfile.ZipInfo],
    package: _Package,
    before: tuple[list[Problem], Counter[str]],
) -> None:
    """The CRCs of the deferred entries the fast scan did not read to their end."""
    unverified = [i for i in deferred if i.filename not in package.crc_checked]
    probe = Report(package.report.file, package.report.lang)
    check_crcs(zf, unverified, probe)
    if probe.has_errors:
        _reject_for_crcs(zf, infos, package.report, before)


def _reject_for_crcs(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    report: Report,
    before: tuple[list[Problem], Counter[str]],
) -> NoReturn:
    report.restore(before)
    check_crcs(zf, infos, report)
    raise Reject("crc")


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
    scratch = Report("", "en")
    try:
        package = _Package(zf, parts, scratch, limits, Options())
        entries = [e for e in package._sheet_entries(package._workbook_part()) if _is_sheet(e)]
    except Exception:  # a damaged part: the scan proper will name it
        return
    if not scratch.has_errors:
        on_sheets(tuple(SheetName(e.name, e.index, e.hidden) for e in entries))


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
        report: Report,
        limits: Limits,
        options: Options,
    ) -> None:
        self.zf, self.parts, self.report, self.limits = zf, parts, report, limits
        self.options = options
        #: parts read to their end by the fast scan: zipfile has compared their CRC
        self.crc_checked: set[str] = set()

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
            if local_name(name) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                resolved = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                rels.append((attrs.get("Id", ""), attrs.get("Type", ""), resolved))

        if not self._parse_small(info, on_start):
            raise Reject("rels")
        return rels

    def _parse_small(self, info: zipfile.ZipInfo, on_start: StartHandler) -> bool:
        if info.file_size > _SMALL_PART_BYTES:
            self.report.add("xml_corrupt", part=info.filename, detail="too large")
            return False
        return parse(self.zf, info, self.report, lambda _: None, on_start)

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
            if local_name(name) == "sheet":
                raw.append(
                    {
                        "name": attrs.get("name", ""),
                        "state": attrs.get("state", ""),
                        "rid": attr_of(attrs, "id") or "",
                    }
                )

        info = self._info(workbook)
        if info is None or not self._parse_small(info, on_start):
            raise Reject("workbook")
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
            raise Reject("sheets")
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
            if local_name(name) == "Relationship" and attrs.get("Target"):
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
            bounds = sheet_bounds(self.zf, info, self.limits, guarded_parser)
            if bounds is not None:  # canonical: the walk would find these bounds, nothing else
                self.crc_checked.add(info.filename)  # read to the end without an error
                name, index, hidden = entry.name, entry.index, entry.hidden
                return SheetScan(name, index, hidden, info.filename, *bounds, {}, ())
        walker = SheetWalker(entry.name, self.limits, self.report)
        parse(self.zf, info, self.report, walker.attach, walker.on_start, namespaces=False)
        return walker.result(entry.index, entry.hidden, info.filename)


def _is_sheet(entry: _SheetEntry) -> bool:
    """Worksheets are scanned; chart and dialog sheets hold no cells and are skipped."""
    return entry.rel_type.endswith("/worksheet")


class _SharedStrings:
    """Checks the length of every shared string, never trusting the count attributes."""

    def __init__(self, limits: Limits, report: Report) -> None:
        self.limits, self.report = limits, report
        self.parser: expat.XMLParserType | None = None
        self.length = 0
        self.longest = 0

    def scan(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        if parse(zf, info, self.report, self._attach, self._on_start):
            self._end_item()

    def _attach(self, parser: expat.XMLParserType) -> None:
        self.parser = parser

    def _on_start(self, name: str, attrs: dict[str, str]) -> None:
        assert self.parser is not None
        local = local_name(name)
        self.parser.CharacterDataHandler = self._count if local == "t" else None
        if local == "si":
            self._end_item()

    def _count(self, text: str) -> None:
        self.length += len(text)

    def _end_item(self) -> None:
        if self.length > self.limits.max_cell_chars:
            self.report.add("text_too_long", where="xl/sharedStrings.xml", chars=self.length)
        self.length = 0
