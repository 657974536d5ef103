"""Demo realisation — DEMO DATA, not Herning's figures: the adopted demo case's decision
version and its realised gains for 2027–2028.

Apart from `store/` (which imports no demo) and called from `gevinst.demo`, which passes the
demo's fixed user and timestamp so that two builds give the same database.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import duckdb

from gevinst.cases.evaluation import evaluate_variants
from gevinst.cases.load import parse_case
from gevinst.cases.schema import ESTIMATES
from gevinst.ingest.realisation import prepare_realisation
from gevinst.reference import Reference
from gevinst.store.db import transaction
from gevinst.store.history import record_version
from gevinst.store.realisation import case_catalogue, write_realisation_to

DEMO_CASE = "sverigesmodellen-herning"
#: DEMO: the case as the city council decided it (fictitious): 25 % deadweight on fewer
#: residential placements where the current file says 30 %, and the catalogue's price of a
#: child-year in residential care 4 % lower than today's. Illustrative, not Herning's figures.
_DEMO_DECIDED_TEXT = (
    "deadweight = { low = 0.40, central = 0.30, high = 0.20 }",
    "deadweight = { low = 0.40, central = 0.25, high = 0.20 }",
)
_DEMO_DECIDED_UNIT = ("anbringelse-doegn-aar", 0.96)
_DEMO_DECIDED_AT = dt.datetime(2025, 10, 8, 12, 0, tzinfo=dt.UTC)
#: DEMO: how the realised net saving on residential care splits by status (shares of the plan)
_DEMO_SPLIT = (
    ("harvested", 0.50),
    ("reinvested", 0.15),
    ("capacity", 0.15),
    ("not-realised", 0.20),
)
_DEMO_YEARS = (2027, 2028)


def _demo_decision_version(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Insert the (fictitious) decision version before the demo case's current version."""
    row = con.execute(
        "SELECT count(*), any_value(case_toml), any_value(status) FROM "
        "case_version_registry WHERE case_id = ?",
        [DEMO_CASE],
    ).fetchone()
    if not row or row[0] != 1 or row[2] != "adopted" or _DEMO_DECIDED_TEXT[0] not in row[1]:
        return
    text = row[1].replace(*_DEMO_DECIDED_TEXT)
    unit_id, factor = _DEMO_DECIDED_UNIT
    unit = ref.units[unit_id]
    decided_units = {
        unit_id: unit.model_copy(update={"gross_dkk": round(unit.gross_dkk * factor, 2)})
    }
    decided_ref = ref.model_copy(update={"units": {**ref.units, **decided_units}})
    case = parse_case(text, f"{DEMO_CASE}.toml", decided_ref)
    variants = evaluate_variants(
        case, decided_ref, case.scenario_names, ESTIMATES, evaluated_at=_DEMO_DECIDED_AT
    )
    units = {e.unit: decided_ref.units[e.unit] for e in case.effect if e.unit in ref.units}
    with transaction(con):
        for table in (
            "case_version_registry",
            "case_version_flow_rows",
            "case_version_summary_rows",
        ):
            con.execute(f"UPDATE {table} SET version = version + 1 WHERE case_id = ?", [DEMO_CASE])
        record_version(
            con,
            case,
            text,
            f"{DEMO_CASE}.toml",
            variants,
            "demo",
            _DEMO_DECIDED_AT,
            units,
            version=1,
        )


def _demo_realisation_rows(con: duckdb.DuckDBPyConnection) -> list[list[object]]:
    plan = con.execute(
        "SELECT year, unit_id, account, planned_net_current_dkk FROM realisation_plan "
        "WHERE case_id = ? AND unit_id = 'anbringelse-doegn-aar' AND planned_net_dkk < 0 "
        "AND list_contains(?, year)"
        " ORDER BY year",
        [DEMO_CASE, list(_DEMO_YEARS)],
    ).fetchall()
    rows: list[list[object]] = []
    for year, unit_id, account, planned in plan:
        parts = [round(float(planned) * share, -3) for _, share in _DEMO_SPLIT[:-1]]
        parts.append(round(float(planned) - sum(parts), 2))
        for (status, _), amount in zip(_DEMO_SPLIT, parts, strict=True):
            rows.append(
                [
                    DEMO_CASE,
                    year,
                    unit_id,
                    account,
                    f"{amount:.2f}",
                    status,
                    account if status == "harvested" else "",
                ]
            )
    return rows


def add_demo_realisation(
    con: duckdb.DuckDBPyConnection, ref: Reference, user: str, at: dt.datetime
) -> None:
    """Demo step: a decision version of the adopted demo case, and its realised gains for
    2027–2028 imported through the real realisation import (a csv file, lineage and all)."""
    if DEMO_CASE not in case_catalogue(con):
        return
    _demo_decision_version(con, ref)
    rows = _demo_realisation_rows(con)
    if not rows:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "herning-gevinstrealisering-demo.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(
                [
                    "case_id",
                    "year",
                    "unit_id",
                    "account",
                    "amount_dkk",
                    "status",
                    "harvested_from_account",
                ]
            )
            writer.writerows(rows)
        prepared = prepare_realisation([path], 657, case_catalogue(con), ref)
    write_realisation_to(con, prepared, user, at)
