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
from gevinst.messages import Lang, msg, register
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

register(
    {
        "workbook.case": {"da": "Case", "en": "Case"},
        "workbook.name": {"da": "Navn", "en": "Name"},
        "workbook.scenario": {"da": "Scenarie", "en": "Scenario"},
        "workbook.estimate": {"da": "Skøn", "en": "Estimate"},
        "workbook.payer": {"da": "Betaler", "en": "Payer"},
        "workbook.net_gain_undiscounted": {
            "da": "Nettogevinst, udiskonteret (kr.; gevinst +, udgift −)",
            "en": "Net gain, undiscounted (DKK; gain +, cost −)",
        },
        "workbook.present_value": {"da": "Nutidsværdi (kr.)", "en": "Present value (DKK)"},
        "workbook.pays_back": {"da": "Tilbagebetalt år", "en": "Pays back"},
        "workbook.pays_back_discounted": {
            "da": "Tilbagebetalt år (diskonteret)",
            "en": "Pays back (discounted)",
        },
        "workbook.pv_p10": {"da": "NV P10 (kr.)", "en": "PV P10 (DKK)"},
        "workbook.pv_p50": {"da": "NV P50 (kr.)", "en": "PV P50 (DKK)"},
        "workbook.pv_p90": {"da": "NV P90 (kr.)", "en": "PV P90 (DKK)"},
        "workbook.p_payback_budget_period": {
            "da": "P(tilbage i budgetperioden)",
            "en": "P(payback in budget period)",
        },
        "workbook.p_payback_horizon": {
            "da": "P(tilbage i horisonten)",
            "en": "P(payback in horizon)",
        },
        "workbook.department": {"da": "Afdeling", "en": "Department"},
        "workbook.year": {"da": "År", "en": "Year"},
        "workbook.account": {"da": "Konto", "en": "Account"},
        "workbook.budget_frame": {"da": "Budgetramme", "en": "Budget frame"},
        "workbook.flow": {"da": "Strøm", "en": "Flow"},
        "workbook.amount": {
            "da": "Beløb (kr.; gevinst +, udgift −)",
            "en": "Amount (DKK; gain +, cost −)",
        },
        "workbook.unit": {"da": "Enhed", "en": "Unit"},
        "workbook.effect_no": {"da": "Effekt nr.", "en": "Effect no."},
        "workbook.rule": {"da": "Regel", "en": "Rule"},
        "workbook.source": {"da": "Kilde", "en": "Source"},
        "workbook.price": {"da": "Pris (kr.)", "en": "Price (DKK)"},
        "workbook.price_year": {"da": "Prisår", "en": "Price year"},
        "workbook.illustrative": {"da": "Illustrativ", "en": "Illustrative"},
        "workbook.net_gain": {
            "da": "Nettogevinst (kr.; gevinst +, udgift −)",
            "en": "Net gain (DKK; gain +, cost −)",
        },
        "workbook.consequence_for_the_frames": {
            "da": "Konsekvens for rammerne",
            "en": "Consequence for the frames",
        },
        "workbook.sheet_summary": {"da": "Oversigt", "en": "Summary"},
        "workbook.sheet_departments": {"da": "Afdelinger", "en": "Departments"},
        "workbook.sheet_flows": {"da": "Strømme", "en": "Flows"},
        "workbook.sheet_sources": {"da": "Kilder", "en": "Sources"},
        "workbook.sheet_uncertainty": {"da": "Usikkerhed", "en": "Uncertainty"},
        "workbook.sheet_budget_period": {"da": "Budgetperioden", "en": "Budget period"},
        "workbook.yes": {"da": "ja", "en": "yes"},
        "workbook.no": {"da": "nej", "en": "no"},
    }
)

# each sheet's columns, as keys `workbook.<column>` of the catalogue
_COLUMNS: dict[str, tuple[str, ...]] = {
    "summary": (
        "case",
        "name",
        "scenario",
        "estimate",
        "payer",
        "net_gain_undiscounted",
        "present_value",
        "pays_back",
        "pays_back_discounted",
    ),
    "monte_carlo": (
        "case",
        "name",
        "scenario",
        "payer",
        "pv_p10",
        "pv_p50",
        "pv_p90",
        "p_payback_budget_period",
        "p_payback_horizon",
    ),
    "departments": (
        "case",
        "scenario",
        "estimate",
        "payer",
        "department",
        "net_gain_undiscounted",
        "present_value",
        "pays_back",
    ),
    "flows": (
        "case",
        "scenario",
        "estimate",
        "year",
        "payer",
        "department",
        "account",
        "budget_frame",
        "flow",
        "amount",
        "unit",
        "effect_no",
        "rule",
        "source",
    ),
    "sources": (
        "unit",
        "name",
        "price",
        "price_year",
        "rule",
        "illustrative",
        "source",
    ),
    "frames": (
        "case",
        "scenario",
        "estimate",
        "budget_frame",
        "year",
        "net_gain",
        "consequence_for_the_frames",
    ),
}
_SHEETS = (
    "sheet_summary",
    "sheet_departments",
    "sheet_flows",
    "sheet_sources",
    "sheet_uncertainty",
    "sheet_budget_period",
)


def _text(key: str, lang: Lang) -> str:
    return msg(f"workbook.{key}", lang)


def _header(table: str, lang: Lang) -> list[str]:
    return [_text(column, lang) for column in _COLUMNS[table]]


def _sheet(number: int, lang: Lang) -> str:
    return _text(_SHEETS[number], lang)


def write_workbook(
    evaluations: Sequence[Evaluation], ref: Reference, path: Path, lang: Lang = "da"
) -> None:
    wb = Workbook()
    summary_ws = wb.active
    summary_ws.title = _sheet(0, lang)
    write_table(
        summary_ws,
        _header("summary", lang),
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
        wb.create_sheet(_sheet(1, lang)),
        _header("departments", lang),
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
        wb.create_sheet(_sheet(2, lang)),
        _header("flows", lang),
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
        wb.create_sheet(_sheet(3, lang)),
        _header("sources", lang),
        (
            (
                u,
                ref.units[u].name,
                ref.units[u].gross_dkk,
                ref.units[u].price_year,
                rule_name(ref.units[u].rule, lang),
                _text("yes" if ref.units[u].illustrative else "no", lang),
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
        wb.create_sheet(_sheet(4, lang)),
        _header("monte_carlo", lang),
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
        wb.create_sheet(_sheet(5, lang)),
        _header("frames", lang),
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
