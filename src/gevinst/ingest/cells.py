"""Spreadsheet cell addresses (`C14`), so every message names the cell a person can find.

The one column-letter conversion of the tree (the container scan and the fast scan use it
too). openpyxl's `get_column_letter`/`column_index_from_string` do the same, and a test holds
these to them for every column, but importing openpyxl costs the import path numpy and about
a second of start-up (README "Import"), so the few lines are ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the container scan imports this module and must not pay for polars
    import polars as pl


def column_letters(col: int) -> str:
    """1 → `A`, 27 → `AA` (1-based, as Excel counts)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """`A` → 1, `AA` → 27: the inverse of `column_letters`."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def address(row: int, col: int) -> str:
    """(14, 3) → `C14`, both 1-based."""
    return f"{column_letters(col)}{row}"


def where(sheet: str | None, cell: str) -> str:
    """`Budget!C14` in a workbook; `C14` in a csv file, which has no sheets."""
    return f"{sheet}!{cell}" if sheet else cell


def where_expr(sheet: str | None, col: int, row: pl.Expr) -> pl.Expr:
    """`where` for a whole column of rows at once (`row` holds true 1-based row numbers)."""
    import polars as pl

    prefix = f"{sheet}!" if sheet else ""
    return pl.concat_str(pl.lit(prefix + column_letters(col)), row.cast(pl.String))
