"""The demo's budgets and accounts: generated, written as workbooks in real export shapes and
imported through the real pipeline, so budget_lines reproduce the generator's totals."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gevinst.demo_budget import INHABITANTS, generate, totals
from gevinst.reference import Reference


@pytest.fixture(scope="module")
def con(demo_db: Path):  # type: ignore[no-untyped-def]
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        yield connection


def test_demo_has_budget_lines_for_every_demo_municipality(con) -> None:  # type: ignore[no-untyped-def]
    found = {
        r[0] for r in con.execute("SELECT DISTINCT municipality_code FROM budget_lines").fetchall()
    }
    assert {101, 151, 169, 657} <= found


def test_totals_per_year_match_the_generator(con, ref: Reference) -> None:  # type: ignore[no-untyped-def]
    expected = totals(generate(ref))
    rows = con.execute(
        "SELECT municipality_code, year, budget_kind, sum(amount_dkk) "
        "FROM budget_lines WHERE municipality_code IN (101, 151, 169, 657) "
        "GROUP BY ALL"
    ).fetchall()
    assert {(m, y, k): int(total) for m, y, k, total in rows} == expected
    assert {k for _, _, k in expected} == {"KB", "B", "BO", "R"}


def test_import_log_has_the_demo_imports(con) -> None:  # type: ignore[no-untyped-def]
    rows = con.execute(
        "SELECT municipality_code, kind, imported_by, shape, unit FROM import_log "
        "WHERE kind IN ('budget', 'accounts')"
    ).fetchall()
    assert {(m, k) for m, k, *_ in rows} == {
        (m, k) for m in INHABITANTS for k in ("budget", "accounts")
    }
    assert {by for _, _, by, _, _ in rows} == {"demo"}
    shapes = " ".join(s for *_, s, _ in rows)
    units = " ".join(u for *_, u in rows)
    assert "wide" in shapes and "long" in shapes and "Børne- og Familieudvalget:" in shapes
    assert "1.000 kr." in units


def test_every_line_is_traceable_to_its_file_sheet_and_row(con) -> None:  # type: ignore[no-untyped-def]
    missing = con.execute(
        "SELECT count(*) FROM budget_lines WHERE source_file IS NULL "
        "OR source_row IS NULL OR import_id IS NULL"
    ).fetchone()[0]
    assert missing == 0


def test_generator_is_deterministic(ref: Reference) -> None:
    assert generate(ref) == generate(ref)
