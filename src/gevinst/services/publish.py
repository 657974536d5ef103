"""Publish a read-only snapshot of the public views for BI tools (`gevinst publish`; the
server's `--publish DIR` writes the same snapshot after every change, `store.reader`)."""

from __future__ import annotations

from pathlib import Path

from gevinst.store import connect
from gevinst.store.publish import publish_snapshot


def publish(
    db: Path, directory: Path, include_person_level: bool = False
) -> tuple[Path, list[str]]:
    """Write `<directory>/gevinst-public.duckdb` from `db` opened read-only; its path and the
    views it holds (person-level views and the audit log only when asked for)."""
    with connect(db, read_only=True) as con:
        return publish_snapshot(con, directory, include_person_level)
