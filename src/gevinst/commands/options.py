"""Options several commands share, so `--db` and `--lang` mean the same everywhere."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click

db_option = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="DuckDB-database (standard: $GEVINST_DB eller brugerens datamappe).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    default=None,
    help="Sprog for beskeder og rapporter (language): da (standard) eller en.",
)

T = TypeVar("T")


@contextmanager
def progress(items: Iterable[T], label: str) -> Iterator[Iterable[T]]:
    """A progress bar on a terminal; plain iteration in pipes, CI and tests."""
    if not sys.stderr.isatty():
        yield items
        return
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar
