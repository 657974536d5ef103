"""The budget-decision workbook: what the negotiation takes to the table.

Sheets: Oversigt (the chosen cases, the budget period in total and per budget frame), one sheet
per committee (budget, the cases' net gain, budget after, per year; the case lines behind the
change), Overførsler (the gain-share proposal's transfers between committees) and Kilder (the
cases' sources, the budget files, every flow behind the figures). Amounts are numbers in kr.
with a thousands format; gains in the people's sign (`gevinst.reports.signs`: + a gain, − a
cost), budgets as the municipality writes them (expenses +). Every cell goes through
`excel.put` (no text becomes a formula); tables have filters and fitting columns.
"""

from __future__ import annotations

import io
import re
from typing import Any, Protocol

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from gevinst.domain.gain_share import GainShareProposal
from gevinst.messages import Lang
from gevinst.reports.excel import KR_FORMAT, put, write_table
from gevinst.reports.labels import flow_name, frame_name
from gevinst.reports.signs import for_people


class BudgetDecision(Protocol):
    """What the workbook reads of `gevinst.services.budget_decision.BudgetDecision` (reports
    sit below services, so the workbook names the shape, not the module)."""

    # read-only members (properties), so the frozen dataclass of the service fits
    @property
    def estimate(self) -> str: ...
    @property
    def years(self) -> list[int]: ...
    @property
    def committees(self) -> pl.DataFrame: ...
    @property
    def frames(self) -> pl.DataFrame: ...
    @property
    def flows(self) -> pl.DataFrame: ...
    @property
    def cases(self) -> pl.DataFrame: ...
    @property
    def gain_share(self) -> GainShareProposal: ...
    @property
    def budget_year(self) -> int | None: ...
    @property
    def budget_sources(self) -> list[str]: ...


_TEXT: dict[str, dict[str, Any]] = {
    "da": {
        "title": "Budgetforslag: {name} Kommune, budget {year}",
        "estimate": "Skøn: {estimate}. Gevinster: + = gevinst, − = udgift (kr., udiskonteret). "
        "Budget efter = budget − gevinst.",
        "no_budget": "Der er ikke importeret budget for kommunen: kun casernes virkning vises.",
        "cases": ["Case", "Navn", "Investerende afdeling", "Scenarie", "Status", "Kilde"],
        "totals": ["År", "Budget (kr.)", "Casernes nettogevinst (kr.)", "Budget efter (kr.)"],
        "frames": [
            "Budgetramme",
            "År",
            "Budget (kr.)",
            "Casernes nettogevinst (kr.)",
            "Budget efter (kr.)",
            "Loft (kr.)",
            "Luft til loft (kr.)",
            "Kilde til loft",
        ],
        "committee": ["År", "Budget (kr.)", "Casernes nettogevinst (kr.)", "Budget efter (kr.)"],
        "lines": ["Case", "År", "Konto", "Budgetramme", "Strøm", "Gevinst (kr.)"],
        "transfers": [
            "Case",
            "År",
            "Fra udvalg",
            "Til udvalg",
            "Planlagt besparelse (kr.)",
            "Overførsel (kr.)",
        ],
        "transfers_note": "Forslag til gevinstdeling: {share} af hvert udvalgs planlagte "
        "nettobesparelse overføres til det investerende udvalg.",
        "sources": [
            "Case",
            "Scenarie",
            "År",
            "Udvalg",
            "Konto",
            "Afdeling",
            "Budgetramme",
            "Strøm",
            "Gevinst (kr.)",
        ],
        "budget_files": "Budgetfiler",
        "sheets": ["Oversigt", "Overførsler", "Kilder"],
        "total": "I alt",
        "draft": "kladde",
        "adopted": "vedtaget",
        "estimates": {"low": "lavt (forsigtigt)", "central": "centralt", "high": "højt"},
    },
    "en": {
        "title": "Budget proposal: {name}, budget {year}",
        "estimate": "Estimate: {estimate}. Gains: + = gain, − = cost (DKK, undiscounted). "
        "Budget after = budget − gain.",
        "no_budget": "No budget has been imported for the municipality: only the cases' "
        "effect is shown.",
        "cases": ["Case", "Name", "Investing department", "Scenario", "Status", "Source"],
        "totals": ["Year", "Budget (DKK)", "Cases' net gain (DKK)", "Budget after (DKK)"],
        "frames": [
            "Budget frame",
            "Year",
            "Budget (DKK)",
            "Cases' net gain (DKK)",
            "Budget after (DKK)",
            "Ceiling (DKK)",
            "Room under ceiling (DKK)",
            "Ceiling's source",
        ],
        "committee": ["Year", "Budget (DKK)", "Cases' net gain (DKK)", "Budget after (DKK)"],
        "lines": ["Case", "Year", "Account", "Budget frame", "Flow", "Gain (DKK)"],
        "transfers": [
            "Case",
            "Year",
            "From committee",
            "To committee",
            "Planned saving (DKK)",
            "Transfer (DKK)",
        ],
        "transfers_note": "Gain-share proposal: {share} of each committee's planned net "
        "saving is moved to the investing committee.",
        "sources": [
            "Case",
            "Scenario",
            "Year",
            "Committee",
            "Account",
            "Department",
            "Budget frame",
            "Flow",
            "Gain (DKK)",
        ],
        "budget_files": "Budget files",
        "sheets": ["Summary", "Transfers", "Sources"],
        "total": "Total",
        "draft": "draft",
        "adopted": "adopted",
        "estimates": {"low": "low (cautious)", "central": "central", "high": "high"},
    },
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique."""
    base = _SHEET_FORBIDDEN.sub("-", name).strip("'") or "Udvalg"
    title = base[:31]
    n = 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def _bold(ws: Worksheet, row: int, value: str, size: int = 11) -> None:
    put(ws, row, 1, value).font = Font(bold=True, size=size)


def _summary(ws: Worksheet, d: BudgetDecision, name: str, lang: Lang) -> None:
    text = _TEXT[lang]
    _bold(ws, 1, text["title"].format(name=name, year=d.budget_year or d.years[0]), 14)
    put(ws, 2, 1, text["estimate"].format(estimate=text["estimates"][d.estimate]))
    row = 3
    if d.budget_year is None:
        put(ws, row, 1, text["no_budget"])
        row += 1
    last = write_table(
        ws,
        text["cases"],
        (
            (
                r["case_id"],
                r["name"],
                r["owner"],
                r.get("scenario_title") or r["scenario"],
                text.get(r["status"], r["status"]),
                r["source"],
            )
            for r in d.cases.iter_rows(named=True)
        ),
        start_row=row + 1,
        filters=False,
    )
    totals = (
        d.committees.group_by("year")
        .agg(pl.col("budget_dkk").sum(), pl.col("gain_dkk").sum(), pl.col("after_dkk").sum())
        .sort("year")
    )
    last = write_table(
        ws,
        text["totals"],
        totals.rows(),
        {2: KR_FORMAT, 3: KR_FORMAT, 4: KR_FORMAT},
        start_row=last + 2,
        filters=False,
    )
    write_table(
        ws,
        text["frames"],
        (
            (
                frame_name(r["budget_frame"], lang),
                r["year"],
                r["budget_dkk"],
                r["gain_dkk"],
                r["after_dkk"],
                r.get("ceiling_dkk"),
                r.get("room_dkk"),
                r.get("ceiling_source"),
            )
            for r in d.frames.iter_rows(named=True)
        ),
        {3: KR_FORMAT, 4: KR_FORMAT, 5: KR_FORMAT, 6: KR_FORMAT, 7: KR_FORMAT},
        start_row=last + 2,
        filters=False,
    )
    ws.freeze_panes = None


def _committee(ws: Worksheet, d: BudgetDecision, committee: str, lang: Lang) -> None:
    text = _TEXT[lang]
    _bold(ws, 1, committee, 13)
    rows = d.committees.filter(pl.col("committee") == committee).sort("year")
    last = write_table(
        ws,
        text["committee"],
        (
            (r["year"], r["budget_dkk"], r["gain_dkk"], r["after_dkk"])
            for r in rows.iter_rows(named=True)
        ),
        {2: KR_FORMAT, 3: KR_FORMAT, 4: KR_FORMAT},
        start_row=3,
        filters=False,
    )
    put(ws, last + 1, 1, text["total"]).font = Font(bold=True)
    for c, column in enumerate(("budget_dkk", "gain_dkk", "after_dkk"), start=2):
        put(ws, last + 1, c, float(rows[column].sum()), KR_FORMAT).font = Font(bold=True)
    lines = (
        d.flows.filter(pl.col("committee") == committee)
        .group_by("case_id", "year", "account", "budget_frame", "flow")
        .agg(pl.col("amount_dkk").sum())
        .sort("case_id", "year", "account", "flow")
    )
    if lines.height:
        write_table(
            ws,
            text["lines"],
            (
                (
                    r["case_id"],
                    r["year"],
                    r["account"],
                    frame_name(r["budget_frame"], lang) if r["budget_frame"] else None,
                    flow_name(r["flow"], lang),
                    for_people(r["amount_dkk"]),
                )
                for r in lines.iter_rows(named=True)
            ),
            {6: KR_FORMAT},
            start_row=last + 4,
        )


def _transfers(ws: Worksheet, d: BudgetDecision, lang: Lang) -> None:
    text = _TEXT[lang]
    share = (
        f"{d.gain_share.share * 100:.0f} %" if lang == "da" else f"{d.gain_share.share * 100:.0f}%"
    )
    put(ws, 1, 1, text["transfers_note"].format(share=share))
    write_table(
        ws,
        text["transfers"],
        (
            (
                r["case_id"],
                r["year"],
                r["from_committee"],
                r["to_committee"],
                r["realised_saving_dkk"],
                r["transfer_dkk"],
            )
            for r in d.gain_share.transfers.iter_rows(named=True)
        ),
        {5: KR_FORMAT, 6: KR_FORMAT},
        start_row=3,
    )


def _sources(ws: Worksheet, d: BudgetDecision, lang: Lang) -> None:
    text = _TEXT[lang]
    last = write_table(
        ws,
        text["sources"],
        (
            (
                r["case_id"],
                r["scenario"],
                r["year"],
                r["committee"],
                r["account"],
                r["department"],
                frame_name(r["budget_frame"], lang) if r["budget_frame"] else None,
                flow_name(r["flow"], lang),
                for_people(r["amount_dkk"]),
            )
            for r in d.flows.iter_rows(named=True)
        ),
        {9: KR_FORMAT},
    )
    _bold(ws, last + 2, text["budget_files"])
    for i, name in enumerate(d.budget_sources, start=last + 3):
        put(ws, i, 1, name)


def budget_decision_workbook(d: BudgetDecision, municipality_name: str, lang: Lang = "da") -> bytes:
    """The workbook as bytes (the page's download)."""
    lang = "en" if lang == "en" else "da"
    text = _TEXT[lang]
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = text["sheets"][0]
    taken = {t.lower() for t in text["sheets"]}
    _summary(summary, d, municipality_name, lang)
    for committee in d.committees["committee"].unique().sort().to_list():
        _committee(wb.create_sheet(sheet_title(committee, taken)), d, committee, lang)
    _transfers(wb.create_sheet(text["sheets"][1]), d, lang)
    _sources(wb.create_sheet(text["sheets"][2]), d, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
