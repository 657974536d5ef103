"""Evaluate a case and save it: every scenario and estimate (with its Monte Carlo) evaluated
side by side and stored with its version history (`gevinst evaluate --save`, the demo builder).

Also which reference data an evaluation uses: the database's with `--db` (as the database was
built), else the bundled catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from gevinst.cases.evaluation import LoadedCase, evaluate_portfolio
from gevinst.cases.schema import ESTIMATES
from gevinst.domain.params import MONTE_CARLO_DRAWS
from gevinst.reference import Reference, bundled_reference
from gevinst.store import build_model, connect
from gevinst.store.cases import save_case
from gevinst.store.reference import read_reference, write_reference


def reference_for(db: Path | None) -> Reference:
    """The database's reference data with `--db` (as the database was built), else bundled."""
    if db is None or not db.exists():
        return bundled_reference()
    with connect(db, read_only=True) as con:
        try:
            return read_reference(con) or bundled_reference()
        except Exception:  # a file from before the reference snapshot, or not ours
            return bundled_reference()


def save_cases_on(
    con: duckdb.DuckDBPyConnection,
    loaded: Sequence[LoadedCase],
    ref: Reference,
    user: str,
    draws: int = MONTE_CARLO_DRAWS,
    at: dt.datetime | None = None,
) -> list[int | None]:
    """Evaluate every case with all its scenarios and estimates and save each (its own
    transaction); the new version numbers, None where the content was saved before. `at`
    fixes both evaluation and save time (the demo: two builds give the same database)."""
    portfolio = evaluate_portfolio(
        [i.case for i in loaded],
        ref,
        [i.case.scenario_names for i in loaded],
        ESTIMATES,
        draws,
        evaluated_at=at,
    )
    return [
        save_case(con, item.case, item.text, item.path.name, variants, user, saved_at=at)
        for item, variants in zip(loaded, portfolio, strict=True)
    ]


def save_cases(
    db: Path,
    loaded: Sequence[LoadedCase],
    ref: Reference,
    user: str,
    draws: int = MONTE_CARLO_DRAWS,
) -> list[int | None]:
    """`save_cases_on` the database file at `db`, whose model is built and, when it holds no
    reference data yet, given `ref`."""
    with connect(db) as con:
        build_model(con)
        if read_reference(con) is None:
            write_reference(con, ref)
        return save_cases_on(con, loaded, ref, user, draws)
