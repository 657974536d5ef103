"""Writing a REGK31 key-figure import: its rows and an `import_registry` row, or nothing.

Lineage follows the budget importer's conventions (`store.imports`): one registry row per
file with its sha256, user and time; each row keeps its source line. The file covers every
municipality, so the registry's `municipality_code` is 0 (DST's code for Hele landet, "all").
Identical content (same sha256) already imported as key figures is a no-op; a new extract
for a year that was imported before supersedes it in `key_figures`, the old rows are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from gevinst.ingest.key_figures import KIND, KeyFigureFile, read_key_figures, year_from_name
from gevinst.paths import reference_dir
from gevinst.reference import Reference
from gevinst.store.db import connect, transaction
from gevinst.store.model import build_model

ALL_MUNICIPALITIES = 0
UNIT = "kr. pr. indbygger, løbende priser (netto)"


@dataclass(frozen=True)
class KeyFigureOutcome:
    written: bool
    import_id: int  # the new import's id, or the earlier identical import's
    rows: int
    version: int  # 1 for a year's first import, 2 for the next …


class _ArrowStream:
    """A polars frame offered to DuckDB through the Arrow C stream interface (no pyarrow)."""

    def __init__(self, frame: pl.DataFrame):
        self._frame = frame

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._frame.__arrow_c_stream__(requested_schema)


def _plan(con: duckdb.DuckDBPyConnection | None, prepared: KeyFigureFile) -> KeyFigureOutcome:
    if con is None or not _has_tables(con):
        return KeyFigureOutcome(False, 1, prepared.rows.height, 1)
    earlier = con.execute(
        "SELECT min(import_id) FROM import_registry WHERE kind = ? AND sha256 = ?",
        [KIND, prepared.sha256],
    ).fetchone()
    if earlier and earlier[0] is not None:
        return KeyFigureOutcome(False, earlier[0], 0, 0)
    next_id, version = con.execute(
        "SELECT (SELECT coalesce(max(import_id), 0) + 1 FROM import_registry), "
        "(SELECT count(*) + 1 FROM import_registry WHERE kind = ? AND first_year = ?)",
        [KIND, prepared.year],
    ).fetchone()  # type: ignore[misc]  # an aggregate query always returns one row
    return KeyFigureOutcome(False, next_id, prepared.rows.height, version)


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN "
        "('import_registry', 'raw_key_figures')"
    ).fetchone()
    return bool(found and found[0] == 2)


def plan_key_figures(db: Path, prepared: KeyFigureFile) -> KeyFigureOutcome:
    """What `write_key_figures` would do, read-only; a missing database is not created."""
    if not Path(db).exists():
        return _plan(None, prepared)
    with connect(db, read_only=True) as con:
        return _plan(con, prepared)


def write_key_figures_to(
    con: duckdb.DuckDBPyConnection,
    prepared: KeyFigureFile,
    user: str,
    now: dt.datetime | None = None,
) -> KeyFigureOutcome:
    """Write on an open connection whose model is built, in one transaction."""
    now = now or dt.datetime.now(dt.UTC)
    with transaction(con):
        outcome = _plan(con, prepared)
        if outcome.version == 0:
            return outcome
        con.execute(
            "INSERT INTO import_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                outcome.import_id,
                KIND,
                ALL_MUNICIPALITIES,
                prepared.file_name,
                prepared.sha256,
                prepared.rows.height,
                now,
                user,
                "",
                prepared.year,
                prepared.year,
                outcome.version,
                prepared.shape,
                UNIT,
            ],
        )
        rows = prepared.rows.with_columns(pl.lit(outcome.import_id, pl.Int32).alias("import_id"))
        con.register("staged_key_figures", _ArrowStream(rows))
        try:
            con.execute("INSERT INTO raw_key_figures BY NAME SELECT * FROM staged_key_figures")
        finally:
            con.unregister("staged_key_figures")
    return KeyFigureOutcome(True, outcome.import_id, outcome.rows, outcome.version)


def write_key_figures(
    db: Path, prepared: KeyFigureFile, user: str, now: dt.datetime | None = None
) -> KeyFigureOutcome:
    """Open the database file, build the model if needed and write the import atomically."""
    with connect(db) as con:
        build_model(con)
        return write_key_figures_to(con, prepared, user, now)


def bundled_extracts() -> list[Path]:
    """The REGK31 extracts bundled in `data/reference/` (Danmarks Statistik, sources in the file
    headers): what every new database starts with, so the peers page and the import's
    plausibility check work on a fresh install without anything from outside the package."""
    return [
        p
        for p in sorted(reference_dir().glob("regk31_*.csv"))
        if year_from_name(p.name) is not None
    ]


def add_bundled_key_figures(
    con: duckdb.DuckDBPyConnection, ref: Reference, user: str, now: dt.datetime | None = None
) -> None:
    """Write the bundled extracts (a no-op for one already imported with the same content)."""
    for path in bundled_extracts():
        write_key_figures_to(con, read_key_figures(path, ref), user, now)


def ensure_bundled_key_figures(
    con: duckdb.DuckDBPyConnection, ref: Reference, user: str, now: dt.datetime | None = None
) -> bool:
    """A database with no key figures at all (made before they were bundled, or by a tool
    that left them out) gets the bundled extracts, so the peers page works out of the box;
    one with key figures is left as it is. True when they were added."""
    # mypy: an aggregate query always returns one row
    if con.execute("SELECT count(*) FROM raw_key_figures").fetchone()[0]:  # type: ignore[index]
        return False
    add_bundled_key_figures(con, ref, user, now)
    return True
