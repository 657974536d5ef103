"""Writing the reference data into the database, and reading it back for `--db` evaluations."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import polars as pl

from gevinst.reference import Reference
from gevinst.store.benefit_weeks import write_rule_steps
from gevinst.store.db import insert_frame, transaction
from gevinst.store.history import record_unit_costs


def write_reference(
    con: duckdb.DuckDBPyConnection,
    ref: Reference,
    by: str = "reference",
    at: dt.datetime | None = None,
) -> None:
    """Replace the reference tables; a changed unit cost is recorded in its history at once."""
    municipalities = pl.DataFrame(
        [
            {
                "municipality_code": m.code,
                "name": m.name,
                "region_code": m.region_code,
                "region_name": ref.regions[m.region_code].name,
                "dst_group": m.dst_group,
                "dst_group_name": m.dst_group_name,
            }
            for m in ref.municipalities.values()
        ]
    )
    accounts = pl.DataFrame([a.model_dump() for a in ref.accounts.values()])
    units = pl.DataFrame(
        [
            {
                "unit_id": u.id,
                "name": u.name,
                "name_en": u.name_en,
                "per": u.per,
                "gross_dkk": u.gross_dkk,
                "price_year": u.price_year,
                "rule": u.rule,
                "payers": json.dumps([p.model_dump() for p in u.payers], ensure_ascii=False),
                "illustrative": u.illustrative,
                "source": u.source,
            }
            for u in ref.units.values()
        ]
    )
    prices = pl.DataFrame(
        {
            "year": sorted(ref.price_index),
            "index": [ref.price_index[y] for y in sorted(ref.price_index)],
            "basis": [ref.price_index_basis[y] for y in sorted(ref.price_index)],
        }
    )
    snapshot = pl.DataFrame(
        {"loaded_at": [dt.datetime.now(dt.UTC)], "reference_json": [ref.model_dump_json()]}
    )
    with transaction(con):
        for table, frame in (
            ("ref_municipalities", municipalities),
            ("ref_accounts", accounts),
            ("ref_units", units),
            ("ref_price_index", prices),
            ("reference_snapshot", snapshot),
        ):
            con.execute(f"DELETE FROM {table}")
            insert_frame(con, table, frame)
        write_rule_steps(con, ref)
        record_unit_costs(con, ref, by, at or dt.datetime.now(dt.UTC))


def read_reference(con: duckdb.DuckDBPyConnection) -> Reference | None:
    # fetchall, not fetchone: DuckDB 2.0 keeps an unfinished result busy on the connection
    rows = con.execute(
        "SELECT reference_json FROM reference_snapshot ORDER BY loaded_at DESC LIMIT 1"
    ).fetchall()
    return Reference.model_validate_json(rows[0][0]) if rows else None
