"""What the sandboxed reader runs on a workbook: its sheets as text cells, handed over as files.

Only the sandbox's child runs `read_listed_sheets` (`readers.read_file` and `read_ahead` start
it there). polars and fastexcel are imported where they are used, not with this module: the
fork server has them preloaded, so the child pays nothing for that, while a caller can name
the function, and so start the read, before it has imported polars itself (`gevinst import`
starts reading its first workbook before its own modules have loaded: `read_ahead`).
"""

from __future__ import annotations

import contextlib
import io
import os
from typing import TYPE_CHECKING

from gevinst.ingest.sandbox import describe_exception

if TYPE_CHECKING:
    import fastexcel
    import polars as pl


def text_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column cast to text and named by its position (`c0`, `c1`, …)."""
    import polars as pl

    return frame.select(
        pl.col(name).cast(pl.String).alias(f"c{i}") for i, name in enumerate(frame.columns)
    )


def unambiguous_number_text(text: pl.DataFrame, is_number: pl.DataFrame) -> pl.DataFrame:
    """Number cells printed like `1.234` (1,234) get a trailing `0` (`1.2340`): same number,
    but no longer readable as the Danish text `1.234` (1234). Text cells stay as typed."""
    import polars as pl

    from gevinst.ingest.numbers import AMBIGUOUS

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
    import fastexcel

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
    import polars as pl

    from gevinst.ingest.numbers import AMBIGUOUS

    sheet = reader.load_sheet(
        name, header_row=None, dtypes="string", whitespace_as_null=True, schema_sample_rows=None
    )
    columns = sheet.available_columns()
    first_col = columns[0].absolute_index + 1 if columns else 1
    text = text_frame(sheet.to_polars())
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
