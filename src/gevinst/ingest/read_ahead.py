"""A workbook's scan and sandboxed read, started before the command that needs them has loaded.

`gevinst import` spends its first half second importing what it needs (polars, DuckDB,
pydantic, the reference data) on one core, and only then scanned the file and started its
reader, a child of the fork server, which itself needs ~0,3 s to start (an interpreter and
polars). `start_read_ahead` starts both at once instead, right after the command's options
are read: the sandboxed read, through the same gate the scan applies before it starts its
reader (the file's kind, size, central directory, entries, identity and macros checked, its
visible sheets listed exactly as the scan lists them: `container.listed_sheets`), and the scan
itself (`container.scan_file`, pure Python), each in a resource-limited child like every read.
Both are forked from the command itself where that is safe (`sandbox.can_fork_now`: one
thread, polars not yet imported; the reader imports it in its child), so neither waits for a
fork server, and the import's modules load, the scan runs and the reader reads at once.

`read_file` adopts them (`claim_scan`, `claim_read`) where it would run the very same scan and
start the very same read — the same file, unchanged since; the same name, sheets, limits and
language — and uses the read's frames, as always, only once the scan has passed the file. A
scan that did not come back (its child failed) is run again in the caller, as if never begun.
Anything else is left to `read_file` as before: what nobody adopts is stopped
(`cancel_read_ahead`, which the command calls when it ends), and a read of other sheets (a
mapping naming a hidden sheet) is stopped when `read_file` starts its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from gevinst.errors import GevinstError
from gevinst.ingest.container import Scan, listed_sheets, scan_file
from gevinst.ingest.limits import Limits
from gevinst.ingest.sandbox import IsolatedCall, start_forked
from gevinst.ingest.sheet_reader import read_listed_sheets
from gevinst.messages import Lang

#: (device, inode, size, modification time in ns): a file changed or replaced since is not it
_Identity = tuple[int, int, int, int]


@dataclass(frozen=True)
class ReadAhead:
    """A read started early: `folder` (its own temporary folder) goes with it to whoever adopts
    it, who removes it when done, as `read_file` does its own."""

    call: IsolatedCall
    folder: str
    identity: _Identity
    names: tuple[str, ...]
    limits: Limits
    lang: Lang

    def cancel(self) -> None:
        self.call.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class ScanAhead:
    """A scan started early, in a child: `result()` is its `Scan`, or None if the child failed
    (then the caller scans the file itself)."""

    call: IsolatedCall[Scan]
    identity: _Identity
    display: str
    limits: Limits
    lang: Lang

    def result(self) -> Scan | None:
        try:
            return self.call.result()
        except (GevinstError, OSError, RuntimeError):  # the child failed, not the file: again
            return None

    def cancel(self) -> None:
        self.call.cancel()


_lock = threading.Lock()
_reads: dict[str, ReadAhead] = {}
_scans: dict[str, ScanAhead] = {}


def _identity(path: Path) -> tuple[str, _Identity] | None:
    try:
        stat = os.stat(path)
        return os.path.realpath(path), (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None


def start_read_ahead(path: Path, display: str, limits: Limits, lang: Lang) -> bool:
    """Start scanning `path` and, if it is a workbook that passes the checks the scan makes
    before it starts its own reader, reading its visible sheets; True if both started.

    Never raises for a bad file or a missing process: the import then reads as it always did.
    """
    found = _identity(path)
    if found is None:
        return False
    key, identity = found
    names = listed_sheets(path, limits)
    visible = tuple(s.name for s in names or () if not s.hidden)
    if not visible:  # no read to start: the scan runs in the caller, as it always did
        return False
    folder = tempfile.mkdtemp(prefix="gevinst-read-")
    scan: IsolatedCall[Scan] | None = None
    try:
        # both forked from this process while it may (`can_fork_now`), else children of the
        # fork server: the scan first, which needs nothing more, then the reader, once polars
        # and fastexcel are imported (the command needs them anyway; the child then need not)
        scan = start_forked(scan_file, path, display, lang, limits, limits=limits, lang=lang)
        import fastexcel  # noqa: F401 - for the reader's child, see above
        import polars  # noqa: F401

        read = start_forked(
            read_listed_sheets, str(path), list(visible), folder, limits=limits, lang=lang
        )
    except Exception:  # no child to be had now: `read_file` will try again and say why
        if scan is not None:
            scan.cancel()
        shutil.rmtree(folder, ignore_errors=True)
        return False
    with _lock:
        earlier = (_reads.pop(key, None), _scans.pop(key, None))
        _reads[key] = ReadAhead(read, folder, identity, visible, limits, lang)
        _scans[key] = ScanAhead(scan, identity, display, limits, lang)
    for ahead in earlier:
        if ahead is not None:
            ahead.cancel()
    return True


def claim_read(path: Path, names: list[str], limits: Limits, lang: Lang) -> ReadAhead | None:
    """The read started ahead for `path` if it is the read `read_file` would start now (the
    same sheets, limits and language, the file unchanged); the caller then owns it. A read
    ahead of `path` that is not that read is stopped."""
    wanted = (tuple(names), limits, lang)
    return _claim(_reads, path, lambda ahead: (ahead.names, ahead.limits, ahead.lang) == wanted)


def claim_scan(path: Path, display: str, limits: Limits, lang: Lang) -> ScanAhead | None:
    """The scan started ahead for `path` if it is the scan `read_file` would run now (the same
    name for messages, limits and language, the file unchanged); otherwise None (and a scan
    ahead of `path` that is not that scan is stopped)."""
    wanted = (display, limits, lang)
    return _claim(_scans, path, lambda ahead: (ahead.display, ahead.limits, ahead.lang) == wanted)


_Ahead = TypeVar("_Ahead", ReadAhead, ScanAhead)


def _claim(started: dict[str, _Ahead], path: Path, same: Callable[[_Ahead], bool]) -> _Ahead | None:
    """What was started ahead for `path`, taken out of `started`: kept if the file is unchanged
    and `same` says it is what the caller would start now, else stopped."""
    found = _identity(path)
    if found is None:
        return None
    key, identity = found
    with _lock:
        ahead = started.pop(key, None)
    if ahead is None:
        return None
    if ahead.identity == identity and same(ahead):
        return ahead
    ahead.cancel()
    return None


def discard(path: Path) -> None:
    """Stop what was started ahead for `path` and not adopted."""
    found = _identity(path)
    if found is None:
        return
    with _lock:
        left = (_reads.pop(found[0], None), _scans.pop(found[0], None))
    for ahead in left:
        if ahead is not None:
            ahead.cancel()


def cancel_read_ahead() -> None:
    """Stop every scan and read started ahead and not adopted, and remove their folders."""
    with _lock:
        left: list[ReadAhead | ScanAhead] = [*_reads.values(), *_scans.values()]
        _reads.clear()
        _scans.clear()
    for ahead in left:
        ahead.cancel()
