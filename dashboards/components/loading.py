"""The spinner around a page's content, shown only while a callback works on it.

`dcc.Loading` shows its spinner on start-up until it knows the loading state (its default
`show_initially=True`), and on a page with a graph that waits for plotly.js (4,8 MB) to load:
the table the page already holds stays hidden for seconds. Content that comes with the first
render is shown at once instead.
"""

from __future__ import annotations

from typing import Any

from dash import dcc
from dash.development.base_component import ComponentType


def loading(children: ComponentType = None, **kwargs: Any) -> dcc.Loading:
    return dcc.Loading(children, show_initially=False, **kwargs)
