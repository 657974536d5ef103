"""Every rejection class: the expected message at the expected place, exit 2, and the database
exactly as it was (a budget imported before stays, nothing is added)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from _import_fixtures import (
    Line,
    budget_totals,
    db_content,
    lines_fixture,
    run_import,
    wide_workbook,
    without_cached_values,
)

HEADER = ["Konto", "År", "Budgettype", "Beløb"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding one earlier import, which every rejected import must leave alone."""
    base = tmp_path_factory.mktemp("seed")
    db = base / "seed.duckdb"
    result = run_import([wide_workbook(base / "earlier.xlsx", lines_fixture())], db)
    assert result.exit_code == 0, result.output
    return db


def sheet(path: Path, rows: list[list[object]], title: str = "Budget") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def rejected(
    tmp_path: Path,
    seeded: Path,
    files: list[Path],
    *args: str,
    kind: str = "budget",
    unit: str | None = "kr.",
) -> list[str]:
    """The problems of an import that must fail; `--unit kr.` unless `unit` is None, so each
    test sees its own problem and not the missing unit's warning."""
    db = tmp_path / "g.duckdb"
    shutil.copy(seeded, db)
    before = db_content(db)
    result = run_import(files, db, *args, *(["--unit", unit] if unit else []), kind=kind)
    assert result.exit_code == 2, result.output
    assert db_content(db) == before
    return result.stderr.splitlines()


def test_missing_required_column(tmp_path, seeded):
    path = sheet(
        tmp_path / "b.xlsx",
        [["Budget 2026"], [], ["Konto", "År", "Budgettype"], ["5.28.21", 2026, "B"]],
    )
    assert rejected(tmp_path, seeded, [path]) == [
        "b.xlsx: Budget!A3: mangler kolonnen Beløb (Beløb, Budget, B2026, BO2027 …); omdøb "
        "kolonnen eller angiv den under [columns] i en --mapping-fil"
    ]


def test_text_where_a_number_belongs_and_all_problems_at_once(tmp_path, seeded):
    path = sheet(
        tmp_path / "b.xlsx",
        [
            HEADER,
            ["5.28.21", 2026, "B", "ca. 1 mio"],
            ["5.28", 2026, "B", 100],
            ["5.28.22", "tyve", "B", 100],
        ],
    )
    assert rejected(tmp_path, seeded, [path]) == [
        "b.xlsx: Budget!A3: '5.28' er ikke en konto (skriv fx 5.28.21 eller 52821)",
        "b.xlsx: Budget!D2: 'ca. 1 mio' er ikke et tal",
        "b.xlsx: Budget!B4: 'tyve' er ikke et årstal",
    ]


def test_messages_in_english(tmp_path, seeded):
    path = sheet(tmp_path / "b.xlsx", [HEADER, ["5.28.21", 2026, "B", "ca. 1 mio"]])
    assert rejected(tmp_path, seeded, [path], "--lang", "en") == [
        "b.xlsx: Budget!D2: 'ca. 1 mio' is not a number"
    ]


def test_unknown_account_is_a_warning_that_can_be_accepted(tmp_path, seeded):
    path = sheet(
        tmp_path / "b.xlsx", [HEADER, ["5.99.99", 2026, "B", 100], ["5.99.99", 2027, "BO", 100]]
    )
    assert rejected(tmp_path, seeded, [path]) == [
        "b.xlsx: Budget!A2: kontoen 5.99.99 findes ikke i kontoplanen (2 linjer); tjek kontoen, "
        "eller importér alligevel med --accept-warnings"
    ]
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, "--accept-warnings")
    assert result.exit_code == 0, result.output
    assert "Accepterede advarsler:" in result.output


def test_formula_error_is_named_at_its_true_cell(tmp_path, seeded):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws["C4"], ws["D4"], ws["E4"], ws["F4"] = HEADER
    ws["C5"], ws["D5"], ws["E5"], ws["F5"] = "5.28.21", 2026, "B", "#REF!"
    path = tmp_path / "b.xlsx"
    wb.save(path)
    [line] = rejected(tmp_path, seeded, [path])
    assert line.startswith("b.xlsx: Budget!F5: ") and "#REF!" in line


def test_formula_without_a_cached_value(tmp_path, seeded):
    path = sheet(
        tmp_path / "b.xlsx", [HEADER, ["5.28.21", 2026, "B", 100], ["5.28.22", 2026, "B", "=D2*2"]]
    )
    [line] = rejected(tmp_path, seeded, [without_cached_values(path)])
    assert line.startswith("b.xlsx: Budget!D3: ")


def test_formula_with_an_empty_cached_value_as_openpyxl_writes_it(tmp_path, seeded):
    """openpyxl saves `=D2*2` as `<f>D2*2</f><v/>`: an empty value is no cached value."""
    path = sheet(
        tmp_path / "b.xlsx", [HEADER, ["5.28.21", 2026, "B", 100], ["5.28.22", 2026, "B", "=D2*2"]]
    )
    [line] = rejected(tmp_path, seeded, [path])
    assert line.startswith("b.xlsx: Budget!D3: ") and "ingen beregnet værdi" in line


def test_unknown_and_other_municipality_codes(tmp_path, seeded):
    path = sheet(
        tmp_path / "b.xlsx",
        [
            ["Kommune", *HEADER],
            [999, "5.28.21", 2026, "B", 1],
            [151, "5.28.21", 2026, "B", 1],
            ["Høje-Taastrup", "5.28.22", 2026, "B", 1],
        ],
    )
    assert rejected(tmp_path, seeded, [path]) == [
        "b.xlsx: Budget!A2: '999' er ikke en kendt kommunekode",
        "b.xlsx: Budget!A3: linjen er for kommune 151, men importen er for kommune 169 "
        "(--municipality)",
    ]


def test_impossible_year_and_absurd_amount(tmp_path, seeded):
    path = sheet(
        tmp_path / "b.xlsx",
        [HEADER, ["5.28.21", 1999, "B", 1], ["5.28.21", 2026, "B", 60_000_000_000]],
    )
    assert rejected(tmp_path, seeded, [path]) == [
        "b.xlsx: Budget!B2: året 1999 ligger uden for 2000–2100",
        "b.xlsx: Budget!D3: beløbet 60.000.000.000,00 kr. er over grænsen på 50.000.000.000 kr.; "
        "tjek enheden (kr., 1.000 kr., mio. kr.)",
    ]


def test_duplicate_lines_on_the_grain(tmp_path, seeded):
    path = sheet(tmp_path / "b.xlsx", [HEADER, ["5.28.21", 2026, "B", 1], ["52821", 2026, "B", 2]])
    assert rejected(tmp_path, seeded, [path]) == [
        "b.xlsx: Budget!D3: samme linje som b.xlsx: Budget!D2 (kommune, år, beløbstype, konto, "
        "dranst, art, udvalg og omkostningssted er ens); læg dem sammen eller tilføj en kolonne "
        "der skiller dem"
    ]


def test_bare_year_columns_read_by_the_budget_structure_or_a_mapping(tmp_path, seeded):
    """Given bare year columns 2026, 2027 under --kind budget, the first year is B and the next
    BO (the summary says so); a mapping may still name the kinds."""
    path = sheet(tmp_path / "b.xlsx", [["Konto", "2026", "2027"], ["5.28.21", 10, 20]])
    db = tmp_path / "inferred.duckdb"
    result = run_import([path], db, "--unit", "1.000 kr.")
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == {(2026, "B"): Decimal(10_000), (2027, "BO"): Decimal(20_000)}
    assert "beløbstype ud fra budgettets opbygning: 2026 = B (budgetår), senere år = BO" in (
        result.output
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'unit = "1.000 kr."\n[columns]\n"2026" = "KB2026"\n"2027" = "BO2027"\n',
        encoding="utf-8",
    )
    db = tmp_path / "fresh.duckdb"
    result = run_import([path], db, "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert "enhed 1.000 kr. (fra mappingfilen)" in result.output
    assert budget_totals(db) == {(2026, "KB"): Decimal(10_000), (2027, "BO"): Decimal(20_000)}


def test_ambiguous_csv_number_is_reported_not_guessed(tmp_path, seeded):
    path = tmp_path / "b.csv"
    path.write_text(
        "Konto,År,Budgettype,Beløb\n5.28.21,2026,B,1234.5\n5.28.22,2026,B,12.345\n",
        encoding="utf-8",
    )
    [line] = rejected(tmp_path, seeded, [path])
    assert line.startswith("b.csv: D3: '12.345' er tvetydig")


def test_a_file_that_is_not_a_workbook(tmp_path, seeded):
    path = tmp_path / "b.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    [line, *_] = rejected(tmp_path, seeded, [path])
    assert line.startswith("b.xlsx")


def test_an_accounts_file_imported_as_budget_says_so(tmp_path, seeded):
    path = wide_workbook(tmp_path / "r.xlsx", [Line("5.28.21", 2025, "R", Decimal(5))])
    assert rejected(tmp_path, seeded, [path]) == [
        "r.xlsx: filerne indeholder ingen linjer for --kind budget (B/BO/KB); fandt 1 R"
    ]


def test_last_of_20000_rows_bad_leaves_nothing_written(tmp_path, seeded):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Budget")
    ws.append([*HEADER, "Omkostningssted"])
    for i in range(20_000):
        ws.append(
            [
                f"5.28.{21 + i % 2}",
                2026 + i % 4,
                "B" if i % 4 == 0 else "BO",
                i if i < 19_999 else "fejl",
                f"CC{i}",
            ]
        )
    path = tmp_path / "big.xlsx"
    wb.save(path)
    assert rejected(tmp_path, seeded, [path]) == ["big.xlsx: Budget!D20001: 'fejl' er ikke et tal"]


def test_a_budget_file_is_not_benefit_weeks(tmp_path):
    path = sheet(tmp_path / "b.xlsx", [HEADER])
    result = run_import([path], tmp_path / "g.duckdb", kind="benefit-weeks")
    assert result.exit_code == 2
    assert "person_id" in result.stderr
    assert not (tmp_path / "g.duckdb").exists()


def test_a_rejected_import_into_a_new_database_leaves_no_file(tmp_path):
    """The CLI opens the database while it reads the file (`WriteAhead`); a file rejected then
    must not leave behind the database file that opening created."""
    path = sheet(
        tmp_path / "b.xlsx",
        [["Konto", "År", "Budgettype", "Beløb"], ["5.28.21", 2026, "B", "mange penge"]],
    )
    db = tmp_path / "new" / "g.duckdb"
    result = run_import([path], db)
    assert result.exit_code == 2, result.output
    assert "b.xlsx: Budget!D2" in result.stderr
    assert not db.exists()
    assert not db.with_name("g.duckdb.wal").exists()
    assert run_import([wide_workbook(tmp_path / "ok.xlsx", lines_fixture())], db).exit_code == 0
    assert db.exists()
