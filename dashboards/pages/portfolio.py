"""Portfolio page (finance director): every case, who invests, who gains, the cross-silo flow.

Filters by municipality, investing department, scenario and estimate; the figures come from
`dashboards.views.portfolio`, the callbacks only validate their inputs and call it.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.attrs import aria
from dashboards.components.loading import loading
from dashboards.i18n import t, valid_lang
from dashboards.views.portfolio import filter_options, portfolio_body

dash.register_page(__name__, path="/", name="Portefølje", order=0)


def layout(lang: str = "da", **_: object) -> html.Div:
    lang = valid_lang(lang)
    if auth.current_user() is None:
        return html.Div()
    # the first render carries the table and figures: a callback on the filters would wait
    # for the dropdowns' code to load in the browser before asking for them
    body, figures, pager, (first, last) = portfolio_body(None, None, "basis", "central", lang)
    return html.Div(
        [
            html.H1(t("portfolio.title", lang)),
            html.Div(
                [
                    html.Label(
                        [
                            t("portfolio.municipality", lang),
                            dcc.Dropdown(id="portfolio-municipality", clearable=True),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("portfolio.department", lang),
                            dcc.Dropdown(id="portfolio-department", clearable=True),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("portfolio.scenario", lang),
                            dcc.Dropdown(
                                id="portfolio-scenario",
                                value="basis",
                                clearable=False,
                                options=[{"label": "Basis", "value": "basis"}],
                            ),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("portfolio.estimate", lang),
                            dcc.Dropdown(
                                id="portfolio-estimate",
                                value="central",
                                clearable=False,
                                options=[
                                    {"label": t(f"estimate.{e}", lang), "value": e}
                                    for e in ("low", "central", "high")
                                ],
                            ),
                        ],
                        className="filter",
                    ),
                ],
                className="filters no-print",
            ),
            loading(html.Div(body, id="portfolio-body")),
            html.Nav(
                [
                    html.Button(
                        t("portfolio.previous", lang),
                        id="portfolio-prev",
                        n_clicks=0,
                        disabled=first,
                    ),
                    html.Span(pager, id="portfolio-pager", role="status", className="pager-text"),
                    html.Button(
                        t("portfolio.next", lang), id="portfolio-next", n_clicks=0, disabled=last
                    ),
                ],
                className="pager no-print",
                **aria("label", t("portfolio.pages", lang)),
            ),
            dcc.Store(id="portfolio-page", data=0),
            html.Div(figures, id="portfolio-figures"),
        ]
    )


@callback(
    Output("portfolio-municipality", "options"),
    Output("portfolio-department", "options"),
    Output("portfolio-scenario", "options"),
    Input("url", "search"),
)
@auth.guarded()
def _options(search: str | None) -> tuple:
    database = data.db()
    scope = auth.scope()  # only the user's municipalities (adopted cases for a politician)
    cases = database.query("portfolio_cases", scenario="basis", estimate="central", **scope)
    return filter_options(cases, database.query("case_scenarios", **scope), lang_of(search))


@callback(
    Output("portfolio-page", "data"),
    Input("portfolio-prev", "n_clicks"),
    Input("portfolio-next", "n_clicks"),
    Input("portfolio-municipality", "value"),
    Input("portfolio-department", "value"),
    Input("portfolio-scenario", "value"),
    Input("portfolio-estimate", "value"),
    State("portfolio-page", "data"),
    prevent_initial_call=True,
)
@auth.guarded()
def _page(_prev: object, _next: object, *filters_and_page: object) -> int:
    """Previous/next move one page; any filter change goes back to the first page."""
    current = filters_and_page[-1]
    page = current if isinstance(current, int) and not isinstance(current, bool) else 0
    if ctx.triggered_id == "portfolio-next":
        return min(page + 1, 10_000)
    if ctx.triggered_id == "portfolio-prev":
        return max(0, page - 1)
    return 0


@callback(
    Output("portfolio-body", "children"),
    Output("portfolio-figures", "children"),
    Output("portfolio-pager", "children"),
    Output("portfolio-prev", "disabled"),
    Output("portfolio-next", "disabled"),
    Input("portfolio-page", "data"),
    State("portfolio-municipality", "value"),
    State("portfolio-department", "value"),
    State("portfolio-scenario", "value"),
    State("portfolio-estimate", "value"),
    Input("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _body(
    page: object,
    municipality: object,
    department: object,
    scenario: object,
    estimate: object,
    search: str | None,
) -> tuple:
    lang = lang_of(search)
    if municipality is not None:
        auth.check_municipality(municipality)  # refused: not one of the user's
    body, figures, pager, (first, last) = portfolio_body(
        municipality if isinstance(municipality, int) else None,
        department if isinstance(department, str) and len(department) <= auth.MAX_ID else None,
        scenario if isinstance(scenario, str) and len(scenario) <= auth.MAX_ID else "basis",
        estimate if estimate in ("low", "central", "high") else "central",
        lang,
        page if isinstance(page, int) and not isinstance(page, bool) else 0,
    )
    return body, figures, pager, first, last
