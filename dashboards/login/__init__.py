"""Logging in and out, and installing the gate (`dashboards.gate`) in front of every route.

Plain Flask routes (`/login`, `/logout`, `/login/sso`, `/login/sso/callback`, `/healthz`)
next to the Dash app; every other route needs a login (the gate).

Sessions are Flask's signed cookies (HttpOnly, SameSite=Lax, Secure behind HTTPS) holding
the user name, a random session id and a CSRF token; the server keeps the open session ids
(in memory, and in `user_sessions` so a restart keeps people logged in), so logging out
ends a session for good, and a session lasts at most `SESSION_HOURS`.

One module per job: `sessions` (the server-side session list), `ratelimit` (failed logins),
`csrf` (the forms' token), `oidc` (Single Sign-On), `page` and `templates/login.html` (the
page), `routes` (the handlers), `state` (what `install` set up).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

import dash
from flask import Flask, jsonify

from dashboards import data
from dashboards.auth import set_audit_sink
from dashboards.gate import MAX_UPLOAD_REQUEST_BYTES, Gate
from dashboards.login import routes
from dashboards.login.csrf import csrf_token
from dashboards.login.oidc import OidcConfig, oidc_client
from dashboards.login.ratelimit import FailureLimiter
from dashboards.login.sessions import SESSION_HOURS, Sessions
from dashboards.login.state import Installed, installed
from dashboards.write_behind import WriteBehind
from gevinst.store.audit import record
from gevinst.store.users import stored_secret

__all__ = ["FailureLimiter", "OidcConfig", "Security", "Sessions", "csrf_token", "flush", "install"]

log = logging.getLogger("gevinst.server")


@dataclass(frozen=True)
class Security:
    """How the server protects itself; `gevinst serve` fills it from options and env."""

    https_cookies: bool = False
    secret_key: str | None = None  # GEVINST_SECRET_KEY; else kept in the database
    oidc: OidcConfig | None = None


def flush(timeout: float = 10.0) -> None:
    """Write what is queued (audit and session rows); `gevinst serve` calls it on its way out."""
    current = installed.get("app")
    if current is not None and current.writes is not None:
        current.writes.flush(timeout)


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
        SESSION_COOKIE_NAME="gevinst_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=security.https_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_REQUEST_BYTES,
    )
    oidc = oidc_client(server, security.oidc) if security.oidc else None
    installed["app"] = Installed(dash_app, demo, Sessions(writes), oidc, writes)
    if writes is not None:
        set_audit_sink(lambda event: writes.put(lambda con: record(con, [event])))
    else:
        set_audit_sink(None)
    gate = Gate(dash_app, installed["app"].sessions.principal)
    server.before_request(gate.check)
    server.after_request(gate.headers)
    server.register_error_handler(Exception, gate.error)
    server.add_url_rule("/login", "gevinst_login", routes.login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "gevinst_logout", routes.logout, methods=["GET", "POST"])
    server.add_url_rule("/healthz", "gevinst_health", lambda: jsonify(status="ok"))
    server.add_url_rule("/login/sso", "gevinst_sso", routes.sso_start)
    server.add_url_rule("/login/sso/callback", "gevinst_sso_callback", routes.sso_callback)
