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

The checks live in one module each: `sniff` (what kind of file), `zipcheck` (the container),
`safexml` (expat with DTDs and entities refused), `package` (relationships, workbook, sheets),
`walker` (the per-tag walk of one sheet), `report` (problems and verdict) and `messages`.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from gevinst.errors import Problem, Severity
from gevinst.ingest.container.package import Options, SheetName, announced_sheets, scan_package
from gevinst.ingest.container.report import Kind, Reject, Report, Scan, SheetScan
from gevinst.ingest.container.sniff import sniff
from gevinst.ingest.limits import Limits
from gevinst.messages import Lang, msg

__all__ = [
    "Kind",
    "Scan",
    "SheetName",
    "SheetScan",
    "formula_problems",
    "listed_sheets",
    "scan_file",
]


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
    report = Report(display_name or Path(path).name, lang)
    kind: Kind = "unknown"
    sheets: tuple[SheetScan, ...] = ()
    try:
        kind = sniff(Path(path), report, limits)
        if kind == "xlsx":
            sheets = scan_package(Path(path), report, limits, Options(on_sheets, fast))
    except Reject:
        pass
    except OSError as exc:  # the upload vanished or is unreadable: still an answer, not a crash
        report.add("unreadable", detail=exc.strerror or type(exc).__name__)
    except _DAMAGE as exc:  # a damaged part met outside the checks that expect it
        report.add("truncated", detail=f"{type(exc).__name__}: {str(exc)[:200]}")
    return Scan(kind, report.close(), sheets)


def listed_sheets(
    path: Path,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so a shared default is safe
) -> tuple[SheetName, ...] | None:
    """The worksheets `scan_file` would hand to its `on_sheets` for this file, after the same
    checks (kind, size, central directory, entries, identity, macros), or None where it would
    hand over none. Never raises for bad input. Like `on_sheets`, this is no verdict: the CRCs
    and the XML are not checked, so a read started on it may be used only once `scan_file`
    has passed the file (`ingest.read_ahead`)."""
    report = Report("", "en")
    try:
        if sniff(Path(path), report, limits) != "xlsx":
            return None
        return announced_sheets(Path(path), report, limits)
    except (Reject, OSError, *_DAMAGE):
        return None


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
