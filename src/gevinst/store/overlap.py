"""Claims and target-group persons for finding double counting (`domain.overlap`)."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from gevinst.store.db import transaction
from gevinst.store.history import frame


def claims(con: duckdb.DuckDBPyConnection, municipality: int | None = None) -> pl.DataFrame:
    sql = "SELECT * FROM case_unit_claims"
    if municipality is None:
        return frame(con, sql + " ORDER BY ALL")
    return frame(con, sql + " WHERE municipality_code = ? ORDER BY ALL", [municipality])


def persons(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "SELECT case_id, person_id FROM case_target_persons")


def add_case_persons(
    con: duckdb.DuckDBPyConnection,
    case_id: str,
    person_ids: list[str],
    source: str,
    at: dt.datetime | None = None,
) -> int:
    """Record a case's target-group persons (pseudonymised ids); ids already there are kept."""
    rows = pl.DataFrame(
        {
            "case_id": case_id,
            "person_id": sorted(set(person_ids)),
            "source": source,
            "added_at": at or dt.datetime.now(dt.UTC),
        }
    )
    with transaction(con):
        con.register("_persons", rows)
        try:
            count = "SELECT count(*) FROM case_target_persons"
            before = con.execute(count).fetchall()[0][0]
            con.execute(
                "INSERT OR IGNORE INTO case_target_persons BY NAME SELECT * FROM _persons"
            ).fetchall()
            after = con.execute(count).fetchall()[0][0]
        finally:
            con.unregister("_persons")
    return after - before
