"""The frame around every page: skip link, title, navigation, who is logged in (with a
logout button), language switch, demo banner.

Links carry the page's language (`?lang=`), so switching language is a link, not state.
Navigation shows only the pages the user's role may open (the server checks again).
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from dashboards.auth import PAGE_ROLES, Principal
from dashboards.components.attrs import aria
from dashboards.i18n import register, t
from gevinst.store.users import DEMO_USERS

register(
    {
        "shell.user": {"da": "Logget ind som", "en": "Logged in as"},
        "shell.logout": {"da": "Log ud", "en": "Log out"},
        "demo.users": {
            "da": "Demobrugere (adgangskode \u201cdemo\u201d): {users}.",
            "en": "Demo users (password \u201cdemo\u201d): {users}.",
        },
    }
)

NAV = [
    ("nav.portfolio", "/"),
    ("nav.case", "/case"),
    ("nav.scenarios", "/scenarios"),
    ("nav.budget", "/budget"),
    ("nav.decision", "/budget-decision"),
    ("nav.realisation", "/realisation"),
    ("nav.peers", "/peers"),
    ("nav.import", "/import"),
]


def href(path: str, lang: str, **params: object) -> str:
    """A link inside the app in `lang`; a list value repeats its parameter (`?v=a&v=b`)."""
    query = {
        k: v
        for k, v in {"lang": lang if lang == "en" else None, **params}.items()
        if v not in (None, "", [])
    }
    return path + ("?" + urlencode(query, doseq=True, safe=":") if query else "")


def nav_for(principal: Principal | None) -> list[tuple[str, str]]:
    """The navigation entries the user's role may open."""

    def allowed(path: str) -> bool:
        roles = PAGE_ROLES.get(path.strip("/"))
        return roles is None or (principal is not None and principal.is_one_of(roles))

    return [(key, path) for key, path in NAV if allowed(path)]


def user_box(principal: Principal | None, csrf: str, lang: str) -> html.Div:
    if principal is None:
        return html.Div(id="shell-user")
    return html.Div(
        [
            html.Span(
                [
                    t("shell.user", lang),
                    " ",
                    html.Strong(principal.username, id="shell-username"),
                    f" ({t(f'role.{principal.role}', lang)})",
                ],
                className="shell-user-name",
            ),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf_token", value=csrf),
                    html.Button(
                        t("shell.logout", lang),
                        type="submit",
                        id="shell-logout",
                        className="link-button",
                    ),
                ],
                action="/logout",
                method="POST",
                className="shell-logout",
            ),
        ],
        id="shell-user",
        className="shell-user",
    )


def header(lang: str, principal: Principal | None = None, csrf: str = "") -> html.Header:
    return html.Header(
        [
            html.A(t("skip.to.content", lang), href="#main", className="skip-link"),
            html.Div(
                [
                    html.Span("gevinst", className="brand"),
                    html.Span(t("app.title", lang).split("—")[-1].strip(), className="tagline"),
                ],
                className="title",
            ),
            html.Nav(
                [
                    dcc.Link(
                        t(key, lang),
                        href=href(path, lang),
                        id=f"nav-{path.strip('/') or 'portfolio'}",
                    )
                    for key, path in nav_for(principal)
                ],
                **aria("label", "Hovedmenu" if lang == "da" else "Main"),
            ),
            user_box(principal, csrf, lang),
            html.Div(id="lang-switch-holder"),
        ],
        className="site-header",
    )


def demo_banner(lang: str) -> html.Div:
    users = ", ".join(
        f"{name} ({t(f'role.{role}', lang)}"
        + (f", {'/'.join(str(c) for c in codes)})" if codes else ")")
        for name, role, codes in DEMO_USERS
    )
    return html.Div(
        [t("demo.banner", lang), " ", t("demo.users", lang).format(users=users)],
        id="demo-banner",
        className="demo-banner",
        role="note",
    )
