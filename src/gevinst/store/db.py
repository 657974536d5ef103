"""Opening the DuckDB file, with people-readable errors for the two things that go wrong.

DuckDB lets one process hold a file read-write and then refuses every other process, even
read-only, at once (no waiting). We turn that IO error into `DatabaseInUse`, and a missing
file opened read-only into a clear message, instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from gevinst.errors import DatabaseInUse, GevinstError


def open_database(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    target = Path(path)
    if read_only and not target.exists():
        raise GevinstError(f"{target}: databasen findes ikke (the database does not exist); "
                           "kør `gevinst demo` eller `gevinst import` først")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower() or "conflicting" in text.lower():
            raise DatabaseInUse(
                f"{target}: databasen er i brug af en anden proces (the database is in use by "
                "another process, e.g. `gevinst serve`); stop den eller importér via serveren"
            ) from exc
        raise GevinstError(f"{target}: databasen kan ikke åbnes: {text}") from exc


@contextmanager
def connect(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_database(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a killed process or an exception leaves the database as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
