"""Issue 11, one test per point, through the CLI: the files controllers actually have.

Each test builds its file from `_export_shapes` (amounts at Høje-Taastrup's scale, from
REGK31 per inhabitant × 57.000) and states what the import must say and store.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from _export_shapes import (
    Sheet,
    budget,
    long,
    statbank,
    totals,
    wide,
    write_csv,
    write_xlsx,
)
from _import_fixtures import budget_totals, run_import

B = budget()
TITLE = ("Høje-Taastrup Kommune", "Budget 2026–2029 ({unit})")


# 1. budget kind from the budget's structure ---------------------------------------------------


def test_a_long_budget_without_kinds_is_b_then_bo_and_the_summary_says_so(tmp_path: Path):
    path = write_csv(tmp_path / "b.csv", long(B, "kr."))
    db = tmp_path / "g.duckdb"
    result = run_import([path], db)
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == totals(B)
    assert {k for _, k in budget_totals(db)} == {"B", "BO"}
    assert "beløbstype ud fra budgettets opbygning: 2026 = B (budgetår)" in result.output


def test_budget_year_overrides_and_a_year_before_it_has_no_kind(tmp_path: Path):
    path = write_xlsx(tmp_path / "b.xlsx", wide(B, "1.000 kr.", style="bare", title_rows=TITLE))
    result = run_import([path], tmp_path / "g.duckdb", "--budget-year", "2027", "--dry-run")
    assert result.exit_code == 2
    assert "beløbstypen mangler" in result.output  # 2026 is before the budget year 2027
    result = run_import([path], tmp_path / "g.duckdb", "--budget-year", "2026", "--dry-run")
    assert result.exit_code == 0, result.output


def test_accounts_are_r_whatever_the_year_columns(tmp_path: Path):
    accounts = budget("accounts")
    path = write_xlsx(tmp_path / "r.xlsx", wide(accounts, "kr.", style="bare", title_rows=TITLE))
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, kind="accounts")
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == totals(accounts)


# 2. headers as people and systems write them --------------------------------------------------


def test_underscored_and_system_headers_are_recognised(tmp_path: Path):
    for n, headers in enumerate(
        [
            ("Formål", "account_text", "Udvalg", "Ansvarssted"),
            ("FUNKTION", "Kontotekst", "udvalg", "Omk_sted"),
            ("account", "account_text", "committee", "cost_centre"),
            ("Funktion", "Tekst", "UDVALG", "omk.sted"),
        ]
    ):
        path = write_xlsx(
            tmp_path / f"b{n}.xlsx", wide(B, "1.000 kr.", headers=headers, title_rows=TITLE)
        )
        db = tmp_path / f"g{n}.duckdb"
        result = run_import([path], db)
        assert result.exit_code == 0, (headers, result.output)
        assert budget_totals(db) == totals(B)


def test_a_data_column_not_used_is_listed_and_named_when_rows_collide(tmp_path: Path):
    rows = [
        ["Budget 2026 (kr.)"],
        ["Konto", "PSP-element", "B2026"],
        ["5.28.21", "XG-0001", 100],
        ["5.28.21", "XG-0002", 200],
    ]
    path = write_xlsx(tmp_path / "b.xlsx", [Sheet("Budget", rows)])
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 2
    assert "b.xlsx: Budget!C4: samme linje som b.xlsx: Budget!C3" in result.output
    assert "kolonnen 'PSP-element' skiller rækkerne ad, men bruges ikke: map den" in result.output
    rows[2][1] = rows[3][1] = None
    rows[3][0] = "5.28.22"
    rows.insert(2, ["5.28.23", "XG-3", 5])
    path = write_xlsx(tmp_path / "c.xlsx", [Sheet("Budget", rows)])
    result = run_import([path], tmp_path / "g.duckdb", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "kolonner ikke brugt: PSP-element" in result.output


# 3. totals rows -------------------------------------------------------------------------------


def test_subtotals_at_every_level_are_left_out_and_checked(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "b.xlsx",
        wide(B, "1.000 kr.", subtotals=True, grand_total="I alt", title_rows=TITLE),
    )
    db = tmp_path / "g.duckdb"
    result = run_import([path], db)
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == totals(B)
    assert "total-rækker udeladt (ikke talt med to gange)" in result.output


def test_a_subtotal_that_does_not_add_up_is_a_warning_naming_both_cells(tmp_path: Path):
    rows = [
        ["Budget 2026 (kr.)"],
        ["Udvalg", "Konto", "B2026"],
        ["Økonomiudvalget", "6.45.51", 100],
        ["Økonomiudvalget", "6.42.41", 50],
        ["Økonomiudvalget i alt", None, 160],
    ]
    path = write_xlsx(tmp_path / "b.xlsx", [Sheet("Budget", rows)])
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 2
    assert (
        "b.xlsx: Budget!C5: total-rækken 'Økonomiudvalget i alt' siger 160, men rækkerne "
        "den må summere (C3:C4) giver 150"
    ) in result.output
    rows[4][2] = 150
    path = write_xlsx(tmp_path / "c.xlsx", [Sheet("Budget", rows)])
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 0, result.output
    assert budget_totals(tmp_path / "g.duckdb") == {(2026, "B"): Decimal(150)}


# 4. scale is never silently assumed -----------------------------------------------------------


def test_no_unit_anywhere_is_a_warning_until_unit_or_accept(tmp_path: Path):
    path = write_xlsx(tmp_path / "b.xlsx", wide(B, "kr.", unit_in="none"))
    db = tmp_path / "g.duckdb"
    result = run_import([path], db)
    assert result.exit_code == 2 and not db.exists()
    assert "ingen enhed i titel, kolonneoverskrift eller en enhedskolonne" in result.output
    result = run_import([path], db, "--unit", "kr.")
    assert result.exit_code == 0, result.output
    assert "enhed kr. (fra --unit)" in result.output
    assert budget_totals(db) == totals(B)


def test_amounts_off_by_a_thousand_against_regk31_name_the_likely_unit(tmp_path: Path):
    # written in 1.000 kr., title says kr.: 1.000 times too small against REGK31 per inhabitant
    path = write_xlsx(tmp_path / "b.xlsx", wide(B, "1.000 kr.", title_rows=("Budget (kr.)",)))
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 2
    assert "svarer til 58 indbyggere" in result.output
    assert "Enheden er nok 1.000 kr., ikke kr.: angiv --unit '1.000 kr.'" in result.output
    # written in kr., declared 1.000 kr.: 1.000 times too large
    path = write_xlsx(tmp_path / "c.xlsx", wide(B, "kr.", title_rows=("Budget (1.000 kr.)",)))
    result = run_import([path], tmp_path / "g.duckdb", "--max-amount", "1e15")
    assert result.exit_code == 2
    assert "Enheden er nok kr., ikke 1.000 kr." in result.output


# 5. posting files -----------------------------------------------------------------------------


def test_a_posting_file_is_named_and_told_what_to_export(tmp_path: Path):
    path = write_csv(
        tmp_path / "posteringer.csv",
        [
            ["Artskonto", "Omkostningssted", "PSP-element", "Tekst", "Debet/kredit", "Beløb"],
            ["400010", "4000", "XG-1", "Bleer", "D", "12.500,00"],
        ],
    )
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 2
    assert "posteringsfil (én række pr. bogføring: kolonnen 'Debet/kredit')" in result.output
    assert "eksportér i stedet beløb pr. funktion (konto), dranst og år" in result.output
    assert "mangler kolonnen" not in result.output


# 6. statbank files ----------------------------------------------------------------------------


def test_statbank_csv_imports_as_the_named_municipality_with_its_unit(tmp_path: Path):
    accounts = budget("accounts")
    path = write_csv(tmp_path / "regk11.csv", statbank(accounts, "1.000 kr."))
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, kind="accounts")
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == totals(accounts)
    assert "enhed 1.000 kr. (fra enhedskolonnen" in result.output
    assert "rækker for andre områder end kommunen sprunget over: Hele landet (8)" in result.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT dranst FROM budget_lines").fetchall() == [(1,)]


def test_statbank_of_another_municipality_is_an_error(tmp_path: Path):
    path = write_csv(tmp_path / "b.csv", statbank(B, "kr.", area="København"))
    result = run_import([path], tmp_path / "g.duckdb")
    assert result.exit_code == 2
    assert "linjen er for kommune 101, men importen er for kommune 169" in result.output


def test_the_bundled_regk31_extract_under_accounts_gets_the_key_figures_hint(tmp_path: Path):
    from gevinst.store.key_figures import bundled_extracts

    result = run_import(bundled_extracts(), tmp_path / "g.duckdb", kind="accounts")
    assert result.exit_code == 2
    assert "importér den med --kind key-figures" in result.output


# 8. partial imports keep what the file does not speak about ----------------------------------


def test_one_committees_file_replaces_that_committee_only(tmp_path: Path):
    db = tmp_path / "g.duckdb"
    whole = write_xlsx(tmp_path / "hele.xlsx", wide(B, "1.000 kr.", title_rows=TITLE))
    assert run_import([whole], db).exit_code == 0
    one = [e for e in B if e.committee == "Økonomiudvalget"]
    doubled = [
        type(e)(e.account, e.text, e.committee, e.cost_centre, e.year, e.kind, e.amount * 2)
        for e in one
    ]
    part = write_xlsx(tmp_path / "oeu.xlsx", wide(doubled, "1.000 kr.", title_rows=TITLE))
    dry = run_import([part], db, "--dry-run")
    assert dry.exit_code == 0, dry.output
    others = sum(1 for e in B if e.committee != "Økonomiudvalget" and e.year == 2026)
    assert (
        f"Omfang: erstatter 2 linjer af Økonomiudvalget B2026; beholder {others} linjer af "
        "andre udvalg"
    ) in dry.output
    assert run_import([part], db).exit_code == 0
    expected = totals([e for e in B if e.committee != "Økonomiudvalget"] + doubled)
    assert budget_totals(db) == expected
    assert (
        run_import([part], db, "--replace-all", "--dry-run").output.count("Omfang: erstatter hele")
        == 4
    )
    assert run_import([part], db, "--replace-all").exit_code == 0
    assert budget_totals(db) == totals(doubled)
