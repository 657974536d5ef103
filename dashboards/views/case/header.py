"""The case's header (who invests, years, status, source) and its key figures."""

from __future__ import annotations

import polars as pl
from dash import html
from dash.development.base_component import ComponentType

from dashboards.components.glossary import term
from dashboards.components.money import kr, percent
from dashboards.i18n import t
from dashboards.views.case.labels import (
    illustrative_units,
    status_text,
)
from dashboards.views.case.loading import (
    LoadedCase,
    home_row,
)
from gevinst.reference import Reference


def header(loaded: LoadedCase, ref: Reference, lang: str) -> html.Div:
    row, case = loaded.row, loaded.case

    def item(label: ComponentType, value: ComponentType) -> list:
        return [html.Dt(label), html.Dd(value)]

    parts = [
        *item(t("case.municipality", lang), f"{loaded.municipality_name} ({loaded.home})"),
        *item(t("case.owner", lang), row["owner"]),
        *item(t("case.status", lang), html.Span(status_text(row, lang), id="case-status")),
        *item(t("case.target_group", lang), case.target_group.name),
        *item(t("case.source", lang), html.Span(row["source"], className="case-source")),
    ]
    illustrative = illustrative_units(case, ref)
    note = (
        [
            html.P(
                t("case.illustrative_units", lang).format(units=", ".join(illustrative)),
                className="illustrative case-illustrative",
                id="case-illustrative",
            )
        ]
        if illustrative
        else []
    )
    description = (
        [html.P(case.description, className="case-description")] if case.description else []
    )
    return html.Div([html.Dl(parts, className="case-facts"), *description, *note], id="case-header")


def kpis(summary: pl.DataFrame, loaded: LoadedCase, lang: str) -> html.Div:
    home = home_row(summary, loaded.home) or {}

    def kpi(label: ComponentType, value: str, kpi_id: str) -> html.Div:
        return html.Div(
            [html.Div(label, className="label"), html.Div(value, className="value", id=kpi_id)],
            className="kpi",
        )

    payback = home.get("payback_year")
    share = home.get("break_even_effect_budget_period")
    return html.Div(
        [
            kpi(
                term(
                    t("case.kpi.npv_home", lang).format(name=loaded.municipality_name), "npv", lang
                ),
                kr(home.get("npv_dkk"), lang),
                "case-npv-home",
            ),
            kpi(
                t("case.kpi.npv_all", lang),
                kr(float(summary["npv_dkk"].sum()), lang),
                "case-npv-all",
            ),
            kpi(
                term(t("case.kpi.payback", lang), "payback", lang),
                str(payback) if payback is not None else t("case.never", lang),
                "case-payback",
            ),
            kpi(
                term(t("case.kpi.p_budget", lang), "p_payback", lang),
                percent(home.get("p_payback_budget_period"), lang) or t("case.none", lang),
                "case-p-budget",
            ),
            kpi(
                term(t("case.kpi.break_even", lang), "break_even", lang),
                percent(share, lang) if share is not None else t("case.break_even_none", lang),
                "case-break-even",
            ),
        ],
        className="kpis",
        id="case-kpis",
    )
