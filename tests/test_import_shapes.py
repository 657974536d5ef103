"""Every export shape the issue names imports to the same totals, checked through budget_lines.

Given the same budget (B2026 and BO2027 for three accounts), written by test code in each
shape, when it is imported, then `budget_lines` holds the same totals per year and kind.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from _import_fixtures import (
    Line,
    budget_totals,
    csv_file,
    lines_fixture,
    long_workbook,
    run_import,
    totals,
    wide_workbook,
)

LINES = lines_fixture()
EXPECTED = totals(LINES)

SHAPES = {
    "long, title rows, Danish headers, kr.": lambda p: long_workbook(p, LINES),
    "long, table from C5, text numbers 1.234.567,50": lambda p: long_workbook(
        p, LINES, origin=(3, 3), text_numbers=True
    ),
    "long, English headers, mio. kr. in the header": lambda p: long_workbook(
        p,
        LINES,
        headers=("Account", "Year", "Budget kind", "Committee", "Art", "Amount (mio. kr.)"),
        scale=1_000_000,
    ),
    "long, Kontonr/år and t.kr. amount header": lambda p: long_workbook(
        p, LINES, headers=("Kontonr.", "år", "Type", "Udvalg", "Art", "Beløb t.kr."), scale=1000
    ),
    "long, totals row I alt": lambda p: long_workbook(p, LINES, totals_row=True),
    "wide B2026/BO2027, 1.000 kr. in the title": lambda p: wide_workbook(p, LINES),
    "wide 'Budget 2026 (1.000 kr.)' headers": lambda p: wide_workbook(
        p,
        LINES,
        header="{kind_word} {year} (1.000 kr.)".replace("{kind_word}", "{kind}"),
        title=None,
    ),
    "wide, accounts as 52821, Danish text numbers": lambda p: wide_workbook(
        p, LINES, compact_accounts=True, text_numbers=True
    ),
    "wide, a sheet per committee, totals rows": lambda p: wide_workbook(
        p, LINES, per_committee=True, totals_row=True
    ),
    "wide, kr. without a unit anywhere (--unit kr.)": lambda p: wide_workbook(
        p, LINES, title=None, scale=1
    ),
    "csv ; Windows-1252 Danish decimals": lambda p: csv_file(p.with_suffix(".csv"), LINES),
    "csv , UTF-8 dot decimals": lambda p: csv_file(
        p.with_suffix(".csv"), LINES, delimiter=",", encoding="utf-8", danish_numbers=False
    ),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_imports_to_the_same_totals(tmp_path: Path, shape: str) -> None:
    path = SHAPES[shape](tmp_path / "budget.xlsx")
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, *(["--unit", "kr."] if "--unit" in shape else []))
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == EXPECTED


def test_wide_headers_with_kind_words(tmp_path: Path) -> None:
    """`Budget 2026 (1.000 kr.)` and `Budgetoverslag 2027 (1.000 kr.)` name kind, year and unit."""
    lines = [
        Line("5.28.21", 2026, "B", Decimal(1_234_000)),
        Line("5.28.21", 2027, "BO", Decimal(1_300_500)),
    ]
    path = wide_workbook(tmp_path / "b.xlsx", lines, title=None, header="{kind} {year} (1.000 kr.)")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for cell in ws[1]:
        if isinstance(cell.value, str):
            cell.value = cell.value.replace("BO ", "Budgetoverslag ").replace("B ", "Budget ")
    wb.save(path)
    db = tmp_path / "g.duckdb"
    result = run_import([path], db)
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == {(2026, "B"): Decimal(1_234_000), (2027, "BO"): Decimal(1_300_500)}
    assert "enhed 1.000 kr. (fra kolonneoverskriften)" in result.output


def test_summary_names_shape_unit_totals_and_excluded_totals_row(tmp_path: Path) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", LINES, totals_row=True)
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "bred form (B2026, BO2027)" in out
    assert "enhed 1.000 kr. (fra titlen over tabellen)" in out
    assert "total-rækker udeladt (ikke talt med to gange): række 7" in out
    assert "B2026" in out and "4.400.500,00 kr." in out  # 1.200.000 + 3.450.500 − 250.000
    assert "Beskæftigelsesudvalget" in out


def test_sheet_names_become_committees_and_lineage_points_at_the_cell(tmp_path: Path) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", LINES, per_committee=True)
    db = tmp_path / "g.duckdb"
    assert run_import([path], db).exit_code == 0
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT committee, source_file, source_sheet, source_row, amount_dkk FROM "
            "budget_lines WHERE account = '5.57.73' AND year = 2026"
        ).fetchall()
    assert rows == [
        ("Beskæftigelsesudvalget", "b.xlsx", "Beskæftigelsesudvalget", 4, Decimal("-250000.00"))
    ]


def test_accounts_import_reads_r_columns_and_leaves_budget_columns(tmp_path: Path) -> None:
    lines = [
        Line("5.28.21", 2025, "R", Decimal("1180000.50")),
        Line("5.28.21", 2026, "B", Decimal(1_200_000)),
    ]
    path = wide_workbook(tmp_path / "r.xlsx", lines, title="Regnskab (kr.)", scale=1)
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, kind="accounts")
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == {(2025, "R"): Decimal("1180000.50")}
    assert "1 B-linjer udeladt (hører til --kind budget)" in result.output


def test_detail_accounts_are_kept_by_function_and_said(tmp_path: Path) -> None:
    lines = [
        Line("5.28.21.01", 2026, "B", Decimal(100)),
        Line("5.28.21.02", 2026, "B", Decimal(50), art=5),
    ]
    db = tmp_path / "g.duckdb"
    result = run_import([long_workbook(tmp_path / "d.xlsx", lines)], db)
    assert result.exit_code == 0, result.output
    assert "2 linjer havde konto under funktionsniveau" in result.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT account FROM budget_lines").fetchall() == [("5.28.21",)]


def test_number_cells_that_look_like_danish_thousands_keep_their_value(tmp_path: Path) -> None:
    """A number cell 1.234 (in 1.000 kr.) is 1.234 kr.; the text '1.234' is 1.234.000 kr."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Beløb i 1.000 kr."])
    ws.append(["Konto", "Art", "B2026", "BO2027"])
    ws.append(["5.28.21", 1, 1.234, "1.234"])
    path = tmp_path / "n.xlsx"
    wb.save(path)
    db = tmp_path / "g.duckdb"
    result = run_import([path], db)
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == {
        (2026, "B"): Decimal("1234.00"),
        (2027, "BO"): Decimal("1234000.00"),
    }
