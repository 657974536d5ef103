"""Every CSV the product writes goes through here, so that no text cell is a formula when a
person opens the file in Excel or LibreOffice (CSV injection, OWASP "CSV Injection").

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
which spreadsheet programs show as text and do not evaluate (DESIGN, "Security and
reliability": exports never write user text as a formula; nor does any CSV). Numbers stay
numbers: only `str` values (polars `String` columns) are touched, so `-1250.5` in an amount
column is still the number −1.250,50, while a case or department named `=HYPERLINK(…)` or
`-Børn` arrives as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import polars as pl

#: what makes a spreadsheet program read a cell as a formula (the same set as `excel.put`)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value to write: text that could start a formula with a leading `'`; the rest as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text column's cells made safe (numeric columns untouched)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    starts = "^[" + "".join("\\" + p if p in "-" else p for p in FORMULA_PREFIXES) + "]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(starts))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )


def frame_csv(frame: pl.DataFrame) -> str:
    """A frame as CSV (comma, dot decimal, UTF-8), text cells made safe."""
    buffer = io.StringIO()
    safe_frame(frame).write_csv(buffer)
    return buffer.getvalue()


def rows_csv(
    rows: Iterable[Sequence[object]],
    header: Sequence[str] | None = None,
    lineterminator: str = "\n",
    delimiter: str = ",",
) -> str:
    """Rows (header first, if given) as CSV, every text cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator, delimiter=delimiter)
    if header is not None:
        writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()
