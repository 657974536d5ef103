"""A case's history: its saved versions, and for an adopted case the figures as decided next
to the figures now, with what changed and why the present value moved (`gevinst history` and
the realisation page).

The decision version and the current one are parsed again with the unit costs each was saved
with, and `domain.versions.explain_change` substitutes one cause at a time in a fixed order, so
the causes add up to the stored difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from gevinst.cases.load import parse_case
from gevinst.cases.schema import Case
from gevinst.domain.versions import diff_cases, explain_change
from gevinst.errors import GevinstError
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference, bundled_reference
from gevinst.store import connect
from gevinst.store.history import (
    CaseComparison,
    StoredVersion,
    decided_vs_now,
    stored_npv,
    versions,
)
from gevinst.store.reference import read_reference

register(
    {
        "history.unknown": {
            "da": "casen '{case}' findes ikke i {db}",
            "en": "case '{case}' is not in {db}",
        },
    }
)


def compare_decided_now(
    con: duckdb.DuckDBPyConnection,
    case_id: str,
    ref: Reference,
    scenario: str = "basis",
    estimate: str = "central",
) -> CaseComparison | None:
    """None when the case has no decision version (never adopted)."""
    stored = versions(con, case_id)
    decision = next((v for v in stored if v.is_decision), None)
    current = next((v for v in stored if v.is_current), None)
    if decision is None or current is None:
        return None

    def parsed(v: StoredVersion) -> Case:
        reference = ref.model_copy(update={"units": {**ref.units, **v.unit_costs}})
        return parse_case(v.case_toml, f"{case_id} v{v.version}", reference)

    old, new = parsed(decision), parsed(current)
    explanation = explain_change(
        old,
        decision.unit_costs,
        new,
        current.unit_costs,
        ref,
        stored_npv(con, case_id, decision.version, scenario, estimate),
        stored_npv(con, case_id, current.version, scenario, estimate),
        scenario,
        estimate,
    )
    return CaseComparison(
        case_id,
        decision,
        current,
        decided_vs_now(con, case_id, scenario, estimate),
        diff_cases(old, new, decision.unit_costs, current.unit_costs),
        explanation,
    )


@dataclass(frozen=True)
class CaseHistory:
    case_id: str
    versions: list[StoredVersion]
    comparison: CaseComparison | None  # None: never adopted


def case_history(db: Path, case_id: str, lang: Lang = "da") -> CaseHistory:
    """Every saved version of `case_id` and, when adopted, decided against now (reference
    data: the database's, else the bundled). `GevinstError` for a case not in `db`."""
    with connect(db, read_only=True) as con:
        stored = versions(con, case_id)
        if not stored:
            raise GevinstError(msg("history.unknown", lang, case=case_id, db=db))
        ref = read_reference(con) or bundled_reference()
        return CaseHistory(case_id, stored, compare_decided_now(con, case_id, ref))
