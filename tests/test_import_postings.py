"""Issue 11, point 5: posting files summed to function level through the controller's map.

Given a posting file (one row per booking) and a map from its key column to functions, when
it is imported through the CLI, then `budget_lines` holds one line per function, dranst, year
and kind whose amount is the bookings' sum (debet +, kredit −), computed here by hand, and
whose `source_rows` name the rows it sums. A key the map does not know rejects the file and
nothing is written.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from _export_shapes import Sheet, danish, write_csv, write_xlsx
from _import_fixtures import budget_totals, run_import
from gevinst.cli import main

HEADER = [
    "Artskonto",
    "Omkostningssted",
    "PSP-element",
    "Bogføringsdato",
    "Bilagsnr",
    "Debet/kredit",
    "Beløb",
]
#: (row as Excel numbers it, artskonto, date, D/K, amount as Opus writes it)
BOOKINGS = [
    (2, "400010", "03.01.2025", "D", "812.500,00"),
    (3, "400010", "17.02.2025", "D", "1.250.000,50"),
    (4, "400020", "02.03.2025", "D", "96.000,00"),
    (5, "400010", "30.04.2025", "K", "12.500,25"),  # a correction
    (6, "700010", "15.05.2025", "K", "420.000,00"),  # the state's refusion, income
    (7, "400030", "01.06.2025", "D", "2.000.000,00"),
]
MAP = [
    ["Artskonto", "Funktion", "Dranst", "Tekst"],
    ["400010", "5.28.21", "1", "Plejefamilier, løn"],
    ["400020", "52821", "1", "Plejefamilier, køb"],
    ["700010", "5.28.21", "2", "Refusion"],
    ["400030", "3.22.01", "1", "Folkeskoler"],
]


def _postings(folder: Path, bookings=BOOKINGS, name: str = "opus.csv") -> Path:
    rows = [HEADER] + [
        [key, "4000", "XG-1", date, f"B{row}", dk, amount]
        for row, key, date, dk, amount in bookings
    ]
    return write_csv(folder / name, rows)


def _map(folder: Path, rows=MAP) -> Path:
    return write_csv(folder / "artskonti.csv", rows)


def _lines(db: Path) -> dict[tuple[str, int, int, str], tuple[Decimal, list[int]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT account, dranst, year, budget_kind, amount_dkk, source_rows, "
            "source_row, source_file FROM budget_lines"
        ).fetchall()
    assert all(r[6] == r[5][0] and r[7] == "opus.csv" for r in rows)
    return {(a, d, y, k): (Decimal(v), rows_) for a, d, y, k, v, rows_, _, _ in rows}


def test_postings_are_summed_per_function_and_dranst_with_debit_plus_credit_minus(
    tmp_path: Path,
):
    db = tmp_path / "g.duckdb"
    result = run_import(
        [_postings(tmp_path)],
        db,
        "--posting-map",
        str(_map(tmp_path)),
        "--unit",
        "kr.",
        kind="accounts",
    )
    assert result.exit_code == 0, result.output
    # by hand: 812.500 + 1.250.000,50 + 96.000 − 12.500,25 on 5.28.21 drift
    assert _lines(db) == {
        ("5.28.21", 1, 2025, "R"): (Decimal("2146000.25"), [2, 3, 4, 5]),
        ("5.28.21", 2, 2025, "R"): (Decimal("-420000.00"), [6]),
        ("3.22.01", 1, 2025, "R"): (Decimal("2000000.00"), [7]),
    }
    assert "posteringsfil: posteringerne summeret pr. funktion, dranst og år" in result.output
    assert "fortegn fra 'Debet/kredit': debet +, kredit −" in result.output
    assert "6 rækker læst → 3 linjer" in result.output


def test_a_signed_amount_column_gives_the_sign_where_there_is_no_debit_credit(tmp_path: Path):
    title = ["Posteringer, regnskab 2024 (kr.)"]
    rows = [
        ["Regnskabsår", "Omk_sted", "Ansvarssted", "Bilagsdato", "Posteringstekst", "Beløb"],
        [2024, "4010", "A1", "2024-01-05", "Løn", 1500000.0],
        [2024, "4011", "A1", "2024-02-05", "Løn", 250000.5],
        [2024, "4010", "A2", "2024-12-30", "Tilbageført", -100000.5],
        [2025, "4010", "A2", "2025-01-20", "Supplementsperiode", 50000.0],
    ]
    path = write_xlsx(tmp_path / "prisme.xlsx", [Sheet("Posteringer", [title, [], *rows])])
    mapping = write_csv(
        tmp_path / "omksted.csv", [["Omk.sted", "Formål"], ["4010", "6.45.51"], ["4011", "6.45.51"]]
    )
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, "--posting-map", str(mapping), kind="accounts")
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute(
            "SELECT year, amount_dkk, source_sheet, source_rows FROM budget_lines ORDER BY year"
        ).fetchall()
    # the year column decides, not the date: 1.500.000 + 250.000,50 − 100.000,50 in 2024
    assert got == [
        (2024, Decimal("1650000.00"), "Posteringer", [4, 5, 6]),
        (2025, Decimal("50000.00"), "Posteringer", [7]),
    ]
    assert "fortegn fra beløbet selv" in result.output
    assert "enhed kr. (fra titlen over tabellen)" in result.output


def test_a_key_without_a_function_rejects_the_file_naming_cells_and_keys(tmp_path: Path):
    db = tmp_path / "g.duckdb"
    mapping = _map(tmp_path, MAP[:3])  # 700010 and 400030 left out
    path = _postings(tmp_path)
    for lang, words in (
        ("da", "Artskonto '700010' har ingen funktion i posteringskortet (1 posteringer: A6)"),
        ("en", "Artskonto '400030' has no function in the posting map (1 postings: A7)"),
    ):
        result = run_import(
            [path],
            db,
            "--posting-map",
            str(mapping),
            "--unit",
            "kr.",
            "--lang",
            lang,
            kind="accounts",
        )
        assert result.exit_code == 2, result.output
        assert words in result.output
        assert "'400010'" not in result.output
    assert not db.exists()


def test_debit_credit_cells_that_cannot_be_read_are_named(tmp_path: Path):
    bookings = [
        (2, "400010", "03.01.2025", "X", "100,00"),
        (3, "400010", "03.01.2025", "K", "-100,00"),
        (4, "400010", "32.13", "D", "100,00"),
    ]
    result = run_import(
        [_postings(tmp_path, bookings)],
        tmp_path / "g.duckdb",
        "--posting-map",
        str(_map(tmp_path)),
        "--unit",
        "kr.",
        kind="accounts",
    )
    assert result.exit_code == 2, result.output
    assert "F2: 'X' er hverken debet eller kredit" in result.output
    assert "G3: beløbet '-100,00' er negativt, men kolonnen 'Debet/kredit'" in result.output
    assert "D4: '32.13' er ikke en dato" in result.output
    assert not (tmp_path / "g.duckdb").exists()


def test_the_map_is_saved_found_again_and_a_second_import_is_a_no_op(tmp_path: Path):
    db = tmp_path / "g.duckdb"
    path = _postings(tmp_path)
    first = run_import(
        [path], db, "--posting-map", str(_map(tmp_path)), "--unit", "kr.", kind="accounts"
    )
    assert first.exit_code == 0, first.output
    before = _lines(db)
    again = run_import([path], db, "--unit", "kr.", kind="accounts")  # no map given
    assert again.exit_code == 0, again.output
    assert "mapping brugt: 'artskonti'" in again.output
    assert "Intet at gøre" in again.output
    assert _lines(db) == before
    shown = CliRunner().invoke(
        main, ["mapping", "show", "artskonti", "--municipality", "169", "--db", str(db)]
    )
    assert '"700010" = { function = "5.28.21", dranst = 2 }' in shown.output
    # the shown mapping is a --mapping file that gives the same lines
    (tmp_path / "shown.toml").write_text(shown.output, encoding="utf-8")
    db2 = tmp_path / "g2.duckdb"
    result = run_import(
        [path], db2, "--mapping", str(tmp_path / "shown.toml"), "--unit", "kr.", kind="accounts"
    )
    assert result.exit_code == 0, result.output
    assert budget_totals(db2) == budget_totals(db)


def test_budget_postings_take_b_and_bo_from_their_years(tmp_path: Path):
    bookings = [
        (2, "400010", "01.01.2026", "D", "1.000.000,00"),
        (3, "400010", "01.01.2027", "D", "1.100.000,00"),
        (4, "700010", "01.01.2027", "K", "100.000,00"),
    ]
    db = tmp_path / "g.duckdb"
    result = run_import(
        [_postings(tmp_path, bookings)], db, "--posting-map", str(_map(tmp_path)), "--unit", "kr."
    )
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == {
        (2026, "B"): Decimal("1000000.00"),
        (2027, "BO"): Decimal("1000000.00"),
    }


def test_a_bad_posting_map_is_refused_naming_its_cell(tmp_path: Path):
    mapping = _map(tmp_path, [*MAP, ["400040", "5.2821", "1", "x"], ["400050", "3.22.01", "7", ""]])
    result = run_import(
        [_postings(tmp_path)],
        tmp_path / "g.duckdb",
        "--posting-map",
        str(mapping),
        "--unit",
        "kr.",
        kind="accounts",
    )
    assert result.exit_code == 2, result.output
    assert "artskonti.csv: B6: '5.2821' er ikke en funktion" in result.output
    assert "artskonti.csv: C7: '7' er ikke en dranst" in result.output
    assert not (tmp_path / "g.duckdb").exists()


@settings(max_examples=12, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["400010", "400020", "700010", "400030"]),
            st.sampled_from(["D", "K", "Debet", "Kredit", "d", "k"]),
            st.integers(0, 10**9),  # øre
            st.sampled_from([2025, 2026]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_summing_postings_never_creates_or_loses_an_ore(bookings) -> None:
    """Whatever the bookings, each year's imported total is the signed sum of its bookings."""
    expected: dict[tuple[int, str], Decimal] = {}
    rows = [HEADER]
    for key, dk, ore, year in bookings:
        amount = Decimal(ore) / 100
        sign = 1 if dk.lower().startswith("d") else -1
        expected[(year, "R")] = expected.get((year, "R"), Decimal(0)) + sign * amount
        rows.append([key, "4000", "", f"01.02.{year}", "B1", dk, danish(amount, 2)])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_csv(folder / "opus.csv", rows)
        db = folder / "g.duckdb"
        result = run_import(
            [path],
            db,
            "--posting-map",
            str(_map(folder)),
            "--unit",
            "kr.",
            "--accept-warnings",
            kind="accounts",
        )
        assert result.exit_code == 0, result.output
        assert budget_totals(db) == expected
        with duckdb.connect(str(db), read_only=True) as con:
            [(count,)] = con.execute("SELECT sum(len(source_rows)) FROM budget_lines").fetchall()
        assert count == len(bookings)  # every booking in exactly one line
