"""Realisation page (finance director): planned vs realised gains per case and year, what
became of each gain (harvested with its budget line, reinvested, capacity, not realised), the
decision compared with now, double counting, the gain-share proposal to download, and the
case's target group against its comparison group (cohorts: person-level, never for a
politician; groups under 5 persons are not shown).

The figures come from `dashboards.views.realisation`; callbacks only validate their inputs.
"""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.loading import loading
from dashboards.i18n import t, valid_lang
from dashboards.views.realisation import (
    case_options,
    cohort_body,
    gain_share_file,
    realisation_body,
    share_marks,
)

dash.register_page(__name__, path="/realisation", name="Gevinstrealisering", order=6)


def layout(lang: str = "da", case: str | None = None, **_: object) -> html.Div:
    lang = valid_lang(lang)
    refused = auth.page_refusal("realisation", lang)  # person-level overlaps: not politicians
    if refused is not None:
        return refused
    refusals = []
    if case is not None:  # `?case=` of another municipality (or none): said, not dropped
        try:
            auth.check_case(case)
        except auth.Refused as refusal:
            refusals.append(auth.refuse_parameter(refusal, "realisation.layout", lang))
            case = None
    # the first case's figures are laid out with the page: through the callbacks they waited
    # for the dropdown's options, then for the body (and Dash 4.4 mounts a callback's large
    # output slowly)
    cases = data.db().query("realisation_cases", **auth.scope())
    options, case = _options_and_choice(cases, case)
    return html.Div(
        [
            html.H1(t("realisation.title", lang)),
            *refusals,
            html.Div(
                [
                    html.Label(
                        [
                            t("realisation.case", lang),
                            dcc.Dropdown(
                                id="realisation-case", value=case, options=options, clearable=False
                            ),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("realisation.share", lang),
                            dcc.Slider(
                                id="realisation-share",
                                min=0,
                                max=100,
                                step=5,
                                value=50,
                                marks=share_marks(lang),
                            ),
                        ],
                        className="filter",
                    ),
                    html.Button(
                        t("realisation.download", lang),
                        id="realisation-download-button",
                        className="button",
                    ),
                    dcc.Download(id="realisation-download"),
                ],
                className="filters no-print",
            ),
            loading(html.Div(realisation_body(case, lang), id="realisation-body")),
            loading(html.Div(cohort_body(case, lang) if case else None, id="realisation-cohorts")),
        ]
    )


def _options_and_choice(cases: pl.DataFrame, current: object) -> tuple[list[dict], str | None]:
    """The case dropdown's options and its value: the current case if listed, else the first."""
    ids = cases["case_id"].to_list()
    chosen = current if isinstance(current, str) and current in ids else (ids[0] if ids else None)
    return case_options(cases), chosen


@callback(
    Output("realisation-case", "options"),
    Output("realisation-case", "value"),
    Input("url", "search"),
    State("realisation-case", "value"),
    prevent_initial_call=True,
)  # the layout carries the first options
@auth.guarded(*auth.PERSON_LEVEL)
def _cases(search: str | None, current: object) -> tuple:
    return _options_and_choice(data.db().query("realisation_cases", **auth.scope()), current)


@callback(
    Output("realisation-body", "children"),
    Input("realisation-case", "value"),
    Input("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.PERSON_LEVEL)
def _body(case_id: object, search: str | None) -> list:
    if case_id is not None:
        auth.check_case(case_id)
    return realisation_body(case_id if isinstance(case_id, str) else None, lang_of(search))


@callback(
    Output("realisation-cohorts", "children"),
    Input("realisation-case", "value"),
    Input("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.PERSON_LEVEL)  # cohorts are person-level data
def _cohorts(case_id: object, search: str | None) -> object:
    if not isinstance(case_id, str) or not auth.check_case(case_id):
        return None
    return cohort_body(case_id, lang_of(search))


@callback(
    Output("realisation-download", "data"),
    Input("realisation-download-button", "n_clicks"),
    State("realisation-case", "value"),
    State("realisation-share", "value"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.PERSON_LEVEL)
def _download(n_clicks: object, case_id: object, share: object) -> dict | None:
    if not isinstance(case_id, str) or not auth.check_case(case_id):
        return None
    value = (
        share
        if isinstance(share, int | float) and not isinstance(share, bool) and 0 <= share <= 100
        else 50
    )
    result = gain_share_file(case_id, float(value) / 100)
    if result is not None:
        owner = auth.case_owner(case_id)
        auth.audit(
            "download",
            object=case_id,
            municipality=owner[0] if owner else None,
            detail=f"gain-share workbook {result.get('filename')}, share {value} %",
        )
    return result
