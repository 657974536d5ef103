"""`gevinst cohort define|compare|list` on a copy of the demo database: the IPS case's target
group against its comparison group per year and quarter, as a table and as csv, the
difference by payer, groups under 5 persons shown as `<5`, the note in Danish and English,
and rejected input (CPR-like ids, a bad filter) written nowhere."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.store import connect

IPS = "ips-mentor-beskaeftigelse"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, copy)
    return copy


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["cohort", *args])


def members(db: Path) -> int:
    with connect(db, read_only=True) as con:
        row = con.execute("SELECT count(*) FROM cohort_members").fetchone()
    return int(row[0]) if row else 0


def test_compare_the_demo_case_by_year(db: Path) -> None:
    result = run("compare", "--target", IPS, "--db", str(db))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ikke en randomiseret kontrolgruppe" in out
    assert "120 personer" in out and "240 personer" in out
    lines = [line for line in out.splitlines() if line[:4] in ("2024", "2025", "2026", "2027")]
    assert len(lines) == 4
    assert "Forskel kommunen" in out and "Forskel staten" in out
    assert "Forskellen for målgruppens 120 personer" in out and "kommunen -" in out


def test_compare_by_quarter_as_csv_in_english(db: Path) -> None:
    result = run(
        "compare",
        "--target",
        IPS,
        "--comparison",
        IPS,
        "--by",
        "quarter",
        "--municipality",
        "101",
        "--format",
        "csv",
        "--lang",
        "en",
        "--db",
        str(db),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 16 and rows[0]["year"] == "2024" and rows[0]["quarter"] == "1"
    assert "not a randomised control" in result.stderr
    late = [r for r in rows if r["year"] == "2027"]
    assert sum(float(r["weeks_on_benefit_difference"]) for r in late) < 0
    for r in rows:
        assert float(r["municipal_dkk_difference"]) + float(
            r["state_dkk_difference"]
        ) == pytest.approx(float(r["gross_dkk_difference"]), abs=0.02)
        assert float(r["municipality_total_dkk"]) == pytest.approx(
            float(r["municipal_dkk_difference"]) * 120, abs=1.0
        )


def test_define_from_ids_and_a_filter_then_compare_two_cohorts(db: Path, tmp_path: Path) -> None:
    ids = tmp_path / "lille.csv"
    ids.write_text("person_id\nP000001\nP000002\nP000003\n", encoding="utf-8")
    small = run("define", "lille", "--ids", str(ids), "--municipality", "101", "--db", str(db))
    assert small.exit_code == 0, small.output
    assert "3 personer" in small.stdout and "under 5 personer" in small.stdout
    wide = run(
        "define",
        "syge",
        "--filter",
        "benefit=sygedagpenge,from=2025-07-01",
        "--municipality",
        "101",
        "--db",
        str(db),
    )
    assert wide.exit_code == 0, wide.output
    compared = run("compare", "--target", "lille", "--comparison", "syge", "--db", str(db))
    assert compared.exit_code == 0, compared.output
    assert "<5 personer" in compared.stdout
    body = [line for line in compared.stdout.splitlines() if line.startswith("20")]
    assert body and all(line.split()[1] == "<5" and line.split()[-1] == "<5" for line in body)
    assert "Forskellen for målgruppens" not in compared.stdout  # no totals of a small group
    listed = run("list", "--municipality", "101", "--db", str(db))
    assert "lille: målgruppe, <5 personer" in listed.stdout and "syge" in listed.stdout
    english = run(
        "compare", "--target", "syge", "--comparison", IPS, "--lang", "en", "--db", str(db)
    )
    assert english.exit_code == 0 and "not a randomised control" in english.stdout


def test_rejected_input_writes_nothing(db: Path, tmp_path: Path) -> None:
    before = members(db)
    cpr = tmp_path / "cpr.csv"
    cpr.write_text("person_id\nP000001\n010190-1234\n", encoding="utf-8")
    result = run("define", "x", "--ids", str(cpr), "--municipality", "101", "--db", str(db))
    assert result.exit_code == 2
    assert "CPR" in result.stderr and "010190" not in result.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("person_id\nP\u00e6\u00f81\n".encode("latin-1"))
    unreadable = run("define", "x", "--ids", str(latin), "--municipality", "101", "--db", str(db))
    assert unreadable.exit_code == 2 and "latin.csv" in unreadable.stderr
    bad = run(
        "define",
        "x",
        "--filter",
        "benefit=foo,fra=2024-01-01,to=2024-13-01",
        "--municipality",
        "101",
        "--db",
        str(db),
        "--lang",
        "en",
    )
    assert bad.exit_code == 2
    assert [line.split(":")[1].strip() for line in bad.stderr.splitlines()] == [
        "benefit",
        "fra",
        "to",
    ]
    both = run("define", "x", "--municipality", "101", "--db", str(db))
    assert both.exit_code == 2
    assert members(db) == before
    unknown = run("compare", "--target", "nope", "--db", str(db))
    assert unknown.exit_code == 1 and IPS in unknown.stderr
    same = run("compare", "--target", IPS, "--db", str(tmp_path / "missing.duckdb"))
    assert same.exit_code == 1
