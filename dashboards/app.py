"""The Dash app: pages registered from `pages/`, the shell around them, compression on.

`create_app` opens the database for the process (the server owns the file) and builds the
app; nothing is read at import time. The language switch is a link computed from the current
URL, so it is always the same page in the other language.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import dash
from dash import Input, Output, dcc, html
from flask_compress import Compress

from dashboards import data
from dashboards.components.shell import demo_banner, header, href
from dashboards.i18n import t, valid_lang

ASSETS = Path(__file__).parent / "assets"
PAGES = Path(__file__).parent / "pages"


def lang_of(search: str | None) -> str:
    values = parse_qs((search or "").lstrip("?")).get("lang", ["da"])
    return valid_lang(values[0])


def lang_switch(pathname: str | None, search: str | None) -> html.A:
    """The link to the same page in the other language (a plain function, tested as such)."""
    lang = lang_of(search)
    other = "da" if lang == "en" else "en"
    params = {k: v if len(v) > 1 else v[0]
              for k, v in parse_qs((search or "").lstrip("?")).items() if k != "lang"}
    return html.A(t("lang.switch", lang), href=href(pathname or "/", other, **params),
                  id="lang-switch", lang=other, className="lang-switch")


def create_app(db_path: Path, demo: bool = False, read_only: bool = False) -> dash.Dash:
    data.open_for_app(db_path, read_only=read_only)
    app = dash.Dash(__name__, use_pages=True, pages_folder=str(PAGES),
                    assets_folder=str(ASSETS), title="gevinst",
                    suppress_callback_exceptions=True, compress=False)
    Compress(app.server)
    app.server.config["GEVINST_DEMO"] = demo

    def layout() -> html.Div:
        return html.Div([
            dcc.Location(id="url", refresh="callback-nav"),
            html.Div(id="shell-header"),
            html.Main(dash.page_container, id="main", tabIndex=-1),
        ], className="app")

    app.layout = layout

    @app.callback(Output("shell-header", "children"), Input("url", "pathname"),
                  Input("url", "search"))
    def _shell(pathname: str | None, search: str | None) -> list:
        lang = lang_of(search)
        parts = [header(lang)]
        if demo:
            parts.append(demo_banner(lang))
        parts[0].children[-1].children = lang_switch(pathname, search)  # type: ignore[index]
        return parts

    return app
