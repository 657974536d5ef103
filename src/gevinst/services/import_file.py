"""The budget/accounts import use case: files → checked lines → a batch → written or planned.

`gevinst import`, the import page, the demo build and the test server all call these, so a
file imports the same way whichever door it came through. Reading and checking is
`ingest.budget.prepare_import`; writing is `store.imports`; this module joins them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from gevinst.ingest.budget import (
    FileReport,
    ImportOptions,
    PreparedImport,
    SavedLookup,
    prepare_import,
)
from gevinst.ingest.readers import read_file
from gevinst.ingest.shapes import HEADER_SEARCH_ROWS, find_header
from gevinst.reference import Reference
from gevinst.store.db import connect
from gevinst.store.imports import (
    BudgetBatch,
    ImportFile,
    ImportOutcome,
    PendingWrite,
    plan_import,
    plan_import_on,
    write_import_ahead,
    write_import_to,
)
from gevinst.store.mappings import find_mapping_on
from gevinst.store.write_ahead import WriteAhead

if TYPE_CHECKING:
    from gevinst.ingest.mapping import Mapping

__all__ = [
    "LINE_COLUMNS",
    "SheetPreview",
    "describe",
    "header_preview",
    "import_budget_files",
    "plan_on",
    "saved_lookup",
    "to_batch",
    "write_on",
]

LINE_COLUMNS = [
    "file_no",
    "source_sheet",
    "source_row",
    "municipality_code",
    "year",
    "budget_kind",
    "account",
    "account_detail",
    "dranst",
    "art",
    "committee",
    "department",
    "cost_centre",
    "amount_dkk",
]


def describe(report: FileReport) -> tuple[str, str]:
    """The registry's shape and unit of a file: `Drift: wide (B2026, BO2027)`,
    `1.000 kr. (title)`."""
    shapes, units = [], []
    for sheet in report.sheets:
        columns = ", ".join(a.header for a in sheet.shape.amounts)
        text = f"wide ({columns})" if sheet.shape.layout == "wide" else "long"
        shapes.append(f"{sheet.name}: {text}" if sheet.name else text)
        units += [f"{unit} ({source})" for unit, source in sheet.units.items()]
    return "; ".join(shapes), ", ".join(dict.fromkeys(units))


def to_batch(prepared: PreparedImport, user: str) -> BudgetBatch:
    """What the store writes for a prepared import: its files, lines and scope."""
    files = tuple(ImportFile(r.display, r.sha256, *describe(r)) for r in prepared.files)
    return BudgetBatch(
        prepared.options.kind,
        prepared.options.municipality,
        user,
        files,
        prepared.lines.select(
            LINE_COLUMNS + [c for c in ("source_rows",) if c in prepared.lines.columns]
        ),
        prepared.scope,
        _mappings_to_save(prepared),
    )


def _mappings_to_save(prepared: PreparedImport) -> tuple[tuple[str, str, str], ...]:
    """A mapping given with the import (not one found saved) is saved under its name, keyed
    by each file's header signature (DESIGN: mappings given once are saved and reused)."""
    name = prepared.options.mapping_name
    if not name:
        return ()
    return tuple(
        (name, r.signature, r.mapping.model_dump_json())
        for r in prepared.files
        if r.mapping is not None and not r.mapping_found and r.signature
    )


def saved_lookup(
    connection: Callable[[], duckdb.DuckDBPyConnection | None], municipality: int
) -> SavedLookup:
    """A lookup of the municipality's saved mappings on the connection `connection` gives
    (called only for a file that cannot be read as it stands)."""

    def lookup(signatures: list[str]) -> tuple[str, Mapping] | None:
        hit = find_mapping_on(connection(), municipality, signatures)
        if hit is None:
            return None
        from gevinst.ingest.mapping import Mapping  # pydantic: only when a mapping is used

        return hit.name, Mapping.model_validate_json(hit.mapping_json)

    return lookup


def import_budget_files(
    db: Path,
    files: Iterable[Path],
    options: ImportOptions,
    user: str,
    dry_run: bool = False,
    reference: Reference | None = None,
) -> tuple[PreparedImport, ImportOutcome]:
    """Read and check the files, then write them (or plan, for a dry run); raises
    `InputRejected` with every problem, having written nothing.

    The database is opened and its model built while the files are read (`WriteAhead`), from
    the end of the first file's scan: the reader's sandbox leaves a core free for it then.
    The lines are written while their last checks run (`PendingWrite`) and committed only
    once those have passed; a rejection rolls the write back.
    """
    with contextlib.ExitStack() as stack:
        ahead = None if dry_run else stack.enter_context(WriteAhead(db))
        pending: list[PendingWrite] = []
        # left with an error: the write must have ended before `ahead` rolls it back
        stack.callback(_wait_quietly, pending)

        def write_early(unchecked: PreparedImport) -> None:
            assert ahead is not None
            pending.append(PendingWrite(ahead, to_batch(unchecked, user)))

        reader: list[duckdb.DuckDBPyConnection] = []

        def connection() -> duckdb.DuckDBPyConnection | None:
            if ahead is not None:
                return ahead.connection()
            if not reader and Path(db).exists():
                reader.append(stack.enter_context(connect(db, read_only=True)))
            return reader[0] if reader else None

        saved = saved_lookup(connection, options.municipality) if options.mapping is None else None
        prepared = prepare_import(
            files,
            options,
            reference,
            ahead.start if ahead is not None else None,
            saved,
            write_early if ahead is not None else None,
        )
        if pending:
            return prepared, pending[0].commit()
        batch = to_batch(prepared, user)
        if ahead is not None:
            return prepared, write_import_ahead(ahead, batch)
        if reader:
            return prepared, plan_import_on(reader[0], batch)
        return prepared, plan_import(db, batch)
    raise AssertionError("unreachable")


def _wait_quietly(pending: list[PendingWrite]) -> None:
    """Let a write begun before a rejection end; its own error no longer matters then."""
    for write in pending:
        with contextlib.suppress(Exception):
            write.wait()


def plan_on(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[Path],
    options: ImportOptions,
    reference: Reference,
    user: str,
) -> tuple[PreparedImport, ImportOutcome]:
    """The dry run on a connection the caller holds (the server's): check the files, look for
    a saved mapping there, and say what a write would do."""
    saved = saved_lookup(lambda: con, options.municipality) if options.mapping is None else None
    prepared = prepare_import(paths, options, reference, None, saved)
    return prepared, plan_import_on(con, to_batch(prepared, user))


def write_on(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[Path],
    options: ImportOptions,
    reference: Reference,
    user: str,
    now: dt.datetime | None = None,
) -> tuple[PreparedImport, ImportOutcome]:
    """Check the files again (never trust an earlier dry run) and write them in one
    transaction on the caller's connection, saving a mapping given with them."""
    saved = saved_lookup(lambda: con, options.municipality) if options.mapping is None else None
    prepared = prepare_import(paths, options, reference, None, saved)
    return prepared, write_import_to(con, to_batch(prepared, user), now)


@dataclass(frozen=True)
class SheetPreview:
    """A sheet's header row as the mapping editor shows it: the cells a role is chosen for."""

    name: str | None
    header_row: int  # as Excel numbers it
    headers: tuple[str, ...]


def header_preview(
    path: Path, options: ImportOptions, header_row: int | None = None
) -> list[SheetPreview]:
    """Each sheet's header row: the given one, else the one recognition finds, else the row
    among the first with the most filled cells (a title row has one)."""
    read = read_file(path, path.name, options.lang, options.limits)
    out = []
    for sheet in read.sheets:
        index = None if header_row is None else header_row - sheet.first_row
        if index is None or not 0 <= index < sheet.cells.height:
            index = find_header(sheet, None)
        if index is None:
            rows = list(sheet.cells.head(HEADER_SEARCH_ROWS).iter_rows())
            if not rows:
                continue
            index = max(range(len(rows)), key=lambda i: (sum(c is not None for c in rows[i]), -i))
        cells = tuple(
            str(c).strip() for c in sheet.cells.row(index) if c is not None and str(c).strip()
        )
        out.append(SheetPreview(sheet.name, sheet.first_row + index, cells))
    return out
