"""The login and logout page, rendered from `templates/login.html` (Jinja, autoescaped)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import jinja2
from flask import Response, request

from dashboards.login.csrf import csrf_token
from dashboards.login.state import app
from gevinst.messages import CATALOGUE, Lang, register
from gevinst.store.users import DEMO_USERS

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # every value is text: a user name typed into the form comes back escaped
)

register(
    {
        "login.title": {"da": "Log ind", "en": "Log in"},
        "login.username": {"da": "Brugernavn", "en": "User name"},
        "login.password": {"da": "Adgangskode", "en": "Password"},
        "login.submit": {"da": "Log ind", "en": "Log in"},
        "login.sso": {"da": "Log ind med Single Sign-On", "en": "Log in with Single Sign-On"},
        "login.or": {"da": "eller", "en": "or"},
        "login.wrong": {
            "da": "Forkert brugernavn eller adgangskode.",
            "en": "Wrong user name or password.",
        },
        "login.blocked": {
            "da": "For mange forkerte forsøg. Vent et minut, og prøv igen.",
            "en": "Too many failed attempts. Wait a minute and try again.",
        },
        "login.expired": {
            "da": "Siden var for gammel. Prøv igen.",
            "en": "The page had expired. Please try again.",
        },
        "login.sso_unknown": {
            "da": "Single Sign-On kendte dig, men du er ikke oprettet som bruger i "
            "gevinst. Bed en administrator om at oprette dig.",
            "en": "Single Sign-On knew you, but you are not a user of gevinst. Ask an "
            "administrator to add you.",
        },
        "login.sso_failed": {
            "da": "Single Sign-On mislykkedes. Prøv igen.",
            "en": "Single Sign-On failed. Please try again.",
        },
        "login.logged_out": {"da": "Du er logget ud.", "en": "You have logged out."},
        "login.logout": {"da": "Log ud", "en": "Log out"},
        "login.logout_q": {"da": "Vil du logge ud?", "en": "Do you want to log out?"},
        "login.switch": {"da": "English", "en": "Dansk"},
        "login.demo": {
            "da": "Demo: dette er en demodatabase med demobrugere. Log ind som en af dem med "
            "adgangskoden \u201cdemo\u201d:",
            "en": "Demo: this is a demo database with demo users. Log in as one of them with "
            "the password \u201cdemo\u201d:",
        },
    }
)


def text(key: str, lang: str) -> str:
    """A sentence of the login page (`login.<key>` in the catalogue)."""
    return CATALOGUE[f"login.{key}"]["en" if lang == "en" else "da"]


def page_lang() -> Lang:
    return "en" if request.args.get("lang") == "en" or request.form.get("lang") == "en" else "da"


def demo_user_lines(lang: str) -> list[tuple[str, str, str]]:
    roles = {
        "admin": ("administrator", "administrator"),
        "director": ("direktør", "director"),
        "controller": ("controller", "controller"),
        "politician": ("politiker", "politician"),
    }
    lines = []
    for name, role, codes in DEMO_USERS:
        where = (
            (
                ", "
                + ("kommune " if lang == "da" else "municipality ")
                + ", ".join(str(c) for c in codes)
            )
            if codes
            else (", " + ("alle kommuner" if lang == "da" else "all municipalities"))
        )
        lines.append((name, roles[role][1 if lang == "en" else 0], where))
    return lines


def page(
    lang: str,
    status: int = 200,
    *,
    message: str | None = None,
    form: bool = True,
    logout: bool = False,
    username: str = "",
    next_path: str = "/",
) -> Response:
    tx = {
        k.removeprefix("login."): v["en" if lang == "en" else "da"]
        for k, v in CATALOGUE.items()
        if k.startswith("login.")
    }
    other = "da" if lang == "en" else "en"
    params = {"next": next_path} if next_path != "/" else {}
    if other == "en":
        params["lang"] = "en"
    path = "/logout" if logout else "/login"
    html = _TEMPLATES.get_template("login.html").render(
        lang=lang,
        other=other,
        tx=tx,
        message=message,
        form=form,
        logout=logout,
        csrf=csrf_token(),
        next=next_path,
        username=username[:100],
        action="/login" + ("?lang=en" if lang == "en" else ""),
        switch_href=path + ("?" + urlencode(params) if params else ""),
        sso=("/login/sso?" + urlencode({"next": next_path})) if app().oidc else None,
        demo_users=demo_user_lines(lang) if app().demo else [],
    )
    response = Response(html, status=status, mimetype="text/html")
    return response
