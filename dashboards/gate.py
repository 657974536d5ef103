"""The gate in front of every route, and what every answer carries.

`before_request`: the request's path must be in normal form (`/assets//x`, `/a/../b` and
`..%2f` are refused, never matched against the open prefixes); every route but the login
routes, `/healthz` and `/assets/…` needs a login — a page GET without one goes to
`/login?next=…`, anything else gets 401 JSON. Callback requests are checked before Dash sees
them: size first (before any JSON is parsed), then shape, then that the callback exists,
that the outputs sent are that callback's, and that the role may use its page; each callback
then checks municipalities and ids itself (`dashboards.auth`).

Every refusal here (401, 400, 403, 413) leaves an `audit_log` row (`auth.audit`, rate-limited
per address). Every answer carries a Content-Security-Policy that allows what Dash needs —
scripts from this server plus the hashes of Dash's own inline scripts, inline styles (plotly
and React set them), images from `data:` — and nothing else: no other origin, no frames of
us anywhere (`frame-ancestors 'none'`), no plugins, forms only to ourselves.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import secrets
from collections.abc import Callable
from urllib.parse import urlencode, urlparse

import dash
from flask import Response, g, redirect, request, session
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from dashboards.auth import PAGE_ROLES, Principal, audit

log = logging.getLogger("gevinst.server")

PUBLIC = {"/login", "/logout", "/login/sso", "/login/sso/callback", "/healthz"}
ASSETS = "/assets/"
MAX_CALLBACK_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_REQUEST_BYTES = 72 * 1024 * 1024  # a 50 MB upload as base64 in JSON
UPLOAD_CALLBACK_PREFIX = "import-"
#: Dash's renderer sends `output` first; enough of the body to read it without parsing
_OUTPUT_AT_START = re.compile(rb'^\s*\{\s*"output"\s*:\s*"([^"\\]{1,300})"')


def normal_path(path: str) -> str:
    """`path` with repeated slashes, `.` and `..` resolved (a trailing slash kept)."""
    if not path.startswith("/"):
        return "/"
    normal = posixpath.normpath(path)
    normal = "/" + normal.lstrip("/")  # normpath keeps a leading `//`
    return normal + "/" if path.endswith("/") and normal != "/" else normal


def is_api(path: str) -> bool:
    return path.startswith("/_") or request.method != "GET"


def content_security_policy(dash_app: dash.Dash) -> str:
    scripts = " ".join(["'self'", *dash_app.csp_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-src 'none'",
            "frame-ancestors 'none'",
        ]
    )


def refuse(status: int, reason: str, object: object = None) -> Response:
    """A refusal answer, recorded in the audit log."""
    audit("refused", object=object or request.path[:200], detail=f"{status}: {reason[:300]}")
    body = {
        401: '{"error": "login required"}',
        403: '{"error": "refused"}',
        413: '{"error": "request too large"}',
    }.get(status, '{"error": "bad request"}')
    return Response(body, status=status, mimetype="application/json")


class Gate:
    """The checks of one app: `check` before each request, `headers` after, `error` for
    what a view raised."""

    def __init__(
        self,
        dash_app: dash.Dash,
        principal_of_session: Callable[[object, object], Principal | None],
    ):
        self.dash_app = dash_app
        self._principal = principal_of_session
        self._csp: str | None = None

    # --- before ----------------------------------------------------------------------------

    def check(self) -> BaseResponse | None:
        path = request.path
        if normal_path(path) != path:
            g.principal = self._principal(session.get("sid"), session.get("uid"))  # for the log
            return refuse(400, "path not in normal form")
        if path in PUBLIC or path.startswith(ASSETS):
            return None
        principal = self._principal(session.get("sid"), session.get("uid"))
        if principal is None:
            return self._no_login(path)
        g.principal = principal
        if path.endswith("/_dash-update-component"):
            return self._check_callback(principal)
        return None

    def _no_login(self, path: str) -> BaseResponse:
        sent_cookie = bool(request.cookies.get("gevinst_session"))
        why = (
            "an ended or expired session"
            if session.get("sid")
            else "a cookie that is not ours (forged, tampered or from another key)"
            if sent_cookie and not session
            else "no login"
        )
        if session.get("sid"):  # an ended or expired session: forget the cookie
            session.clear()
        if is_api(path):
            return refuse(401, why)
        if sent_cookie:  # a page without a login is the ordinary way in; a bad cookie is not
            audit("refused", object=path[:200], detail=f"302 to login: {why}")
        return redirect("/login?" + urlencode({"next": _next_of_request()}))

    def _check_callback(self, principal: Principal) -> Response | None:
        """Before Dash: the body is small enough (read before parsing), well formed, for a
        callback that exists, with the inputs, state and outputs that callback declares, and
        for a page the user's role may use."""
        size = request.content_length
        if size is None:
            return refuse(411, "callback request without a length")
        if size > MAX_CALLBACK_BYTES:
            head = _OUTPUT_AT_START.match(request.get_data(cache=True)[:400])
            if head is None or not head.group(1).decode().lstrip(".").startswith(
                UPLOAD_CALLBACK_PREFIX
            ):
                return refuse(413, f"callback request of {size} bytes")
        try:
            payload = request.get_json(silent=True)
        except RecursionError:  # `[[[[…]]]]` nested past Python's limit
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("output"), str):
            return refuse(400, "callback request is not a JSON object with an output")
        name = payload["output"]
        spec = self.dash_app.callback_map.get(name)
        if spec is None:
            return refuse(400, f"no such callback: {name[:100]}")
        if (
            not _shape_ok(payload.get("inputs"), spec["inputs"])
            or not _shape_ok(payload.get("state", []), spec["state"])
            or not isinstance(payload.get("changedPropIds", []), list)
            or not _outputs_ok(payload.get("outputs"), name)
        ):
            return refuse(400, f"malformed callback request for {name[:100]}")
        for ident in _ids(payload["outputs"]):
            roles = PAGE_ROLES.get(ident.split("-", 1)[0])
            if roles is not None and not principal.is_one_of(roles):
                return refuse(403, f"role {principal.role} may not use {ident}")
        return None

    # --- after -----------------------------------------------------------------------------

    def headers(self, response: Response) -> Response:
        if self._csp is None:  # the inline scripts are known once the app has its index
            self._csp = content_security_policy(self.dash_app)
        response.headers.setdefault("Content-Security-Policy", self._csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.path.startswith((ASSETS, "/_dash-component-suites/")):
            response.headers["Cache-Control"] = "no-store"
        return response

    def error(self, error: Exception) -> Response | HTTPException:
        """Never a traceback to a client: it is logged, the client gets a short message. A
        request the server cannot use (too large, a component-suite path that names no
        file of ours) is a refusal, 4xx, recorded."""
        if isinstance(error, HTTPException):
            if error.code in (400, 413):
                return refuse(error.code, error.name)
            return error
        if isinstance(error, dash.exceptions.DependencyException) or (
            request.path.startswith("/_dash-component-suites/")
            and isinstance(error, ValueError | OSError | KeyError)
        ):
            return refuse(400, f"no such component file: {type(error).__name__}")
        reference = secrets.token_hex(4)
        log.exception("unhandled error %s on %s", reference, request.path)
        if is_api(request.path):
            return Response(
                f'{{"error": "internal error", "reference": "{reference}"}}',
                status=500,
                mimetype="application/json",
            )
        return Response(
            f"Der opstod en fejl (error {reference}).", status=500, mimetype="text/plain"
        )


def safe_next(value: object) -> str:
    """A local path to go to after login; anything else (another host, a scheme) is `/`."""
    if (
        not isinstance(value, str)
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or len(value) > 2000
        or any(ord(c) < 32 for c in value)
    ):
        return "/"
    parsed = urlparse(value)
    return value if not parsed.scheme and not parsed.netloc else "/"


def _next_of_request() -> str:
    return safe_next(request.full_path.rstrip("?"))


# --- what a callback request must look like ------------------------------------------------


def _ids(value: object) -> list[str]:
    """Component ids in a payload's outputs (a dict or a list of dicts; pattern ids too)."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, list):
            found += _ids(item)
        elif isinstance(item, dict):
            ident = item.get("id")
            if isinstance(ident, dict):
                ident = ident.get("type")
            if isinstance(ident, str):
                found.append(ident)
    return found


_WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


def _pattern(ident: object) -> dict | None:
    """A pattern id of the dependency list (`{"key":["MATCH"],"type":"x"}`) as a dict."""
    if isinstance(ident, dict):
        return ident
    if isinstance(ident, str) and ident.startswith("{"):
        try:
            found = json.loads(ident)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None
    return None


def _id_fits(concrete: object, pattern: dict) -> bool:
    """A concrete id a browser sends (`{"key": "case-jcurve", "type": "x"}`) is one the
    pattern stands for: the same keys, a wildcard's value a plain scalar, every other value
    the pattern's own."""
    if not isinstance(concrete, dict) or set(concrete) != set(pattern):
        return False
    for key, wanted in pattern.items():
        value = concrete[key]
        if wanted in _WILDCARDS:
            if not isinstance(value, str | int | float | bool):
                return False
        elif value != wanted:
            return False
    return True


def _pattern_items_ok(item: object, pattern: dict, prop: str) -> bool:
    """A pattern's items: one `{"id": …, "property": …}` (MATCH) or a list of them (ALL)."""
    group = item if isinstance(item, list) else [item]
    return all(
        isinstance(x, dict)
        and _id_fits(x.get("id"), pattern)
        and str(x.get("property", "")).split("@", 1)[0] == prop
        for x in group
    )


def _shape_ok(sent: object, registered: list[dict]) -> bool:
    if not isinstance(sent, list) or len(sent) != len(registered):
        return False
    for item, spec in zip(sent, registered, strict=True):
        if str(spec["id"]).startswith("{"):  # a pattern id: ALL gives a list, MATCH one
            pattern = _pattern(spec["id"])
            if pattern is None or not _pattern_items_ok(item, pattern, spec["property"]):
                return False
        elif (
            not isinstance(item, dict)
            or item.get("id") != spec["id"]
            or item.get("property") != spec["property"]
        ):
            return False
    return True


def declared_outputs(name: str) -> list[tuple[str, str]]:
    """(id, property) of each output in a callback's name: `a.children` or
    `..a.children...b.data..`; a duplicate output's `@hash` is dropped."""
    parts = name[2:-2].split("...") if name.startswith("..") else [name]
    found = []
    for part in parts:
        ident, _, prop = part.rpartition(".")
        found.append((ident, prop.split("@", 1)[0]))
    return found


def _outputs_ok(sent: object, name: str) -> bool:
    """The outputs a client sent are exactly those the callback declares, in order."""
    declared = declared_outputs(name)
    if name.startswith(".."):
        if not isinstance(sent, list) or len(sent) != len(declared):
            return False
        items = sent
    else:
        items = [sent]
    for item, (ident, prop) in zip(items, declared, strict=True):
        if ident.startswith("{"):  # a pattern output: a dict, or a list of them for ALL
            pattern = _pattern(ident)
            if pattern is None or not _pattern_items_ok(item, pattern, prop):
                return False
        elif (
            not isinstance(item, dict)
            or item.get("id") != ident
            or str(item.get("property", "")).split("@", 1)[0] != prop
        ):
            return False
    return True
