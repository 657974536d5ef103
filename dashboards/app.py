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
from dash.development.base_component import Component
from flask_compress import Compress

from dashboards import data
from dashboards.auth import current_user, guarded
from dashboards.components.attrs import aria
from dashboards.components.shell import demo_banner, header, href
from dashboards.i18n import t, valid_lang
from dashboards.login import Security, csrf_token, install

ASSETS = Path(__file__).parent / "assets"
PAGES = Path(__file__).parent / "pages"


def _query(search: object) -> str:
    """A page address's query string as a client sent it: anything else is no query."""
    return search.lstrip("?") if isinstance(search, str) and len(search) < 10_000 else ""


def lang_of(search: object) -> str:
    values = parse_qs(_query(search)).get("lang", ["da"])
    return valid_lang(values[0])


def lang_switch(pathname: object, search: object) -> html.A:
    """The link to the same page in the other language (a plain function, tested as such)."""
    lang = lang_of(search)
    other = "da" if lang == "en" else "en"
    params = {
        k: v if len(v) > 1 else v[0] for k, v in parse_qs(_query(search)).items() if k != "lang"
    }
    path = (
        pathname
        if isinstance(pathname, str) and pathname.startswith("/") and len(pathname) < 2000
        else "/"
    )
    return html.A(
        t("lang.switch", lang),
        href=href(path, other, **params),
        id="lang-switch",
        lang=other,
        className="lang-switch",
    )


def create_app(
    db_path: Path,
    demo: bool = False,
    read_only: bool = False,
    security: Security | None = None,
    publish_to: Path | None = None,
) -> dash.Dash:
    """The app on `db_path`; every route but the login page needs a login (`login.install`).
    With `publish_to`, a read-only snapshot for BI tools follows every write."""
    data.open_for_app(db_path, read_only=read_only, publish_to=publish_to)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(PAGES),
        assets_folder=str(ASSETS),
        title="gevinst",
        suppress_callback_exceptions=True,
        compress=False,
    )
    Compress(app.server)
    app.server.config["GEVINST_DEMO"] = demo
    install(app, demo, security or Security())

    def layout() -> html.Div:
        return html.Div(
            [
                dcc.Location(id="url", refresh="callback-nav"),
                html.Div(id="shell-header"),
                html.Div(id="auth-message", className="auth-message", **aria("live", "assertive")),
                html.Main(dash.page_container, id="main", tabIndex=-1),
            ],
            className="app",
        )

    app.layout = layout

    @app.callback(
        Output("shell-header", "children"), Input("url", "pathname"), Input("url", "search")
    )
    @guarded()
    def _shell(pathname: str | None, search: str | None) -> list:
        lang = lang_of(search)
        parts: list[Component] = [header(lang, current_user(), csrf_token())]
        if demo:
            parts.append(demo_banner(lang))
        parts[0].children[-1].children = lang_switch(pathname, search)
        return parts

    return app
