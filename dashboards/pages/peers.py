"""Peers page (finance director): net spend per inhabitant by function, next to the average
of the municipality's DST group and the whole country, from imported REGK31 key figures.

`?municipality=169&year=2024` in the URL picks the municipality and year (links are
shareable); the figures come from `dashboards.views.peers`, the callbacks only validate
their inputs and call it.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import dash
from dash import Input, Output, callback, dcc, html

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.glossary import term
from dashboards.components.loading import loading
from dashboards.i18n import t, valid_lang
from dashboards.views.peers import (
    default_municipality,
    function_options,
    municipality_options,
    peers_body,
    with_groups,
)

dash.register_page(__name__, path="/peers", name="Sammenlignelige kommuner", order=4)


def layout(
    lang: str = "da", municipality: str | None = None, year: str | None = None, **_: object
) -> html.Div:
    """The first municipality's (or `?municipality=`'s) figures come with the page: through
    the callbacks they waited for the options, then for the body."""
    lang = valid_lang(lang)
    (m_options, chosen, y_options, shown_year, f_options) = _choices(
        _int(year[:9] if isinstance(year, str) else None),
        _int(municipality[:9] if isinstance(municipality, str) else None),
    )
    return html.Div(
        [
            html.H1(t("peers.title", lang)),
            html.Div(
                [
                    html.Label(
                        [
                            term(t("peers.municipality", lang), "dst_group", lang),
                            dcc.Dropdown(
                                id="peers-municipality",
                                clearable=False,
                                options=m_options,
                                value=chosen,
                            ),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("peers.year", lang),
                            dcc.Dropdown(
                                id="peers-year",
                                clearable=False,
                                options=y_options,
                                value=shown_year,
                            ),
                        ],
                        className="filter",
                    ),
                    html.Label(
                        [
                            t("peers.functions", lang),
                            dcc.Dropdown(
                                id="peers-functions",
                                multi=True,
                                options=f_options,
                                placeholder=t("peers.all_functions", lang),
                            ),
                        ],
                        className="filter peers-functions",
                    ),
                ],
                className="filters no-print",
            ),
            loading(html.Div(peers_body(shown_year, chosen, None, lang), id="peers-body")),
        ],
        className="peers",
    )


def _param(search: object, name: str) -> str | None:
    values = parse_qs(search.lstrip("?") if isinstance(search, str) else "").get(name)
    return values[0][:9] if values else None


def _int(value: object) -> int | None:
    """A whole number a client sent (a code or a year); None for anything else (a float
    such as 1e308 or Infinity, a 5000-digit string, a list)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | str)
        or (isinstance(value, str) and len(value) > 9)
    ):
        return None
    try:
        return int(value)
    except ValueError:
        return None


@callback(
    Output("peers-municipality", "options"),
    Output("peers-municipality", "value"),
    Output("peers-year", "options"),
    Output("peers-year", "value"),
    Output("peers-functions", "options"),
    Input("url", "search"),
    prevent_initial_call=True,
)  # the layout carries the first choices
@auth.guarded()  # key figures are published (DST REGK31): every role may compare
def _options(search: str | None) -> tuple:
    return _choices(_int(_param(search, "year")), _int(_param(search, "municipality")))


def _choices(wanted_year: int | None, wanted_municipality: int | None) -> tuple:
    """(municipality options, chosen municipality, year options, year, function options):
    the wanted year and municipality where the key figures have them, else the latest year
    and the default municipality."""
    database = data.db()
    years = database.query("peers_years")["year"].to_list()
    if not years:
        return [], None, [], None, []
    year = wanted_year if wanted_year in years else years[0]
    figures = with_groups(database.query("peers_key_figures", year=year))
    chosen = default_municipality(figures, wanted_municipality)
    return (
        municipality_options(figures),
        chosen,
        [{"label": str(y), "value": y} for y in years],
        year,
        function_options(figures),
    )


@callback(
    Output("peers-body", "children"),
    Input("peers-municipality", "value"),
    Input("peers-year", "value"),
    Input("peers-functions", "value"),
    Input("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded()
def _body(municipality: object, year: object, functions: object, search: str | None) -> list:
    chosen = (
        [f for f in functions[:500] if isinstance(f, str) and len(f) <= 20]
        if isinstance(functions, list)
        else []
    )
    return peers_body(_int(year), _int(municipality), chosen or None, lang_of(search))
