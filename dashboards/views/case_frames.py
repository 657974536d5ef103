"""The case page's service-frame consequences: per budget frame and year of the budget period,
what the case does to the investing municipality, and what the financing system gives back or
takes of it (the figures from `gevinst.reports.frame_consequences`; this module only lays them
out). The period is the budget-decision page's: the latest budget year imported for the
municipality and its three outlook years, else the case's base year and its three
(`gevinst.services.budget_decision.case_budget_period`). In 1.000 kr. like the page's other
tables, the sentence above in whole kroner."""

from __future__ import annotations

from typing import Any

import polars as pl
from dash import html

from dashboards.components.glossary import term
from dashboards.components.tables import table, thousands_columns
from dashboards.i18n import register, t
from gevinst.messages import Lang
from gevinst.reports.frame_consequences import (
    frame_consequences,
    row_label,
    summary_sentence,
)

register(
    {
        "case.h.frame_consequences": {
            "da": "Servicerammen og overførslerne i budgetperioden {first}–{last}",
            "en": "The service frame and the transfers in the budget period {first}–{last}",
        },
        "case.frame_consequences.caption": {
            "da": "{name} Kommunes nettogevinst pr. budgetramme i budgetåret og overslagsårene, "
            "med det finansieringen giver tilbage eller tager (↳) under den ramme, den følger "
            "(1.000 kr.; + = gevinst, − = udgift)",
            "en": "{name}'s net gain per budget frame in the budget year and the outlook years, "
            "with what the financing gives back or takes (↳) under the frame it follows "
            "(DKK 1,000; + = gain, − = cost)",
        },
        "case.frame_consequences.frame": {"da": "Budgetramme", "en": "Budget frame"},
        "case.frame_consequences.period.budget": {
            "da": "Budgetperioden er budgetåret {year} i kommunens senest importerede budget og de "
            "tre overslagsår, som på siden Budgetforslag.",
            "en": "The budget period is the budget year {year} of the municipality's latest "
            "imported budget and the three outlook years, as on the Budget proposal page.",
        },
        "case.frame_consequences.period.case": {
            "da": "Intet budget importeret for kommunen: budgetperioden er casens basisår {year} og "
            "de tre følgende år.",
            "en": "No budget imported for the municipality: the budget period is the case's base "
            "year {year} and the three years after it.",
        },
    }
)


def frame_consequences_section(
    lines: pl.DataFrame,
    home: int,
    home_name: str,
    years: list[int],
    budget_year: int | None,
    lang: str,
) -> html.Section:
    """`years`: the budget period; `budget_year`: the imported budget's B year it starts at,
    or None when it is the case's base year (no budget imported)."""
    language: Lang = "en" if lang == "en" else "da"
    period = t(
        "case.frame_consequences.period." + ("case" if budget_year is None else "budget"), lang
    ).format(year=years[0])
    result = frame_consequences(lines, home, years)
    columns = [[row.gains[i] for row in result.rows] for i in range(len(years))]
    columns.append([row.total for row in result.rows])
    cells, totals = thousands_columns(columns, lang)
    rows = [[row_label(row, language), *cells[i]] for i, row in enumerate(result.rows)]
    # a glossary term (a component) heads the first column, as in the page's other tables
    header: list[Any] = [
        term(t("case.frame_consequences.frame", lang), "frame", lang),
        *map(str, years),
        t("case.total", lang),
    ]
    title = t("case.h.frame_consequences", lang).format(first=years[0], last=years[-1])
    aria: dict[str, Any] = {"aria-labelledby": "case-section-frame-consequences-h"}
    return html.Section(
        [
            html.H2(title, id="case-section-frame-consequences-h"),
            html.P(summary_sentence(result, language), id="case-frame-consequences-summary"),
            html.P(period, id="case-frame-consequences-period", className="note"),
            table(
                t("case.frame_consequences.caption", lang).format(name=home_name),
                header,
                rows,
                numeric=range(1, len(years) + 2),
                table_id="case-frame-consequences-table",
                footer=[t("frames.total", lang), *totals],
            ),
        ],
        id="case-section-frame-consequences",
        className="case-section",
        **aria,
    )
