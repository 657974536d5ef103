"""Readers: every supported file becomes `RawSheet`s of text cells, so there is one path after.

xlsx goes through the safety layer (`container.scan_file`, and the sandboxed reader started
while the scan runs, used only once it has passed), read with fastexcel/calamine as text: the
fast path, one parse per sheet. csv (`;` or `,`, UTF-8 or Windows-1252) and parquet are read
here. Positions are kept: `first_row`/`first_col` say where
the frame's first cell sits in the sheet, because calamine trims leading empty rows and columns.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl

from gevinst.errors import Problem, SandboxFailure
from gevinst.ingest.container import Scan, SheetName, scan_file
from gevinst.ingest.limits import Limits
from gevinst.ingest.read_ahead import claim_read, claim_scan, discard
from gevinst.ingest.sandbox import IsolatedCall, start_isolated
from gevinst.ingest.sheet_reader import read_listed_sheets, text_frame, unambiguous_number_text
from gevinst.messages import Lang, msg, register

register(
    {
        "ingest.read.kind": {
            "da": "filtypen understøttes ikke her; brug .xlsx eller .csv",
            "en": "this file type is not supported here; use .xlsx or .csv",
        },
        "ingest.read.encoding": {
            "da": "filen kan ikke læses som tekst (hverken UTF-8 eller Windows-1252)",
            "en": "the file cannot be read as text (neither UTF-8 nor Windows-1252)",
        },
        "ingest.read.unknown_sheet": {
            "da": "arket '{sheet}' fra mappingfilen findes ikke; arkene er: {sheets}",
            "en": "sheet '{sheet}' from the mapping file does not exist; the sheets are: {sheets}",
        },
    }
)


class _Named(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def hidden(self) -> bool: ...


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells as text (columns `c0…`), with where they sit and what the scan saw.

    Number cells are printed so that no number reads as Danish thousands text (see
    `unambiguous_number_text`); `all_text` marks csv, where every cell was typed as text.
    """

    name: str | None  # None for csv/parquet
    cells: pl.DataFrame
    first_row: int  # true 1-based row of cells' first row
    first_col: int  # true 1-based column of cells' first column
    all_text: bool = False


@dataclass(frozen=True)
class ReadResult:
    kind: str
    sheets: tuple[RawSheet, ...]
    problems: tuple[Problem, ...]
    scan: Scan | None = None  # for formula problems, once shapes know which sheets are used
    hidden_skipped: tuple[str, ...] = ()  # hidden sheets not read (a mapping may name them)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently; `;` wins ties (Danish Excel)."""
    head = text.splitlines()[:40]
    best, best_score = ";", -1
    for candidate in (";", ",", "\t"):
        widths = [len(row) for row in csv.reader(head, delimiter=candidate) if any(row)]
        wide = [w for w in widths if w > 1]
        score = max((wide.count(w) for w in set(wide)), default=0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_csv_text(text: str) -> pl.DataFrame:
    """csv text → text cells; ragged rows (title lines) are padded, not an error."""
    rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    width = max((len(r) for r in rows), default=0)
    columns = {
        f"c{i}": [(r[i].strip() or None) if i < len(r) else None for r in rows]
        for i in range(width)
    }
    return pl.DataFrame(columns, schema={c: pl.String for c in columns})


def _parquet_sheet(path: Path) -> RawSheet:
    frame = pl.read_parquet(path)
    header = pl.DataFrame(
        [[name] for name in frame.columns],
        schema=[f"c{i}" for i in range(frame.width)],
        orient="row",
    )
    body = text_frame(frame)
    numeric = pl.DataFrame(
        {
            f"c{i}": pl.repeat(frame.dtypes[i].is_numeric(), frame.height, eager=True)
            for i in range(frame.width)
        }
    )
    cells = pl.concat([header, unambiguous_number_text(body, numeric)])
    return RawSheet(name=None, cells=cells, first_row=1, first_col=1)


def _selected(
    sheets: Sequence[_Named], wanted: tuple[str, ...] | None, display: str, lang: Lang
) -> tuple[list, list[Problem]]:
    """Visible sheets, or the mapping's; a hidden sheet is read only when a mapping names it."""
    if not wanted:
        return [s for s in sheets if not s.hidden], []
    by_name = {s.name: s for s in sheets}
    names = ", ".join(by_name)
    problems = [
        Problem(display, "", msg("ingest.read.unknown_sheet", lang, sheet=w, sheets=names))
        for w in wanted
        if w not in by_name
    ]
    return [by_name[w] for w in wanted if w in by_name], problems


def read_file(
    path: Path,
    display: str,
    lang: Lang = "da",
    limits: Limits | None = None,
    sheets: tuple[str, ...] | None = None,
    after_scan: Callable[[], None] | None = None,
) -> ReadResult:
    """Scan, then read: the only door through which a user's file reaches a parser.

    `after_scan`, if given, is called when the scan is done, while the reader may still be
    busy: the import opens the database then, on the core the scan leaves free.

    For a workbook the two overlap: as soon as the scan knows the sheet names (before the slow
    sheet XML), the sandboxed reader starts on them; its frames are used only if the scan
    passes, and the child is killed otherwise. It may read a sheet the scan then finds empty;
    only an error in a sheet that is used fails the import (see `read_listed_sheets`).
    """
    limits = limits or Limits()
    reading: list[IsolatedCall] = []
    # the reader's frames come back through this folder (0700, this user only), removed when
    # the read ends; only a killed process leaves it behind, in the temporary directory
    folder = tempfile.mkdtemp(prefix="gevinst-read-")
    folders = [folder]

    def start(names: list[str]) -> None:
        ahead = claim_read(path, names, limits, lang)  # the same read, begun ahead
        if ahead is not None:
            folders.append(ahead.folder)
            reading.append(ahead.call)
            return
        reading.append(
            start_isolated(read_listed_sheets, str(path), names, folder, limits=limits, lang=lang)
        )

    def start_early(listed: tuple[SheetName, ...]) -> None:
        chosen, _ = _selected(listed, sheets, display, lang)
        # if no process can be had now, the scan must not take that for the file's fault:
        # `_read_scanned` starts the reader again once the scan is done, and fails unmasked
        with contextlib.suppress(Exception):
            if chosen:
                start([s.name for s in chosen])

    try:
        scan = _scanned_ahead(path, display, lang, limits, start_early) or scan_file(
            path, display_name=display, lang=lang, limits=limits, on_sheets=start_early
        )
        if after_scan is not None:
            after_scan()
        return _read_scanned(path, display, lang, scan, sheets, reading, start)
    finally:
        for call in reading:
            call.cancel()
        for used in folders:
            shutil.rmtree(used, ignore_errors=True)
        discard(path)  # what was begun ahead and not adopted (the scan failed first)


def _scanned_ahead(
    path: Path,
    display: str,
    lang: Lang,
    limits: Limits,
    on_sheets: Callable[[tuple[SheetName, ...]], None],
) -> Scan | None:
    """The scan `read_ahead` ran for this very call, if any came back, with `on_sheets` told
    the sheets as the scan would have told it (the read begun ahead is then adopted).

    `scan_file` tells them once the checks before the sheet XML have passed, and a scan that
    passed has passed those; a scan that did not pass reads nothing, so it needs no reader."""
    ahead = claim_scan(path, display, limits, lang)
    scan = ahead.result() if ahead is not None else None
    if scan is not None and scan.ok and scan.kind == "xlsx":
        on_sheets(tuple(SheetName(s.name, s.index, s.hidden) for s in scan.sheets))
    return scan


def _read_scanned(
    path: Path,
    display: str,
    lang: Lang,
    scan: Scan,
    sheets: tuple[str, ...] | None,
    reading: list[IsolatedCall],
    start: Callable[[list[str]], None],
) -> ReadResult:
    if not scan.ok:
        return ReadResult(scan.kind, (), scan.problems)
    if scan.kind == "csv":
        text = _decode(path.read_bytes())
        if text is None:
            return ReadResult("csv", (), (Problem(display, "", msg("ingest.read.encoding", lang)),))
        sheet = RawSheet(
            name=None, cells=read_csv_text(text), first_row=1, first_col=1, all_text=True
        )
        return ReadResult("csv", (sheet,), scan.problems)
    if scan.kind == "parquet":
        return ReadResult("parquet", (_parquet_sheet(path),), scan.problems)
    if scan.kind != "xlsx":
        return ReadResult(scan.kind, (), (Problem(display, "", msg("ingest.read.kind", lang)),))
    chosen, problems = _selected(scan.sheets, sheets, display, lang)
    if problems:
        return ReadResult("xlsx", (), (*scan.problems, *problems))
    chosen = [s for s in chosen if not s.empty]
    names = [s.name for s in chosen]
    if chosen and not reading:
        start(names)
    frames = _frames(reading[0].result() if chosen else [], names, lang)
    raw = tuple(
        RawSheet(name=s.name, cells=cells, first_row=s.first_row, first_col=first_col)
        for s, (cells, first_col) in zip(chosen, frames, strict=True)
    )
    # hidden sheets are skipped (or read because a mapping names them) and said so in the
    # summary, so the scan's "sheet is hidden" warning has nothing left to warn about
    hidden = tuple(s.name for s in scan.sheets if s.hidden)
    said = {msg("ingest.safety.hidden_sheet", lang, sheet=name) for name in hidden}
    kept = tuple(p for p in scan.problems if p.message not in said)
    return ReadResult(
        "xlsx", raw, kept, scan, tuple(n for n in hidden if n not in {s.name for s in chosen})
    )


def _frames(
    read: list[tuple[str, str | bytes | None, int | str]], names: list[str], lang: Lang
) -> list[tuple[pl.DataFrame, int]]:
    """The frames of the sheets used, in order; a sheet the reader failed on fails here."""
    by_name = {name: (handed, extra) for name, handed, extra in read}
    out: list[tuple[pl.DataFrame, int]] = []
    for name in names:
        handed, extra = by_name[name]  # an IPC file's path, IPC bytes, or None and the error
        if handed is None:
            raise SandboxFailure(msg("ingest.safety.sandbox_error", lang, detail=extra), "error")
        out.append((pl.read_ipc(handed), int(extra)))
    return out
