"""The CSRF token of the login and logout forms: one random token per session, compared in
constant time.

flask-wtf's CSRFProtect guards every POST of the app, Dash's JSON callbacks included (they
would all need exempting; the gate checks those differently); for two forms these two
functions are less code than the library, so it is not used.
"""

from __future__ import annotations

import hmac
import secrets

from flask import request, session


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
