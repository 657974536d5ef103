"""Who holds the database: the server's info file next to it, so a refusal can name the server.

DuckDB's own file lock is the guard: while one process holds a file read-write, every other
process fails to open it at once (DESIGN, "Measured"). That error names only a PID, so
`gevinst serve` also writes `<db>.server.json` (pid, host, port, started_at) while it runs and
removes it on a clean exit. A file whose process is gone (a killed server) is stale and
ignored; the file never stops anyone by itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from gevinst.messages import msg, register

INFO_SUFFIX = ".server.json"

register(
    {
        "db.in_use.server": {
            "da": "databasen er i brug af gevinst serve (pid {pid}, {url}, startet {started}); "
            "importér via serverens importside eller stop serveren",
            "en": "the database is in use by gevinst serve (pid {pid}, {url}, started {started}); "
            "import through the server's import page or stop the server",
        },
        "db.in_use.other": {
            "da": "databasen er i brug af en anden proces{pid} (fx gevinst serve eller en import); "
            "vent til den er færdig, eller stop den",
            "en": "the database is in use by another process{pid} (e.g. gevinst serve or an "
            "import); wait for it to finish or stop it",
        },
    }
)


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    host: str
    port: int
    started_at: str
    hostname: str
    read_only: bool = False

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


def info_path(db: Path) -> Path:
    return db.with_name(db.name + INFO_SUFFIX)


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def write_server_info(db: Path, host: str, port: int, read_only: bool = False) -> ServerInfo:
    """Written after the server has opened the database (so it really holds it)."""
    info = ServerInfo(
        os.getpid(),
        host,
        port,
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        socket.gethostname(),
        read_only,
    )
    target = info_path(db)
    temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, target)
    return info


def remove_server_info(db: Path) -> None:
    """Remove the info file if it is this process's (a newer server may have replaced it)."""
    found = _read(info_path(db))
    if found is not None and found.pid == os.getpid():
        info_path(db).unlink(missing_ok=True)


def _read(path: Path) -> ServerInfo | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ServerInfo(
            int(raw["pid"]),
            str(raw["host"]),
            int(raw["port"]),
            str(raw["started_at"]),
            str(raw.get("hostname", "")),
            bool(raw.get("read_only", False)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_server_info(db: Path) -> ServerInfo | None:
    """The running server's info, or None: no file, an unreadable one, or a stale one (its
    process is gone; checked only on this host, elsewhere the file is believed)."""
    info = _read(info_path(db))
    if info is None:
        return None
    if info.hostname in ("", socket.gethostname()) and not pid_alive(info.pid):
        return None
    return info


def lock_holder_pid(duckdb_message: str) -> int | None:
    """DuckDB names the holder: `Conflicting lock is held in /usr/bin/python3 (PID 1234)`."""
    found = re.search(r"\(PID (\d+)\)", duckdb_message)
    return int(found.group(1)) if found else None


def in_use_message(db: Path, duckdb_message: str = "") -> str:
    """`<db>: databasen er i brug af gevinst serve (pid N, url, started) … (English …)`."""
    holder = lock_holder_pid(duckdb_message)
    info = read_server_info(db)
    if info is not None and (holder is None or holder == info.pid):
        values = {"pid": info.pid, "url": info.url, "started": info.started_at}
        key = "db.in_use.server"
    else:
        values = {"pid": f" (pid {holder})" if holder else ""}
        key = "db.in_use.other"
    return f"{db}: {msg(key, 'da', **values)} ({msg(key, 'en', **values)})"
