"""Logging in and out, and installing the gate (`dashboards.gate`) in front of every route.

Plain Flask routes (`/login`, `/logout`, `/login/sso`, `/login/sso/callback`, `/healthz`)
next to the Dash app; every other route needs a login (the gate).

Sessions are Flask's signed cookies (HttpOnly, SameSite=Lax, Secure behind HTTPS) holding
the user name, a random session id and a CSRF token; the server keeps the open session ids
(in memory, and in `user_sessions` so a restart keeps people logged in), so logging out
ends a session for good, and a session lasts at most `SESSION_HOURS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from urllib.parse import urlencode

import dash
from flask import (
    Flask,
    Response,
    g,
    jsonify,
    redirect,
    render_template_string,
    request,
    session,
)
from werkzeug.wrappers import Response as BaseResponse

from dashboards import data
from dashboards.auth import Principal, audit, set_audit_sink
from dashboards.gate import MAX_UPLOAD_REQUEST_BYTES, Gate, safe_next
from dashboards.write_behind import WriteBehind
from gevinst.store.audit import record
from gevinst.store.users import (
    DEMO_USERS,
    User,
    end_session,
    start_session,
    stored_secret,
    verify_password,
)

log = logging.getLogger("gevinst.server")

SESSION_HOURS = 8
FAILURES_PER_MINUTE = 5  # per user name and address; more wait a minute


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Security:
    """How the server protects itself; `gevinst serve` fills it from options and env."""

    https_cookies: bool = False
    secret_key: str | None = None  # GEVINST_SECRET_KEY; else kept in the database
    oidc: OidcConfig | None = None


# --- sessions ------------------------------------------------------------------------------


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _user_from_row(row: dict) -> User:
    return User(row["username"], row["role"], tuple(row["municipalities"] or ()),
                bool(row["disabled"]), row["created_at"], row["password_hash"])


def find_user(username: str) -> User | None:
    try:
        rows = data.db().query("auth_user", username=username.strip().lower()[:100])
    except Exception:  # a database made before logins: nobody can log in
        return None
    return _user_from_row(rows.row(0, named=True)) if rows.height else None


def principal_of(found: User) -> Principal:
    return Principal(found.username, found.role, found.municipalities)


class Sessions:
    """The open sessions: session id → (user, expiry), written behind to `user_sessions`.

    Ending a session is decided here, in memory, at once: its id goes into `_ended` before
    anything else, and every lookup checks `_ended` first, so a request with the cookie of
    an ended session is refused even while the database row still says open (the update
    waits in the write-behind queue behind an import holding the one writer). An id stays
    in `_ended` until the session would have expired anyway; after that the expiry refuses
    it, and after a restart the database row (written by then) does.
    """

    def __init__(self, writes: WriteBehind | None):
        self._writes = writes
        self._open: dict[str, tuple[Principal, float]] = {}
        self._ended: dict[str, float] = {}  # session id → when it would have expired
        self._lock = threading.Lock()

    def start(self, principal: Principal) -> str:
        session_id = secrets.token_urlsafe(32)
        expires = time.time() + SESSION_HOURS * 3600
        with self._lock:
            self._open[session_id] = (principal, expires)
        if self._writes is not None:
            at = dt.datetime.fromtimestamp(expires, dt.UTC)
            digest, name = _digest(session_id), principal.username
            self._writes.put(lambda con: start_session(con, digest, name, at))
        return session_id

    def end(self, session_id: str) -> None:
        """End the session now, for every later request; the database follows."""
        now = time.time()
        with self._lock:
            found = self._open.pop(session_id, None)
            self._ended[session_id] = found[1] if found else now + SESSION_HOURS * 3600
            for ended, expires in list(self._ended.items()):
                if expires < now:  # expired anyway: the expiry check refuses it
                    del self._ended[ended]
        if self._writes is not None:
            digest = _digest(session_id)
            self._writes.put(lambda con: end_session(con, digest))

    def is_ended(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._ended

    def principal(self, session_id: object, username: object) -> Principal | None:
        if not isinstance(session_id, str) or not isinstance(username, str):
            return None
        with self._lock:
            if session_id in self._ended:
                return None
            found = self._open.get(session_id)
        if found is None:
            found = self._from_database(session_id, username)
        if found is None or found[1] < time.time() or found[0].username != username:
            return None
        return found[0]

    def _from_database(self, session_id: str, username: str) -> tuple[Principal, float] | None:
        """After a restart: the session as the database kept it, and the user as now."""
        try:
            rows = data.db().query("auth_session", session_hash=_digest(session_id),
                                   username=username)
        except Exception:
            return None
        known = find_user(username) if rows.height else None
        if known is None or known.disabled:
            return None
        found = (principal_of(known), rows["expires_at"][0].timestamp())
        with self._lock:
            if session_id in self._ended:  # ended while the database was read
                return None
            self._open[session_id] = found
        return found


class FailureLimiter:
    """At most `FAILURES_PER_MINUTE` failed logins per user name and address a minute."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        times = self._failures[key]
        while times and times[0] < time.monotonic() - 60:
            times.popleft()
        return times

    def blocked(self, username: str, ip: str) -> bool:
        with self._lock:
            return len(self._recent((username, ip))) >= FAILURES_PER_MINUTE

    def failed(self, username: str, ip: str) -> None:
        with self._lock:
            self._recent((username, ip)).append(time.monotonic())
            if len(self._failures) > 10_000:  # an attacker's many names: forget the oldest
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((username, ip), None)


# --- the login page ------------------------------------------------------------------------

TEXT = {
    "title": {"da": "Log ind", "en": "Log in"},
    "username": {"da": "Brugernavn", "en": "User name"},
    "password": {"da": "Adgangskode", "en": "Password"},
    "submit": {"da": "Log ind", "en": "Log in"},
    "sso": {"da": "Log ind med Single Sign-On", "en": "Log in with Single Sign-On"},
    "or": {"da": "eller", "en": "or"},
    "wrong": {"da": "Forkert brugernavn eller adgangskode.",
              "en": "Wrong user name or password."},
    "blocked": {"da": "For mange forkerte forsøg. Vent et minut, og prøv igen.",
                "en": "Too many failed attempts. Wait a minute and try again."},
    "expired": {"da": "Siden var for gammel. Prøv igen.",
                "en": "The page had expired. Please try again."},
    "sso_unknown": {"da": "Single Sign-On kendte dig, men du er ikke oprettet som bruger i "
                          "gevinst. Bed en administrator om at oprette dig.",
                    "en": "Single Sign-On knew you, but you are not a user of gevinst. Ask an "
                          "administrator to add you."},
    "sso_failed": {"da": "Single Sign-On mislykkedes. Prøv igen.",
                   "en": "Single Sign-On failed. Please try again."},
    "logged_out": {"da": "Du er logget ud.", "en": "You have logged out."},
    "logout": {"da": "Log ud", "en": "Log out"},
    "logout_q": {"da": "Vil du logge ud?", "en": "Do you want to log out?"},
    "switch": {"da": "English", "en": "Dansk"},
    "demo": {"da": "Demo: dette er en demodatabase med demobrugere. Log ind som en af dem med "
                   "adgangskoden \u201cdemo\u201d:",
             "en": "Demo: this is a demo database with demo users. Log in as one of them with "
                   "the password \u201cdemo\u201d:"},
}

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ tx.title }} · gevinst</title>
<link rel="stylesheet" href="/assets/gevinst.css"></head>
<body><main class="login-page" id="main">
<p class="login-switch"><a id="login-lang-switch" lang="{{ other }}"
   href="{{ switch_href }}">{{ tx.switch }}</a></p>
<h1>gevinst · {{ tx.title }}</h1>
{% if message %}
<p id="login-message" role="alert" class="login-message">{{ message }}</p>{% endif %}
{% if form %}
<form method="post" action="{{ action }}" class="login-form">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <input type="hidden" name="next" value="{{ next }}">
  <p><label for="login-username">{{ tx.username }}</label><br>
     <input id="login-username" name="username" autocomplete="username" required
            maxlength="100" value="{{ username }}" autofocus></p>
  <p><label for="login-password">{{ tx.password }}</label><br>
     <input id="login-password" name="password" type="password" required maxlength="1000"
            autocomplete="current-password"></p>
  <p><button type="submit" id="login-submit">{{ tx.submit }}</button></p>
</form>
{% if sso %}<p>{{ tx.or }}</p>
<p><a id="login-sso" class="button" href="{{ sso }}">{{ tx.sso }}</a></p>{% endif %}
{% if demo_users %}<div id="login-demo" class="demo-banner" role="note"><p>{{ tx.demo }}</p>
<ul>{% for name, role, where in demo_users %}<li><code>{{ name }}</code>: {{ role }}{{ where }}</li>
{% endfor %}</ul></div>{% endif %}
{% endif %}
{% if logout %}
<form method="post" action="/logout"><input type="hidden" name="csrf_token" value="{{ csrf }}">
<p>{{ tx.logout_q }}</p><button type="submit" id="logout-submit">{{ tx.logout }}</button></form>
{% endif %}
</main></body></html>"""


def _lang() -> str:
    return "en" if request.args.get("lang") == "en" or request.form.get("lang") == "en" \
        else "da"


def csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    kept = session.get("csrf")
    return isinstance(kept, str) and hmac.compare_digest(sent.encode(), kept.encode())


def demo_user_lines(lang: str) -> list[tuple[str, str, str]]:
    roles = {"admin": ("administrator", "administrator"), "director": ("direktør", "director"),
             "controller": ("controller", "controller"),
             "politician": ("politiker", "politician")}
    lines = []
    for name, role, codes in DEMO_USERS:
        where = (", " + ("kommune " if lang == "da" else "municipality ")
                 + ", ".join(str(c) for c in codes)) if codes else (
            ", " + ("alle kommuner" if lang == "da" else "all municipalities"))
        lines.append((name, roles[role][1 if lang == "en" else 0], where))
    return lines


def _page(lang: str, status: int = 200, *, message: str | None = None, form: bool = True,
          logout: bool = False, username: str = "", next_path: str = "/") -> Response:
    app = _app()
    tx = {k: v["en" if lang == "en" else "da"] for k, v in TEXT.items()}
    other = "da" if lang == "en" else "en"
    params = {"next": next_path} if next_path != "/" else {}
    if other == "en":
        params["lang"] = "en"
    path = "/logout" if logout else "/login"
    html = render_template_string(
        PAGE, lang=lang, other=other, tx=tx, message=message, form=form, logout=logout,
        csrf=csrf_token(), next=next_path, username=username[:100],
        action="/login" + ("?lang=en" if lang == "en" else ""),
        switch_href=path + ("?" + urlencode(params) if params else ""),
        sso=("/login/sso?" + urlencode({"next": next_path})) if app.oidc else None,
        demo_users=demo_user_lines(lang) if app.demo else [])
    response = Response(html, status=status, mimetype="text/html")
    return response


# --- the installation ----------------------------------------------------------------------


class _Installed:
    def __init__(self, dash_app: dash.Dash, demo: bool, sessions: Sessions,
                 oidc: object | None, writes: WriteBehind | None):
        self.dash_app = dash_app
        self.demo = demo
        self.sessions = sessions
        self.limiter = FailureLimiter()
        self.oidc = oidc
        self.writes = writes


_installed: dict[str, _Installed] = {}


def _app() -> _Installed:
    return _installed["app"]


def flush(timeout: float = 10.0) -> None:
    """Write what is queued (audit and session rows); `gevinst serve` calls it on its way out."""
    installed = _installed.get("app")
    if installed is not None and installed.writes is not None:
        installed.writes.flush(timeout)


def _secret_key(security: Security, writable: bool) -> str:
    if security.secret_key:
        return security.secret_key
    if writable:
        with data.db().writer() as con:
            kept = stored_secret(con, "session_key", create=True)
    else:
        with data.db().writer() as con:
            kept = stored_secret(con, "session_key", create=False)
    if kept:
        return kept
    log.warning("no GEVINST_SECRET_KEY and a read-only database: sessions last until restart")
    return secrets.token_hex(32)


def install(dash_app: dash.Dash, demo: bool, security: Security) -> None:
    """Put the gate, the login routes and secure session settings on the app's server."""
    server: Flask = dash_app.server
    database = data.db()
    writes = None if database.read_only else WriteBehind(database)
    server.secret_key = _secret_key(security, not database.read_only)
    server.config.update(
        SESSION_COOKIE_NAME="gevinst_session", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=security.https_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        SESSION_REFRESH_EACH_REQUEST=False, MAX_CONTENT_LENGTH=MAX_UPLOAD_REQUEST_BYTES)
    oidc = _oidc_client(server, security.oidc) if security.oidc else None
    _installed["app"] = _Installed(dash_app, demo, Sessions(writes), oidc, writes)
    if writes is not None:
        set_audit_sink(lambda event: writes.put(lambda con: record(con, [event])))
    else:
        set_audit_sink(None)
    gate = Gate(dash_app, _installed["app"].sessions.principal)
    server.before_request(gate.check)
    server.after_request(gate.headers)
    server.register_error_handler(Exception, gate.error)
    server.add_url_rule("/login", "gevinst_login", _login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "gevinst_logout", _logout, methods=["GET", "POST"])
    server.add_url_rule("/healthz", "gevinst_health", lambda: jsonify(status="ok"))
    server.add_url_rule("/login/sso", "gevinst_sso", _sso_start)
    server.add_url_rule("/login/sso/callback", "gevinst_sso_callback", _sso_callback)


def _oidc_client(server: Flask, config: OidcConfig) -> object:
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(server)
    return oauth.register(
        name="sso", client_id=config.client_id, client_secret=config.client_secret,
        server_metadata_url=config.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"})


# --- the routes ----------------------------------------------------------------------------


def _begin_session(found: User, how: str) -> None:
    installed = _app()
    principal = principal_of(found)
    session.clear()  # a fresh session: no fixation, a new CSRF token
    session.permanent = True
    session["uid"] = principal.username
    session["sid"] = installed.sessions.start(principal)
    session["csrf"] = secrets.token_urlsafe(32)
    g.principal = principal
    audit("login", username=principal.username, detail=how)


def _login() -> BaseResponse:
    lang = _lang()
    next_path = safe_next(request.values.get("next", "/"))
    if request.method == "GET":
        message = TEXT["logged_out"][lang] if request.args.get("out") == "1" else None
        return _page(lang, message=message, next_path=next_path)
    username = request.form.get("username", "")[:100].strip().lower()
    password = request.form.get("password", "")[:1000]
    if not csrf_ok():
        audit("refused", object="/login", username=username,
              detail="400: login form without its CSRF token (or an old one)")
        return _page(lang, 400, message=TEXT["expired"][lang], username=username,
                     next_path=next_path)
    installed, ip = _app(), request.remote_addr or "-"
    if installed.limiter.blocked(username, ip):
        audit("login_failed", username=username, detail="too many failed attempts")
        return _page(lang, 429, message=TEXT["blocked"][lang], username=username,
                     next_path=next_path)
    found = find_user(username) if username else None
    if not verify_password(found, password):
        installed.limiter.failed(username, ip)
        audit("login_failed", username=username, detail="wrong user name or password")
        return _page(lang, 401, message=TEXT["wrong"][lang], username=username,
                     next_path=next_path)
    assert found is not None
    installed.limiter.succeeded(username, ip)
    _begin_session(found, "password")
    return redirect(next_path)


def _logout() -> BaseResponse:
    lang = _lang()
    if request.method == "GET":  # a link shows a button: logging out is a POST with a token
        return _page(lang, form=False, logout=True)
    if not csrf_ok():
        audit("refused", object="/logout", username=str(session.get("uid", ""))[:100] or None,
              detail="400: logout without its CSRF token (or an old one)")
        return _page(lang, 400, form=False, logout=True, message=TEXT["expired"][lang])
    sid, name = session.get("sid"), session.get("uid")
    if isinstance(sid, str):
        _app().sessions.end(sid)
    if isinstance(name, str):
        audit("logout", username=name)
    session.clear()
    return redirect("/login?out=1" + ("&lang=en" if lang == "en" else ""))


def _sso_start() -> BaseResponse:
    installed = _app()
    if installed.oidc is None:
        return redirect("/login")
    session["sso_next"] = safe_next(request.args.get("next", "/"))
    redirect_uri = os.environ.get("GEVINST_PUBLIC_URL", request.url_root).rstrip("/") \
        + "/login/sso/callback"
    # mypy: authlib is untyped: the registered client's methods are dynamic
    return installed.oidc.authorize_redirect(redirect_uri)  # type: ignore[attr-defined]


def _sso_callback() -> BaseResponse:
    installed = _app()
    lang = _lang()
    if installed.oidc is None:
        return redirect("/login")
    try:
        # mypy: authlib is untyped: the registered client's methods are dynamic
        token = installed.oidc.authorize_access_token()  # type: ignore[attr-defined]
        claims = token.get("userinfo") or {}
    except Exception as error:  # a bad state, code or signature: a failed login, logged
        audit("login_failed", detail=f"sso: {type(error).__name__}: {str(error)[:200]}")
        return _page(lang, 401, message=TEXT["sso_failed"][lang])
    found = None
    for claim in ("preferred_username", "email"):
        value = claims.get(claim)
        if isinstance(value, str) and value:
            found = find_user(value)
            if found is not None:
                break
    tried = str(claims.get("preferred_username") or claims.get("email") or "")[:100]
    if found is None or found.disabled:
        audit("login_failed", username=tried, detail="sso: no enabled local user")
        return _page(lang, 403, message=TEXT["sso_unknown"][lang])
    next_path = safe_next(session.get("sso_next", "/"))
    _begin_session(found, "sso")
    return redirect(next_path)
