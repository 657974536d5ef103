"""The demo database: built by the package's own code, deterministic, used by the tests.

Reference data, the bundled demo cases (every scenario and estimate, with Monte Carlo) and,
where the import modules provide it, demo budgets and accounts. Built into a temporary file
and moved into place, so a failed build never leaves half a database behind.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from gevinst.cases.evaluation import evaluate_variants, load_cases
from gevinst.cases.schema import ESTIMATES
from gevinst.paths import demo_dir
from gevinst.reference import Reference, bundled_reference
from gevinst.store import build_model, connect
from gevinst.store.cases import save_case
from gevinst.store.reference import write_reference

# Fixed so that two builds give the same database (evaluated_at / saved_at included).
DEMO_TIMESTAMP = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
DEMO_USER = "demo"

# Later stages (budget and accounts, benefit weeks) register a step here.
DemoStep = Callable[[duckdb.DuckDBPyConnection, Reference], None]
EXTRA_STEPS: list[DemoStep] = []


def demo_case_files() -> list[Path]:
    return sorted((demo_dir() / "cases").glob("*.toml"))


def build_demo(path: Path, ref: Reference | None = None, draws: int | None = None) -> int:
    """(Re)build the demo database at `path`; returns the number of cases."""
    reference = ref or bundled_reference()
    loaded = load_cases(demo_case_files(), reference)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    with connect(building) as con:
        build_model(con)
        write_reference(con, reference)
        for item in loaded:
            kwargs = {} if draws is None else {"draws": draws}
            variants = evaluate_variants(item.case, reference, item.case.scenario_names,
                                         ESTIMATES, evaluated_at=DEMO_TIMESTAMP, **kwargs)
            save_case(con, item.case, item.text, item.path.name, variants, DEMO_USER,
                      saved_at=DEMO_TIMESTAMP)
        for step in EXTRA_STEPS:
            step(con, reference)
        con.execute("CHECKPOINT")
    Path(str(building) + ".wal").unlink(missing_ok=True)
    os.replace(building, path)
    return len(loaded)

from gevinst.store.key_figures import add_demo_key_figures  # noqa: E402  (REGK31, ../shared)

EXTRA_STEPS.append(add_demo_key_figures)
from gevinst.demo_budget import add_demo_budgets  # noqa: E402  (demo budgets and accounts)

EXTRA_STEPS.append(add_demo_budgets)
from gevinst.store.realisation import add_demo_realisation  # noqa: E402  (issue 6: realisation)

EXTRA_STEPS.append(add_demo_realisation)
