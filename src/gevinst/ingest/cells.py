"""Spreadsheet cell addresses (`C14`), so every message names the cell a person can find."""

from __future__ import annotations

import re

import polars as pl

_ADDRESS = re.compile(r"^([A-Z]{1,3})(\d+)$")


def column_letters(col: int) -> str:
    """1 → `A`, 27 → `AA` (1-based, as Excel counts)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    """(14, 3) → `C14`, both 1-based."""
    return f"{column_letters(col)}{row}"


def split_address(cell: str) -> tuple[int, int]:
    """`C14` → (14, 3); the inverse of `address`."""
    match = _ADDRESS.match(cell)
    if not match:
        raise ValueError(f"not a cell address: {cell!r}")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


def where(sheet: str | None, cell: str) -> str:
    """`Budget!C14` in a workbook; `C14` in a csv file, which has no sheets."""
    return f"{sheet}!{cell}" if sheet else cell


def where_expr(sheet: str | None, col: int, row: pl.Expr) -> pl.Expr:
    """`where` for a whole column of rows at once (`row` holds true 1-based row numbers)."""
    prefix = f"{sheet}!" if sheet else ""
    return pl.concat_str(pl.lit(prefix + column_letters(col)), row.cast(pl.String))
