"""The budget/accounts import use case: files → checked lines → a batch → written or planned.

`gevinst import`, the import page, the demo build and the test server all call these, so a
file imports the same way whichever door it came through. Reading and checking is
`ingest.budget.prepare_import`; writing is `store.imports`; this module joins them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from gevinst.ingest.budget import FileReport, ImportOptions, PreparedImport, prepare_import
from gevinst.reference import Reference
from gevinst.store.imports import (
    BudgetBatch,
    ImportFile,
    ImportOutcome,
    plan_import,
    write_import_ahead,
)
from gevinst.store.write_ahead import WriteAhead

__all__ = ["LINE_COLUMNS", "describe", "import_budget_files", "to_batch"]

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
    )


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
    with contextlib.nullcontext() if dry_run else WriteAhead(db) as ahead:
        prepared = prepare_import(files, options, reference, ahead and ahead.start)
        batch = to_batch(prepared, user)
        outcome = plan_import(db, batch) if ahead is None else write_import_ahead(ahead, batch)
    return prepared, outcome
