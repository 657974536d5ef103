"""`gevinst evaluate --format xlsx`: a workbook a finance department can open and forward.

Sheets: Oversigt (per case, scenario, estimate and payer), Afdelinger (per department),
Strømme (every flow with its rule and source), Kilder (the units used, marked when
illustrative), Usikkerhed (the Monte Carlo, once per case and scenario) and Budgetperioden
(per budget frame and year of the budget period what the case does to the municipality, with
the financing feedback under the frame it follows and the consequence in words;
`gevinst.reports.frame_consequences`). Amounts are
numbers with a thousands format, not text, in the people's sign (`gevinst.reports.signs`:
+ a gain for the payer, − a cost), like every page; the machine formats (json, csv) keep the
stored sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from gevinst.domain.evaluate import Evaluation
from gevinst.messages import Lang, msg
from gevinst.reference import Reference
from gevinst.reports.excel import KR_FORMAT, ORE_FORMAT, SHARE_FORMAT, write_table
from gevinst.reports.frame_consequences import (
    budget_period,
    frame_consequences,
    row_label,
    summary_sentence,
)
from gevinst.reports.labels import estimate_name, flow_name, frame_name, payer_name, rule_name
from gevinst.reports.signs import for_people

_HEAD = {
    "da": {
        "summary": [
            "Case",
            "Navn",
            "Scenarie",
            "Skøn",
            "Betaler",
            "Nettogevinst, udiskonteret (kr.; gevinst +, udgift −)",
            "Nutidsværdi (kr.)",
            "Tilbagebetalt år",
            "Tilbagebetalt år (diskonteret)",
        ],
        "monte_carlo": [
            "Case",
            "Navn",
            "Scenarie",
            "Betaler",
            "NV P10 (kr.)",
            "NV P50 (kr.)",
            "NV P90 (kr.)",
            "P(tilbage i budgetperioden)",
            "P(tilbage i horisonten)",
        ],
        "departments": [
            "Case",
            "Scenarie",
            "Skøn",
            "Betaler",
            "Afdeling",
            "Nettogevinst, udiskonteret (kr.; gevinst +, udgift −)",
            "Nutidsværdi (kr.)",
            "Tilbagebetalt år",
        ],
        "flows": [
            "Case",
            "Scenarie",
            "Skøn",
            "År",
            "Betaler",
            "Afdeling",
            "Konto",
            "Budgetramme",
            "Strøm",
            "Beløb (kr.; gevinst +, udgift −)",
            "Enhed",
            "Effekt nr.",
            "Regel",
            "Kilde",
        ],
        "sources": ["Enhed", "Navn", "Pris (kr.)", "Prisår", "Regel", "Illustrativ", "Kilde"],
        "frames": [
            "Case",
            "Scenarie",
            "Skøn",
            "Budgetramme",
            "År",
            "Nettogevinst (kr.; gevinst +, udgift −)",
            "Konsekvens for rammerne",
        ],
        "sheets": ["Oversigt", "Afdelinger", "Strømme", "Kilder", "Usikkerhed", "Budgetperioden"],
        "yes": "ja",
        "no": "nej",
    },
    "en": {
        "summary": [
            "Case",
            "Name",
            "Scenario",
            "Estimate",
            "Payer",
            "Net gain, undiscounted (DKK; gain +, cost −)",
            "Present value (DKK)",
            "Pays back",
            "Pays back (discounted)",
        ],
        "monte_carlo": [
            "Case",
            "Name",
            "Scenario",
            "Payer",
            "PV P10 (DKK)",
            "PV P50 (DKK)",
            "PV P90 (DKK)",
            "P(payback in budget period)",
            "P(payback in horizon)",
        ],
        "departments": [
            "Case",
            "Scenario",
            "Estimate",
            "Payer",
            "Department",
            "Net gain, undiscounted (DKK; gain +, cost −)",
            "Present value (DKK)",
            "Pays back",
        ],
        "flows": [
            "Case",
            "Scenario",
            "Estimate",
            "Year",
            "Payer",
            "Department",
            "Account",
            "Budget frame",
            "Flow",
            "Amount (DKK; gain +, cost −)",
            "Unit",
            "Effect no.",
            "Rule",
            "Source",
        ],
        "sources": ["Unit", "Name", "Price (DKK)", "Price year", "Rule", "Illustrative", "Source"],
        "frames": [
            "Case",
            "Scenario",
            "Estimate",
            "Budget frame",
            "Year",
            "Net gain (DKK; gain +, cost −)",
            "Consequence for the frames",
        ],
        "sheets": ["Summary", "Departments", "Flows", "Sources", "Uncertainty", "Budget period"],
        "yes": "yes",
        "no": "no",
    },
}


def write_workbook(
    evaluations: Sequence[Evaluation], ref: Reference, path: Path, lang: Lang = "da"
) -> None:
    head = _HEAD[lang]
    wb = Workbook()
    summary_ws = wb.active
    summary_ws.title = head["sheets"][0]
    write_table(
        summary_ws,
        head["summary"],
        (
            (
                e.case.id,
                e.case.name,
                e.scenario,
                estimate_name(e.estimate, lang),
                payer_name(s["payer_kind"], s["payer_code"], ref, lang),
                for_people(s["undiscounted_net_dkk"]),
                s["npv_dkk"],
                s["payback_year"],
                s["payback_year_discounted"],
            )
            for e in evaluations
            for s in e.summary.iter_rows(named=True)
        ),
        {6: KR_FORMAT, 7: KR_FORMAT},
    )
    write_table(
        wb.create_sheet(head["sheets"][1]),
        head["departments"],
        (
            (
                e.case.id,
                e.scenario,
                estimate_name(e.estimate, lang),
                payer_name(d["payer_kind"], d["payer_code"], ref, lang),
                d["department"],
                for_people(d["undiscounted_net_dkk"]),
                d["npv_dkk"],
                d["payback_year"],
            )
            for e in evaluations
            for d in e.department_summary.iter_rows(named=True)
        ),
        {6: KR_FORMAT, 7: KR_FORMAT},
    )
    write_table(
        wb.create_sheet(head["sheets"][2]),
        head["flows"],
        (
            (
                f["case_id"],
                f["scenario"],
                estimate_name(f["estimate"], lang),
                f["year"],
                payer_name(f["payer_kind"], f["payer_code"], ref, lang),
                f["department"],
                f["account"],
                frame_name(f["budget_frame"], lang) if f["budget_frame"] else None,
                flow_name(f["flow"], lang),
                for_people(f["amount_dkk"]),
                f["unit_id"],
                f["effect_no"],
                rule_name(f["rule"], lang),
                f["source"],
            )
            for e in evaluations
            for f in e.flows.iter_rows(named=True)
        ),
        {10: ORE_FORMAT},
    )
    used = sorted({u for e in evaluations for u in e.flows["unit_id"].drop_nulls().unique()})
    write_table(
        wb.create_sheet(head["sheets"][3]),
        head["sources"],
        (
            (
                u,
                ref.units[u].name,
                ref.units[u].gross_dkk,
                ref.units[u].price_year,
                rule_name(ref.units[u].rule, lang),
                head["yes"] if ref.units[u].illustrative else head["no"],
                ref.units[u].source,
            )
            for u in used
            if u in ref.units
        ),
        {3: KR_FORMAT},
    )
    # the Monte Carlo spans the low–high ranges: one simulation per case and scenario, not a
    # figure of each estimate (so not repeated on the estimate rows of Oversigt)
    write_table(
        wb.create_sheet(head["sheets"][4]),
        head["monte_carlo"],
        (
            (
                e.case.id,
                e.case.name,
                e.scenario,
                payer_name(s["payer_kind"], s["payer_code"], ref, lang),
                s["npv_p10_dkk"],
                s["npv_p50_dkk"],
                s["npv_p90_dkk"],
                s["p_payback_budget_period"],
                s["p_payback_horizon"],
            )
            for e in _one_per_scenario(evaluations)
            for s in e.summary.iter_rows(named=True)
            if s["npv_p10_dkk"] is not None
        ),
        {5: KR_FORMAT, 6: KR_FORMAT, 7: KR_FORMAT, 8: SHARE_FORMAT, 9: SHARE_FORMAT},
    )
    write_table(
        wb.create_sheet(head["sheets"][5]),
        head["frames"],
        (row for e in evaluations for row in _frame_rows(e, lang)),
        {6: ORE_FORMAT},
    )
    wb.save(path)


def _frame_rows(e: Evaluation, lang: Lang) -> list[tuple[object, ...]]:
    """One row per frame (and feedback under it) and year of the budget period, then the
    municipality's total per year; the consequence in words on the first total row."""
    result = frame_consequences(e.flows, e.case.municipality, budget_period(e.case.base_year))
    first = (e.case.id, e.scenario, estimate_name(e.estimate, lang))
    rows: list[tuple[object, ...]] = [
        (*first, row_label(r, lang), year, gain, None)
        for r in result.rows
        for year, gain in zip(result.years, r.gains, strict=True)
    ]
    sentence = summary_sentence(result, lang)
    rows += [
        (*first, msg("frames.total", lang), year, total, sentence if i == 0 else None)
        for i, (year, total) in enumerate(zip(result.years, result.totals, strict=True))
    ]
    return rows


def _one_per_scenario(evaluations: Sequence[Evaluation]) -> list[Evaluation]:
    seen: dict[tuple[str, str], Evaluation] = {}
    for e in evaluations:
        seen.setdefault((e.case.id, e.scenario), e)
    return list(seen.values())
