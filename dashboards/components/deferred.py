"""A graph that comes after the page's tables: the first paint never waits for plotly.js.

A page whose first render holds a `dcc.Graph` keeps everything hidden until plotly.js
(4,8 MB) is loaded and compiled — measured on the demo database under load: the budget
page's table 3 s without its chart, 11–13 s with it. So a graph is sent as a holder with its
figure in a `dcc.Store`; once the page is on screen, one callback turns the figure into the
graph. The holder carries the graph's id (pages and tests find `#case-jcurve .main-svg`).
"""

from __future__ import annotations

from dash import MATCH, Input, Output, callback, dcc, html

from dashboards import auth

_CONFIG_KEYS = {"displaylogo", "responsive"}


def deferred_graph(
    graph_id: str, figure: object, config: dict | None = None, className: str | None = None
) -> html.Div:
    """The holder of a graph whose figure is drawn after the first paint."""
    data = {"figure": figure, "config": config or {"displaylogo": False}}
    return html.Div(
        html.Div(
            dcc.Store(id={"type": "deferred-figure", "key": graph_id}, data=data),
            id={"type": "deferred-graph", "key": graph_id},
        ),
        id=graph_id,
        className=className,
    )


@callback(
    Output({"type": "deferred-graph", "key": MATCH}, "children"),
    Input({"type": "deferred-figure", "key": MATCH}, "data"),
)
@auth.guarded()
def _draw(data: object) -> object:
    """The figure the page sent with its first render, as a graph (the client's own data
    back to it: nothing is read, nothing but a figure and a known option is passed on)."""
    if not isinstance(data, dict) or not isinstance(data.get("figure"), dict):
        return html.Div()
    sent = data.get("config")
    config = (
        {k: v for k, v in sent.items() if k in _CONFIG_KEYS and isinstance(v, bool)}
        if isinstance(sent, dict)
        else {}
    )
    # the keys are filtered to _CONFIG_KEYS (keys of Dash's `Config` TypedDict), which mypy
    # cannot see in a comprehension
    return dcc.Graph(figure=data["figure"], config=config)  # type: ignore[arg-type]
