"""The budget/accounts import use case: files → checked lines → a batch → written or planned.

`gevinst import`, the import page, the demo build and the test server all call these, so a
file imports the same way whichever door it came through. Reading and checking is
`ingest.budget.prepare_import`; writing is `store.imports`; this module joins them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
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
from gevinst.reference import Reference
from gevinst.store.db import connect
from gevinst.store.imports import (
    BudgetBatch,
    ImportFile,
    ImportOutcome,
    plan_import,
    plan_import_on,
    write_import_ahead,
)
from gevinst.store.mappings import find_mapping_on
from gevinst.store.write_ahead import WriteAhead

if TYPE_CHECKING:
    from gevinst.ingest.mapping import Mapping

__all__ = ["LINE_COLUMNS", "describe", "import_budget_files", "saved_lookup", "to_batch"]

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
        prepared.lines.select(LINE_COLUMNS),
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
    """
    with contextlib.ExitStack() as stack:
        ahead = None if dry_run else stack.enter_context(WriteAhead(db))
        reader: list[duckdb.DuckDBPyConnection] = []

        def connection() -> duckdb.DuckDBPyConnection | None:
            if ahead is not None:
                return ahead.connection()
            if not reader and Path(db).exists():
                reader.append(stack.enter_context(connect(db, read_only=True)))
            return reader[0] if reader else None

        saved = saved_lookup(connection, options.municipality) if options.mapping is None \
            else None
        prepared = prepare_import(files, options, reference, ahead and ahead.start, saved)
        batch = to_batch(prepared, user)
        if ahead is not None:
            return prepared, write_import_ahead(ahead, batch)
        if reader:
            return prepared, plan_import_on(reader[0], batch)
        return prepared, plan_import(db, batch)
    raise AssertionError("unreachable")
