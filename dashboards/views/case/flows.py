"""The flows table: year × payer × department × flow kind, each row with its trace."""

from __future__ import annotations

import polars as pl
from dash import html

from dashboards.components.tables import table, thousands_columns
from dashboards.i18n import t
from dashboards.views.case.labels import (
    FLOW_KINDS,
    flow_label,
    payer_label,
)
from dashboards.views.case.trace import (
    EffectTrace,
    trace_lines,
)
from gevinst.reference import Reference
from gevinst.reports.signs import for_people


def flow_groups(lines: pl.DataFrame) -> pl.DataFrame:
    """The table's grain: year × payer × department × flow kind, with the stored rows kept."""
    return (
        lines.with_row_index("_row")
        .group_by("year", "payer_kind", "payer_code", "department", "flow", maintain_order=True)
        .agg(pl.col("amount_dkk").sum(), pl.col("_row").alias("rows"))
    )


def flows_table(
    lines: pl.DataFrame,
    effects: dict[int, EffectTrace],
    base_year: int,
    estimate: str,
    ref: Reference,
    lang: str,
) -> html.Table:
    groups = flow_groups(lines)
    flow_order = {f: i for i, f in enumerate(FLOW_KINDS)}
    groups = groups.with_columns(
        pl.col("flow").replace_strict(flow_order, default=9).alias("_flow")
    ).sort("year", "payer_kind", "payer_code", "department", "_flow", nulls_last=False)
    cells, totals = thousands_columns([[for_people(v) for v in groups["amount_dkk"]]], lang)
    source_rows = lines.to_dicts()
    rows = []
    for i, group in enumerate(groups.iter_rows(named=True)):
        traced = [
            trace_lines(source_rows[r], effects, base_year, estimate, lang) for r in group["rows"]
        ]
        details = html.Details(
            [
                html.Summary(t("case.trace.open", lang), className="case-trace-summary"),
                html.Div([part for block in traced for part in block], className="case-trace"),
            ],
            id=f"case-trace-{i}",
            className="case-trace-details",
        )
        rows.append(
            [
                str(group["year"]),
                payer_label(group["payer_kind"], group["payer_code"], ref, lang),
                group["department"] or "",
                flow_label(group["flow"], lang),
                cells[i][0],
                details,
            ]
        )
    header_cells = [
        t("case.year", lang),
        t("case.col.payer", lang),
        t("case.col.department", lang),
        t("case.col.flow", lang),
        t("case.col.amount", lang),
        t("case.col.trace", lang),
    ]
    return table(
        t("case.flows.caption", lang),
        header_cells,
        rows,
        numeric=[4],
        table_id="case-flows-table",
        footer=[t("case.total", lang), "", "", "", totals[0], ""],
    )
