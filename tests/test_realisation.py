"""Realisation import and plan: every problem named by cell, atomic and idempotent writes,
`realised_gains` exactly as DESIGN says, and the plan against the frozen decision."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.store import connect

CASE = "sverigesmodellen-herning"
HEADER = "case_id;year;unit_id;account;amount_dkk;status;harvested_from_account"


@pytest.fixture
def db(tmp_path: Path, demo_db: Path) -> Path:
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, path)
    return path


def _import(db: Path, path: Path, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main,
        [
            "import",
            str(path),
            "--kind",
            "realisation",
            "--municipality",
            "657",
            "--db",
            str(db),
            *extra,
        ],
    )


def _count(db: Path, sql: str) -> int:
    with connect(db, read_only=True) as con:
        return con.execute(sql).fetchone()[0]  # type: ignore[index]


def test_realised_gains_has_the_designed_columns(db):
    with connect(db, read_only=True) as con:
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'realised_gains' "
                "ORDER BY column_index"
            ).fetchall()
        ]
    assert columns == [
        "case_id",
        "year",
        "unit_id",
        "account",
        "amount_dkk",
        "status",
        "harvested_from_account",
        "import_id",
        "source_row",
    ]


def test_a_csv_with_danish_words_is_imported_once(db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        f"Gevinstrealisering 2029;;;;;;\n{HEADER}\n"
        f"{CASE};2029;anbringelse-doegn-aar;5.28.23;-1.234.567,50;hjemtaget;52823\n"
        f"{CASE};2029;anbringelse-doegn-aar;5.28.23;-100000;kapacitet;\n",
        encoding="utf-8",
    )
    before = _count(db, "SELECT count(*) FROM realised_gains")
    result = _import(db, path)
    assert result.exit_code == 0, result.output
    assert "2029  harvested" in result.output
    again = _import(db, path)
    assert again.exit_code == 0 and "Allerede importeret" in again.output
    assert _count(db, "SELECT count(*) FROM realised_gains") == before + 2
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT amount_dkk, status, harvested_from_account, source_row FROM "
            "realised_gains WHERE year = 2029 AND status = 'harvested'"
        ).fetchone()
        assert row == (pytest.approx(-1234567.5), "harvested", "5.28.23", 3)
        plan = con.execute(
            "SELECT harvested_dkk, capacity_dkk, harvested_from_accounts, "
            "planned_as_decided FROM realisation_plan WHERE case_id = ? AND "
            "year = 2029 AND unit_id = 'anbringelse-doegn-aar'",
            [CASE],
        ).fetchone()
        assert plan == (pytest.approx(-1234567.5), pytest.approx(-100000), "5.28.23", True)
        taken = con.execute(
            "SELECT taken_dkk, budget_kind, budget_dkk IS NOT NULL FROM "
            "realisation_harvests WHERE year = 2029"
        ).fetchone()
        assert taken == (pytest.approx(1234567.5), "BO", True)


def test_every_problem_is_named_and_nothing_is_written(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        f"{HEADER}\n"
        "ukendt-case;2027;anbringelse-doegn-aar;5.28.23;-100;harvested;5.28.23\n"
        f"{CASE};2040;x-enhed;5.2823x;abc;måske;\n"
        f"{CASE};2027;anbringelse-doegn-aar;5.28.23;-100;hjemtaget;\n"
        f"{CASE};2027;anbringelse-doegn-aar;5.28.23;-100;capacity;5.28.23\n",
        encoding="utf-8",
    )
    before = _count(db, "SELECT count(*) FROM import_log")
    result = _import(db, path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    expected = [
        "bad.csv: A2: casen 'ukendt-case' findes ikke",
        "bad.csv: B3: året 2040",
        "bad.csv: C3: enheden 'x-enhed'",
        "bad.csv: D3: '5.2823x' er ikke en konto",
        "bad.csv: E3: 'abc' er ikke et beløb",
        "bad.csv: F3: 'måske' er ikke en status",
        "bad.csv: G4: en hjemtaget gevinst kræver harvested_from_account",
        "bad.csv: G5: harvested_from_account udfyldes kun",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert _count(db, "SELECT count(*) FROM import_log") == before


def test_an_xlsx_with_title_rows_and_another_municipality(db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Realisering"
    sheet.append(["Herning Kommune: gevinstrealisering"])
    sheet.append([])
    sheet.append(["Sag", "År", "Enhed", "Konto", "Beløb", "Status", "Hjemtaget fra konto"])
    sheet.append([CASE, 2030, "anbringelse-doegn-aar", "5.28.23", -50000, "geninvesteret", None])
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert _import(db, path).exit_code == 0
    other = CliRunner().invoke(
        main,
        ["import", str(path), "--kind", "realisation", "--municipality", "169", "--db", str(db)],
    )
    assert other.exit_code == 2
    assert "Realisering!A4: casen 'sverigesmodellen-herning' hører til kommune 657" in (
        other.stderr
    )


def test_demo_realisation_follows_the_frozen_plan(demo_db):
    # the plan is in the case's 2026 prices, the realised amounts (accounts) in current prices:
    # price_index.csv 2026 = 122,6, 2027 = 125,8, 2028 = 129,1, so the plan is moved by
    # 125,8 / 122,6 = 1,0261 in 2027 and 129,1 / 122,6 = 1,0530 in 2028 before comparing
    with connect(demo_db, read_only=True) as con:
        rows = con.execute(
            "SELECT year, planned_net_dkk, planned_net_current_dkk, price_factor, base_year, "
            "harvested_dkk + reinvested_dkk + capacity_dkk + not_realised_dkk, unaccounted_dkk, "
            "planned_version FROM realisation_plan WHERE case_id = ? AND "
            "unit_id = 'anbringelse-doegn-aar' AND year IN (2027, 2028) ORDER BY year",
            [CASE],
        ).fetchall()
    assert [r[0] for r in rows] == [2027, 2028]
    factors = {2027: 125.8 / 122.6, 2028: 129.1 / 122.6}
    for year, planned, current, factor, base_year, reported, unaccounted, version in rows:
        assert base_year == 2026 and factor == pytest.approx(factors[year])
        assert current == pytest.approx(float(planned) * factors[year])
        assert float(reported) == pytest.approx(current)
        assert float(unaccounted) == pytest.approx(0, abs=0.01)
        assert version == 1


def test_view_functions_as_plain_functions():
    from dashboards.views.realisation import by_year, line_status, overlap_warning
    from gevinst.domain.overlap import find_overlaps

    plan = pl.DataFrame(
        {
            "year": [2027, 2027],
            "planned_net_dkk": [-100.0, 50.0],
            "planned_net_current_dkk": [-102.6, 51.3],
            "harvested_dkk": [-60.0, 0.0],
            "reinvested_dkk": [0.0, 0.0],
            "capacity_dkk": [-10.0, 0.0],
            "not_realised_dkk": [-30.0, 0.0],
            "realised_dkk": [-70.0, 0.0],
        }
    )
    payers = pl.DataFrame(
        {
            "year": [2027, 2027, 2028],
            "payer_kind": ["municipality", "state", "municipality"],
            "planned_dkk": [-50.0, -20.0, -10.0],
        }
    )
    frame = by_year(plan, payers)
    assert frame["year"].to_list() == [2027, 2028]
    assert frame["municipality"].to_list() == [-50.0, -10.0]
    assert frame["region"].to_list() == [0.0, 0.0]
    assert frame["harvested_dkk"].to_list() == [-60.0, 0.0]
    assert frame["planned_net_current_dkk"].to_list() == pytest.approx([-51.3, 0.0])
    assert line_status(plan.row(0, named=True)) == "harvested, not-realised, capacity"
    assert line_status(plan.row(1, named=True)) == "pending"
    empty = find_overlaps(
        pl.DataFrame(
            schema={
                "case_id": pl.String,
                "unit_id": pl.String,
                "municipality_code": pl.Int32,
                "year": pl.Int32,
                "claimed_dkk": pl.Float64,
            }
        )
    )
    assert overlap_warning(empty, "a", "da") is None
