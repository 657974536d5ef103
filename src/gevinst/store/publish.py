"""Read-only snapshots for people's own BI tools (DESIGN: `gevinst publish --to DIR`).

While the server runs it owns the database file and no other process may open it, not even
read-only. A published snapshot is a separate DuckDB file with every public view materialised
as a table (with the views' descriptions), which any number of readers may open. It is built
in one transaction on the caller's connection (an import committing meanwhile is in it whole
or not at all), into a temporary file that then replaces the old snapshot with one rename, so
a reader never sees half a snapshot. Person-level views and the audit log are left out unless
asked for: a BI snapshot is shared more widely than the database.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from gevinst.store.model import public_views

SNAPSHOT_NAME = "gevinst-public.duckdb"
_ALIAS = "gevinst_publish_target"

# person-level or operational: only with include_person_level=True
PERSON_LEVEL_VIEWS = frozenset(
    {"benefit_weeks", "cohort_person_quarters", "benefit_weeks_purged", "audit_log"}
)


def publish_snapshot(
    con: duckdb.DuckDBPyConnection, directory: Path, include_person_level: bool = False
) -> tuple[Path, list[str]]:
    """Write `<directory>/gevinst-public.duckdb`; returns its path and the views it holds."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / SNAPSHOT_NAME
    building = directory / f".{SNAPSHOT_NAME}.building"
    building.unlink(missing_ok=True)
    views = [v for v in public_views(con) if include_person_level or v not in PERSON_LEVEL_VIEWS]
    comments = _comments(con, views)
    # READ_WRITE: a read-only connection would otherwise attach the new file read-only
    con.execute(f"ATTACH '{building}' AS {_ALIAS} (READ_WRITE)")
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for view in views:
                con.execute(f'CREATE TABLE {_ALIAS}.main."{view}" AS SELECT * FROM main."{view}"')
            for statement, text in comments:
                # COMMENT ON takes no parameters: the text is quoted as a SQL literal
                con.execute(statement.replace("?", _quote(text)))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.execute(f"DETACH {_ALIAS}")
    os.replace(building, target)
    return target, views


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comments(con: duckdb.DuckDBPyConnection, views: list[str]) -> list[tuple[str, str]]:
    """COMMENT statements that carry each view's and column's description to the snapshot."""
    wanted = set(views)
    out: list[tuple[str, str]] = []
    for name, comment in con.execute(
        "SELECT view_name, comment FROM duckdb_views() WHERE database_name = "
        "current_database() AND schema_name = 'main' AND comment IS NOT NULL"
    ).fetchall():
        if name in wanted:
            out.append((f'COMMENT ON TABLE {_ALIAS}.main."{name}" IS ?', comment))
    for table, column, comment in con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE "
        "database_name = current_database() AND schema_name = 'main' "
        "AND comment IS NOT NULL"
    ).fetchall():
        if table in wanted:
            out.append((f'COMMENT ON COLUMN {_ALIAS}.main."{table}"."{column}" IS ?', comment))
    return out
