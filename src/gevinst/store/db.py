"""Opening the DuckDB file, with people-readable errors for what goes wrong.

DuckDB lets one process hold a file read-write and then refuses every other process, even
read-only, at once (no waiting). We turn that IO error into `DatabaseInUse` naming the holder
(`store.ownership`: the running `gevinst serve`, or the PID DuckDB reports), and a missing
file opened read-only into a clear message, instead of a traceback. `storage_error` turns a
full disk, a file-size limit or a read-only database met while writing into a message.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from gevinst.errors import DatabaseInUse, GevinstError
from gevinst.messages import msg, register
from gevinst.store.ownership import in_use_message

if TYPE_CHECKING:
    import polars as pl

register(
    {
        "db.no_room": {
            "da": "der er ikke plads til at skrive i databasen ({detail}); skrivningen blev "
            "afbrudt, og DuckDB gemmer en transaktion helt eller slet ikke, så databasen er "
            "som efter sidste gennemførte skrivning. Frigør plads og prøv igen",
            "en": "there is no room to write the database ({detail}); the write was stopped, and "
            "DuckDB keeps a transaction whole or not at all, so the database is as after "
            "the last completed write. Free some space and try again",
        },
        "file.no_room": {
            "da": "der er ikke plads til at skrive filen ({detail}); frigør plads og prøv igen",
            "en": "there is no room to write the file ({detail}); free some space and try again",
        },
        "db.read_only": {
            "da": "databasen er åbnet skrivebeskyttet (read-only), så der kan ikke skrives i den; "
            "intet er ændret. Skriv via en proces, der har den åbnet til skrivning (fx en "
            "server startet uden --read-only)",
            "en": "the database is open read-only, so nothing can be written to it; nothing was "
            "changed. Write through a process that has it open for writing (e.g. a server "
            "started without --read-only)",
        },
        "db.no_permission": {
            "da": "gevinst må ikke skrive i databasefilen ({detail}); intet er ændret",
            "en": "gevinst may not write the database file ({detail}); nothing was changed",
        },
        "db.invalidated": {
            "da": "DuckDB stoppede databasen efter en skrivefejl ({detail}); intet mere skrives i "
            "denne kørsel. Næste gang den åbnes, er den som efter sidste gennemførte "
            "skrivning",
            "en": "DuckDB stopped the database after a write error ({detail}); nothing more is "
            "written in this run. The next time it is opened it is as after the last "
            "completed write",
        },
    }
)

#: what the operating system (or DuckDB quoting it) says when there is no room to write
_NO_ROOM = ("no space left", "file too large", "disk quota exceeded", "disk is full")
_NO_ROOM_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def open_database(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    target = Path(path)
    if read_only and not target.exists():
        raise GevinstError(
            f"{target}: databasen findes ikke (the database does not exist); "
            "kør `gevinst demo` eller `gevinst import` først"
        )
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower() or "conflicting" in text.lower():
            raise DatabaseInUse(in_use_message(target, text)) from exc
        raise storage_error(exc) or GevinstError(
            f"{target}: databasen kan ikke åbnes: {text}"
        ) from exc


def ensure_not_in_use(path: Path | str) -> None:
    """Raise `DatabaseInUse` if another process holds the file; for commands that replace the
    file instead of opening it (`demo`, `restore`). Opening and closing it also checkpoints
    its write-ahead log, so no `.wal` of the old file is left to be replayed onto a new one."""
    target = Path(path)
    if not target.exists():
        return
    try:
        open_database(target).close()
    except DatabaseInUse:
        raise
    except (GevinstError, duckdb.Error):
        pass  # a file that cannot be opened (damaged, not DuckDB) is not in use: replace it


def _both(key: str, **values: object) -> str:
    return f"{msg(key, 'da', **values)} ({msg(key, 'en', **values)})"


def storage_error(exc: BaseException) -> GevinstError | None:
    """A message for a write that the disk or the database's mode refused; None otherwise
    (the caller re-raises: an unknown error stays a bug report, not a guess)."""
    if isinstance(exc, OSError):
        if exc.errno in _NO_ROOM_ERRNOS:
            place = f"{exc.filename}: " if exc.filename else ""
            return GevinstError(place + _both("file.no_room", detail=os.strerror(exc.errno)))
        return None
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc)
    lower = text.lower()
    detail = text.rsplit(": ", 1)[-1].strip()
    if any(marker in lower for marker in _NO_ROOM):
        return GevinstError(_both("db.no_room", detail=detail))
    if "invalidated" in lower:
        return GevinstError(_both("db.invalidated", detail=text))
    if "read-only mode" in lower or "read-only file system" in lower:
        return GevinstError(_both("db.read_only"))
    if "permission denied" in lower:
        return GevinstError(_both("db.no_permission", detail=detail))
    return None


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


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con` has a transaction open. DuckDB has no call for it, and a BEGIN inside one
    fails and aborts the caller's transaction; but in autocommit every statement is a
    transaction of its own, so two readings of txid_current() differ, inside one they agree."""
    first = con.execute("SELECT txid_current()").fetchone()
    return first == con.execute("SELECT txid_current()").fetchone()


@contextmanager
def joined_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The caller's transaction, if one is open (its commit or rollback is ours), else our own."""
    if in_transaction(con):
        yield con
        return
    with transaction(con):
        yield con


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Append a frame's rows to `table`, matching columns by name (no-op for no rows)."""
    if frame.is_empty():
        return
    con.register("_rows", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _rows")
    finally:
        con.unregister("_rows")
