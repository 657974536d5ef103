"""Moving a database of an older layout to the current one, when the model is built.

Until the case tables had one definition, a case's current registry, flows and summary were
tables of their own (`case_registry`, `case_flow_rows`, `case_summary_rows`) beside the
versioned ones. Now the versions are the only stored case tables and the current case is
each case's latest version (models/core/int_case_current.sql). `move_current_case_tables`
turns the old tables into versions without losing a case or a figure, and drops them:

- a case with no version (saved before versions existed) becomes version 1, as saved;
- a case whose current rows are not those of its latest version (a save of unchanged content
  re-evaluated under other rules replaced them) gets them as a new version, so what the pages
  showed stays what they show;
- otherwise the current rows are the latest version's, and nothing is added.

Until each person-week was stored once, an import wrote the file's rows to a table
`raw_benefit_weeks` and again, with what the model computed, to `benefit_weeks_rows`.
`move_raw_benefit_weeks` gives `benefit_weeks_rows` the one field it lacked
(`counter_week_at_start`), keeps any raw row the model never derived (none, if the audits held),
and drops the table; `raw_benefit_weeks` is a view of the stored rows from then on.

Each runs in one transaction (the caller's, if one is open), so a failure leaves the old layout.
"""

from __future__ import annotations

import hashlib

import duckdb

from gevinst.store.db import joined_transaction

_OLD_TABLES = ("case_registry", "case_flow_rows", "case_summary_rows")
_NO_UNITS = "{}"


def move_current_case_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Fold the old current-case tables into the versions; True if there were any to fold."""
    if not _is_table(con, "case_registry"):
        return False
    with joined_transaction(con):
        case_ids = [r[0] for r in con.execute("SELECT case_id FROM case_registry").fetchall()]
        for case_id in sorted(case_ids):
            _keep_as_version(con, case_id)
        for table in reversed(_OLD_TABLES):
            con.execute(f"DROP TABLE {table}")
    return True


def move_raw_benefit_weeks(con: duckdb.DuckDBPyConnection) -> bool:
    """Fold the old raw person-week table into benefit_weeks_rows; True if there was one."""
    if not _is_table(con, "raw_benefit_weeks"):
        return False
    with joined_transaction(con):
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND schema_name = 'main' AND table_name = 'benefit_weeks_rows'"
            ).fetchall()
        }
        if "counter_week_at_start" not in columns:
            con.execute("ALTER TABLE benefit_weeks_rows ADD COLUMN counter_week_at_start INTEGER")
        con.execute(
            "UPDATE benefit_weeks_rows AS r SET counter_week_at_start = w.counter_week_at_start "
            "FROM raw_benefit_weeks AS w WHERE w.import_id = r.import_id "
            "AND w.source_row = r.source_row AND w.counter_week_at_start IS NOT NULL"
        )
        # a raw row with no derived row is kept as given; the next import or purge of its
        # municipality computes it (and the audit benefit_weeks_counted names it until then)
        con.execute(
            "INSERT INTO benefit_weeks_rows BY NAME SELECT w.import_id, w.source_row, "
            "w.municipality_code, w.person_id, w.week_start, w.benefit, "
            "w.amount_dkk AS gross_dkk, w.counter_week_at_start FROM raw_benefit_weeks AS w "
            "ANTI JOIN benefit_weeks_rows AS r "
            "ON r.import_id = w.import_id AND r.source_row = w.source_row"
        )
        con.execute("DROP TABLE raw_benefit_weeks")
    return True


def _is_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


def _keep_as_version(con: duckdb.DuckDBPyConnection, case_id: str) -> None:
    latest = con.execute(
        "SELECT max(version) FROM case_version_registry WHERE case_id = ?", [case_id]
    ).fetchone()
    version = latest[0] if latest else None
    if version is not None and _same_rows(con, case_id, version):
        return
    new = (version or 0) + 1
    units = con.execute(
        "SELECT v.unit_costs_json, v.unit_costs_sha256 FROM case_version_registry AS v "
        "JOIN case_registry AS c ON c.case_id = v.case_id AND c.sha256 = v.sha256 "
        "WHERE v.case_id = ? AND v.version = ?",
        [case_id, version],
    ).fetchone() or (_NO_UNITS, hashlib.sha256(_NO_UNITS.encode()).hexdigest())
    con.execute(
        "INSERT INTO case_version_registry BY NAME SELECT *, ? AS version, "
        "? AS unit_costs_json, ? AS unit_costs_sha256 FROM case_registry WHERE case_id = ?",
        [new, units[0], units[1], case_id],
    )
    for old, versioned in (
        ("case_flow_rows", "case_version_flow_rows"),
        ("case_summary_rows", "case_version_summary_rows"),
    ):
        con.execute(
            f"INSERT INTO {versioned} BY NAME SELECT *, ? AS version FROM {old} WHERE case_id = ?",
            [new, case_id],
        )


def _same_rows(con: duckdb.DuckDBPyConnection, case_id: str, version: int) -> bool:
    """The current rows are the version's (evaluation and save times aside: a save of
    unchanged content re-stamped them)."""
    checks = (
        ("case_registry", "case_version_registry", "saved_at, saved_by"),
        ("case_flow_rows", "case_version_flow_rows", "evaluated_at"),
        ("case_summary_rows", "case_version_summary_rows", None),
    )
    for old, versioned, stamps in checks:
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = "
                "current_database() AND table_name = ? ORDER BY column_index",
                [old],
            ).fetchall()
            if stamps is None or r[0] not in stamps.split(", ")
        ]
        listed = ", ".join(columns)
        row = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {listed} FROM {old} WHERE case_id = $c "
            f"EXCEPT ALL SELECT {listed} FROM {versioned} WHERE case_id = $c AND version = $v)) "
            f"+ (SELECT count(*) FROM (SELECT {listed} FROM {versioned} WHERE case_id = $c "
            f"AND version = $v EXCEPT ALL SELECT {listed} FROM {old} WHERE case_id = $c))",
            {"c": case_id, "v": version},
        ).fetchone()
        if row and row[0]:
            return False
    return True
