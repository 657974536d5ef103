"""Case page (finance director, controller): one case, who pays, who gains, when, and what if.

`/case?id=<case_id>&scenario=<name>&estimate=<e>&lang=`; without an id, a case picker. The
figures come from `dashboards.views.case` and `…case_whatif`; the callbacks here only
validate what the browser sends (any JSON may arrive) and call them.
"""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, dcc, html, no_update
from dash.development.base_component import ComponentType

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.attrs import aria
from dashboards.components.glossary import term
from dashboards.components.loading import loading
from dashboards.components.shell import href
from dashboards.i18n import t, valid_lang
from dashboards.views import case as view
from dashboards.views import case_whatif as whatif

dash.register_page(__name__, path="/case", name="Case", order=1)


def _picker(lang: str, message: str | None = None) -> html.Div:
    options = view.case_options(data.db().query("case_list", **auth.scope()))
    parts: list = [html.H1(t("case.title", lang))]
    if message:
        parts.append(html.P(message, role="alert", id="case-message"))
    parts += [
        html.P(t("case.pick.help", lang)),
        html.Label(
            [
                t("case.pick", lang),
                dcc.Dropdown(id="case-select", options=options, clearable=False),
            ],
            className="filter case-pick",
        ),
    ]
    return html.Div(parts)


def _selectors(case_id: str, scenario: str, estimate: str, lang: str) -> html.Div:
    return html.Div(
        [
            html.Label(
                [
                    term(t("case.scenario", lang), "scenario", lang),
                    dcc.Dropdown(
                        id="case-scenario",
                        value=scenario,
                        clearable=False,
                        options=view.scenario_options(case_id),
                    ),
                ],
                className="filter",
            ),
            html.Label(
                [
                    term(t("case.estimate", lang), "estimate", lang),
                    dcc.Dropdown(
                        id="case-estimate",
                        value=estimate,
                        clearable=False,
                        options=[
                            {"label": t(f"case.estimate.{e}", lang), "value": e}
                            for e in view.ESTIMATES
                        ],
                    ),
                ],
                className="filter",
            ),
        ],
        className="filters no-print",
    )


def _whatif_section(lang: str, controls: ComponentType = None) -> html.Section:
    principal = auth.current_user()
    may_save = principal is not None and principal.is_one_of(auth.SAVERS)
    return html.Section(
        [
            html.H2(t("case.h.whatif", lang), id="case-section-whatif-h"),
            html.P(t("case.whatif.help", lang), className="note", id="case-whatif-help"),
            html.Div(
                controls, id="case-whatif-controls", className="case-whatif-controls no-print"
            ),
            loading(html.Div(id="case-whatif-result"), delay_show=150),
            html.Div(_save_controls(lang), hidden=not may_save, id="case-save-section"),
        ],
        id="case-section-whatif",
        className="case-section",
        **aria("labelledby", "case-section-whatif-h"),
    )


def _save_controls(lang: str) -> list:
    """Saving a what-if as a scenario (controllers and admins; the callback checks again)."""
    return [
        html.H3(t("case.save.h", lang)),
        html.Div(
            [
                html.Label(
                    [
                        t("case.save.name", lang),
                        dcc.Input(
                            id="case-save-name",
                            type="text",
                            maxLength=whatif.MAX_NAME,
                            autoComplete="off",
                            className="case-input",
                        ),
                    ],
                    className="case-field",
                ),
                html.Label(
                    [
                        t("case.save.description", lang),
                        dcc.Input(
                            id="case-save-description",
                            type="text",
                            maxLength=whatif.MAX_DESCRIPTION,
                            autoComplete="off",
                            className="case-input case-wide",
                        ),
                    ],
                    className="case-field",
                ),
                html.Button(
                    t("case.save.button", lang), id="case-save", n_clicks=0, className="case-button"
                ),
            ],
            className="case-save no-print",
        ),
        loading(html.Div(id="case-save-message", role="status"), delay_show=100),
    ]


def layout(
    lang: str = "da",
    id: str | None = None,
    scenario: str = "basis",
    estimate: str = "central",
    **_: object,
) -> html.Div:
    lang = valid_lang(lang)
    if not id:
        return _picker(lang)
    loaded = view.load(id)
    if isinstance(loaded, str):
        return _picker(lang, view.load_message(loaded, id, lang))
    scenario = scenario if scenario in loaded.case.scenario_names else "basis"
    estimate = estimate if estimate in view.ESTIMATES else "central"
    # the first render carries the figures: a callback on the dropdowns would wait for their
    # code to load in the browser before asking for them (seconds on a busy machine)
    body = view.case_body(loaded, scenario, estimate, lang)
    controls = whatif.whatif_controls(loaded.case.with_scenario(scenario), lang)
    return html.Div(
        [
            dcc.Store(id="case-id", data=loaded.case.id),
            html.H1(loaded.row["name"], id="case-name"),
            view.header(loaded, view.reference(), lang),
            _selectors(loaded.case.id, scenario, estimate, lang),
            loading(html.Div(body, id="case-body"), delay_show=150),
            _whatif_section(lang, controls),
        ],
        className="case-page",
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) <= 200 else None


@callback(
    Output("url", "href", allow_duplicate=True),
    Input("case-select", "value"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _open(case_id: object, search: str | None) -> object:
    if not isinstance(case_id, str) or not case_id or len(case_id) > auth.MAX_ID:
        return no_update
    return href("/case", lang_of(search), id=case_id)


@callback(
    Output("case-body", "children"),
    Output("case-whatif-controls", "children"),
    Input("case-scenario", "value"),
    Input("case-estimate", "value"),
    State("case-id", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _body(scenario: object, estimate: object, case_id: object, search: str | None) -> tuple:
    lang = lang_of(search)
    loaded = view.load(_text(case_id))
    if isinstance(loaded, str):
        return [html.P(view.load_message(loaded, case_id, lang), role="alert")], []
    scenario = scenario if scenario in loaded.case.scenario_names else "basis"
    estimate = estimate if estimate in view.ESTIMATES else "central"
    controls = whatif.whatif_controls(loaded.case.with_scenario(scenario), lang)
    return view.case_body(loaded, scenario, estimate, lang), controls


@callback(
    Output("case-flows", "children"),
    Input("case-flows-year", "value"),
    State("case-scenario", "value"),
    State("case-estimate", "value"),
    State("case-id", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _flows(
    year: object, scenario: object, estimate: object, case_id: object, search: str | None
) -> object:
    lang = lang_of(search)
    loaded = view.load(_text(case_id))
    if isinstance(loaded, str):
        return html.P(view.load_message(loaded, case_id, lang), role="alert")
    scenario = scenario if scenario in loaded.case.scenario_names else "basis"
    estimate = estimate if estimate in view.ESTIMATES else "central"
    chosen = year if isinstance(year, int) and not isinstance(year, bool) else None
    return view.flows_for(loaded, scenario, estimate, chosen, lang)


def _by_number(values: object, ids: object) -> dict[int | str, object]:
    """Pattern-matched inputs → {effect number (or a financing mechanism's name): value};
    anything malformed is dropped."""
    if not isinstance(values, list) or not isinstance(ids, list):
        return {}
    out = {}
    for value, ident in zip(values, ids, strict=False):
        if isinstance(ident, dict) and isinstance(ident.get("no"), int | str):
            out[ident["no"]] = value
    return out


def _first(values: object) -> object:
    return values[0] if isinstance(values, list) and values else None


WHATIF_INPUTS = [
    Input({"type": "case-whatif-value", "no": ALL}, "value"),
    Input({"type": "case-whatif-deadweight", "no": ALL}, "value"),
    Input({"type": "case-whatif-persons", "no": ALL}, "value"),
    Input({"type": "case-whatif-rate", "no": ALL}, "value"),
    Input({"type": "case-whatif-financing", "no": ALL}, "value"),
]
WHATIF_IDS = [
    State({"type": "case-whatif-value", "no": ALL}, "id"),
    State({"type": "case-whatif-deadweight", "no": ALL}, "id"),
    State({"type": "case-whatif-financing", "no": ALL}, "id"),
]


@callback(
    Output("case-whatif-result", "children"),
    *WHATIF_INPUTS,
    *WHATIF_IDS,
    Input("case-estimate", "value"),
    State("case-scenario", "value"),
    State("case-id", "data"),
    State("url", "search"),
)
@auth.guarded()
def _whatif(
    values: object,
    deadweights: object,
    persons: object,
    rate: object,
    switches: object,
    value_ids: object,
    deadweight_ids: object,
    switch_ids: object,
    estimate: object,
    scenario: object,
    case_id: object,
    search: str | None,
) -> list:
    if not isinstance(values, list) or not values:  # controls not rendered yet, or junk
        return []
    return whatif.whatif_body(
        _text(case_id),
        scenario,
        estimate,
        _by_number(values, value_ids),
        _by_number(deadweights, deadweight_ids),
        _first(persons),
        _first(rate),
        lang_of(search),
        _by_number(switches, switch_ids),
    )


@callback(
    Output("case-save-message", "children"),
    Output("case-scenario", "options"),
    Output("case-scenario", "value"),
    Input("case-save", "n_clicks"),
    State("case-save-name", "value"),
    State("case-save-description", "value"),
    *[State(i.component_id, i.component_property) for i in WHATIF_INPUTS],
    *WHATIF_IDS,
    State("case-scenario", "value"),
    State("case-id", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.SAVERS)
def _save(
    clicks: object,
    name: object,
    description: object,
    values: object,
    deadweights: object,
    persons: object,
    rate: object,
    switches: object,
    value_ids: object,
    deadweight_ids: object,
    switch_ids: object,
    scenario: object,
    case_id: object,
    search: str | None,
) -> tuple:
    lang = lang_of(search)
    if not clicks:
        return no_update, no_update, no_update
    loaded = view.load(_text(case_id))
    if isinstance(loaded, str):
        return html.P(view.load_message(loaded, case_id, lang), role="alert"), no_update, no_update
    base = scenario if scenario in loaded.case.scenario_names else "basis"
    change, problems = whatif.parse_whatif(
        loaded.case.with_scenario(base),
        _by_number(values, value_ids),
        _by_number(deadweights, deadweight_ids),
        _first(persons),
        _first(rate),
        valid_lang(lang),
        _by_number(switches, switch_ids),
    )
    if change is None:
        return whatif.problems_view(problems, lang), no_update, no_update
    result = whatif.save_scenario(
        loaded.case.id, base, change, name, description, lang, saved_by=auth.user().username
    )
    if not result.ok:
        return html.P(result.message, role="alert", id="case-save-error"), no_update, no_update
    auth.audit(
        "scenario_save",
        object=loaded.case.id,
        municipality=loaded.home,
        detail=f"scenario {result.scenario} from {base}",
    )
    return (
        html.P(result.message, id="case-save-done"),
        view.scenario_options(loaded.case.id),
        result.scenario,
    )
