"""Budget-decision page ("Budgetforslag"): the cases the council is asked to adopt, in the
budget, per committee and year, with the frames, the gain-share transfers and the workbook.

The first render carries the whole picture (the layout computes it: no callback round trip
before the main table shows); the callbacks only validate what a client sends and ask the
use case (`gevinst.services.budget_decision`) again. A politician sees adopted cases only.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.loading import loading
from dashboards.i18n import t, valid_lang
from dashboards.views.budget_decision import (
    decision_body,
    default_choice,
    parse_choices,
    variant_options,
)
from gevinst.reports.budget_decision_workbook import budget_decision_workbook
from gevinst.reports.filenames import safe_filename
from gevinst.services import budget_decision as service

dash.register_page(__name__, path="/budget-decision", name="Budgetforslag", order=4)

SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)


def _politician() -> bool:
    found = auth.current_user()
    return found is not None and found.role == "politician"


def _municipalities() -> list[dict]:
    rows = data.db().query("decision_municipalities", **auth.scope())
    return [
        {
            "label": f"{r['municipality_name']} ({r['municipality_code']})",
            "value": r["municipality_code"],
        }
        for r in rows.iter_rows(named=True)
    ]


def layout(lang: str = "da", municipality: str | None = None, **_: object) -> html.Div:
    lang = valid_lang(lang)
    if auth.current_user() is None:
        return html.Div()
    options = _municipalities()
    codes = [o["value"] for o in options]
    wanted = (
        int(municipality)
        if isinstance(municipality, str) and municipality.isdigit() and len(municipality) <= 4
        else None
    )
    chosen = wanted if wanted in codes else (codes[0] if codes else None)
    intro = t("decision.intro.politician" if _politician() else "decision.intro", lang)
    head = [html.H1(t("decision.title", lang)), html.P(intro, id="decision-intro")]
    if chosen is None:
        return html.Div([*head, html.P(t("decision.none", lang), id="decision-message")])
    offered = service.variants(data.db(), chosen, _politician())
    picked = default_choice(offered)
    decision = service.decide(data.db(), chosen, parse_choices(picked), "central", _politician())
    return html.Div(
        [
            *head,
            html.Div(
                [
                    html.Label(
                        [
                            t("decision.municipality", lang),
                            dcc.Dropdown(
                                id="decision-municipality",
                                options=options,
                                value=chosen,
                                clearable=False,
                            ),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("decision.variants", lang),
                            dcc.Dropdown(
                                id="decision-variants",
                                options=variant_options(offered),
                                value=picked,
                                multi=True,
                            ),
                        ],
                        className="filter decision-variants",
                    ),
                    html.Label(
                        [
                            t("decision.estimate", lang),
                            dcc.Dropdown(
                                id="decision-estimate",
                                value="central",
                                clearable=False,
                                options=[
                                    {"label": t(f"decision.estimate.{e}", lang), "value": e}
                                    for e in service.ESTIMATES
                                ],
                            ),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("decision.share", lang),
                            dcc.Dropdown(
                                id="decision-share",
                                value=0.5,
                                clearable=False,
                                options=[{"label": f"{s * 100:.0f} %", "value": s} for s in SHARES],
                            ),
                        ],
                        className="filter",
                    ),
                ],
                className="filters no-print",
            ),
            html.Div(
                [
                    html.Button(
                        t("decision.download", lang),
                        id="decision-download-button",
                        className="button",
                    ),
                    dcc.Download(id="decision-download"),
                ],
                className="no-print",
            ),
            loading(html.Div(decision_body(decision, lang), id="decision-body"), delay_show=300),
        ],
        className="decision-page",
    )


def _inputs(
    municipality: object, values: object, estimate: object, share: object
) -> tuple[int, list[service.Choice], str, float]:
    code = auth.check_municipality(municipality)  # refused: not one of the user's
    chosen = estimate if estimate in service.ESTIMATES else "central"
    part = (
        share
        if isinstance(share, int | float) and not isinstance(share, bool) and share in SHARES
        else 0.5
    )
    return code, parse_choices(values), str(chosen), float(part)


@callback(
    Output("decision-variants", "options"),
    Output("decision-variants", "value"),
    Input("decision-municipality", "value"),
    prevent_initial_call=True,
)
@auth.guarded()
def _variants(municipality: object) -> tuple:
    code = auth.check_municipality(municipality)
    offered = service.variants(data.db(), code, _politician())
    return variant_options(offered), default_choice(offered)


@callback(
    Output("decision-body", "children"),
    Input("decision-variants", "value"),
    Input("decision-estimate", "value"),
    Input("decision-share", "value"),
    State("decision-municipality", "value"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _body(
    values: object, estimate: object, share: object, municipality: object, search: str | None
) -> list:
    code, choices, chosen, part = _inputs(municipality, values, estimate, share)
    decision = service.decide(data.db(), code, choices, chosen, _politician(), part)
    return decision_body(decision, lang_of(search))


@callback(
    Output("decision-download", "data"),
    Input("decision-download-button", "n_clicks"),
    State("decision-municipality", "value"),
    State("decision-variants", "value"),
    State("decision-estimate", "value"),
    State("decision-share", "value"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _download(
    n_clicks: object,
    municipality: object,
    values: object,
    estimate: object,
    share: object,
    search: str | None,
) -> object:
    if not n_clicks:
        return dash.no_update
    code, choices, chosen, part = _inputs(municipality, values, estimate, share)
    decision = service.decide(data.db(), code, choices, chosen, _politician(), part)
    if not decision.choices:
        return dash.no_update
    lang = lang_of(search)
    name = safe_filename("budgetforslag" if lang == "da" else "budget-proposal", ".xlsx")
    auth.audit(
        "download",
        object=name,
        municipality=code,
        detail="budget decision: "
        + ", ".join(f"{c.case_id}:{c.scenario}" for c in decision.choices)[:400],
    )
    municipality_name = data.reference().municipalities[code].name
    return dcc.send_bytes(
        budget_decision_workbook(decision, municipality_name, "en" if lang == "en" else "da"), name
    )
