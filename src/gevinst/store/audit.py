"""The audit trail (`audit_events`, read through the view `audit_log`): append-only rows of
who did what to which municipality's data, from where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

ACTIONS = ("login", "login_failed", "logout", "import", "scenario_save", "download", "refused")
#: a client decides some of these strings (a case id it made up): keep them bounded
MAX_TEXT = 500


@dataclass(frozen=True)
class AuditEvent:
    action: str
    username: str | None = None
    municipality_code: int | None = None
    object: str | None = None
    detail: str | None = None
    ip: str | None = None
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def _bounded(text: str | None) -> str | None:
    return None if text is None else str(text)[:MAX_TEXT]


def record(con: duckdb.DuckDBPyConnection, events: Sequence[AuditEvent]) -> None:
    """Append the events in one transaction."""
    if not events:
        return
    con.executemany(
        'INSERT INTO audit_events ("at", username, action, municipality_code, object, detail, '
        "ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            [
                e.at,
                _bounded(e.username),
                e.action,
                e.municipality_code if isinstance(e.municipality_code, int) else None,
                _bounded(e.object),
                _bounded(e.detail),
                _bounded(e.ip),
            ]
            for e in events
        ],
    )
