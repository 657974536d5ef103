"""The demo's benefit weeks: pseudonymised person weeks for the IPS case (København 101)
imported through the real import, both cohort groups defined and linked to the case, every
row conserving its gross amount, the § 6 restart met by a few persons, and the comparison
recovering the direction of the effect built into the generator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gevinst import demo_benefit_weeks as weeks
from gevinst.services.cohorts import load_comparison
from gevinst.store import connect
from gevinst.store.reader import Database


@pytest.fixture(scope="module")
def db(demo_db: Path) -> Path:
    return demo_db


def test_the_generator_is_deterministic_and_pseudonymised() -> None:
    first, again = weeks.generate(), weeks.generate()
    assert first == again
    assert sum(p.group == "target" for p in first) == weeks.TARGET_PERSONS
    assert sum(p.group == "comparison" for p in first) == weeks.COMPARISON_PERSONS
    assert all(re.fullmatch(r"P\d{6}", p.person_id) for p in first)
    frame = weeks.weeks_frame(first)
    assert frame["week_start"].dt.weekday().unique().to_list() == [1]  # Mondays
    assert frame["week_start"].min().year == 2024 and frame["week_start"].max().year == 2027
    assert set(frame["benefit"].unique()) == {
        "kontanthjaelp",
        "uddannelseshjaelp",
        "sygedagpenge",
        "anden-offentlig-forsoergelse",
    }


def test_the_demo_imports_weeks_for_both_groups_through_the_real_import(db: Path) -> None:
    with connect(db, read_only=True) as con:
        log = con.execute(
            "SELECT municipality_code, file_name, imported_by, rows "
            "FROM import_log WHERE kind = 'benefit-weeks'"
        ).fetchall()
        assert log == [(101, weeks.FILE_NAME, "demo", weeks.weeks_frame(weeks.generate()).height)]
        groups = con.execute(
            "SELECT m.group_name, count(DISTINCT m.person_id), count(DISTINCT w.person_id) "
            "FROM cohort_members AS m LEFT JOIN benefit_weeks AS w "
            "ON w.municipality_code = m.municipality_code AND w.person_id = m.person_id "
            "WHERE m.cohort_id = ? GROUP BY 1 ORDER BY 1",
            [weeks.COHORT_ID],
        ).fetchall()
        assert groups == [("comparison", 240, 240), ("target", 120, 120)]
        unbalanced = con.execute(
            "SELECT count(*) FROM benefit_weeks WHERE state_dkk + municipal_dkk <> gross_dkk"
        ).fetchone()
        assert unbalanced == (0,)
        linked = con.execute(
            "SELECT count(*) FROM case_target_persons AS t JOIN cohort_members AS m "
            "ON m.person_id = t.person_id AND m.group_name = 'target' "
            "WHERE t.case_id = ?",
            [weeks.CASE_ID],
        ).fetchone()
        assert linked == (weeks.TARGET_PERSONS,)
        restarted = con.execute(
            "SELECT count(*) FROM (SELECT person_id FROM benefit_weeks WHERE counter_week = 1 "
            "GROUP BY person_id HAVING count(*) > 1)"
        ).fetchone()
        assert restarted is not None and restarted[0] >= 5
        other = con.execute(
            "SELECT count(*), sum(gross_dkk) FROM benefit_weeks "
            "WHERE benefit = 'anden-offentlig-forsoergelse'"
        ).fetchone()
        assert other is not None and other[0] > 0 and other[1] == 0


def test_the_comparison_recovers_the_built_in_effect(db: Path) -> None:
    database = Database(db, read_only=True)
    try:
        result = load_comparison(database.query, weeks.COHORT_ID)
    finally:
        database.close()
    rows = {r["year"]: r for r in result.table.iter_rows(named=True)}
    assert set(rows) == {2024, 2025, 2026, 2027} and not result.table["suppressed"].any()
    # before enrolment (2024) the groups look alike; after it the target group leaves earlier
    assert abs(rows[2024]["weeks_on_benefit_difference"]) < 2
    for year in (2026, 2027):
        assert rows[year]["weeks_on_benefit_difference"] < -2
        assert rows[year]["municipal_dkk_difference"] < 0
        assert rows[year]["state_dkk_difference"] < 0
        assert rows[year]["municipal_dkk_difference"] + rows[year][
            "state_dkk_difference"
        ] == pytest.approx(rows[year]["gross_dkk_difference"])
    assert rows[2027]["weeks_on_benefit_target"] < 0.6 * rows[2027]["weeks_on_benefit_comparison"]
    assert result.totals()["municipality_dkk"] < 0


def test_the_demo_step_does_not_change_the_cases(db: Path) -> None:
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM case_unit_overlaps").fetchone() == (0,)
        versions = con.execute(
            "SELECT count(*) FROM case_versions WHERE case_id = ?", [weeks.CASE_ID]
        ).fetchone()
        assert versions == (1,)
