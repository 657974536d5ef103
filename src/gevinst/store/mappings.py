"""Saved import mappings (DESIGN: mappings given once are saved per municipality by header
signature and reused): write, find by signature, list, show and delete.

A mapping is stored as the JSON of `ingest.mapping.Mapping`; this module keeps it as text,
so finding one needs no pydantic (the import reads it with `Mapping` only when one matched).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gevinst.store.db import connect


@dataclass(frozen=True)
class SavedMapping:
    municipality_code: int
    name: str
    signature: str
    mapping_json: str
    saved_at: dt.datetime
    saved_by: str


_COLUMNS = "municipality_code, name, signature, mapping, saved_at, saved_by"


def _has_table(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'import_mappings'"
    ).fetchone()
    return bool(found and found[0])


def save_mapping_on(
    con: duckdb.DuckDBPyConnection,
    municipality: int,
    name: str,
    signature: str,
    mapping_json: str,
    user: str,
    now: dt.datetime | None = None,
) -> None:
    """Save (or replace) a mapping inside the caller's transaction (the import's own)."""
    con.execute(
        "INSERT OR REPLACE INTO import_mappings VALUES (?, ?, ?, ?, ?, ?)",
        [municipality, name, signature, mapping_json, now or dt.datetime.now(dt.UTC), user],
    )


def find_mapping_on(
    con: duckdb.DuckDBPyConnection | None, municipality: int, signatures: Iterable[str]
) -> SavedMapping | None:
    """The newest saved mapping of the municipality whose signature is one of `signatures`."""
    wanted = [s for s in signatures if s]
    if con is None or not wanted or not _has_table(con):
        return None
    row = con.execute(
        f"SELECT {_COLUMNS} FROM import_mappings WHERE municipality_code = ? "
        "AND list_contains(?, signature) ORDER BY saved_at DESC, name LIMIT 1",
        [municipality, wanted],
    ).fetchone()
    return SavedMapping(*row) if row else None


def list_mappings_on(
    con: duckdb.DuckDBPyConnection, municipalities: Iterable[int] | None = None
) -> list[SavedMapping]:
    if not _has_table(con):
        return []
    codes = None if municipalities is None else list(municipalities)
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM import_mappings WHERE ?::INTEGER[] IS NULL "
        "OR list_contains(?::INTEGER[], municipality_code) ORDER BY municipality_code, name",
        [codes, codes],
    ).fetchall()
    return [SavedMapping(*r) for r in rows]


def delete_mapping_on(con: duckdb.DuckDBPyConnection, municipality: int, name: str) -> bool:
    if not _has_table(con):
        return False
    found = con.execute(
        "DELETE FROM import_mappings WHERE municipality_code = ? AND name = ? RETURNING name",
        [municipality, name],
    ).fetchall()
    return bool(found)


def list_mappings(db: Path, municipalities: Iterable[int] | None = None) -> list[SavedMapping]:
    if not Path(db).exists():
        return []
    with connect(db, read_only=True) as con:
        return list_mappings_on(con, municipalities)


def delete_mapping(db: Path, municipality: int, name: str) -> bool:
    if not Path(db).exists():
        return False
    with connect(db) as con:
        return delete_mapping_on(con, municipality, name)
