"""The use cases called directly, as the CLI and the dashboards call them: no click, no Dash.

Each service takes validated inputs and a database path (or an open connection) and returns
plain results; these tests hold them to the figures the database and the engine give.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

from gevinst.cases.evaluation import load_cases
from gevinst.cases.schema import Triple
from gevinst.demo import demo_case_files
from gevinst.demo_realisation import DEMO_CASE
from gevinst.domain.evaluate import evaluate
from gevinst.errors import GevinstError, InputRejected
from gevinst.reference import Reference
from gevinst.services import backup, case_evaluation, cohorts, gain_share, history, publish, whatif
from gevinst.store import connect

IPS = "ips-mentor-beskaeftigelse"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, copy)
    return copy


def _realised(db: Path, case_id: str) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT year, CAST(amount_dkk AS DOUBLE), status FROM realised_gains "
            "WHERE case_id = ? ORDER BY year",
            [case_id],
        ).fetchall()


# --- what-if -----------------------------------------------------------------------------------


def test_numbers_are_read_as_people_type_them() -> None:
    assert whatif.parse_number("-0,05") == -0.05
    assert whatif.parse_number("\u22120.05") == -0.05
    assert whatif.parse_number("1.234,5") == 1234.5
    assert whatif.parse_number(" 20 % ") == 20
    assert whatif.parse_number(3) == 3.0
    for bad in ("abc", "", "1e400", "nan", True, None, [1], {"x": 1}, "1,2,3"):
        assert whatif.parse_number(bad) is None


def test_a_shifted_triple_keeps_its_spread_within_bounds() -> None:
    triple = Triple(low=0.40, central=0.30, high=0.20)
    assert whatif.shifted(triple, 0.10, 0.0, 1.0) == Triple(low=0.20, central=0.10, high=0.0)
    assert whatif.shifted(triple, 0.95, 0.0, 1.0) == Triple(low=1.0, central=0.95, high=0.85)
    assert whatif.shifted(0.2, 0.5) == 0.5


def _tidlig(ref: Reference):  # type: ignore[no-untyped-def]
    path = next(p for p in demo_case_files() if p.stem == "tidlig-familieindsats")
    return load_cases([path], ref)[0].case


def test_what_if_inputs_are_checked_and_every_problem_named_in_the_users_language(
    ref: Reference,
) -> None:
    case = _tidlig(ref)
    parsed, problems = whatif.parse_whatif(case, {1: "mange"}, {1: "120"}, "-1", "x", "da")
    assert parsed is None and len(problems) == 4
    assert "»mange« er ikke et tal" in problems[0]
    assert "skal ligge mellem 0 og 100" in problems[1]
    _, english = whatif.parse_whatif(case, {1: "many"}, {}, "", "", "en")
    assert english == [english[0]] and "“many” is not a number" in english[0]
    parsed, problems = whatif.parse_whatif(case, {1: "-0,12"}, {1: "25"}, "2", "3,5", "da")
    assert problems == []
    assert parsed == whatif.WhatIf({1: -0.12}, {1: 0.25}, 2.0, 0.035)


def test_an_unchanged_what_if_is_the_engines_own_figure_and_persons_scale(ref: Reference) -> None:
    case = _tidlig(ref)
    engine = evaluate(case, ref, estimate="central", draws=0)
    home = engine.summary.filter(
        (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == case.municipality)
    )
    same = whatif.recompute(case, whatif.WhatIf(), ref, "central", float(home["npv_dkk"][0]))
    assert same.delta_dkk == pytest.approx(0.0, abs=0.005)
    doubled = whatif.apply_whatif(case, whatif.WhatIf(persons_factor=2.0))
    assert doubled.target_group.persons == [2 * p for p in case.target_group.persons]
    assert (
        whatif.apply_whatif(case, whatif.WhatIf(discount_rate=0.04)).assumptions.discount_rate
        == 0.04
    )


# --- cohorts -----------------------------------------------------------------------------------


def test_a_cohort_filter_names_every_bad_part() -> None:
    chosen = cohorts.parse_filter("benefit=Kontanthjaelp,from=2024-01-01", ["kontanthjaelp"])
    assert chosen == cohorts.CohortFilter("kontanthjaelp", dt.date(2024, 1, 1))
    with pytest.raises(InputRejected) as caught:
        cohorts.parse_filter("benefit=x,from=jan,colour=red,alone", ["kontanthjaelp"], "en")
    assert len(caught.value.problems) == 4


def test_years_are_read_as_ranges_and_lists() -> None:
    assert cohorts.parse_years("2026-2028,2027,2030") == [2026, 2027, 2028, 2030]
    with pytest.raises(InputRejected):
        cohorts.parse_years("2028-2026")


def test_an_id_file_with_a_cpr_number_is_refused_before_anything_is_written(
    db: Path, tmp_path: Path
) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text("person_id\nP1\n010190-1234\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        cohorts.define(db, "ny", "target", 101, ids_file=ids)
    assert "XXXXXX-XXXX" in caught.value.problems[0].message
    assert cohorts.list_cohorts(db).filter(pl.col("cohort_id") == "ny").is_empty()


def test_define_then_compare_on_the_demo_weeks(db: Path, tmp_path: Path) -> None:
    members = cohorts.list_cohorts(db, 101)
    assert set(members["cohort_id"]) == {IPS}
    defined = cohorts.define(
        db, "kontant-2024", "target", 101, chosen=cohorts.CohortFilter(None, None, None)
    )
    assert defined.size == defined.with_weeks > 0
    result = cohorts.compare(db, IPS, municipality=101)
    assert result.persons_target >= 5 and result.persons_comparison >= 5
    totals = result.totals()
    assert totals["gross_dkk"] == pytest.approx(totals["municipality_dkk"] + totals["state_dkk"])
    with pytest.raises(GevinstError, match="ingen målgruppe"):
        cohorts.compare(db, "findes-ikke")


def test_realise_writes_the_cohort_difference_through_the_realisation_import(db: Path) -> None:
    request = cohorts.RealiseRequest(IPS, IPS)
    dry = cohorts.realise(db, request, "test", dry_run=True)
    assert not dry.outcome.written and _realised(db, IPS) == []
    done = cohorts.realise(db, request, "test")
    written = _realised(db, IPS)
    assert done.outcome.written and len(written) == len(done.lines.realised) > 0
    assert [(y, round(a, 2)) for y, a, _ in written] == [
        (r.year, round(r.amount_dkk, 2)) for r in done.lines.realised
    ]
    assert {s for _, _, s in written} == {"capacity"}
    assert done.lines.unit_source == "unit" and done.lines.account_source == "account"
    again = cohorts.realise(db, request, "test")  # the same lines: nothing written twice
    assert not again.outcome.written and again.outcome.already
    assert _realised(db, IPS) == written


def test_realise_refuses_a_cohort_that_does_not_follow_the_case(db: Path) -> None:
    with pytest.raises(InputRejected, match="følger ikke casen"):
        cohorts.realise(db, cohorts.RealiseRequest(IPS, DEMO_CASE), "test")


# --- history, gain share -----------------------------------------------------------------------


def test_the_adopted_demo_case_explains_its_change_by_cause(demo_db: Path) -> None:
    found = history.case_history(demo_db, DEMO_CASE)
    assert [v.version for v in found.versions] == [1, 2]
    comparison = found.comparison
    assert comparison is not None and comparison.decision.version == 1
    explanation = comparison.explanation
    for payer in explanation.now:
        steps = sum(s.npv_change.get(payer, 0.0) for s in explanation.steps)
        assert steps == pytest.approx(explanation.total(payer), abs=0.01)
    assert history.case_history(demo_db, "tidlig-familieindsats").comparison is None
    with pytest.raises(GevinstError, match="findes ikke"):
        history.case_history(demo_db, "findes-ikke")


def test_a_gain_share_proposal_returns_the_share_of_the_realised_saving(demo_db: Path) -> None:
    half = gain_share.proposal(demo_db, [DEMO_CASE], 0.5)
    whole = gain_share.proposal(demo_db, [DEMO_CASE], 1.0)
    assert half.proposal.total_dkk == pytest.approx(whole.proposal.total_dkk / 2, abs=0.01)
    assert zipfile.is_zipfile(io.BytesIO(half.workbook()))
    with connect(demo_db, read_only=True) as con:
        assert gain_share.proposal_on(con, ["tidlig-familieindsats"], 0.5) is None
    with pytest.raises(GevinstError, match="ukendte cases"):
        gain_share.proposal(demo_db, ["findes-ikke"], 0.5)


# --- saving, backup, publish -------------------------------------------------------------------


def test_saving_a_case_keeps_a_version_once(tmp_path: Path, ref: Reference) -> None:
    db = tmp_path / "cases.duckdb"
    loaded = load_cases([p for p in demo_case_files() if p.stem == "tidlig-familieindsats"], ref)
    assert case_evaluation.save_cases(db, loaded, ref, "test", draws=0) == [1]
    assert case_evaluation.save_cases(db, loaded, ref, "test", draws=0) == [None]
    assert case_evaluation.reference_for(db).units.keys() == ref.units.keys()
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT count(DISTINCT scenario), count(DISTINCT estimate) "
            "FROM case_summary WHERE case_id = 'tidlig-familieindsats'"
        ).fetchone()
    assert row is not None and row[1] == 3 and row[0] == len(loaded[0].case.scenario_names)


def test_backup_and_restore_give_the_same_tables(db: Path, tmp_path: Path) -> None:
    made = backup.backup(db, tmp_path / "b.zip")
    assert made.path.exists() and made.manifest.tables["case_version_registry"] == 6
    with pytest.raises(GevinstError):
        backup.backup(db, made.path)  # never overwrite without force
    restored = backup.restore(made.path, tmp_path / "back.duckdb")
    assert restored.tables == made.manifest.tables


def test_publish_writes_the_public_views_only(demo_db: Path, tmp_path: Path) -> None:
    path, views = publish.publish(demo_db, tmp_path / "bi")
    assert path.exists() and "case_flows" in views and "benefit_weeks" not in views
    _, with_persons = publish.publish(demo_db, tmp_path / "bi2", include_person_level=True)
    assert "benefit_weeks" in with_persons
