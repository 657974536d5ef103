"""The demo database: built by the package's own code, deterministic, used by the tests.

Reference data, the bundled demo cases (every scenario and estimate, with Monte Carlo, saved
through `services.case_evaluation` like `gevinst evaluate --save`), then
the steps in `EXTRA_STEPS`. Built into a temporary file
and moved into place, so a failed build never leaves half a database behind.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from gevinst.cases.evaluation import load_cases
from gevinst.demo_benefit_weeks import add_demo_benefit_weeks
from gevinst.demo_budget import add_demo_budgets
from gevinst.demo_realisation import add_demo_realisation
from gevinst.domain.params import MONTE_CARLO_DRAWS
from gevinst.paths import demo_dir
from gevinst.reference import Reference, bundled_reference
from gevinst.services.case_evaluation import save_cases_on
from gevinst.store import build_model, connect
from gevinst.store.db import ensure_not_in_use
from gevinst.store.key_figures import add_bundled_key_figures
from gevinst.store.reference import write_reference
from gevinst.store.users import add_demo_users

# Fixed so that two builds give the same database (evaluated_at / saved_at included).
DEMO_TIMESTAMP = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
DEMO_USER = "demo"

DemoStep = Callable[[duckdb.DuckDBPyConnection, Reference], None]


def add_demo_key_figures(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Demo step: DST's REGK31 per-inhabitant figures bundled with the reference data."""
    add_bundled_key_figures(con, ref, DEMO_USER, DEMO_TIMESTAMP)


def add_demo_realisation_figures(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Demo step: the adopted case's decision version and its realised gains 2027–2028."""
    add_demo_realisation(con, ref, DEMO_USER, DEMO_TIMESTAMP)


def add_demo_person_weeks(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Demo step: the IPS case's person weeks, its cohort and its target persons."""
    add_demo_benefit_weeks(con, ref, DEMO_USER, DEMO_TIMESTAMP)


# After the cases, in order: DST's REGK31 key figures bundled in data/reference, budgets
# and accounts imported through the real importer, realisation figures
# for the adopted case, and the demo users.
EXTRA_STEPS: tuple[DemoStep, ...] = (
    add_demo_key_figures,
    add_demo_budgets,
    add_demo_realisation_figures,
    add_demo_person_weeks,
    add_demo_users,
)


def demo_case_files() -> list[Path]:
    return sorted((demo_dir() / "cases").glob("*.toml"))


def build_demo(path: Path, ref: Reference | None = None, draws: int | None = None) -> int:
    """(Re)build the demo database at `path`; returns the number of cases."""
    reference = ref or bundled_reference()
    loaded = load_cases(demo_case_files(), reference)
    path.parent.mkdir(parents=True, exist_ok=True)
    ensure_not_in_use(path)  # fail before the work, not after: a server may hold the file
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    with connect(building) as con:
        build_model(con)
        write_reference(con, reference)
        save_cases_on(
            con,
            loaded,
            reference,
            DEMO_USER,
            MONTE_CARLO_DRAWS if draws is None else draws,
            DEMO_TIMESTAMP,
        )
        for step in EXTRA_STEPS:
            step(con, reference)
        con.execute("CHECKPOINT")
    Path(str(building) + ".wal").unlink(missing_ok=True)
    ensure_not_in_use(path)  # and again: never replace a file a server holds; no stale .wal
    os.replace(building, path)
    return len(loaded)
