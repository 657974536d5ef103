"""The open sessions: Flask's signed cookie names a random session id, the server keeps it.

The server-side list is what lets a logout end a session for good (a signed cookie alone
would stay valid until it expires); it is written behind to `user_sessions`, so a restart
keeps people logged in. flask-login would load the user from the cookie but keeps no such
list: we would still need this class, so it is not used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time

from dashboards import data
from dashboards.auth import Principal
from dashboards.write_behind import WriteBehind
from gevinst.store.users import User, end_session, start_session

SESSION_HOURS = 8


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _user_from_row(row: dict) -> User:
    return User(
        row["username"],
        row["role"],
        tuple(row["municipalities"] or ()),
        bool(row["disabled"]),
        row["created_at"],
        row["password_hash"],
    )


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
            rows = data.db().query(
                "auth_session", session_hash=_digest(session_id), username=username
            )
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
