"""Logins: users with a role and municipalities, their password hashes, sessions and the
server's session-signing key, in the tables of `models/schema/users.sql`.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile);
a failed login costs the same as a good one (an unknown or disabled user is checked against
a dummy hash). Nothing here is shown through a public view.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gevinst.errors import GevinstError
from gevinst.reference import Reference

ROLES = ("controller", "director", "politician", "admin")
#: login names: lower-case letters, digits and `._@-` (an e-mail address works), 2–100 chars
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,99}$")
MIN_PASSWORD = 8
#: the demo's users (`gevinst serve --demo`), all with the password "demo" (documented)
DEMO_PASSWORD = "demo"
DEMO_USERS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("demo-admin", "admin", ()),
    ("demo-direktoer", "director", (169,)),
    ("demo-controller", "controller", (169,)),
    ("demo-politiker", "politician", (657,)),
)


@dataclass(frozen=True)
class User:
    username: str
    role: str
    municipalities: tuple[int, ...]  # empty for an admin: all municipalities
    disabled: bool = False
    created_at: dt.datetime | None = None
    password_hash: str | None = field(default=None, repr=False)


_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """True only for an enabled user whose hash matches; the same work either way."""
    stored = user.password_hash if user is not None and user.password_hash else None
    try:
        ok: bool = _hasher.verify(stored or _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    return ok and stored is not None and user is not None and not user.disabled


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise GevinstError(
            f"{username!r}: ugyldigt brugernavn (invalid user name): brug små "
            "bogstaver, tal og . _ @ + - (2–100 tegn)"
        )
    return name


def _row_to_user(row: tuple) -> User:
    username, role, municipalities, disabled, created_at, password_hash = row
    return User(
        username, role, tuple(municipalities or ()), bool(disabled), created_at, password_hash
    )


_COLUMNS = "username, role, municipalities, disabled, created_at, password_hash"


def get_user(con: duckdb.DuckDBPyConnection, username: str) -> User | None:
    try:
        rows = con.execute(
            f"SELECT {_COLUMNS} FROM users WHERE username = ?", [username.strip().lower()]
        ).fetchall()
    except duckdb.CatalogException:  # a database made before logins (read-only server)
        return None
    return _row_to_user(rows[0]) if rows else None


def list_users(con: duckdb.DuckDBPyConnection) -> list[User]:
    rows = con.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username").fetchall()
    return [_row_to_user(r) for r in rows]


def add_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    role: str,
    municipalities: Iterable[int],
    password: str | None,
    ref: Reference,
) -> User:
    """Add a user (a password of None: single sign-on only). Raises GevinstError."""
    name = check_username(username)
    if role not in ROLES:
        raise GevinstError(f"{role!r}: ukendt rolle (unknown role); vælg {', '.join(ROLES)}")
    codes = tuple(sorted(set(municipalities)))
    unknown = [c for c in codes if c not in ref.municipalities]
    if unknown:
        raise GevinstError(f"ukendt kommunekode (unknown municipality code): {unknown}")
    if role == "admin":
        codes = ()
    elif not codes:
        raise GevinstError("angiv mindst én --municipality (give at least one municipality)")
    if password is not None and len(password) < MIN_PASSWORD and password != DEMO_PASSWORD:
        raise GevinstError(
            f"adgangskoden er for kort (password too short): mindst {MIN_PASSWORD} tegn"
        )
    if get_user(con, name) is not None:
        raise GevinstError(f"{name}: brugeren findes allerede (the user already exists)")
    hashed = hash_password(password) if password is not None else None
    con.execute(
        "INSERT INTO users VALUES (?, ?, ?, ?, ?, false)",
        [name, hashed, role, list(codes), dt.datetime.now(dt.UTC)],
    )
    return User(name, role, codes)


def set_disabled(con: duckdb.DuckDBPyConnection, username: str, disabled: bool = True) -> None:
    name = username.strip().lower()
    if get_user(con, name) is None:
        raise GevinstError(f"{name}: brugeren findes ikke (no such user)")
    con.execute("UPDATE users SET disabled = ? WHERE username = ?", [disabled, name])
    if disabled:  # a disabled user's sessions end now
        con.execute(
            "UPDATE user_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL",
            [dt.datetime.now(dt.UTC), name],
        )


def add_demo_users(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """The demo's users (a demo step): one per role, password "demo"."""
    for name, role, codes in DEMO_USERS:
        if get_user(con, name) is None:
            add_user(con, name, role, codes, DEMO_PASSWORD, ref)


# --- sessions and the signing key -----------------------------------------------------------


def start_session(
    con: duckdb.DuckDBPyConnection, session_id: str, username: str, expires_at: dt.datetime
) -> None:
    con.execute(
        "INSERT INTO user_sessions VALUES (?, ?, ?, ?, NULL)",
        [session_id, username, dt.datetime.now(dt.UTC), expires_at],
    )


def end_session(con: duckdb.DuckDBPyConnection, session_id: str) -> None:
    con.execute(
        "UPDATE user_sessions SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL",
        [dt.datetime.now(dt.UTC), session_id],
    )


def session_is_open(con: duckdb.DuckDBPyConnection, session_id: str, username: str) -> bool:
    try:
        rows = con.execute(
            "SELECT 1 FROM user_sessions WHERE session_id = ? AND username = ? "
            "AND ended_at IS NULL AND expires_at > ?",
            [session_id, username, dt.datetime.now(dt.UTC)],
        ).fetchall()
    except duckdb.CatalogException:
        return False
    return bool(rows)


def stored_secret(con: duckdb.DuckDBPyConnection, name: str, create: bool) -> str | None:
    """The named secret kept in the database; generated once when `create` (a writable file)."""
    try:
        rows = con.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchall()
    except duckdb.CatalogException:
        rows = []
    if rows:
        return str(rows[0][0])
    if not create:
        return None
    value = secrets.token_hex(32)
    con.execute("INSERT INTO app_secrets VALUES (?, ?, ?)", [name, value, dt.datetime.now(dt.UTC)])
    return value
