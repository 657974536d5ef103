"""Budget page (controller, finance director): imported budget and accounts by committee,
function and year, budget against accounts, where the cases' planned gains sit, and the source
lines behind any figure. The figures come from `dashboards.views.budget`; the callbacks only
validate their inputs (a client may send any JSON) and call it.
"""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.attrs import aria
from dashboards.components.loading import loading
from dashboards.i18n import t, valid_lang
from dashboards.views.budget import budget_body, municipality_options, parse_trace, trace_body

dash.register_page(__name__, path="/budget", name="Budget", order=3)


def layout(lang: str = "da", municipality: str | None = None, **_: object) -> html.Div:
    lang = valid_lang(lang)
    principal = auth.current_user()
    traceable = principal is not None and principal.is_one_of(auth.PERSON_LEVEL)
    options = municipality_options(
        data.db().query("budget_municipalities", allowed=auth.allowed_municipalities())
    )
    wanted = (
        int(municipality)
        if isinstance(municipality, str) and municipality.isdigit() and len(municipality) <= 4
        else None
    )
    chosen = _known(wanted, options)
    refused = _refused_parameter(municipality, wanted, lang)
    if chosen is None and options:
        chosen = options[0]["value"]  # the first municipality with data
    return html.Div(
        [
            html.H1(t("budget.title", lang)),
            *refused,
            html.Div(
                [
                    html.Label(
                        [
                            t("budget.municipality", lang),
                            dcc.Dropdown(
                                id="budget-municipality",
                                clearable=False,
                                value=chosen,
                                options=options,
                            ),
                        ],
                        className="filter",
                    ),
                ],
                className="filters no-print",
            ),
            # the first render carries the tables (no callback waiting for the dropdown's code)
            loading(
                html.Div(
                    budget_body(auth.check_municipality(chosen), lang)
                    if chosen is not None
                    else [html.P(t("budget.none", lang))],
                    id="budget-body",
                )
            ),
            html.Section(
                html.P(t("budget.trace.hint", lang)) if traceable else None,
                id="budget-trace",
                className="budget-trace",
                **aria("live", "polite"),
            ),
        ],
        className="budget-page",
    )


def _refused_parameter(given: object, wanted: int | None, lang: str) -> list:
    """`?municipality=` that is no code, or a municipality the user may not see: said on the
    page and recorded, never silently replaced by the user's own."""
    if given is None:
        return []
    if wanted is None:
        refusal = auth.Refused(
            "auth.reason.parameter",
            object=f"municipality={given}"[:80],
            name="municipality",
            value=given,
        )
    elif not auth.user().may_see_municipality(wanted):
        refusal = auth.Refused(
            "auth.reason.municipality", object=wanted, municipality=wanted, code=wanted
        )
    else:
        return []
    return [auth.refuse_parameter(refusal, "budget.layout", lang)]


def _known(value: object, options: list[dict]) -> int | None:
    codes = [o["value"] for o in options]
    return value if isinstance(value, int) and value in codes else None


@callback(
    Output("budget-body", "children"),
    Input("budget-municipality", "value"),
    Input("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _body(municipality: object, search: str | None) -> list:
    lang = lang_of(search)
    if not isinstance(municipality, int) or isinstance(municipality, bool):
        return [html.P(t("budget.none", lang))]
    return budget_body(auth.check_municipality(municipality), lang)


@callback(
    Output("budget-trace", "children"),
    Input({"type": "budget-trace", "index": ALL}, "n_clicks"),
    State("budget-municipality", "value"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.PERSON_LEVEL)  # source rows: not for politicians
def _trace(clicks: object, municipality: object, search: str | None) -> list:
    lang = lang_of(search)
    triggered = ctx.triggered_id
    account = parse_trace(triggered.get("index")) if isinstance(triggered, dict) else None
    if (
        account is None
        or not isinstance(municipality, int)
        or not isinstance(clicks, list)
        or not any(clicks)
    ):
        return [html.P(t("budget.trace.hint", lang))]
    return trace_body(auth.check_municipality(municipality), account, lang)
