"""Open the database for a write while the caller is still reading what it will write.

Opening a DuckDB file and building the model on it takes ~0,1 s, and an import spends longer
than that waiting for the sandboxed reader with a core to spare (once its own scan of the file
is done: started earlier, the thread only slows the scan down, the GIL going back and forth
between them); so the import opens the database, begins its transaction and builds the
model in a thread then. Nothing is committed unless the caller commits: a rejected file rolls
the transaction back, and a database file that did not exist before is removed again, so a
rejection leaves no trace.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from types import TracebackType

import duckdb

from gevinst.store.db import open_database
from gevinst.store.model import build_model


class WriteAhead:
    """A connection in an open transaction with the model built, or the error that stopped it.

    Use as a context manager: leaving it without `commit()` rolls back and closes. `start`
    begins opening (again: nothing); `connection` starts it too if nobody has.
    """

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self._existed = self.db.exists()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._error: BaseException | None = None
        self._committed = False
        self._thread = threading.Thread(target=self._open, daemon=True)
        self._starting = threading.Lock()

    def start(self) -> None:
        with self._starting:
            if self._thread.ident is None:
                self._thread.start()

    def _open(self) -> None:
        try:
            self._con = open_database(self.db)
            self._con.execute("BEGIN TRANSACTION")
            build_model(self._con)  # inside the transaction: one commit, not two dozen
        except BaseException as exc:  # raised again in the caller's thread by `connection`
            self._error = exc

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The connection, once ready; an error in opening it (in use, read-only) is raised here."""
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._con is not None
        return self._con

    def commit(self) -> None:
        self.connection().execute("COMMIT")
        self._committed = True

    def __enter__(self) -> WriteAhead:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._starting:
            if self._thread.ident is not None:
                self._thread.join()
        if self._con is not None:
            if not self._committed:
                with contextlib.suppress(duckdb.Error):
                    self._con.execute("ROLLBACK")
            self._con.close()
        if not self._committed and not self._existed:
            for leftover in (self.db, self.db.with_name(self.db.name + ".wal")):
                leftover.unlink(missing_ok=True)
