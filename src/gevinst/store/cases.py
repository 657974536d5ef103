"""Saving case evaluations: a case and all its evaluated rows replaced in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

import duckdb
import polars as pl

from gevinst.cases.schema import Case
from gevinst.domain.evaluate import Evaluation
from gevinst.store.db import transaction

_TABLES = {
    "case_flow_rows": "flows",
    "case_summary_rows": "summary",
    "case_department_rows": "department_summary",
}


def save_case(con: duckdb.DuckDBPyConnection, case: Case, case_toml: str, file_name: str,
              evaluations: Sequence[Evaluation], saved_by: str,
              saved_at: dt.datetime | None = None) -> None:
    """Replace the case and every scenario/estimate of it; readers never see half of it."""
    registry = pl.DataFrame([{
        "case_id": case.id, "name": case.name, "municipality_code": case.municipality,
        "owner": case.owner, "base_year": case.base_year, "horizon_years": case.horizon_years,
        "status": case.status, "decided_on": case.decided_on, "source": case.source,
        "file_name": file_name, "case_toml": case_toml,
        "sha256": hashlib.sha256(case_toml.encode()).hexdigest(),
        "saved_at": saved_at or dt.datetime.now(dt.UTC), "saved_by": saved_by,
    }])
    with transaction(con):
        for table in ("case_registry", *_TABLES):
            con.execute(f"DELETE FROM {table} WHERE case_id = ?", [case.id])
        insert_frame(con, "case_registry", registry)
        for table, attribute in _TABLES.items():
            frames = [getattr(e, attribute) for e in evaluations]
            insert_frame(con, table, pl.concat(frames, how="vertical"))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("_rows", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _rows")
    finally:
        con.unregister("_rows")
