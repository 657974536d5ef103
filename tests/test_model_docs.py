"""The database is a documented interface: every public view and column says what it is."""

from __future__ import annotations

import duckdb
import pytest

from gevinst.store import build_model, public_views
from gevinst.store.model import model_files

DESIGNED = {
    "case_flows",
    "case_summary",
    "case_department_summary",
    "cases",
    "municipalities",
    "accounts",
    "units",
}


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    build_model(connection)
    yield connection
    connection.close()


def test_the_designed_views_exist(con):
    assert set(public_views(con)) >= DESIGNED


def test_every_public_view_and_column_is_documented(con):
    missing = []
    for view in public_views(con):
        comment = con.execute(
            "SELECT comment FROM duckdb_views() WHERE view_name = ?", [view]
        ).fetchone()
        if not comment or not comment[0]:
            missing.append(view)
        for column, text in con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [view]
        ).fetchall():
            if not text:
                missing.append(f"{view}.{column}")
    assert missing == []


def test_case_flows_columns_are_the_contract(con):
    columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'case_flows' "
            "ORDER BY column_index"
        ).fetchall()
    ]
    assert columns == [
        "case_id",
        "scenario",
        "estimate",
        "year",
        "payer_kind",
        "payer_code",
        "department",
        "account",
        "budget_frame",
        "flow",
        "amount_dkk",
        "unit_id",
        "effect_no",
        "rule",
        "source",
        "evaluated_at",
    ]


def test_every_model_file_starts_with_a_grain_comment():
    for path in model_files():
        assert path.read_text(encoding="utf-8").lstrip().startswith("--"), path.name


def test_rebuilding_the_model_keeps_data(con):
    con.execute(
        "INSERT INTO ref_municipalities VALUES (101, 'København', 1084, "
        "'Region Hovedstaden', 1, 'Hovedstadskommuner')"
    )
    build_model(con)
    assert con.execute("SELECT count(*) FROM municipalities").fetchone() == (1,)
