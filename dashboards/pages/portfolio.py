"""Portfolio page (finance director): every case, who invests, who gains, the cross-silo flow.

Filters by municipality, investing department, scenario and estimate; the figures come from
`dashboards.views.portfolio`, the callbacks only validate their inputs and call it.
"""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboards import data
from dashboards.app import lang_of
from dashboards.i18n import t, valid_lang
from dashboards.views.portfolio import filter_options, portfolio_body

dash.register_page(__name__, path="/", name="Portefølje", order=0)


def layout(lang: str = "da", **_: object) -> html.Div:
    lang = valid_lang(lang)
    return html.Div([
        html.H1(t("portfolio.title", lang)),
        html.Div([
            html.Label([t("portfolio.municipality", lang),
                        dcc.Dropdown(id="portfolio-municipality", clearable=True)],
                       className="filter"),
            html.Label([t("portfolio.department", lang),
                        dcc.Dropdown(id="portfolio-department", clearable=True)],
                       className="filter"),
            html.Label([t("portfolio.scenario", lang),
                        dcc.Dropdown(id="portfolio-scenario", value="basis", clearable=False,
                                     options=[{"label": "basis", "value": "basis"}])],
                       className="filter"),
            html.Label([t("portfolio.estimate", lang),
                        dcc.Dropdown(id="portfolio-estimate", value="central", clearable=False,
                                     options=[{"label": t(f"estimate.{e}", lang), "value": e}
                                              for e in ("low", "central", "high")])],
                       className="filter"),
        ], className="filters no-print"),
        dcc.Loading(html.Div(id="portfolio-body")),
    ])


@callback(Output("portfolio-municipality", "options"), Output("portfolio-department", "options"),
          Output("portfolio-scenario", "options"), Input("url", "search"))
def _options(search: str | None) -> tuple:
    database = data.db()
    cases = database.query("portfolio_cases", scenario="basis", estimate="central")
    return filter_options(cases, database.query("case_scenarios"), lang_of(search))


@callback(Output("portfolio-body", "children"), Input("portfolio-municipality", "value"),
          Input("portfolio-department", "value"), Input("portfolio-scenario", "value"),
          Input("portfolio-estimate", "value"), Input("url", "search"))
def _body(municipality: object, department: object, scenario: object, estimate: object,
          search: str | None) -> list:
    lang = lang_of(search)
    return portfolio_body(
        municipality if isinstance(municipality, int) else None,
        department if isinstance(department, str) else None,
        scenario if isinstance(scenario, str) else "basis",
        estimate if estimate in ("low", "central", "high") else "central", lang)


