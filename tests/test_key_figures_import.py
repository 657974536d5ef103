"""DST REGK31 key figures: the real 2024 extract imports to DST's own sums; bad files are
rejected with file, row and what is wrong, and nothing is written."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.errors import InputRejected
from gevinst.ingest.key_figures import read_key_figures, year_from_name
from gevinst.store import connect
from gevinst.store.key_figures import bundled_extracts, write_key_figures
from tests.conftest import shared_path

EXTRACT = "marieleth__marieleth--hvad-bruger-din-kommune-pengene-paa__2024.csv"
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
PRICE, ART = '"Pr. indbygger, løbende priser (kr.)"', '"I alt (netto)"'


@pytest.fixture(scope="module")
def extract() -> Path:
    return shared_path("real-data", EXTRACT)


@pytest.fixture(scope="module")
def imported(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("kf") / "kf.duckdb"
    outcome = write_key_figures(db, read_key_figures(extract), "tester", NOW)
    assert outcome.written and outcome.rows == 2475
    return db


def one(db: Path, sql: str, params: list | None = None):  # type: ignore[no-untyped-def]
    with connect(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def write_lines(path: Path, lines: list[str], encoding: str = "latin-1") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def line(area: str, amount: str, function: str = "5.28.21 Plejefamilier m.m.") -> str:
    return f'{PRICE},{ART},"{function}","{area}",{amount}'


def problems_of(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(InputRejected) as caught:
        read_key_figures(path, **kwargs)  # type: ignore[arg-type]
    return [p.line() for p in caught.value.problems]


# --- the real extract --------------------------------------------------------------------


def test_the_real_extract_has_2475_rows_summing_to_dsts_total(imported: Path):
    assert one(
        imported,
        "SELECT count(*), sum(amount_per_inhabitant_dkk), min(year), max(year) FROM key_figures",
    ) == [(2475, 4_637_904, 2024, 2024)]


def test_hele_landet_is_the_country_row_and_the_98_municipalities_the_rest(imported: Path):
    rows = one(
        imported,
        "SELECT area_kind, count(DISTINCT area_name), "
        "count(municipality_code), sum(amount_per_inhabitant_dkk) "
        "FROM key_figures GROUP BY area_kind ORDER BY area_kind",
    )
    assert rows == [("country", 1, 0, 44_857), ("municipality", 98, 2450, 4_593_047)]


@pytest.mark.parametrize(
    ("code", "name", "total"),
    [(101, "København", 39_767), (751, "Aarhus", 40_464), (461, "Odense", 43_543)],
)
def test_sum_over_the_25_functions_per_municipality(
    imported: Path, code: int, name: str, total: int
):
    assert one(
        imported,
        "SELECT area_name, count(*), sum(amount_per_inhabitant_dkk) "
        "FROM key_figures WHERE municipality_code = ? GROUP BY area_name",
        [code],
    ) == [(name, 25, total)]


def test_laesoe_is_highest_and_koebenhavn_lowest(imported: Path):
    ranked = one(
        imported,
        "SELECT area_name, sum(amount_per_inhabitant_dkk) AS s "
        "FROM key_figures WHERE area_kind = 'municipality' "
        "GROUP BY area_name ORDER BY s DESC",
    )
    assert ranked[0] == ("Læsø", 70_356) and ranked[1] == ("Langeland", 59_845)
    assert ranked[-1] == ("København", 39_767) and ranked[-2] == ("Favrskov", 39_943)


def test_the_four_negative_values(imported: Path):
    assert one(
        imported,
        "SELECT area_name, function, amount_per_inhabitant_dkk "
        "FROM key_figures WHERE amount_per_inhabitant_dkk < 0 "
        "ORDER BY function",
    ) == [
        ("Allerød", "0.28.20", -2),
        ("Hjørring", "0.32.31", -6),
        ("Frederikshavn", "2.28.11", -58),
        ("Billund", "5.38.45", -7),
    ]
    assert one(
        imported, "SELECT count(*) FROM key_figures WHERE amount_per_inhabitant_dkk = 0"
    ) == [(12,)]


def test_function_code_and_full_name_parsed_from_the_text(imported: Path):
    assert one(
        imported,
        "SELECT function_name, count(*), sum(amount_per_inhabitant_dkk) "
        "FILTER (WHERE area_kind = 'municipality') FROM key_figures "
        "WHERE function = '3.22.08' GROUP BY ALL",
    ) == [
        (
            "Kommunale specialskoler, behandlings- og specialundervisningstilbud samt "
            "specialundervisningstilbud på børne- og ungehjem",
            99,
            121_663,
        )
    ]
    assert one(imported, "SELECT count(DISTINCT function) FROM key_figures") == [(25,)]


def test_hele_landet_lies_between_the_smallest_and_largest_municipality(imported: Path):
    assert (
        one(
            imported,
            """
        SELECT function FROM key_figures GROUP BY function
        HAVING any_value(amount_per_inhabitant_dkk) FILTER (WHERE area_kind = 'country')
           NOT BETWEEN min(amount_per_inhabitant_dkk) FILTER (WHERE area_kind = 'municipality')
               AND max(amount_per_inhabitant_dkk) FILTER (WHERE area_kind = 'municipality')
    """,
        )
        == []
    )


def test_lineage_names_the_file_row_and_import(imported: Path, extract: Path):
    log = one(
        imported,
        "SELECT import_id, kind, municipality_code, file_name, sha256, rows, "
        "imported_by, first_year FROM import_log",
    )
    sha = hashlib.sha256(extract.read_bytes()).hexdigest()
    assert log == [(1, "key-figures", 0, EXTRACT, sha, 2475, "tester", 2024)]
    # the first line of the file is Hele landet's 0.28.20; København follows on line 2
    assert one(
        imported,
        "SELECT source_row, area_name, amount_per_inhabitant_dkk, source_file "
        "FROM key_figures WHERE function = '0.28.20' AND source_row <= 2 "
        "ORDER BY source_row",
    ) == [(1, "Hele landet", 210, EXTRACT), (2, "København", 278, EXTRACT)]


def test_reimporting_identical_content_is_a_noop(imported: Path, extract: Path):
    again = write_key_figures(imported, read_key_figures(extract), "someone else")
    assert not again.written and again.import_id == 1
    assert one(imported, "SELECT count(*) FROM raw_key_figures") == [(2475,)]
    assert one(imported, "SELECT count(*) FROM import_log") == [(1,)]


def test_the_cli_imports_and_says_so_then_says_nothing_to_do(extract: Path, tmp_path: Path):
    db = tmp_path / "cli.duckdb"
    args = ["import", str(extract), "--kind", "key-figures", "--db", str(db), "--user", "c"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "2.475 nøgletal for 2024 (99 områder, 25 funktioner)" in first.output
    second = CliRunner().invoke(main, [*args, "--municipality", "169", "--lang", "en"])
    assert second.exit_code == 0 and "already imported (import 1)" in second.output
    assert one(db, "SELECT count(*) FROM key_figures") == [(2475,)]


def test_the_cli_dry_run_writes_nothing(extract: Path, tmp_path: Path):
    db = tmp_path / "dry.duckdb"
    result = CliRunner().invoke(
        main, ["import", str(extract), "--kind", "key-figures", "--db", str(db), "--dry-run"]
    )
    assert result.exit_code == 0 and "--dry-run" in result.output
    assert not db.exists()


def test_a_new_extract_of_the_same_year_supersedes_the_old_one(extract: Path, tmp_path: Path):
    db = tmp_path / "v2.duckdb"
    write_key_figures(db, read_key_figures(extract), "a", NOW)
    revised = tmp_path / "regk31_2024.csv"
    revised.write_bytes(extract.read_bytes().replace(b'"Hele landet",210', b'"Hele landet",211'))
    outcome = write_key_figures(db, read_key_figures(revised), "a", NOW)
    assert outcome.written and outcome.version == 2
    assert one(
        db,
        "SELECT count(*), sum(amount_per_inhabitant_dkk), any_value(source_file) FROM key_figures",
    ) == [(2475, 4_637_905, "regk31_2024.csv")]
    assert one(db, "SELECT count(*) FROM raw_key_figures") == [(4950,)]


def test_the_demo_imports_the_bundled_extract_not_files_from_outside_the_package(extract: Path):
    bundled = bundled_extracts()
    assert [p.name for p in bundled] == ["regk31_2024.csv"]
    assert all("shared" not in p.parts for p in bundled)


# --- rejections ----------------------------------------------------------------------------


def test_a_mangled_area_name_is_rejected_naming_the_row_and_the_name(extract: Path, tmp_path: Path):
    lines = extract.read_bytes().split(b"\r\n")
    row = next(i for i, text in enumerate(lines, 1) if b'"H\xf8je-Taastrup"' in text)
    lines[row - 1] = lines[row - 1].replace(b"H\xf8je-Taastrup", b"H\xf8je Tostrup")
    mangled = tmp_path / "regk31_2024.csv"
    mangled.write_bytes(b"\r\n".join(lines))
    db = tmp_path / "untouched.duckdb"
    result = CliRunner().invoke(
        main, ["import", str(mangled), "--kind", "key-figures", "--db", str(db)]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"regk31_2024.csv: række {row}: ukendt område 'Høje Tostrup': ikke en af de 98 "
        "kommuner eller Hele landet (mente du 'Høje-Taastrup'?)"
    ]
    assert not db.exists()


def test_a_file_name_without_a_year_is_rejected_asking_to_rename(extract: Path, tmp_path: Path):
    nameless = tmp_path / "regk31.csv"
    nameless.write_bytes(extract.read_bytes())
    (message,) = problems_of(nameless, lang="en")
    assert message.startswith("regk31.csv: the file name does not say which year")
    assert "rename the file" in message and "--year" in message
    assert read_key_figures(nameless, year=2024).rows.height == 2475


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2024.csv", 2024),
        ("regk31_2024.csv", 2024),
        ("REGK31-2023 (1).csv", 2023),
        ("marieleth__x__2016.csv", 2016),
        ("regk31.csv", None),
        ("data_12024.csv", None),
    ],
)
def test_year_from_the_file_name(name: str, year: int | None):
    assert year_from_name(name) == year


def test_every_problem_is_collected_with_its_row(tmp_path: Path):
    path = write_lines(
        tmp_path / "2024.csv",
        [
            line("Hele landet", "1351"),
            line("København", '"12,5"'),
            line("Nordfyn Kommune", "10"),
            line("Aarhus", "1230"),
            line("Aarhus", "1231"),
            f'{PRICE},{ART},"Plejefamilier","Odense",5',
            f'{PRICE},{ART},"5.28.21 x","Odense"',
            f'"1.000 kr.",{ART},"5.28.21 x","Vejle",7',
        ],
    )
    assert problems_of(path) == [
        "2024.csv: række 2: beløbet '12,5' er ikke et helt tal (kr. pr. indbygger)",
        "2024.csv: række 3: ukendt område 'Nordfyn Kommune': ikke en af de 98 kommuner eller "
        "Hele landet",
        "2024.csv: række 5: Aarhus 5.28.21 2024 står også i række 4",
        "2024.csv: række 6: funktionen 'Plejefamilier' begynder ikke med et funktionsnummer "
        "som 5.28.21",
        "2024.csv: række 7: 4 kolonner; et REGK31-udtræk har 5 (prisenhed, art, funktion, "
        "område, beløb)",
        "2024.csv: række 8: prisenheden '1.000 kr.' er ikke pr. indbygger; udtræk REGK31 med "
        "prisenheden 'Pr. indbygger, løbende priser (kr.)'",
    ]


def test_unknown_price_unit_and_art_are_warnings_accepted_on_request(tmp_path: Path):
    path = write_lines(
        tmp_path / "2024.csv",
        [
            '"Pr. indbygger, 2024-priser (kr.)","I alt (netto)","5.28.21 x","Odense",5',
            '"Pr. indbygger, løbende priser (kr.)","Udgifter (brutto)","5.28.21 x","Vejle",7',
            line("Aarhus", ".."),
        ],
    )
    assert [p.split(": ", 2)[1] for p in problems_of(path)] == ["række 1", "række 2", "række 3"]
    accepted = read_key_figures(path, accept_warnings=True)
    assert accepted.rows["area_name"].to_list() == ["Odense", "Vejle"]
    assert len(accepted.warnings) == 3


def test_utf8_with_a_header_row_and_semicolons_is_accepted(tmp_path: Path):
    path = write_lines(
        tmp_path / "regk31_2023.csv",
        [
            "Prisenhed;Art;Funktion;Område;Beløb",
            "Pr. indbygger, løbende priser (kr.);I alt (netto);5.28.21 Rådgivning;Hele landet;1.351",
            "Pr. indbygger, løbende priser (kr.);I alt (netto);5.28.21 Rådgivning;Høje-Taastrup;2441",
        ],
        encoding="utf-8",
    )
    read = read_key_figures(path)
    assert (read.year, read.encoding, read.has_header) == (2023, "utf-8", True)
    assert read.rows.select(
        "source_row", "municipality_code", "area_kind", "amount_per_inhabitant_dkk"
    ).rows() == [(2, None, "country", 1351), (3, 169, "municipality", 2441)]


def test_a_municipality_not_in_the_file_is_named(tmp_path: Path):
    path = write_lines(tmp_path / "2024.csv", [line("Odense", "5")])
    assert problems_of(path, municipality=169) == [
        "2024.csv: --municipality 169 findes ikke i filen (filen dækker alle kommuner; "
        "--municipality er ikke nødvendig)"
    ]


def test_a_binary_file_is_not_read_as_text(tmp_path: Path):
    path = tmp_path / "2024.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00" + bytes(100))
    assert problems_of(path, lang="en") == [
        "2024.csv: the file is not text (csv); a REGK31 extract is a text file"
    ]
