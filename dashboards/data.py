"""The database a running app serves, set once by `create_app` (the server owns the file)."""

from __future__ import annotations

from pathlib import Path

from gevinst.reference import Reference
from gevinst.store.reader import Database
from gevinst.store.reference import read_reference

_state: dict[str, object] = {}


def open_for_app(path: Path, read_only: bool = False, publish_to: Path | None = None) -> Database:
    close()
    database = Database(path, read_only=read_only, publish_to=publish_to)
    _state["db"] = database
    return database


def db() -> Database:
    database = _state.get("db")
    if database is None:
        raise RuntimeError("no database: create the app with create_app(db_path)")
    # mypy: _state holds the Database under 'db' and the Reference under 'ref'
    return database  # type: ignore[return-value]


def reference() -> Reference:
    """The reference data the database was built with (read once, then kept)."""
    if "ref" not in _state:
        with db().writer() as con:
            _state["ref"] = read_reference(con)
    # mypy: _state holds the Database under 'db' and the Reference under 'ref'
    return _state["ref"]  # type: ignore[return-value]


def close() -> None:
    database = _state.pop("db", None)
    _state.pop("ref", None)
    if database is not None:
        # mypy: _state holds the Database under 'db' and the Reference under 'ref'
        database.close()  # type: ignore[attr-defined]
