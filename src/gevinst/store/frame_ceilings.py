"""Frame ceilings a controller entered (`models/schema/frame_ceilings.sql`): write, list,
delete. One row per municipality, year and budget frame; a new entry replaces the old."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gevinst.paths import models_dir
from gevinst.store.db import connect, transaction


@dataclass(frozen=True)
class FrameCeiling:
    municipality_code: int
    year: int
    budget_frame: str
    ceiling_dkk: float
    source: str
    entered_by: str
    entered_at: dt.datetime


_COLUMNS = "municipality_code, year, budget_frame, ceiling_dkk, source, entered_by, entered_at"


def _ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    """A database built before frame ceilings existed gets the table (CREATE … IF NOT EXISTS)."""
    con.execute((models_dir() / "schema" / "frame_ceilings.sql").read_text(encoding="utf-8"))


def save_ceiling(db: Path, ceiling: FrameCeiling) -> bool:
    """Write (or replace) one ceiling in its own transaction; True if it replaced one."""
    with connect(db) as con:
        _ensure_table(con)
        with transaction(con):
            found = con.execute(
                "DELETE FROM frame_ceilings WHERE municipality_code = ? AND year = ? "
                "AND budget_frame = ? RETURNING year",
                [ceiling.municipality_code, ceiling.year, ceiling.budget_frame],
            ).fetchall()
            con.execute(
                f"INSERT INTO frame_ceilings ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    ceiling.municipality_code,
                    ceiling.year,
                    ceiling.budget_frame,
                    ceiling.ceiling_dkk,
                    ceiling.source,
                    ceiling.entered_by,
                    ceiling.entered_at,
                ],
            )
    return bool(found)


def list_ceilings(db: Path, municipality: int | None = None) -> list[FrameCeiling]:
    if not Path(db).exists():
        return []
    with connect(db) as con:
        _ensure_table(con)
        rows = con.execute(
            f"SELECT {_COLUMNS} FROM frame_ceilings WHERE ?::INTEGER IS NULL "
            "OR municipality_code = ?::INTEGER ORDER BY ALL",
            [municipality, municipality],
        ).fetchall()
    return [FrameCeiling(r[0], r[1], r[2], float(r[3]), r[4], r[5], r[6]) for r in rows]


def delete_ceiling(db: Path, municipality: int, year: int, frame: str) -> bool:
    if not Path(db).exists():
        return False
    with connect(db) as con:
        _ensure_table(con)
        found = con.execute(
            "DELETE FROM frame_ceilings WHERE municipality_code = ? AND year = ? "
            "AND budget_frame = ? RETURNING year",
            [municipality, year, frame],
        ).fetchall()
    return bool(found)
