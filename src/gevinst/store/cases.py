"""Saving case evaluations: a new version of a case and all its evaluated rows in one transaction.

A case's registry, flows and summary are stored once, per version (`store.history`); the
current case is its latest version (the views `int_case_*` behind `cases`, `case_flows`,
`case_summary`), so an adopted case's evaluation at decision stays frozen and can be compared
with the current one. What only the current version needs (departments, the scenarios' Monte
Carlo and titles) is replaced here with each new version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from gevinst.cases.schema import Case
from gevinst.domain.evaluate import Evaluation
from gevinst.reference import Reference
from gevinst.store.db import insert_frame, transaction
from gevinst.store.reference import read_reference

#: the current version's rows outside the versioned tables, and the evaluation's attribute
_TABLES = {"case_department_rows": "department_summary"}


def save_case(
    con: duckdb.DuckDBPyConnection,
    case: Case,
    case_toml: str,
    file_name: str,
    evaluations: Sequence[Evaluation],
    saved_by: str,
    saved_at: dt.datetime | None = None,
    ref: Reference | None = None,
) -> int | None:
    """Save the case with every scenario/estimate of it as a new version, which becomes the
    current one; readers never see half of it.

    A version is added only when the file's text or the unit costs it uses changed (`ref`: the
    reference data evaluated with; default the database's); otherwise nothing but the unit-cost
    history is written. Returns the new version number, or None when the content was saved
    before."""
    from gevinst.store import history

    stamp = saved_at or dt.datetime.now(dt.UTC)
    reference = ref or read_reference(con)
    with transaction(con):
        if reference is not None:
            history.record_unit_costs(con, reference, saved_by, stamp)
        version = history.record_version(
            con,
            case,
            case_toml,
            file_name,
            evaluations,
            saved_by,
            stamp,
            history.units_used(case, reference),
        )
        if version is not None:
            _replace_current_rows(con, case, evaluations)
    return version


def _replace_current_rows(
    con: duckdb.DuckDBPyConnection, case: Case, evaluations: Sequence[Evaluation]
) -> None:
    """The rows only the current version has; a save of unchanged content keeps them, so they
    stay the ones evaluated with the version's flows."""
    for table in (*_TABLES, "case_scenario_rows"):
        con.execute(f"DELETE FROM {table} WHERE case_id = ?", [case.id])
    simulations = simulation_rows(case.id, evaluations)
    # an adopted case's frozen evaluations (its stored rows, all scenarios in one) come
    # without a simulation: the stored one stays with them
    saved = {s for e in evaluations for s in e.summary["scenario"].unique().to_list()}
    kept = sorted(saved - set(simulations["scenario"]))
    con.execute(
        "DELETE FROM case_simulation_rows WHERE case_id = ? AND NOT list_contains(?, scenario)",
        [case.id, kept],
    )
    for table, attribute in _TABLES.items():
        frames = [getattr(e, attribute) for e in evaluations]
        insert_frame(con, table, pl.concat(frames, how="vertical"))
    insert_frame(con, "case_simulation_rows", simulations)
    insert_frame(con, "case_scenario_rows", scenario_rows(case))


def scenario_rows(case: Case) -> pl.DataFrame:
    """The title and description people see for each scenario (basis: the case's own)."""
    rows = [
        {"case_id": case.id, "scenario": "basis", "title": None, "description": case.description},
        *(
            {"case_id": case.id, "scenario": s.name, "title": s.title, "description": s.description}
            for s in case.scenario
        ),
    ]
    return pl.DataFrame(
        rows,
        schema={
            "case_id": pl.String,
            "scenario": pl.String,
            "title": pl.String,
            "description": pl.String,
        },
    )


def simulation_rows(case_id: str, evaluations: Sequence[Evaluation]) -> pl.DataFrame:
    """One row per scenario with its Monte Carlo (the investing municipality's NPV in every
    draw), so that a page shows the histogram without simulating again."""
    rows: dict[str, dict] = {}
    for e in evaluations:
        if e.monte_carlo is not None and e.scenario not in rows:
            rows[e.scenario] = {
                "case_id": case_id,
                "scenario": e.scenario,
                "draws": e.monte_carlo.draws,
                "seed": e.monte_carlo.seed,
                "home_npv_dkk": e.monte_carlo.home_npv.tolist(),
            }
    return pl.DataFrame(
        list(rows.values()),
        schema={
            "case_id": pl.String,
            "scenario": pl.String,
            "draws": pl.Int32,
            "seed": pl.Int64,
            "home_npv_dkk": pl.List(pl.Float64),
        },
    )
