"""Writing Excel cells safely: user text is never a formula, numbers keep their format.

openpyxl turns any string that starts with `=` into a formula; a case name such as
`=HYPERLINK(...)` must arrive in Excel as text (DESIGN: exports never write user text as a
formula: `=`, `+`, `-`, `@`). Every export writes cells through `put`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

KR_FORMAT = "#,##0;-#,##0"
ORE_FORMAT = "#,##0.00;-#,##0.00"
SHARE_FORMAT = "0%"
HEADER_FILL = PatternFill("solid", fgColor="1F3B57")


def put(
    ws: Worksheet, row: int, column: int, value: object, number_format: str | None = None
) -> Cell:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell.value = value
        if number_format and isinstance(value, int | float):
            cell.number_format = number_format
    return cell


def write_table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    formats: dict[int, str] | None = None,
    start_row: int = 1,
    filters: bool = True,
) -> int:
    """Header in bold on a dark fill, rows below; returns the last row written.

    The header row gets an autofilter (`filters`; a sheet holds one, so the first table of a
    sheet with several has it) and the columns a width that fits what they hold: ids and
    accounts whole, long text capped at 60 characters (it wraps in the cell)."""
    formats = formats or {}
    widths = [len(str(title)) for title in header]
    for c, title in enumerate(header, start=1):
        cell = put(ws, start_row, c, title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    r = start_row
    for r, row in enumerate(rows, start=start_row + 1):
        for c, value in enumerate(row, start=1):
            put(ws, r, c, value, formats.get(c))
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], _shown_width(value))
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    if filters and ws.auto_filter.ref is None:
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(header))}{max(r, start_row)}"
    for c, width in enumerate(widths, start=1):
        letter = get_column_letter(c)
        current = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        ws.column_dimensions[letter].width = max(current or 0, min(60, max(10, width + 3)))
    return r


def _shown_width(value: object) -> int:
    """About the characters a value takes on screen (numbers with thousands separators)."""
    if value is None:
        return 0
    if isinstance(value, float | int) and not isinstance(value, bool):
        return len(f"{value:,.0f}") + 1
    return len(str(value))
