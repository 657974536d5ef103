"""The sandbox as the tests use it: run a function in the limited child and wait for it, and
read sheets through the production reader (`readers.read_listed_sheets`, what `read_file`
runs in the child), so a safety test checks what production does."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from gevinst.ingest.limits import Limits
from gevinst.ingest.readers import read_listed_sheets
from gevinst.ingest.sandbox import start_isolated

T = TypeVar("T")


def run_isolated(
    fn: Callable[..., T],
    *args: Any,
    limits: Limits = Limits(),  # noqa: B008
    **kwargs: Any,
) -> T:
    """`fn(*args, **kwargs)` in a resource-limited child; its exceptions as `start_isolated`'s."""
    return start_isolated(fn, *args, limits=limits, **kwargs).result()


def read_sheets(
    path: Path,
    names: list[str],
    limits: Limits = Limits(),  # noqa: B008
) -> dict[str, tuple[pl.DataFrame, int]]:
    """Each named sheet as the production reader hands it over: text cells, first column."""
    with tempfile.TemporaryDirectory() as folder:
        read = run_isolated(read_listed_sheets, str(path), names, folder, limits=limits)
        out = {}
        for name, data, first_col in read:
            if data is None:
                raise AssertionError(f"{name}: {first_col}")
            out[name] = (pl.read_ipc(data), int(first_col))  # as `readers._frames` reads it
        return out
