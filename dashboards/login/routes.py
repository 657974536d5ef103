"""The login routes: `/login` (password), `/logout`, `/login/sso` and its callback."""

from __future__ import annotations

import os
import secrets

from flask import g, redirect, request, session
from werkzeug.wrappers import Response as BaseResponse

from dashboards.auth import audit
from dashboards.gate import safe_next
from dashboards.login.csrf import csrf_ok
from dashboards.login.page import page, page_lang, text
from dashboards.login.sessions import find_user, principal_of
from dashboards.login.state import app
from gevinst.store.users import User, verify_password


def _begin_session(found: User, how: str) -> None:
    installed = app()
    principal = principal_of(found)
    session.clear()  # a fresh session: no fixation, a new CSRF token
    session.permanent = True
    session["uid"] = principal.username
    session["sid"] = installed.sessions.start(principal)
    session["csrf"] = secrets.token_urlsafe(32)
    g.principal = principal
    audit("login", username=principal.username, detail=how)


def login() -> BaseResponse:
    lang = page_lang()
    next_path = safe_next(request.values.get("next", "/"))
    if request.method == "GET":
        message = text("logged_out", lang) if request.args.get("out") == "1" else None
        return page(lang, message=message, next_path=next_path)
    username = request.form.get("username", "")[:100].strip().lower()
    password = request.form.get("password", "")[:1000]
    if not csrf_ok():
        audit(
            "refused",
            object="/login",
            username=username,
            detail="400: login form without its CSRF token (or an old one)",
        )
        return page(
            lang, 400, message=text("expired", lang), username=username, next_path=next_path
        )
    installed, ip = app(), request.remote_addr or "-"
    if installed.limiter.blocked(username, ip):
        audit("login_failed", username=username, detail="too many failed attempts")
        return page(
            lang, 429, message=text("blocked", lang), username=username, next_path=next_path
        )
    found = find_user(username) if username else None
    if not verify_password(found, password):
        installed.limiter.failed(username, ip)
        audit("login_failed", username=username, detail="wrong user name or password")
        return page(lang, 401, message=text("wrong", lang), username=username, next_path=next_path)
    assert found is not None
    installed.limiter.succeeded(username, ip)
    _begin_session(found, "password")
    return redirect(next_path)


def logout() -> BaseResponse:
    lang = page_lang()
    if request.method == "GET":  # a link shows a button: logging out is a POST with a token
        return page(lang, form=False, logout=True)
    if not csrf_ok():
        audit(
            "refused",
            object="/logout",
            username=str(session.get("uid", ""))[:100] or None,
            detail="400: logout without its CSRF token (or an old one)",
        )
        return page(lang, 400, form=False, logout=True, message=text("expired", lang))
    sid, name = session.get("sid"), session.get("uid")
    if isinstance(sid, str):
        app().sessions.end(sid)
    if isinstance(name, str):
        audit("logout", username=name)
    session.clear()
    return redirect("/login?out=1" + ("&lang=en" if lang == "en" else ""))


def sso_start() -> BaseResponse:
    installed = app()
    if installed.oidc is None:
        return redirect("/login")
    session["sso_next"] = safe_next(request.args.get("next", "/"))
    redirect_uri = (
        os.environ.get("GEVINST_PUBLIC_URL", request.url_root).rstrip("/") + "/login/sso/callback"
    )
    # mypy: authlib is untyped: the registered client's methods are dynamic
    return installed.oidc.authorize_redirect(redirect_uri)  # type: ignore[attr-defined]


def sso_callback() -> BaseResponse:
    installed = app()
    lang = page_lang()
    if installed.oidc is None:
        return redirect("/login")
    try:
        # mypy: authlib is untyped: the registered client's methods are dynamic
        token = installed.oidc.authorize_access_token()  # type: ignore[attr-defined]
        claims = token.get("userinfo") or {}
    except Exception as error:  # a bad state, code or signature: a failed login, logged
        audit("login_failed", detail=f"sso: {type(error).__name__}: {str(error)[:200]}")
        return page(lang, 401, message=text("sso_failed", lang))
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
        return page(lang, 403, message=text("sso_unknown", lang))
    next_path = safe_next(session.get("sso_next", "/"))
    _begin_session(found, "sso")
    return redirect(next_path)
