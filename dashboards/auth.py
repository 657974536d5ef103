"""Who is asking and what they may see: the logged-in user, their role and municipalities,
the checks every callback makes on the server, and refusals (shown and audit-logged).

A Dash callback accepts any JSON a client sends, so nothing here trusts the page: a case id,
municipality code, import id or variant that arrives in a callback is checked against the
user's municipalities before anything is read. Roles:

* **politician**: adopted cases of their municipalities and those cases' scenarios; no
  person-level data (no realisation page, no import page or rows, no budget source lines);
  read-only.
* **director**: everything of their municipalities, read-only for imports.
* **controller**: as a director, and imports and saved scenarios for their municipalities.
* **admin**: everything, every municipality.

Outside an HTTP request (the command line, tests calling page functions directly) there is no
login: that code runs as `SYSTEM`, with the rights of whoever may open the database file.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import dash
from dash import html, no_update
from flask import g, has_request_context, request

from dashboards import data
from dashboards.i18n import register, t
from gevinst.reference import bundled_reference
from gevinst.store.audit import AuditEvent

log = logging.getLogger("gevinst.audit")

ROLES = ("controller", "director", "politician", "admin")
IMPORTERS = ("controller", "admin")
SAVERS = ("controller", "admin")
#: who may see person-level data and budget source lines (not politicians)
PERSON_LEVEL = ("controller", "director", "admin")
#: pages a role may not open, by the prefix of their component ids
PAGE_ROLES = {"import": IMPORTERS, "realisation": PERSON_LEVEL}
MAX_ID = 200  # a case id, scenario name or department longer than this is not one of ours

register(
    {
        "auth.refused": {"da": "Afvist: {reason}", "en": "Refused: {reason}"},
        "auth.reason.role": {
            "da": "din rolle ({role}) giver ikke adgang til dette",
            "en": "your role ({role}) does not give access to this",
        },
        "auth.reason.municipality": {
            "da": "du har ikke adgang til kommune {code}",
            "en": "you have no access to municipality {code}",
        },
        # one answer for a case of another municipality and a case that does not exist, so the
        # answer does not tell which case ids exist elsewhere
        "auth.reason.case": {
            "da": "der er ingen case '{id}', som du har adgang til",
            "en": "there is no case '{id}' that you have access to",
        },
        "auth.reason.import": {
            "da": "du har ikke adgang til import {id}",
            "en": "you have no access to import {id}",
        },
        "auth.reason.input": {"da": "ugyldigt input", "en": "invalid input"},
        "auth.reason.login": {"da": "du er ikke logget ind", "en": "you are not logged in"},
        "auth.reason.parameter": {
            "da": "adressens {name}={value} kan du ikke bruge",
            "en": "you cannot use {name}={value} in the address",
        },
        "auth.page": {
            "da": "Du har ikke adgang til denne side med rollen {role}.",
            "en": "Your role ({role}) has no access to this page.",
        },
        "role.controller": {"da": "controller", "en": "controller"},
        "role.director": {"da": "direktør", "en": "director"},
        "role.politician": {"da": "politiker", "en": "politician"},
        "role.admin": {"da": "administrator", "en": "administrator"},
    }
)


@dataclass(frozen=True)
class Principal:
    username: str
    role: str
    municipalities: tuple[int, ...]  # empty for an admin: every municipality

    @property
    def sees_all(self) -> bool:
        return self.role == "admin"

    def is_one_of(self, roles: tuple[str, ...]) -> bool:
        return self.role in roles

    def may_see_municipality(self, code: object) -> bool:
        return (
            isinstance(code, int)
            and not isinstance(code, bool)
            and (self.sees_all or code in self.municipalities)
        )

    def may_see_case(self, municipality_code: object, status: object) -> bool:
        """A case belongs to its investing municipality; politicians see adopted cases only."""
        return self.may_see_municipality(municipality_code) and (
            self.role != "politician" or status == "adopted"
        )


SYSTEM = Principal("system", "admin", ())


class Refused(Exception):
    """A request the user may not make; the guard shows `message` and logs it."""

    def __init__(
        self, key: str, object: object = None, municipality: object = None, **values: object
    ):
        super().__init__(key)
        self.key = key
        self.object = None if object is None else str(object)[:MAX_ID]
        self.municipality = municipality if isinstance(municipality, int) else None
        self.values = values

    def message(self, lang: str) -> str:
        values = {k: str(v)[:80] for k, v in self.values.items()}
        if self.values.get("role") in ROLES:  # the role in the reader's words, not its code
            values["role"] = t(f"role.{self.values['role']}", lang)
        return t("auth.refused", lang).format(reason=t(self.key, lang).format(**values))


# --- who is asking -------------------------------------------------------------------------


def current_user() -> Principal | None:
    """The logged-in user of this request; SYSTEM outside a request; None if not logged in."""
    if not has_request_context():
        return SYSTEM
    return g.get("principal")


def user() -> Principal:
    found = current_user()
    if found is None:
        raise Refused("auth.reason.login")
    return found


def require(*roles: str) -> Principal:
    """The user, if their role is one of `roles`; else Refused."""
    found = user()
    if not found.is_one_of(roles):
        raise Refused("auth.reason.role", role=found.role)
    return found


def allowed_municipalities() -> list[int]:
    """The municipality codes the user may see (all the reference knows, for an admin)."""
    found = user()
    if found.sees_all:
        return sorted(bundled_reference().municipalities)
    return list(found.municipalities)


def scope() -> dict[str, object]:
    """Query parameters of every list query: `$allowed` codes and `$adopted_only`."""
    return {"allowed": allowed_municipalities(), "adopted_only": user().role == "politician"}


# --- checks of what a client sent ----------------------------------------------------------


def check_municipality(code: object) -> int:
    """A municipality code the user may see; Refused for anything else."""
    if not isinstance(code, int) or isinstance(code, bool):
        raise Refused("auth.reason.input", object=repr(code)[:60])
    if not user().may_see_municipality(code):
        raise Refused("auth.reason.municipality", object=code, municipality=code, code=code)
    return code


def case_owner(case_id: object) -> tuple[int, str] | None:
    """(municipality_code, status) of a saved case; None for an unknown id or junk."""
    if not isinstance(case_id, str) or not case_id or len(case_id) > MAX_ID:
        return None
    rows = data.db().query("case_access", case_id=case_id)
    return (rows["municipality_code"][0], rows["status"][0]) if rows.height else None


def check_case(case_id: object) -> bool:
    """True if the case exists and the user may see it; Refused otherwise — with the same
    answer whether it belongs to a municipality (or a status) the user may not see or does
    not exist, so nobody can find out which case ids another municipality has."""
    owner = case_owner(case_id)
    if owner is None:
        raise Refused("auth.reason.case", object=str(case_id)[:MAX_ID], id=case_id)
    if not user().may_see_case(*owner):
        raise Refused("auth.reason.case", object=case_id, municipality=owner[0], id=case_id)
    return True


def check_import(import_id: object) -> int:
    """An import id of one of the user's municipalities; Refused otherwise."""
    if not isinstance(import_id, int) or isinstance(import_id, bool) or not 0 < import_id < 2**31:
        raise Refused("auth.reason.input", object=repr(import_id)[:60])
    rows = data.db().query("import_access", import_id=import_id)
    if rows.is_empty() or not user().may_see_municipality(rows["municipality_code"][0]):
        code = rows["municipality_code"][0] if rows.height else None
        raise Refused(
            "auth.reason.import", object=f"import {import_id}", municipality=code, id=import_id
        )
    return import_id


# --- the audit trail -----------------------------------------------------------------------

_sink: list[Callable[[AuditEvent], None]] = []
#: refusal rows per client address and user: a burst of `REFUSAL_BURST`, then one a second
#: (a token bucket); the rest are counted and the count is written with the next row
#: recorded, so a flood of bad requests cannot fill the disk (at most ~86.400 rows a day
#: from one address and name) while an ordinary session never loses one
REFUSAL_BURST = 300
REFUSALS_PER_SECOND = 1.0
LIMITED = ("refused", "login_failed")


class RefusalLimiter:
    """A token bucket per key (address, user name): `burst` rows at once, `rate` a second."""

    def __init__(self, burst: int = REFUSAL_BURST, rate: float = REFUSALS_PER_SECOND):
        self.burst = burst
        self.rate = rate
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # key → (tokens, at)
        self._dropped: dict[tuple[str, str], int] = defaultdict(int)
        self._lock = threading.Lock()

    def admit(
        self, ip: str, username: str | None = None, now: float | None = None
    ) -> tuple[bool, int]:
        """(record this one?, how many were left out before it)."""
        now = time.monotonic() if now is None else now
        key = (ip, username or "-")
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                self._dropped[key] += 1
                return False, 0
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 10_000:  # many addresses: forget the oldest
                self._buckets.pop(next(iter(self._buckets)))
            return True, self._dropped.pop(key, 0)


_limiter = RefusalLimiter()


def set_audit_sink(sink: Callable[[AuditEvent], None] | None) -> None:
    """Where events go (the server's write-behind queue); unset, they are only logged."""
    _sink.clear()
    if sink is not None:
        _sink.append(sink)


def client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def audit(
    action: str,
    object: object = None,
    municipality: object = None,
    detail: str | None = None,
    username: str | None = None,
) -> None:
    """Record an event: to the `gevinst.audit` log, and to `audit_log` when serving; a
    refusal or failed login only while its address and user are within `RefusalLimiter`."""
    who = username if username is not None else getattr(current_user(), "username", None)
    ip = client_ip()
    if action in LIMITED and has_request_context():
        admitted, dropped = _limiter.admit(ip or "-", who)
        if not admitted:
            return
        if dropped:
            detail = f"{detail or ''} (+{dropped} refusals from this address not recorded)"
    event = AuditEvent(
        action,
        who,
        municipality if isinstance(municipality, int) else None,
        None if object is None else str(object),
        detail,
        ip,
    )
    log.info(
        "%s user=%s municipality=%s object=%s detail=%s ip=%s",
        event.action,
        event.username,
        event.municipality_code,
        event.object,
        event.detail,
        event.ip,
    )
    if _sink and has_request_context():
        _sink[0](event)


def record_refusal(refusal: Refused, where: str) -> None:
    audit(
        "refused",
        object=refusal.object or where,
        municipality=refusal.municipality,
        detail=f"{where}: {refusal.message('en')}",
    )


def refuse_parameter(refusal: Refused, where: str, lang: str) -> html.P:
    """A page address's parameter the user may not use (`/budget?municipality=657` for a
    user of 169): recorded, and said on the page instead of silently dropped."""
    record_refusal(refusal, where)
    return refusal_view(refusal, lang)


# --- the guard every callback wears ---------------------------------------------------------


def request_lang() -> str:
    """The page's language, from the page address the callback came from (`?lang=en`)."""
    if not has_request_context():
        return "da"
    query = urlparse(request.referrer or "").query
    return "en" if "lang=en" in query.split("&") else "da"


def refusal_view(refusal: Refused, lang: str) -> html.P:
    return html.P(refusal.message(lang), role="alert", className="auth-refused", id="auth-refused")


def _nothing() -> object:
    outputs = dash.callback_context.outputs_list
    if isinstance(outputs, list):
        return tuple(no_update for _ in outputs)
    return no_update


def guarded(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a callback: the user must be logged in (and have one of `roles`, if given); a
    `Refused` raised anywhere inside becomes a message in the page's alert area, an
    audit-log row, and no change to the callback's outputs."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                if roles:
                    require(*roles)
                else:
                    user()
                return fn(*args, **kwargs)
            except Refused as refusal:
                record_refusal(refusal, fn.__module__.rsplit(".", 1)[-1] + "." + fn.__name__)
                if not has_request_context():
                    raise
                dash.set_props("auth-message", {"children": refusal_view(refusal, request_lang())})
                return _nothing()

        return inner

    return wrap


def page_refusal(page: str, lang: str) -> html.Div | None:
    """For a page's `layout`: a message instead of the page when the role may not open it."""
    roles = PAGE_ROLES.get(page)
    found = current_user()
    if found is None or (roles is not None and not found.is_one_of(roles)):
        role = found.role if found else "-"
        audit("refused", object=f"page {page}", detail=f"role {role} may not open the page")
        return html.Div(
            html.P(
                t("auth.page", lang).format(role=t(f"role.{role}", lang) if found else "-"),
                role="alert",
                id="auth-page-refused",
                className="auth-refused",
            )
        )
    return None
