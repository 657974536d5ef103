"""The Scenarios page's download: a workbook a politician can open, print and forward.

Sheets: Sammenfatning (the plain-language summary of each variant and its key figures),
Udvalg og år (net per committee and year for each variant, in 1.000 kr. that add up, as on the
page), Budgetrammer (the municipality's net per budget frame and year), Strømme 1 … (every
flow of each variant with its unit, rule and source) and Kilder (the
unit costs used, marked when illustrative, and each case's source). Numbers are numbers with
thousands formats; every cell goes through `excel.put`, so no user text becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gevinst import fmt
from gevinst.messages import CATALOGUE, Lang, msg, register
from gevinst.reports.excel import (
    HEADER_FILL,
    KR_FORMAT,
    ORE_FORMAT,
    SHARE_FORMAT,
    put,
    write_table,
)
from gevinst.reports.labels import flow_name, frame_name, per_name, rule_name
from gevinst.reports.plain_language import heading, summarise
from gevinst.reports.scenario_frames import (
    VariantFrames,
    committee_years,
    frame_years,
    home_summary,
    payer_group_npv,
    silo_of,
)
from gevinst.reports.signs import for_people

register(
    {
        "scenario_workbook.sheets": {
            "da": "Sammenfatning|Udvalg og år|Strømme|Kilder|Budgetrammer",
            "en": "Summary|By committee and year|Flows|Sources|Budget frames",
        },
        "scenario_workbook.frames_note": {
            "da": "Kommunens nettogevinst pr. budgetramme og år i kr. (+ = gevinst, − = udgift), "
            "udiskonteret, casens basisårs priser. Rammerne som økonomiaftalen styrer "
            "kommunerne (data/reference/accounts.csv).",
            "en": "The municipality's net gain per budget frame and year in DKK (+ = gain, "
            "− = cost), undiscounted, the case's base-year prices. The frames the economy "
            "agreement steers municipalities by (data/reference/accounts.csv).",
        },
        "scenario_workbook.frame": {"da": "Budgetramme", "en": "Budget frame"},
        "scenario_workbook.outside": {
            "da": "Uden for rammerne (skat, udligning)",
            "en": "Outside the frames (tax, equalisation)",
        },
        "scenario_workbook.title": {"da": "Scenarier side om side", "en": "Scenarios side by side"},
        "scenario_workbook.made": {
            "da": "Dannet {date} af gevinst. Beløb i kr. i casens basisårs priser.",
            "en": "Made {date} by gevinst. Amounts in DKK at the case's base-year prices.",
        },
        "scenario_workbook.key": {
            "da": "Variant|Investering (kr.)|Nutidsværdi, kommunen (kr.)|"
            "Nutidsværdi, alle betalere (kr.)|Kommunen tilbagebetalt (år)|"
            "P(tilbage i budgetperioden)|Nødvendig andel af effekten (horisont)",
            "en": "Variant|Investment (DKK)|Present value, municipality (DKK)|"
            "Present value, all payers (DKK)|Municipality pays back (year)|"
            "P(payback in budget period)|Share of effect needed (horizon)",
        },
        "scenario_workbook.committee_note": {
            "da": "Nettogevinst i 1.000 kr. (+ = gevinst, − = udgift), udiskonteret. Afrundet, så "
            "rækker og kolonner summer.",
            "en": "Net gain in DKK 1,000 (+ = gain, − = cost), undiscounted. Rounded so that rows "
            "and columns add up.",
        },
        "scenario_workbook.silo": {"da": "Udvalg / betaler", "en": "Committee / payer"},
        "scenario_workbook.total": {"da": "I alt", "en": "Total"},
        "scenario_workbook.flows": {
            "da": "År|Betaler|Betalerkode|Afdeling|Konto|Udvalg / betaler|Budgetramme|Strøm|"
            "Beløb (kr.; gevinst +, udgift −)|Enhed|Effekt nr.|Regel|Illustrativ enhedspris|"
            "Kilde",
            "en": "Year|Payer|Payer code|Department|Account|Committee / payer|Budget frame|Flow|"
            "Amount (DKK; gain +, cost −)|Unit|Effect no.|Rule|Illustrative unit cost|"
            "Source",
        },
        "scenario_workbook.sources": {
            "da": "Enhed|Navn|Pris (kr.)|Prisår|Pr.|Regel|Illustrativ|Kilde",
            "en": "Unit|Name|Price (DKK)|Price year|Per|Rule|Illustrative|Source",
        },
        "scenario_workbook.cases": {"da": "Variant|Casens kilde", "en": "Variant|Case source"},
        "scenario_workbook.yes": {"da": "ja", "en": "yes"},
        "scenario_workbook.no": {"da": "nej", "en": "no"},
        "scenario_workbook.kind.municipality": {"da": "Kommune", "en": "Municipality"},
        "scenario_workbook.kind.region": {"da": "Region", "en": "Region"},
        "scenario_workbook.kind.state": {"da": "Staten", "en": "State"},
        "scenario_workbook.kind.municipalities": {
            "da": "Øvrige kommuner",
            "en": "Other municipalities",
        },
        "scenario_workbook.kind.external": {"da": "Ekstern", "en": "External"},
    }
)


#: the keys whose text is a list of column headers (one catalogue text, `|` between them)
_LISTS = ("sheets", "key", "flows", "sources", "cases")
_KINDS = ("municipality", "region", "state", "municipalities", "external")


def _texts(lang: Lang) -> dict:
    """This workbook's words in `lang`, from the message catalogue (templates unformatted:
    `made` is formatted where the date is known)."""
    text: dict = {
        k.removeprefix("scenario_workbook."): texts[lang]
        for k, texts in CATALOGUE.items()
        if k.startswith("scenario_workbook.") and ".kind." not in k
    }
    text.update({k: text[k].split("|") for k in _LISTS})
    text["kind"] = {k: msg(f"scenario_workbook.kind.{k}", lang) for k in _KINDS}
    return text


THOUSANDS_FORMAT = "#,##0;-#,##0;0"


def _bold(ws: Worksheet, row: int, column: int, value: object, size: int = 11) -> None:
    put(ws, row, column, value).font = Font(bold=True, size=size)


def _summary_sheet(
    ws: Worksheet, variants: Sequence[VariantFrames], lang: Lang, today: dt.date
) -> None:
    text = _texts(lang)
    _bold(ws, 1, 1, text["title"], 14)
    put(ws, 2, 1, text["made"].format(date=fmt.date(today, lang)))
    row = 4
    for v in variants:
        _bold(ws, row, 1, heading(v, lang))
        cell = put(ws, row + 1, 1, summarise(v, lang).text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row + 1].height = 150
        row += 3
    rows = []
    for v in variants:
        home = home_summary(v)
        npv = payer_group_npv(v)
        cost = float(v.flows.filter(v.flows["flow"] == "cost")["amount_dkk"].sum())
        rows.append(
            (
                heading(v, lang),
                cost,
                npv["home"],
                sum(npv.values()),
                home.get("payback_year"),
                home.get("p_payback_budget_period"),
                home.get("break_even_effect_horizon"),
            )
        )
    write_table(
        ws,
        text["key"],
        rows,
        {2: KR_FORMAT, 3: KR_FORMAT, 4: KR_FORMAT, 6: SHARE_FORMAT, 7: SHARE_FORMAT},
        start_row=row,
    )
    ws.freeze_panes = None
    ws.column_dimensions["A"].width = 110


def _committee_sheet(ws: Worksheet, variants: Sequence[VariantFrames], lang: Lang) -> None:
    text = _texts(lang)
    put(ws, 1, 1, text["committee_note"])
    row = 3
    widest = 0
    for v in variants:
        table = committee_years(v, lang)
        _bold(ws, row, 1, heading(v, lang))
        header = [text["silo"], *(str(y) for y in table.years), text["total"]]
        for c, title in enumerate(header, start=1):
            cell = put(ws, row + 1, c, title)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
        r = row + 2
        for silo, cells, total in zip(table.silos, table.thousands, table.row_totals, strict=True):
            put(ws, r, 1, silo)
            for c, value in enumerate([*cells, total], start=2):
                put(ws, r, c, value, THOUSANDS_FORMAT)
            r += 1
        _bold(ws, r, 1, text["total"])
        for c, value in enumerate([*table.year_totals, table.total], start=2):
            put(ws, r, c, value, THOUSANDS_FORMAT).font = Font(bold=True)
        widest = max(widest, len(header))
        row = r + 3
    ws.column_dimensions["A"].width = 42
    for c in range(2, widest + 1):
        ws.column_dimensions[get_column_letter(c)].width = 10


def _frames_sheet(ws: Worksheet, variants: Sequence[VariantFrames], lang: Lang) -> None:
    """Every budget frame, for each variant, by year: where the investment and its gains land
    in the municipality's steering (service frame, budget guarantee, …)."""
    text = _texts(lang)
    put(ws, 1, 1, text["frames_note"])
    row = 3
    for v in variants:
        _bold(ws, row, 1, heading(v, lang))
        header = [text["frame"], *(str(y) for y in v.years), text["total"]]
        for c, title in enumerate(header, start=1):
            cell = put(ws, row + 1, c, title)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
        r = row + 2
        for frame, values in frame_years(v).items():
            put(ws, r, 1, frame_name(frame, lang) if frame else text["outside"])
            # people's sign, as on every sheet: + = a gain for the municipality, − = a cost
            for c, value in enumerate([*values, sum(values)], start=2):
                put(ws, r, c, round(for_people(value), 2), KR_FORMAT)
            r += 1
        row = r + 2
    ws.column_dimensions["A"].width = 44
    for c in range(2, 2 + max((len(v.years) + 1 for v in variants), default=1)):
        ws.column_dimensions[get_column_letter(c)].width = 14


def _flows_sheet(ws: Worksheet, v: VariantFrames, lang: Lang) -> None:
    text = _texts(lang)
    _bold(ws, 1, 1, heading(v, lang))
    committee = "committee_en" if lang == "en" else "committee"
    rows = []
    for f in v.flows.iter_rows(named=True):
        silo, _ = silo_of(f["payer_kind"], bool(f["is_home"]), f[committee], f["department"], lang)
        illustrative = (
            None if f["illustrative"] is None else text["yes"] if f["illustrative"] else text["no"]
        )
        rows.append(
            (
                f["year"],
                text["kind"].get(f["payer_kind"], f["payer_kind"]),
                f["payer_code"],
                f["department"],
                f["account"],
                silo,
                frame_name(f["budget_frame"], lang) if f["budget_frame"] else None,
                flow_name(f["flow"], lang),
                for_people(f["amount_dkk"]),
                f["unit_id"],
                f["effect_no"],
                rule_name(f["rule"], lang),
                illustrative,
                f["source"],
            )
        )
    write_table(ws, text["flows"], rows, {9: ORE_FORMAT}, start_row=3)


def _sources_sheet(ws: Worksheet, variants: Sequence[VariantFrames], lang: Lang) -> None:
    text = _texts(lang)
    seen: dict[str, dict] = {}
    for v in variants:
        for u in v.units.iter_rows(named=True):
            seen.setdefault(u["unit_id"], u)
    name = "name_en" if lang == "en" else "name"
    last = write_table(
        ws,
        text["sources"],
        (
            (
                u["unit_id"],
                u[name],
                u["gross_dkk"],
                u["price_year"],
                per_name(u["per"], lang),
                rule_name(u["rule"], lang),
                text["yes"] if u["illustrative"] else text["no"],
                u["source"],
            )
            for _, u in sorted(seen.items())
        ),
        {3: KR_FORMAT},
    )
    write_table(
        ws,
        text["cases"],
        ((heading(v, lang), v.case.get("case_source")) for v in variants),
        start_row=last + 3,
    )
    ws.freeze_panes = "A2"
    ws.column_dimensions["H"].width = 80


def scenario_workbook(
    variants: Sequence[VariantFrames], lang: Lang = "da", today: dt.date | None = None
) -> bytes:
    """The workbook as bytes (for a download or a file)."""
    lang = "en" if lang == "en" else "da"
    text = _texts(lang)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = text["sheets"][0]
    _summary_sheet(summary, variants, lang, today or dt.date.today())
    _committee_sheet(wb.create_sheet(text["sheets"][1]), variants, lang)
    _frames_sheet(wb.create_sheet(text["sheets"][4]), variants, lang)
    for i, v in enumerate(variants, start=1):
        _flows_sheet(wb.create_sheet(f"{text['sheets'][2]} {i}"), v, lang)
    _sources_sheet(wb.create_sheet(text["sheets"][3]), variants, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
