"""The server's hold on the database: one DuckDB connection, a cursor per thread.

DuckDB lets one process own a file; the dashboard server is that process, so it opens the
file once and serves every thread from it (`cursor()` gives each thread its own view of the
same database). Readers keep seeing the last committed state while a writer's transaction is
open. Queries live as SQL files in `models/queries/`, named parameters `$name`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from gevinst.paths import models_dir
from gevinst.store.db import open_database
from gevinst.store.model import build_model
from gevinst.store.publish import publish_snapshot


@cache
def query_text(name: str) -> str:
    path = models_dir() / "queries" / f"{name}.sql"
    return path.read_text(encoding="utf-8")


class Database:
    """One open database file shared by a server's threads."""

    def __init__(self, path: Path, read_only: bool = False, publish_to: Path | None = None):
        self.path = path
        self.read_only = read_only
        self.publish_to = publish_to
        self._con = open_database(path, read_only=read_only)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._publish_timer: threading.Timer | None = None
        if not read_only:
            build_model(self._con)
        if publish_to is not None:
            self.publish()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._con.cursor()
            self._local.cursor = cursor
        return cursor

    def query(self, name: str, **params: object) -> pl.DataFrame:
        """Run `models/queries/<name>.sql` with named parameters; a polars frame back."""
        return self.sql(query_text(name), params or None)

    def sql(self, text: str, params: list | dict | None = None) -> pl.DataFrame:
        # DuckDB 2.0 dropped `.pl()`: go through Arrow; money is DECIMAL in the store and
        # float in the views' consumers (figures, formats)
        table = self._cursor().sql(text, params=params).to_arrow_table()
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for writes, one writer at a time (each write is its own transaction).

        With `publish_to`, a snapshot for BI tools follows every write (a couple of seconds
        later, so a burst of writes gives one snapshot).
        """
        with self._write_lock:
            # a cursor of its own, closed afterwards: a half-fetched result of a write
            # (DuckDB 2.0 keeps it busy) never blocks the thread's reads
            cursor = self._con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        self._schedule_publish()

    def publish(self) -> None:
        """Write the read-only snapshot now (`store.publish`), under the write lock."""
        if self.publish_to is None:
            return
        with self._write_lock:
            cursor = self._con.cursor()
            try:
                publish_snapshot(cursor, self.publish_to)
            finally:
                cursor.close()

    def _schedule_publish(self, delay_seconds: float = 2.0) -> None:
        if self.publish_to is None:
            return
        if self._publish_timer is not None:
            self._publish_timer.cancel()
        self._publish_timer = threading.Timer(delay_seconds, self.publish)
        self._publish_timer.daemon = True
        self._publish_timer.start()

    def close(self) -> None:
        if self._publish_timer is not None:
            self._publish_timer.cancel()
        self._con.close()
