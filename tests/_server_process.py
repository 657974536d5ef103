"""`gevinst serve` (and plain DuckDB holders) as real child processes, for the ownership and
fault tests: start, wait until it answers on 127.0.0.1, read its stderr line by line, stop."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, db: Path, *args: str, env: dict[str, str] | None = None):
        self.db = db
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gevinst",
                "serve",
                "--db",
                str(db),
                "--port",
                str(self.port),
                "--threads",
                "2",
                *args,
            ],
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)
            self.lines.put(line)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for_line(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if text in line:
                return line
        raise AssertionError(f"no {text!r} from the server; stderr: {''.join(self.stderr)}")

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited: {''.join(self.stderr)}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not answer: {''.join(self.stderr)}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@contextmanager
def running_server(db: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    server = Server(db, *args, env=env)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


@contextmanager
def holding_process(db: Path, read_only: bool = False) -> Iterator[subprocess.Popen]:
    """A process that is not gevinst and simply holds the database open."""
    code = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "
        "'1'); print('holding', flush=True); time.sleep(120)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(db), "1" if read_only else "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "holding"
        yield child
    finally:
        child.kill()
        child.wait(timeout=30)


def without_server_state(content: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """`db_content` less what a server writes about itself when it starts (its session key,
    its audit trail), so "the data are as they were" compares the data."""
    return {
        t: rows for t, rows in content.items() if t != "app_secrets" and not t.startswith("audit")
    }
