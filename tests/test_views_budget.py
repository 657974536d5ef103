"""Budget page views as plain functions: committee tables that add up to budget_lines,
budget against accounts, and planned gains matched to the budget lines of the same account."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from dashboards import data
from dashboards.components.money import round_to_total, thousands
from dashboards.views import budget as view


@pytest.fixture(scope="module")
def db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    copy = tmp_path_factory.mktemp("budget") / "demo.duckdb"
    shutil.copy(demo_db, copy)
    database = data.open_for_app(copy)
    yield database
    data.close()


def frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=["committee", "account", "account_name", "year", "budget_kind", "amount_dkk"],
        orient="row",
    )


def test_committee_rows_sum_to_budget_lines(db) -> None:  # type: ignore[no-untyped-def]
    by_function = db.query("budget_by_function", municipality=169)
    wide = view.pivot(by_function, ["committee"])
    truth = db.sql(
        "SELECT budget_kind || year AS s, sum(amount_dkk) AS total FROM budget_lines "
        "WHERE municipality_code = 169 GROUP BY ALL"
    )
    for s, total in truth.rows():
        assert wide[s].sum() == pytest.approx(total, abs=0.01)
    # the shown table: rounded rows add up to the rounded total (1.000 kr.)
    rounded = round_to_total(wide["B2026"].to_list())
    b2026 = truth.filter(pl.col("s") == "B2026")["total"][0]
    assert sum(rounded) == round(b2026 / 1000)
    table = view.committee_table(by_function, "da")
    footer = table.children[-1].children.children
    assert footer[view.slices(by_function).index(("B", 2026)) + 1].children == thousands(
        round(b2026 / 1000)
    )


def test_columns_read_r_kb_b_bo_in_year_order() -> None:
    rows = frame(
        [
            ("U", "5.28.21", "x", y, k, 1.0)
            for k, y in (("BO", 2027), ("B", 2026), ("R", 2025), ("KB", 2025))
        ]
    )
    assert view.slices(rows) == [("R", 2025), ("KB", 2025), ("B", 2026), ("BO", 2027)]


def test_budget_vs_accounts_same_year_prefers_revised_budget() -> None:
    rows = frame(
        [
            ("Børn", "5.28.21", "x", 2025, "B", 1_000_000.0),
            ("Børn", "5.28.21", "x", 2025, "KB", 1_100_000.0),
            ("Børn", "5.28.21", "x", 2025, "R", 1_250_000.0),
            ("Ældre", "5.30.27", "y", 2025, "KB", 2_000_000.0),
            ("Ældre", "5.30.27", "y", 2025, "R", 1_900_000.0),
            ("Børn", "5.28.21", "x", 2026, "B", 1_300_000.0),
        ]
    )
    result, budget, accounts, same = view.budget_vs_accounts(rows)
    assert (budget, accounts, same) == (("KB", 2025), ("R", 2025), True)
    assert dict(zip(result["committee"], result["difference_dkk"], strict=True)) == {
        "Børn": 150_000.0,
        "Ældre": -100_000.0,
    }


def test_budget_vs_accounts_without_a_common_year_takes_the_latest_of_each() -> None:
    rows = frame(
        [
            ("Børn", "5.28.21", "x", 2026, "B", 1_300_000.0),
            ("Børn", "5.28.21", "x", 2027, "BO", 1_400_000.0),
            ("Børn", "5.28.21", "x", 2024, "R", 1_200_000.0),
            ("Børn", "5.28.21", "x", 2025, "R", 1_250_000.0),
        ]
    )
    result, budget, accounts, same = view.budget_vs_accounts(rows)
    assert (budget, accounts, same) == (("B", 2026), ("R", 2025), False)
    assert result["difference_dkk"].to_list() == [-50_000.0]
    section = view.comparison_section(rows, "en")
    assert "latest budget B2026" in section[1].children


def test_no_accounts_says_so() -> None:
    rows = frame([("Børn", "5.28.21", "x", 2026, "B", 1.0)])
    assert view.budget_vs_accounts(rows)[1] is None
    assert "missing" in view.comparison_section(rows, "en")[1].children


def test_gains_are_matched_to_the_budget_line_of_their_account_and_year() -> None:
    gains = pl.DataFrame(
        {
            "case_id": ["c", "c", "c"],
            "case_name": ["C"] * 3,
            "account": ["5.28.21", "5.28.22", "5.28.21"],
            "account_name": ["a", "b", "a"],
            "year": [2026, 2026, 2031],
            "amount_dkk": [-100_000.0, -50_000.0, -10.0],
        }
    )
    budget = frame(
        [
            ("Børn", "5.28.21", "a", 2026, "B", 2_000_000.0),
            ("Børn", "5.28.21", "a", 2026, "KB", 9_999_999.0),  # B wins over KB in the same year
            ("Børn", "5.28.22", "b", 2026, "B", 500_000.0),
            ("Børn", "5.28.22", "b", 2027, "BO", 400_000.0),
        ]
    )
    matched = view.gains_against_budget(gains, budget)
    got = {
        (r["account"], r["year"]): (r["budget_kind"], r["budget_dkk"], r["share"])
        for r in matched.iter_rows(named=True)
    }
    assert got[("5.28.21", 2026)] == ("B", 2_000_000.0, pytest.approx(0.05))
    assert got[("5.28.22", 2026)] == ("B", 500_000.0, pytest.approx(0.10))
    assert got[("5.28.21", 2031)] == (None, None, None)  # no budget that year


def test_demo_case_gains_sit_on_the_operating_lines_of_the_same_account(db) -> None:  # type: ignore[no-untyped-def]
    gains = db.query("budget_case_gains", municipality=169, adopted_only=False)
    assert set(gains["case_id"]) == {"tidlig-familieindsats"}
    by_function = db.query("budget_by_function", municipality=169)
    matched = view.gains_against_budget(
        gains, by_function, db.query("budget_operations", municipality=169)
    )
    row = matched.filter((pl.col("account") == "5.28.21") & (pl.col("year") == 2028)).row(
        0, named=True
    )
    truth = db.sql(
        "SELECT sum(amount_dkk) FROM budget_lines WHERE municipality_code = 169 "
        "AND account = '5.28.21' AND year = 2028 AND dranst = 1"
    ).item()
    assert row["budget_kind"] == "BO"
    assert row["budget_dkk"] == pytest.approx(truth)
    assert row["share"] == pytest.approx(-row["gain_dkk"] / truth)


def test_trace_parsing_accepts_only_accounts() -> None:
    assert view.parse_trace("fn:5.28.21") == "5.28.21"
    assert view.parse_trace("gain-x-2027:5.57.73") == "5.57.73"
    for bad in (None, 3, "fn:DROP TABLE", "5.28.21", {"a": 1}):
        assert view.parse_trace(bad) is None


def test_body_and_trace_render_from_the_demo_database(db) -> None:  # type: ignore[no-untyped-def]
    body = view.budget_body(169, "en")
    ids = {getattr(part, "id", None) for part in body}
    assert {
        "budget-committee-table",
        "budget-chart",
        "budget-vs-table",
        "budget-function-table",
    } <= ids
    trace = view.trace_body(169, "5.28.21", "da")
    rows = db.query("budget_source_lines", municipality=169, account="5.28.21")
    assert rows.height == len(trace[1].children[2].children)
    assert set(rows["source_file"]) == {"htk-budget-pr-udvalg.xlsx", "htk-regnskab-pr-udvalg.xlsx"}
    assert rows["source_row"].min() >= 1 and rows["source_sheet"].null_count() == 0


def test_a_refusal_names_the_role_in_the_readers_words() -> None:
    from dashboards import auth

    refusal = auth.Refused("auth.reason.role", role="politician")
    assert refusal.message("da") == "Afvist: din rolle (politiker) giver ikke adgang til dette"
    assert "(politician)" in refusal.message("en")
    assert auth.refusal_view(refusal, "da").className == "auth-refused"
