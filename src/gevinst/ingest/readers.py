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
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import fastexcel
import polars as pl

from gevinst.errors import Problem, SandboxFailure
from gevinst.ingest.container import Scan, SheetName, scan_file
from gevinst.ingest.limits import Limits
from gevinst.ingest.numbers import AMBIGUOUS
from gevinst.ingest.sandbox import IsolatedCall, describe_exception, start_isolated
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


def _text_frame(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.col(name).cast(pl.String).alias(f"c{i}") for i, name in enumerate(frame.columns)
    )


def unambiguous_number_text(text: pl.DataFrame, is_number: pl.DataFrame) -> pl.DataFrame:
    """Number cells printed like `1.234` (1,234) get a trailing `0` (`1.2340`): same number,
    but no longer readable as the Danish text `1.234` (1234). Text cells stay as typed."""
    return text.select(
        pl.when(pl.col(c).str.contains(AMBIGUOUS) & is_number.get_column(c))
        .then(pl.col(c) + "0")
        .otherwise(pl.col(c))
        .alias(c)
        for c in text.columns
    )


def read_listed_sheets(
    path: str, names: list[str], folder: str
) -> list[tuple[str, str | bytes | None, int | str]]:
    """Runs in the sandbox: `_read_sheet` for each name, written as an Arrow IPC file into
    `folder` (the caller's private temporary folder); returns (name, file or IPC bytes, first
    column), or (name, None, what went wrong) for a sheet calamine fails on instead of
    failing them all.

    That sheet may be one the scan then finds empty, which was never read before the read and
    the scan overlapped; the parent fails only for a sheet it uses. Memory errors still count.
    A file, not the pipe: 22 MB of text cells take 0,04 s through a pipe and a pickle, a tenth
    of the read itself, and next to nothing through the page cache.
    """
    reader = fastexcel.read_excel(path)
    result: list[tuple[str, str | bytes | None, int | str]] = []
    for number, name in enumerate(names):
        try:
            frame, first_col = _read_sheet(reader, name)
        except MemoryError:
            raise
        except Exception as exc:  # the parent decides whether this sheet matters
            result.append((name, None, describe_exception(exc)))
            continue
        result.append(
            (name, _handed_over(frame, os.path.join(folder, f"sheet-{number}.arrow")), first_col)
        )
    return result


def _handed_over(frame: pl.DataFrame, target: str) -> str | bytes:
    """The frame as an IPC file at `target`, or as IPC bytes for the pipe when the file cannot
    be written (a full or size-limited temporary disk must not fail a file that reads fine)."""
    try:
        frame.write_ipc(target)
        return target
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(target)
        buffer = io.BytesIO()
        frame.write_ipc(buffer)
        return buffer.getvalue()


def _read_sheet(reader: fastexcel.ExcelReader, name: str) -> tuple[pl.DataFrame, int]:
    """One sheet as text cells and its first column (1-based).

    calamine prints number cells without thousands separators, so only cells that look like
    `1.234` need a second look; for those columns the sheet is loaded once more as booleans,
    where number cells are non-null and text cells null (fastexcel's casting rules).
    """
    sheet = reader.load_sheet(
        name, header_row=None, dtypes="string", whitespace_as_null=True, schema_sample_rows=None
    )
    columns = sheet.available_columns()
    first_col = columns[0].absolute_index + 1 if columns else 1
    text = _text_frame(sheet.to_polars())
    suspect = [c for c in text.columns if text.get_column(c).str.contains(AMBIGUOUS).any()]
    if suspect:
        indices = [int(c[1:]) for c in suspect]
        flags = reader.load_sheet(
            name,
            header_row=None,
            dtypes="boolean",
            use_columns=[columns[i].name for i in indices],
            schema_sample_rows=None,
        ).to_polars()
        is_number = pl.DataFrame(
            {c: flags.get_column(flags.columns[k]).is_not_null() for k, c in enumerate(suspect)}
        )
        text = text.with_columns(unambiguous_number_text(text.select(suspect), is_number))
    return text, first_col


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
    body = _text_frame(frame)
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

    def start(names: list[str]) -> None:
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
        scan = scan_file(
            path, display_name=display, lang=lang, limits=limits, on_sheets=start_early
        )
        if after_scan is not None:
            after_scan()
        return _read_scanned(path, display, lang, scan, sheets, reading, start)
    finally:
        for call in reading:
            call.cancel()
        shutil.rmtree(folder, ignore_errors=True)


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
