"""`gevinst import --kind benefit-weeks`: every bad cell named, CPR numbers never echoed, one
transaction, idempotent, lineage kept; csv, parquet and xlsx read the same."""

from __future__ import annotations

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from gevinst.cli import main

HEADER = "person_id;week_start;benefit;amount_dkk\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(path, body: str, header: str = HEADER):
    path.write_text(header + body, encoding="utf-8")
    return path


def rows(db, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def imp(path, db, *extra: str):
    return run(
        "import",
        str(path),
        "--kind",
        "benefit-weeks",
        "--municipality",
        "169",
        "--db",
        str(db),
        *extra,
    )


def test_a_csv_is_imported_with_lineage(tmp_path):
    db = tmp_path / "g.duckdb"
    src = write(
        tmp_path / "w.csv",
        "a1;2026-01-05;kontanthjaelp;3.000,00\na1;2026-W03;kontanthjaelp;3000.5\n",
    )
    result = imp(src, db)
    assert result.exit_code == 0, result.output
    assert "import 1" in result.output
    assert rows(
        db,
        "SELECT person_id, week_start::VARCHAR, counter_week, gross_dkk, import_id, "
        "source_row FROM benefit_weeks ORDER BY week_start",
    ) == [("a1", "2026-01-05", 1, 3000, 1, 2), ("a1", "2026-01-12", 2, 3000.5, 1, 3)]
    assert rows(db, "SELECT kind, rows, file_name FROM import_log") == [
        ("benefit-weeks", 2, "w.csv")
    ]


def test_the_same_file_again_is_a_noop(tmp_path):
    db = tmp_path / "g.duckdb"
    src = write(tmp_path / "w.csv", "a1;2026-01-05;kontanthjaelp;3000\n")
    assert imp(src, db).exit_code == 0
    again = imp(src, db)
    assert again.exit_code == 0 and "import 1" in again.output
    assert rows(db, "SELECT count(*) FROM import_log") == [(1,)]


def test_cpr_numbers_are_rejected_and_masked(tmp_path):
    db = tmp_path / "g.duckdb"
    src = write(
        tmp_path / "w.csv",
        "010190-1234;2026-01-05;kontanthjaelp;3000\n"
        "0101901234;2026-01-05;dagpenge;3000\n"
        "x-3112851234-y;2026-01-05;dagpenge;3000\n"
        "9999991234;2026-01-05;dagpenge;3000\n",
    )  # no valid date
    result = imp(src, db)
    assert result.exit_code == 2
    errors = result.stderr if hasattr(result, "stderr") else result.output
    assert "A2:" in errors and "A3:" in errors and "A4:" in errors and "A5:" not in errors
    assert "1234" not in errors and "010190" not in errors and "3112851234" not in errors
    assert not db.exists()


def test_every_bad_cell_is_named_and_nothing_written(tmp_path):
    db = tmp_path / "g.duckdb"
    good = write(tmp_path / "ok.csv", "a1;2026-01-05;kontanthjaelp;3000\n")
    assert imp(good, db).exit_code == 0
    bad = write(
        tmp_path / "bad.csv",
        "a2;2026-01-06;kontanthjaelp;3000\n"  # a Tuesday
        "a2;2026-W54;kontanthjaelp;3000\n"
        "a2;2026-01-19;kontanthjælp;3000\n"
        "a2;2026-01-26;dagpenge;tre\n"
        "a2;2026-02-02;dagpenge;-5\n",
    )
    result = imp(bad, db, "--lang", "en")
    assert result.exit_code == 2
    text = result.output
    for cell in ("B2:", "B3:", "C4:", "D5:", "D6:"):
        assert cell in text
    assert "not a Monday" in text and "tirsdag" not in text
    assert rows(db, "SELECT count(*) FROM raw_benefit_weeks") == [(1,)]


def test_a_person_week_imported_twice_is_rejected(tmp_path):
    db = tmp_path / "g.duckdb"
    assert imp(write(tmp_path / "a.csv", "a1;2026-01-05;kontanthjaelp;3000\n"), db).exit_code == 0
    twice = write(
        tmp_path / "b.csv",
        "a1;2026-01-05;dagpenge;3000\n"
        "a2;2026-01-05;dagpenge;3000\n"
        "a2;2026-01-05;kontanthjaelp;3000\n",
    )
    result = imp(twice, db)
    assert result.exit_code == 2
    out = result.output
    assert "A2:" in out and "import 1 (a.csv)" in out
    assert ("A3:" in out and "række 4" in out) or ("A4:" in out and "række 3" in out)
    assert rows(db, "SELECT count(*) FROM import_log") == [(1,)]


def test_dry_run_writes_nothing_and_creates_nothing(tmp_path):
    db = tmp_path / "g.duckdb"
    result = imp(write(tmp_path / "a.csv", "a1;2026-01-05;kontanthjaelp;3000\n"), db, "--dry-run")
    assert result.exit_code == 0 and "import 1" in result.output
    assert not db.exists()


def test_parquet_and_xlsx_read_like_csv(tmp_path):
    db = tmp_path / "g.duckdb"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT 'q1' AS person_id, "
        f"DATE '2026-01-05' + CAST(7 * i AS INTEGER) AS week_start, "
        f"'sygedagpenge' AS benefit, 2500.25 AS amount_dkk FROM range(3) t(i)) "
        f"TO '{tmp_path / 'w.parquet'}' (FORMAT parquet)"
    )
    con.close()
    assert imp(tmp_path / "w.parquet", db).exit_code == 0
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["person_id", "week_start", "benefit", "amount_dkk", "counter_week_at_start"])
    ws.append(["x1", "2026-W10", "kontanthjaelp", 3000, 27])
    ws.append(["x1", "2026-03-09", "kontanthjaelp", "3.000,00", None])
    wb.save(tmp_path / "w.xlsx")
    result = imp(tmp_path / "w.xlsx", db)
    assert result.exit_code == 0, result.output
    assert rows(
        db,
        "SELECT person_id, counter_week, source_row FROM benefit_weeks "
        "ORDER BY person_id, week_start",
    ) == [("q1", 1, 1), ("q1", 2, 2), ("q1", 3, 3), ("x1", 27, 2), ("x1", 28, 3)]


@pytest.mark.parametrize("week", ["2026-01-05", "2026-W02", "2026W02", "05-01-2026", "2026-W1"])
def test_week_start_forms(tmp_path, week):
    db = tmp_path / "g.duckdb"
    assert imp(write(tmp_path / "a.csv", f"a1;{week};kontanthjaelp;3000\n"), db).exit_code == 0
    assert rows(db, "SELECT isodow(week_start) FROM benefit_weeks") == [(1,)]
