"""The frame around every page: skip link, title, navigation, language switch, demo banner.

Links carry the page's language (`?lang=`), so switching language is a link, not state.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from dashboards.i18n import t

NAV = [("nav.portfolio", "/"), ("nav.case", "/case"), ("nav.scenarios", "/scenarios"),
       ("nav.budget", "/budget"), ("nav.realisation", "/realisation"), ("nav.peers", "/peers"),
       ("nav.import", "/import")]


def href(path: str, lang: str, **params: object) -> str:
    """A link inside the app in `lang`; a list value repeats its parameter (`?v=a&v=b`)."""
    query = {k: v for k, v in {"lang": lang if lang == "en" else None, **params}.items()
             if v not in (None, "", [])}
    return path + ("?" + urlencode(query, doseq=True, safe=":") if query else "")


def header(lang: str) -> html.Header:
    return html.Header([
        html.A(t("skip.to.content", lang), href="#main", className="skip-link"),
        html.Div([
            html.Span("gevinst", className="brand"),
            html.Span(t("app.title", lang).split("—")[-1].strip(), className="tagline"),
        ], className="title"),
        html.Nav([dcc.Link(t(key, lang), href=href(path, lang),
                           id=f"nav-{path.strip('/') or 'portfolio'}") for key, path in NAV],
                 **{"aria-label": "Hovedmenu" if lang == "da" else "Main"}),
        html.Div(id="lang-switch-holder"),
    ], className="site-header")


def demo_banner(lang: str) -> html.Div:
    return html.Div(t("demo.banner", lang), id="demo-banner", className="demo-banner",
                    role="note")
