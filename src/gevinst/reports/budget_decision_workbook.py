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
from typing import Protocol

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from gevinst.domain.gain_share import GainShareProposal
from gevinst.messages import CATALOGUE, Lang, msg, register
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


register(
    {
        "budget_decision_workbook.title": {
            "da": "Budgetforslag: {name} Kommune, budget {year}",
            "en": "Budget proposal: {name}, budget {year}",
        },
        "budget_decision_workbook.estimate": {
            "da": "Skøn: {estimate}. Gevinster: + = gevinst, − = udgift (kr., udiskonteret). "
            "Budget efter = budget − gevinst.",
            "en": "Estimate: {estimate}. Gains: + = gain, − = cost (DKK, undiscounted). "
            "Budget after = budget − gain.",
        },
        "budget_decision_workbook.estimate_word.low": {
            "da": "lavt (forsigtigt)",
            "en": "low (cautious)",
        },
        "budget_decision_workbook.estimate_word.central": {"da": "centralt", "en": "central"},
        "budget_decision_workbook.estimate_word.high": {"da": "højt", "en": "high"},
        "budget_decision_workbook.no_budget": {
            "da": "Der er ikke importeret budget for kommunen: kun casernes virkning vises.",
            "en": "No budget has been imported for the municipality: only the cases' "
            "effect is shown.",
        },
        "budget_decision_workbook.transfers_note": {
            "da": "Forslag til gevinstdeling: {share} af hvert udvalgs planlagte "
            "nettobesparelse overføres til det investerende udvalg.",
            "en": "Gain-share proposal: {share} of each committee's planned net "
            "saving is moved to the investing committee.",
        },
        "budget_decision_workbook.budget_files": {"da": "Budgetfiler", "en": "Budget files"},
        "budget_decision_workbook.total": {"da": "I alt", "en": "Total"},
        "budget_decision_workbook.status.draft": {"da": "kladde", "en": "draft"},
        "budget_decision_workbook.status.adopted": {"da": "vedtaget", "en": "adopted"},
        "budget_decision_workbook.sheet.summary": {"da": "Oversigt", "en": "Summary"},
        "budget_decision_workbook.sheet.transfers": {"da": "Overførsler", "en": "Transfers"},
        "budget_decision_workbook.sheet.sources": {"da": "Kilder", "en": "Sources"},
        # column headers, shared by the tables that show the same thing
        "budget_decision_workbook.col.case": {"da": "Case", "en": "Case"},
        "budget_decision_workbook.col.name": {"da": "Navn", "en": "Name"},
        "budget_decision_workbook.col.owner": {
            "da": "Investerende afdeling",
            "en": "Investing department",
        },
        "budget_decision_workbook.col.scenario": {"da": "Scenarie", "en": "Scenario"},
        "budget_decision_workbook.col.status": {"da": "Status", "en": "Status"},
        "budget_decision_workbook.col.source": {"da": "Kilde", "en": "Source"},
        "budget_decision_workbook.col.year": {"da": "År", "en": "Year"},
        "budget_decision_workbook.col.budget": {"da": "Budget (kr.)", "en": "Budget (DKK)"},
        "budget_decision_workbook.col.net_gain": {
            "da": "Casernes nettogevinst (kr.)",
            "en": "Cases' net gain (DKK)",
        },
        "budget_decision_workbook.col.after": {
            "da": "Budget efter (kr.)",
            "en": "Budget after (DKK)",
        },
        "budget_decision_workbook.col.frame": {"da": "Budgetramme", "en": "Budget frame"},
        "budget_decision_workbook.col.ceiling": {"da": "Loft (kr.)", "en": "Ceiling (DKK)"},
        "budget_decision_workbook.col.room": {
            "da": "Luft til loft (kr.)",
            "en": "Room under ceiling (DKK)",
        },
        "budget_decision_workbook.col.ceiling_source": {
            "da": "Kilde til loft",
            "en": "Ceiling's source",
        },
        "budget_decision_workbook.col.account": {"da": "Konto", "en": "Account"},
        "budget_decision_workbook.col.flow": {"da": "Strøm", "en": "Flow"},
        "budget_decision_workbook.col.gain": {"da": "Gevinst (kr.)", "en": "Gain (DKK)"},
        "budget_decision_workbook.col.from_committee": {
            "da": "Fra udvalg",
            "en": "From committee",
        },
        "budget_decision_workbook.col.to_committee": {"da": "Til udvalg", "en": "To committee"},
        "budget_decision_workbook.col.planned_saving": {
            "da": "Planlagt besparelse (kr.)",
            "en": "Planned saving (DKK)",
        },
        "budget_decision_workbook.col.transfer": {"da": "Overførsel (kr.)", "en": "Transfer (DKK)"},
        "budget_decision_workbook.col.committee": {"da": "Udvalg", "en": "Committee"},
        "budget_decision_workbook.col.department": {"da": "Afdeling", "en": "Department"},
    }
)
# each table's columns, as keys `budget_decision_workbook.col.<column>` of the catalogue
_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": ("case", "name", "owner", "scenario", "status", "source"),
    "totals": ("year", "budget", "net_gain", "after"),
    "frames": (
        "frame",
        "year",
        "budget",
        "net_gain",
        "after",
        "ceiling",
        "room",
        "ceiling_source",
    ),
    "committee": ("year", "budget", "net_gain", "after"),
    "lines": ("case", "year", "account", "frame", "flow", "gain"),
    "transfers": (
        "case",
        "year",
        "from_committee",
        "to_committee",
        "planned_saving",
        "transfer",
    ),
    "sources": (
        "case",
        "scenario",
        "year",
        "committee",
        "account",
        "department",
        "frame",
        "flow",
        "gain",
    ),
}
_SHEETS = ("summary", "transfers", "sources")


def _text(key: str, lang: Lang, **values: object) -> str:
    return msg(f"budget_decision_workbook.{key}", lang, **values)


def _header(table: str, lang: Lang) -> list[str]:
    return [_text(f"col.{column}", lang) for column in _COLUMNS[table]]


def _status(status: str, lang: Lang) -> str:
    key = f"budget_decision_workbook.status.{status}"
    return msg(key, lang) if key in CATALOGUE else status


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
    _bold(ws, 1, _text("title", lang, name=name, year=d.budget_year or d.years[0]), 14)
    estimate = _text(f"estimate_word.{d.estimate}", lang)
    put(ws, 2, 1, _text("estimate", lang, estimate=estimate))
    row = 3
    if d.budget_year is None:
        put(ws, row, 1, _text("no_budget", lang))
        row += 1
    last = write_table(
        ws,
        _header("cases", lang),
        (
            (
                r["case_id"],
                r["name"],
                r["owner"],
                r.get("scenario_title") or r["scenario"],
                _status(r["status"], lang),
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
        _header("totals", lang),
        totals.rows(),
        {2: KR_FORMAT, 3: KR_FORMAT, 4: KR_FORMAT},
        start_row=last + 2,
        filters=False,
    )
    write_table(
        ws,
        _header("frames", lang),
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
    _bold(ws, 1, committee, 13)
    rows = d.committees.filter(pl.col("committee") == committee).sort("year")
    last = write_table(
        ws,
        _header("committee", lang),
        (
            (r["year"], r["budget_dkk"], r["gain_dkk"], r["after_dkk"])
            for r in rows.iter_rows(named=True)
        ),
        {2: KR_FORMAT, 3: KR_FORMAT, 4: KR_FORMAT},
        start_row=3,
        filters=False,
    )
    put(ws, last + 1, 1, _text("total", lang)).font = Font(bold=True)
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
            _header("lines", lang),
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
    share = (
        f"{d.gain_share.share * 100:.0f} %" if lang == "da" else f"{d.gain_share.share * 100:.0f}%"
    )
    put(ws, 1, 1, _text("transfers_note", lang, share=share))
    write_table(
        ws,
        _header("transfers", lang),
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
    last = write_table(
        ws,
        _header("sources", lang),
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
    _bold(ws, last + 2, _text("budget_files", lang))
    for i, name in enumerate(d.budget_sources, start=last + 3):
        put(ws, i, 1, name)


def budget_decision_workbook(d: BudgetDecision, municipality_name: str, lang: Lang = "da") -> bytes:
    """The workbook as bytes (the page's download)."""
    lang = "en" if lang == "en" else "da"
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    sheets = [_text(f"sheet.{sheet}", lang) for sheet in _SHEETS]
    summary.title = sheets[0]
    taken = {t.lower() for t in sheets}
    _summary(summary, d, municipality_name, lang)
    for committee in d.committees["committee"].unique().sort().to_list():
        _committee(wb.create_sheet(sheet_title(committee, taken)), d, committee, lang)
    _transfers(wb.create_sheet(sheets[1]), d, lang)
    _sources(wb.create_sheet(sheets[2]), d, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
