"""The case page's vocabulary: estimates, flow kinds and frames it shows, and the words for
payers, rules, flow kinds, frames and a case's status."""

from __future__ import annotations

import datetime as dt

from dashboards.i18n import t
from gevinst import fmt
from gevinst.cases.schema import Case
from gevinst.domain.units import resolve_units
from gevinst.messages import CATALOGUE
from gevinst.reference import BUDGET_FRAMES, Reference
from gevinst.reports.labels import frame_name

ESTIMATES = ("low", "central", "high")
FLOW_KINDS = ("cost", "gain", "refusion", "transfer", "equalisation", "financing")
#: every frame of the economy agreement, always shown (DESIGN "Budget frames"), then none
FRAMES = BUDGET_FRAMES


def payer_label(kind: str, code: int | None, ref: Reference, lang: str) -> str:
    if kind == "municipality" and code in ref.municipalities:
        return f"{ref.municipalities[code].name} ({code})"
    if kind == "region" and code in ref.regions:
        return ref.regions[code].name
    if kind in {"state", "municipalities"}:
        return t(f"case.payer.{kind}", lang)
    return t("case.payer.external", lang)


def rule_label(rule: str, lang: str) -> str:
    """People's words for a rule, with the stored code kept for traceability."""
    base = rule.split(":", 1)[0]
    key = f"case.rule.{base}"
    words = t(key, lang) if key in CATALOGUE else None
    return f"{words} [{rule}]" if words else rule


def flow_label(flow: str, lang: str) -> str:
    return t(f"case.flow.{flow}", lang) if flow in FLOW_KINDS else flow


def frame_label(frame: str | None, lang: str) -> str:
    """People's name of a budget frame code (`label.frame.*` in the catalogue); an unknown
    code is shown as it is stored rather than hidden."""
    if frame is None:
        return t("case.frame.none", lang)
    return frame_name(frame, "en" if lang == "en" else "da")


def status_text(row: dict, lang: str) -> str:
    if row["status"] == "adopted" and row["decided_on"] is not None:
        decided = row["decided_on"]
        if isinstance(decided, dt.datetime):
            decided = decided.date()
        return t("case.status.adopted", lang).format(
            date=fmt.date(decided, "en" if lang == "en" else "da")
        )
    return t("case.status.draft", lang)


def illustrative_units(case: Case, ref: Reference) -> list[str]:
    """Ids of the units the case's effects use whose cost is illustrative (or local)."""
    return sorted({uid for uid, view in resolve_units(case, ref).items() if view.illustrative})
