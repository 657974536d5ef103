"""Gain-share: what one committee gives, another receives; the workbook opened with openpyxl."""

from __future__ import annotations

import shutil

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.domain.gain_share import TREASURY, investing_committee, propose
from gevinst.reports.gain_share_workbook import build_workbook

ACCOUNTS = {"5.28.23": "Børne- og Familieudvalget", "5.57.73": "Beskæftigelsesudvalget"}


def _realised() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "case_id": ["a"] * 5,
            "year": [2027, 2027, 2027, 2027, 2028],
            "unit_id": [
                "anbringelse-doegn-aar",
                "kontanthjaelp-uge",
                "kontanthjaelp-uge",
                "anbringelse-doegn-aar",
                "kontanthjaelp-uge",
            ],
            "account": ["5.28.23", "5.57.73", "5.57.73", "5.28.23", "5.57.73"],
            "amount_dkk": [-2_000_000.0, -1_000_001.0, 200_000.0, -500_000.0, 300_000.0],
            "status": ["harvested", "reinvested", "reinvested", "capacity", "reinvested"],
            "harvested_from_account": ["5.28.23", None, None, None, None],
            "import_id": [1] * 5,
            "source_row": [2, 3, 4, 5, 6],
        }
    )


def test_half_of_the_cash_gains_return_to_the_investing_committee():
    proposal = propose(_realised(), ACCOUNTS, {"a": "Børne- og Familieudvalget"}, share=0.5)
    by_year = proposal.by_year()
    assert by_year.rows() == [
        (2027, "Beskæftigelsesudvalget", "Børne- og Familieudvalget", 800_001.0, 400_000.0),
        (2027, TREASURY, "Børne- og Familieudvalget", 2_000_000.0, 1_000_000.0),
    ]
    # 2028: a net extra expense gives no transfer; capacity moves no money
    assert proposal.total_dkk == 1_400_000.0
    balance = proposal.balance.group_by("year").agg(pl.col("change_dkk").sum())
    assert balance["change_dkk"].to_list() == [0.0]


def test_no_transfer_to_itself_and_the_share_is_a_parameter():
    proposal = propose(_realised(), ACCOUNTS, {"a": "Beskæftigelsesudvalget"}, share=0.25)
    assert proposal.by_year().rows() == [
        (2027, TREASURY, "Beskæftigelsesudvalget", 2_000_000.0, 500_000.0)
    ]
    with pytest.raises(ValueError):
        propose(_realised(), ACCOUNTS, {"a": "x"}, share=1.5)
    assert investing_committee("Børn og Familie", {"Børn og Familie": "BFU"}, []) == "BFU"
    assert investing_committee("Ukendt", {}, ["Økonomiudvalget"]) == "Økonomiudvalget"


def test_workbook_balances_and_never_holds_a_formula():
    realised = _realised().with_columns(pl.lit('=HYPERLINK("x")').alias("file_name"))
    proposal = propose(realised, ACCOUNTS, {"a": "Børne- og Familieudvalget"})
    cases = pl.DataFrame(
        {"case_id": ["a"], "name": ["=cmd|' /C calc'!A0"], "municipality_name": ["Herning"]}
    )
    book = build_workbook(proposal, cases)
    assert book.sheetnames == ["Indstilling", "Overførsler", "Realiserede gevinster"]
    cover = "\n".join(str(c.value) for c in book["Indstilling"]["A"] if c.value)
    assert "Baggrund" in cover and "Indstilling" in cover and "1.000.000 kr." in cover
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_cli_writes_a_workbook_that_balances(tmp_path, demo_db):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    out = tmp_path / "forslag.xlsx"
    result = CliRunner().invoke(
        main,
        [
            "gain-share",
            "sverigesmodellen-herning",
            "--share",
            "0.5",
            "-o",
            str(out),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book["Overførsler"]
    rows = list(sheet.iter_rows(values_only=True))
    transfers = [r for r in rows[1:] if isinstance(r[0], int) and isinstance(r[4], int | float)]
    assert transfers and all(r[4] == round(r[3] * 0.5) for r in transfers)
    start = next(i for i, r in enumerate(rows) if r[:3] == ("År", "Udvalg", "Budgetændring (kr.)"))
    changes = [r for r in rows[start + 1 :] if r[0] is not None]
    for year in {r[0] for r in changes}:
        assert sum(r[2] for r in changes if r[0] == year) == 0
    assert sheet["E2"].number_format == "#,##0;-#,##0"
    lines = list(book["Realiserede gevinster"].iter_rows(values_only=True))
    assert lines[0][-3:] == ("Import", "Fil", "Række")
    assert all(r[10] == "herning-gevinstrealisering-demo.csv" for r in lines[1:])
    missing = CliRunner().invoke(main, ["gain-share", "nope", "-o", str(out), "--db", str(db)])
    assert missing.exit_code == 1
