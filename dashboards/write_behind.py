"""Small writes the server makes on the side (audit rows, session rows), on one thread.

A request that records an event must not wait for the database's one writer: an import holds
it for seconds, and a refusal may be recorded from inside a writer (saving a scenario checks
the case again). So events go into a queue, and this thread writes them through the server's
writer in arrival order. A clean stop flushes the queue; a killed server loses at most the
events of its last moments (they are in the `gevinst.audit` log as well).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

import duckdb

from gevinst.store.reader import Database

Write = Callable[[duckdb.DuckDBPyConnection], None]
log = logging.getLogger("gevinst.server")


class WriteBehind:
    def __init__(self, database: Database):
        self._database = database
        self._queue: queue.Queue[Write] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="write-behind", daemon=True)
        self._thread.start()

    def put(self, write: Write) -> None:
        self._queue.put(write)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued write is done; False if that took longer than `timeout`."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self._queue.unfinished_tasks

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                with self._database.writer() as con:
                    for write in batch:
                        try:
                            write(con)
                        except duckdb.Error:
                            log.exception("a side write failed (audit or session row)")
            except Exception:  # a closed database at shutdown: nothing more to write to
                log.exception("side writes lost: the database is not writable")
            finally:
                for _ in batch:
                    self._queue.task_done()
