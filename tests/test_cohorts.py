"""Cohorts: a known effect built into generated benefit weeks is recovered, split by payer,
and groups of fewer than 5 persons are never shown."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import polars as pl
import pytest

from gevinst.domain import cohorts
from gevinst.store import build_model
from gevinst.store.benefit_weeks import (
    cohort_frames,
    define_cohort,
    materialise,
    write_rule_steps,
)
from tests.test_benefit_weeks_rule import STORED_WEEKS

START = dt.date(2025, 1, 6)  # a Monday; every spell starts here at count week 1


@pytest.fixture
def con(ref):
    connection = duckdb.connect()
    build_model(connection)
    write_rule_steps(connection, ref)
    yield connection
    connection.close()


def generate(con, persons: int = 120, effect_weeks: int = 10, seed: int = 7) -> None:
    """Comparison persons get 35–45 weeks of kontanthjælp in 2025, target persons 10 fewer."""
    rng = random.Random(seed)
    rows = []
    for i in range(persons):
        group = "t" if i % 2 == 0 else "c"
        weeks = rng.randint(35, 45) - (effect_weeks if group == "t" else 0)
        for w in range(weeks):
            rows.append(
                (
                    1,
                    len(rows) + 2,
                    169,
                    f"{group}{i:04d}",
                    START + dt.timedelta(weeks=w),
                    "kontanthjaelp",
                    3_000.0,
                    None,
                )
            )
    con.executemany(STORED_WEEKS, rows)
    materialise(con, [169])


def ids_file(tmp_path, prefix: str, con) -> object:
    path = tmp_path / f"{prefix}.csv"
    ids = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT person_id FROM benefit_weeks WHERE person_id LIKE ?", [prefix + "%"]
        ).fetchall()
    ]
    path.write_text("person_id\n" + "\n".join(ids) + "\n", encoding="utf-8")
    return path


def test_a_known_effect_is_recovered_by_payer(con, tmp_path):
    generate(con)
    assert define_cohort(con, "ips", "target", 169, ids_file=ids_file(tmp_path, "t", con)) == 60
    assert define_cohort(con, "ips", "comparison", 169, ids_file=ids_file(tmp_path, "c", con)) == 60
    members, quarters = cohort_frames(con, "ips")
    result = cohorts.compare(members, quarters, [(2025, q) for q in range(1, 5)])
    row = result.row(0, named=True)
    assert row["persons_target"] == row["persons_comparison"] == 60
    assert row["weeks_on_benefit_difference"] == pytest.approx(-10, abs=1.0)
    # weeks 26–35 of a spell from count week 1 are at 40 %/30 % refusion: about 3.000 × 10 ×
    # 0,65 kr. per person of the gain is the municipality's, the rest the state's
    assert row["gross_dkk_difference"] == pytest.approx(-30_000, rel=0.1)
    assert row["municipal_dkk_difference"] + row["state_dkk_difference"] == pytest.approx(
        row["gross_dkk_difference"]
    )
    assert row["municipal_dkk_difference"] == pytest.approx(-20_000, rel=0.15)
    split = cohorts.attributed_difference(result)
    assert split["municipality_dkk"][0] == pytest.approx(row["municipal_dkk_difference"] * 60)


def test_quarters_and_members_without_weeks(con, tmp_path):
    generate(con, persons=20)
    define_cohort(con, "q", "target", 169, ids_file=ids_file(tmp_path, "t", con))
    define_cohort(
        con,
        "q",
        "comparison",
        169,
        benefit="kontanthjaelp",
        first_week_from=START,
        first_week_to=START,
    )
    members, quarters = cohort_frames(con, "q")
    result = cohorts.compare(
        members, quarters, [(2025, q) for q in range(1, 5)] + [(2026, 1)], period="quarter"
    )
    assert result.height == 5
    # nobody has weeks in 2026 Q1: zero weeks, not missing persons
    last = result.row(4, named=True)
    assert last["persons_comparison"] == 20 and last["weeks_on_benefit_difference"] == 0


def test_groups_under_five_persons_are_suppressed():
    members = pl.DataFrame(
        {
            "group_name": ["target"] * 4 + ["comparison"] * 6,
            "person_id": [f"p{i}" for i in range(10)],
        }
    )
    quarters = pl.DataFrame(
        {
            "group_name": ["target"],
            "person_id": ["p0"],
            "year": [2025],
            "quarter": [1],
            "weeks_on_benefit": [3],
            "gross_dkk": [9000.0],
            "state_dkk": [7200.0],
            "municipal_dkk": [1800.0],
        }
    )
    result = cohorts.compare(members, quarters, [(2025, 1)])
    row = result.row(0, named=True)
    assert row["suppressed"] and row["weeks_on_benefit_target"] is None
    assert row["municipal_dkk_difference"] is None


def test_every_result_carries_the_note():
    assert "randomiseret" in cohorts.note("da") and "not a randomised control" in cohorts.note("en")
