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


def put(ws: Worksheet, row: int, column: int, value: object,
        number_format: str | None = None) -> Cell:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"   # never a formula, whatever the text starts with
    else:
        cell.value = value  # type: ignore[assignment]
        if number_format and isinstance(value, int | float):
            cell.number_format = number_format
    return cell


def write_table(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]],
                formats: dict[int, str] | None = None, start_row: int = 1) -> int:
    """Header in bold on a dark fill, rows below; returns the last row written."""
    formats = formats or {}
    for c, title in enumerate(header, start=1):
        cell = put(ws, start_row, c, title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    r = start_row
    for r, row in enumerate(rows, start=start_row + 1):
        for c, value in enumerate(row, start=1):
            put(ws, r, c, value, formats.get(c))
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    for c, title in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(12, min(40, len(title) + 4))
    return r
