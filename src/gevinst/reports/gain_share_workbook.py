"""The gain-share proposal as a workbook a finance department can put before the committee.

Sheets: *Indstilling* (a sagsfremstilling-style cover: baggrund, the rule, indstilling with the
amounts), *Overførsler* (the proposed transfers by year, giver and receiver, and each
committee's net budget change per year, which sums to 0), *Realiserede gevinster* (every
realised line with its lineage: import, file, row). Amounts in kr. as numbers with a number
format; every user text goes through `excel.put`, so no text ever becomes a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from gevinst.domain.gain_share import GainShareProposal
from gevinst.fmt import kr, percent
from gevinst.reports.excel import KR_FORMAT, ORE_FORMAT, put, write_table
from gevinst.reports.signs import for_people

STATUS_DA = {
    "harvested": "hjemtaget",
    "reinvested": "geninvesteret",
    "capacity": "kapacitet",
    "not-realised": "ikke realiseret",
}


def _cover(ws: Worksheet, proposal: GainShareProposal, cases: pl.DataFrame) -> None:
    ws.column_dimensions["A"].width = 110
    names = ", ".join(f"{r['name']} ({r['case_id']})" for r in cases.iter_rows(named=True))
    municipality = ", ".join(
        sorted({str(m) for m in cases.get_column("municipality_name").drop_nulls()})
    )
    transfers = proposal.by_year()
    counted = proposal.lines.filter(pl.col("counted"))
    realised = -float(counted.get_column("amount_dkk").sum()) if counted.height else 0.0
    paragraphs: list[tuple[str, bool]] = [
        ("Gevinstdeling: forslag til budgetomplaceringer", True),
        (f"{municipality}. Sag: {names}.", False),
        ("", False),
        ("Baggrund", True),
        (
            "Byrådet har besluttet at investere i ovenstående indsats. Det er aftalt, at en del af "
            "de realiserede gevinster føres tilbage til det investerende udvalg, så udvalget har "
            "midler til at videreføre indsatsen. Gevinsterne er opgjort af økonomifunktionen og "
            "importeret i gevinst (arket Realiserede gevinster viser hver linje og dens kilde).",
            False,
        ),
        (
            f"Der er i alt realiseret {kr(realised)} som kontante gevinster (hjemtaget eller "
            "geninvesteret). Gevinster, der alene har frigjort kapacitet, og gevinster, der ikke er "
            "realiseret, flytter ikke penge og indgår ikke i forslaget.",
            False,
        ),
        ("", False),
        ("Model", True),
        (
            f"{percent(proposal.share)} af den realiserede nettogevinst pr. år føres tilbage til "
            "det investerende udvalg: hjemtagne gevinster fra kassen (Økonomiudvalget), "
            "geninvesterede gevinster fra det udvalg, hvor gevinsten er opstået. Beløbene er "
            "afrundet til hele kroner; det, ét udvalg afgiver, modtager et andet.",
            False,
        ),
        ("", False),
        ("Indstilling", True),
        ("Økonomiforvaltningen indstiller, at udvalget godkender følgende omplaceringer:", False),
    ]
    for r in transfers.iter_rows(named=True):
        paragraphs.append(
            (
                f"• {r['year']}: {kr(r['transfer_dkk'])} fra {r['from_committee']} "
                f"til {r['to_committee']}",
                False,
            )
        )
    if transfers.is_empty():
        paragraphs.append(
            (
                "• Ingen omplaceringer: der er ingen realiserede kontante gevinster "
                "uden for det investerende udvalg.",
                False,
            )
        )
    paragraphs += [
        ("", False),
        (
            f"I alt {kr(proposal.total_dkk)}. Omplaceringerne er udgiftsneutrale for "
            "kommunen som helhed.",
            False,
        ),
    ]
    for i, (text, bold) in enumerate(paragraphs, start=1):
        cell = put(ws, i, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14 if i == 1 else 12)


def _transfers(ws: Worksheet, proposal: GainShareProposal) -> None:
    rows = [
        (
            r["year"],
            r["from_committee"],
            r["to_committee"],
            r["realised_saving_dkk"],
            r["transfer_dkk"],
        )
        for r in proposal.by_year().iter_rows(named=True)
    ]
    last = write_table(
        ws,
        ["År", "Fra", "Til", "Realiseret nettogevinst (kr.)", "Overførsel (kr.)"],
        rows,
        {4: ORE_FORMAT, 5: KR_FORMAT},
    )
    balance = proposal.balance.sort("year", "committee")
    start = last + 3
    put(
        ws,
        start - 1,
        1,
        "Ændring i udvalgenes budgetter (+ modtager, − afgiver); summen pr. år er 0",
    ).font = Font(bold=True)
    write_table(
        ws,
        ["År", "Udvalg", "Budgetændring (kr.)"],
        [(r["year"], r["committee"], r["change_dkk"]) for r in balance.iter_rows(named=True)],
        {3: KR_FORMAT},
        start_row=start,
    )
    ws.freeze_panes = "A2"
    for column, width in (("B", 34), ("C", 34), ("D", 24), ("E", 18)):
        ws.column_dimensions[column].width = width


def _lines(ws: Worksheet, proposal: GainShareProposal) -> None:
    frame = proposal.lines
    if "file_name" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("file_name"))
    rows = [
        (
            r["case_id"],
            r["year"],
            r["unit_id"] or "",
            r["account"],
            r["committee"] or "",
            STATUS_DA.get(r["status"], r["status"]),
            r["harvested_from_account"] or "",
            for_people(float(r["amount_dkk"])),
            "ja" if r["counted"] else "nej",
            r["import_id"],
            r["file_name"] or "",
            r["source_row"],
        )
        for r in frame.iter_rows(named=True)
    ]
    write_table(
        ws,
        [
            "Case",
            "År",
            "Enhed",
            "Konto",
            "Udvalg",
            "Status",
            "Hjemtaget fra konto",
            "Gevinst (kr.; gevinst +, udgift −)",
            "Indgår",
            "Import",
            "Fil",
            "Række",
        ],
        rows,
        {8: ORE_FORMAT},
    )


def build_workbook(proposal: GainShareProposal, cases: pl.DataFrame) -> Workbook:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Indstilling"
    _cover(cover, proposal, cases)
    _transfers(book.create_sheet("Overførsler"), proposal)
    _lines(book.create_sheet("Realiserede gevinster"), proposal)
    return book


def write_gain_share_workbook(proposal: GainShareProposal, cases: pl.DataFrame, path: Path) -> None:
    build_workbook(proposal, cases).save(path)


def gain_share_bytes(proposal: GainShareProposal, cases: pl.DataFrame) -> bytes:
    """The workbook in memory (the dashboard's download)."""
    buffer = io.BytesIO()
    build_workbook(proposal, cases).save(buffer)
    return buffer.getvalue()
