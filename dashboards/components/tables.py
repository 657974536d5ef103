"""Accessible tables (WCAG 2.1 AA): a caption, header cells with scope, numbers right-aligned.

Plain HTML tables rather than a data grid: screen readers announce them properly and they
print as they look. Money columns are shown in 1.000 kr. with `round_to_total`, so a shown
total row equals the sum of the shown rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html
from dash.development.base_component import Component

from dashboards.components.money import round_to_total, thousands


def table(
    caption: str,
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    numeric: Sequence[int] = (),
    table_id: str | None = None,
    footer: Sequence[Any] | None = None,
) -> html.Table:
    """Cells are whatever Dash renders (text, numbers, components); None is an empty cell."""

    def cell(value: Any, i: int, tag: type[html.Td] | type[html.Th] = html.Td) -> Component:
        return tag(value if value is not None else "", className="num" if i in numeric else None)

    body = [
        html.Tr([cell(v, i, html.Th if i == 0 else html.Td) for i, v in enumerate(row)])
        for row in rows
    ]
    parts: list = [
        html.Caption(caption),
        html.Thead(
            html.Tr(
                [
                    html.Th(h, scope="col", className="num" if i in numeric else None)
                    for i, h in enumerate(header)
                ]
            )
        ),
        html.Tbody(body),
    ]
    if footer is not None:
        parts.append(
            html.Tfoot(
                html.Tr([cell(v, i, html.Th if i == 0 else html.Td) for i, v in enumerate(footer)])
            )
        )
    kwargs: dict[str, Any] = {"id": table_id} if table_id else {}
    return html.Table(parts, className="data", **kwargs)


def thousands_columns(
    columns: Sequence[Sequence[float]], lang: str
) -> tuple[list[list[str]], list[str]]:
    """Columns of kroner → (rows of formatted 1.000 kr. cells, formatted total row); each
    column's rows add up to its shown total."""
    rounded = [round_to_total(col) for col in columns]
    n_rows = len(columns[0]) if columns else 0
    rows = [[thousands(col[r], lang) for col in rounded] for r in range(n_rows)]
    totals = [thousands(sum(col), lang) for col in rounded]
    return rows, totals
