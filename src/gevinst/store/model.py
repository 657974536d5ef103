"""Builds the SQL model from the files in `models/`: schema (tables), then staging, core, marts.

One SQL model per file, run in that layer order and by file name within a layer, so a
model can rely on everything in earlier layers. Views are recreated on every build (with the
rule parameters of the reference data written in); tables are created only if missing, so a
rebuild never loses imported data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from gevinst.model_sql import read_model
from gevinst.paths import models_dir
from gevinst.reference import Reference
from gevinst.store.db import joined_transaction
from gevinst.store.migrate import move_current_case_tables, move_raw_benefit_weeks

LAYERS = ("schema", "staging", "core", "marts")


def model_files(root: Path | None = None) -> list[Path]:
    base = root or models_dir()
    return [p for layer in LAYERS for p in sorted((base / layer).glob("*.sql"))]


def build_model(
    con: duckdb.DuckDBPyConnection, root: Path | None = None, ref: Reference | None = None
) -> None:
    """Create the tables and (re)create the views; the rule parameters of `ref` (default: the
    bundled reference) are written into the views' text (gevinst.model_sql). A database of an
    older layout is moved to this one between the tables and the views (`store.migrate`).

    In one transaction of its own (one commit to the file, not one per statement: half the time
    of a CLI command's start on a file database), or in the caller's, if one is open."""
    texts = [(path.parent.name, read_model(path, ref)) for path in model_files(root)]
    with joined_transaction(con):
        moved = False
        for layer, text in texts:
            if not moved and layer != "schema":
                moved = True
                move_current_case_tables(con)
                move_raw_benefit_weeks(con)
            con.execute(text)


def public_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The documented interface: every view in the main schema whose name has no `stg_`/`int_`."""
    rows = con.execute(
        "select view_name from duckdb_views() where not internal and schema_name = 'main' "
        "and database_name = current_database() "
        "and view_name not like 'stg\\_%' escape '\\' and view_name not like 'int\\_%' escape '\\' "
        "order by view_name"
    ).fetchall()
    return [r[0] for r in rows]


def run_audits(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> dict[str, list]:
    """Run every query in `models/audits/`; each must return zero rows. Returns the failures."""
    base = root or models_dir()
    failures = {}
    for path in sorted((base / "audits").glob("*.sql")):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
        if rows:
            failures[path.stem] = rows
    return failures
