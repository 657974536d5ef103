"""Scenarios page (politicians): two to four variants side by side by committee and year, a
plain-language summary, an Excel download and a printable page (`?print=1`).

The variants travel in the URL (`?v=case:scenario:estimate&v=…`): `layout` renders the page for
them (so a link or a print shows the same thing), and a page-local `dcc.Location` with
`refresh=False` writes the choice back to the address bar without reloading. Callbacks only
validate what a client sends and call `dashboards.views.scenarios`.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.loading import loading
from dashboards.i18n import t, valid_lang
from dashboards.views.scenarios import (
    MAX_VARIANTS,
    Variant,
    case_options,
    default_variants,
    estimate_options,
    from_controls,
    load_all,
    parse_variants,
    scenario_options,
    scenarios_body,
    search_for,
)
from gevinst.reports.filenames import safe_filename
from gevinst.reports.scenario_workbook import scenario_workbook

dash.register_page(__name__, path="/scenarios", name="Scenarier", order=2)

SLOTS = range(1, MAX_VARIANTS + 1)


def _dropdown(
    kind: str, i: int, label: str, options: list, value: str | None, clearable: bool, lang: str
) -> html.Label:
    return html.Label(
        [
            label,
            dcc.Dropdown(
                id=f"scenarios-{kind}-{i}",
                options=options,
                value=value,
                clearable=clearable,
                placeholder=t("scenarios.none", lang),
            ),
        ],
        className="filter",
    )


def _slot(i: int, variant: Variant | None, options, lang: str) -> html.Fieldset:
    case_id = variant.case_id if variant else None
    return html.Fieldset(
        [
            html.Legend(t("scenarios.variant", lang).format(i=i)),
            _dropdown(
                "case",
                i,
                t("scenarios.case", lang),
                case_options(options),
                case_id,
                clearable=i > 2,
                lang=lang,
            ),
            _dropdown(
                "scenario",
                i,
                t("scenarios.scenario", lang),
                scenario_options(options, case_id),
                variant.scenario if variant else None,
                clearable=False,
                lang=lang,
            ),
            _dropdown(
                "estimate",
                i,
                t("scenarios.estimate", lang),
                estimate_options(lang),
                variant.estimate if variant else "central",
                clearable=False,
                lang=lang,
            ),
        ],
        className="scenarios-slot",
    )


def layout(lang: str = "da", v: object = None, **query: object) -> html.Div:
    lang = valid_lang(lang)
    printable = query.get("print") == "1"
    options = data.db().query("scenarios_variants", **auth.scope())
    if options.is_empty():
        return html.Div([html.H1(t("scenarios.title", lang)), html.P(t("scenarios.empty", lang))])
    variants, refused = _visible(parse_variants(v) if v is not None else default_variants(options))
    body = [*refused, *scenarios_body(variants, lang, printable)]
    title = html.H1(t("scenarios.title", lang))
    if printable:
        return html.Div(
            [
                title,
                html.Div(
                    [
                        html.Button(
                            t("scenarios.print_now", lang),
                            id="scenarios-print-button",
                            className="button",
                        ),
                        dcc.Link(
                            t("scenarios.back", lang),
                            href="/scenarios" + search_for(variants, lang),
                        ),
                    ],
                    className="scenarios-actions no-print",
                ),
                html.Span(id="scenarios-print-done", hidden=True),
                html.Div(body, id="scenarios-body"),
            ],
            className="scenarios-page scenarios-print",
        )
    slots = [
        _slot(i, variants[i - 1] if i <= len(variants) else None, options, lang) for i in SLOTS
    ]
    return html.Div(
        [
            dcc.Location(id="scenarios-url", refresh=False),
            dcc.Store(id="scenarios-variants", data=[x.key for x in variants]),
            title,
            html.P(t("scenarios.intro", lang), className="lead"),
            html.Div(slots, className="scenarios-controls no-print"),
            html.Div(
                [
                    html.Button(
                        t("scenarios.download", lang),
                        id="scenarios-download-button",
                        className="button",
                    ),
                    dcc.Download(id="scenarios-download"),
                    html.A(
                        t("scenarios.print_link", lang),
                        id="scenarios-print-link",
                        href="/scenarios" + search_for(variants, lang, printable=True),
                        className="button secondary",
                    ),
                ],
                className="scenarios-actions no-print",
            ),
            loading(html.Div(body, id="scenarios-body"), delay_show=300),
        ],
        className="scenarios-page",
    )


def _visible(variants: list[Variant]) -> tuple[list[Variant], list]:
    """The variants whose case the user may see, and a refusal message for the others."""
    seen: list[Variant] = []
    refused: list = []
    for variant in variants:
        try:
            auth.check_case(variant.case_id)
            seen.append(variant)
        except auth.Refused as refusal:
            auth.record_refusal(refusal, "scenarios.layout")
            refused.append(auth.refusal_view(refusal, auth.request_lang()))
    return seen, refused


def _check_variants(variants: list[Variant]) -> list[Variant]:
    """In a callback: every variant's case must be one the user may see (else Refused)."""
    for variant in variants:
        auth.check_case(variant.case_id)
    return variants


@auth.guarded()
def _scenario_choice(case_id: object, current: object) -> tuple[list, object]:
    if not isinstance(case_id, str) or not case_id or len(case_id) > auth.MAX_ID:
        return [], None
    options = scenario_options(data.db().query("scenarios_variants", **auth.scope()), case_id)
    values = [o["value"] for o in options]
    if current in values:
        return options, current
    return options, "basis" if "basis" in values else (values[0] if values else None)


for _i in SLOTS:
    callback(
        Output(f"scenarios-scenario-{_i}", "options"),
        Output(f"scenarios-scenario-{_i}", "value"),
        Input(f"scenarios-case-{_i}", "value"),
        State(f"scenarios-scenario-{_i}", "value"),
        prevent_initial_call=True,
    )(_scenario_choice)


@callback(
    Output("scenarios-body", "children"),
    Output("scenarios-url", "search"),
    Output("scenarios-print-link", "href"),
    Output("scenarios-variants", "data"),
    inputs={
        "cases": [Input(f"scenarios-case-{i}", "value") for i in SLOTS],
        "scenarios": [Input(f"scenarios-scenario-{i}", "value") for i in SLOTS],
        "estimates": [Input(f"scenarios-estimate-{i}", "value") for i in SLOTS],
        "search": State("url", "search"),
    },
    prevent_initial_call=True,
)
@auth.guarded()
def _body(cases: list, scenarios: list, estimates: list, search: str | None) -> tuple:
    lang = lang_of(search)
    variants = _check_variants(
        from_controls(*(x if isinstance(x, list) else [] for x in (cases, scenarios, estimates)))
    )
    return (
        scenarios_body(variants, lang),
        search_for(variants, lang),
        "/scenarios" + search_for(variants, lang, printable=True),
        [x.key for x in variants],
    )


@callback(
    Output("scenarios-download", "data"),
    Input("scenarios-download-button", "n_clicks"),
    State("scenarios-variants", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _download(n_clicks: object, keys: object, search: str | None) -> object:
    frames = load_all(_check_variants(parse_variants(keys)))
    if not n_clicks or not frames:
        return dash.no_update
    lang = lang_of(search)
    name = safe_filename("scenarier" if lang == "da" else "scenarios", ".xlsx")
    auth.audit(
        "download",
        object=name,
        municipality=frames[0].case["municipality_code"],
        detail="scenarios workbook: " + ", ".join(f.key for f in frames)[:400],
    )
    return dcc.send_bytes(scenario_workbook(frames, valid_lang(lang)), name)


clientside_callback(
    "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
    Output("scenarios-print-done", "children"),
    Input("scenarios-print-button", "n_clicks"),
    prevent_initial_call=True,
)
