"""Versioned assumptions: every changed save is kept, an adopted case's decision stays frozen,
and the difference between the decision and now is explained by cause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gevinst.cases.evaluation import evaluate_variants
from gevinst.cases.load import parse_case
from gevinst.cli import main
from gevinst.demo import demo_case_files
from gevinst.domain.versions import diff_cases, explain_change
from gevinst.services.history import compare_decided_now
from gevinst.store import build_model, connect
from gevinst.store.cases import save_case
from gevinst.store.history import versions
from gevinst.store.reference import write_reference

CASE_ID = "sverigesmodellen-herning"


def _text() -> str:
    path = next(p for p in demo_case_files() if p.stem == CASE_ID)
    return path.read_text(encoding="utf-8")


def _save(con, ref, text: str):  # type: ignore[no-untyped-def]
    case = parse_case(text, "case.toml", ref)
    variants = evaluate_variants(case, ref, ["basis"], ["central"], draws=0)
    return save_case(con, case, text, "case.toml", variants, "tester", ref=ref)


@pytest.fixture
def db(tmp_path: Path, ref):  # type: ignore[no-untyped-def]
    path = tmp_path / "h.duckdb"
    with connect(path) as con:
        build_model(con)
        write_reference(con, ref)
    return path


def test_a_changed_adopted_case_keeps_its_frozen_decision(db, ref):
    decided = _text()
    changed = decided.replace("persons = [120, 120, 120, 120]", "persons = [100, 120, 120, 120]")
    with connect(db) as con:
        assert _save(con, ref, decided) == 1
        assert _save(con, ref, changed) == 2
        assert _save(con, ref, changed) is None  # same content: no new version
        rows = con.execute(
            "SELECT version, is_current, is_decision FROM case_versions ORDER BY version"
        ).fetchall()
        assert rows == [(1, False, True), (2, True, False)]
        # case_flows shows the current version only; the history keeps both, unchanged
        current = con.execute("SELECT sum(amount_dkk) FROM case_flows").fetchone()[0]
        v2 = con.execute(
            "SELECT sum(amount_dkk) FROM case_flows_history WHERE version = 2"
        ).fetchone()[0]
        v1 = con.execute(
            "SELECT sum(amount_dkk) FROM case_flows_history WHERE version = 1"
        ).fetchone()[0]
        assert current == v2 and v1 != v2
        # fewer persons in year 0 → less saving → the difference is > 0 for the municipality
        diff = con.execute(
            "SELECT sum(difference_dkk) FROM case_decided_vs_now WHERE payer_kind = 'municipality'"
        ).fetchone()[0]
        assert diff > 0
        assert con.execute("SELECT count(*) FROM unit_cost_history").fetchone()[0] == len(ref.units)


def test_steps_add_up_to_the_change_and_name_their_causes(ref):
    decided_text = _text()
    now_text = decided_text.replace(
        "persons = [120, 120, 120, 120]", "persons = [100, 120, 120, 120]"
    ).replace(
        "deadweight = { low = 0.40, central = 0.30, high = 0.20 }",
        "deadweight = { low = 0.40, central = 0.35, high = 0.20 }",
    )
    old, new = parse_case(decided_text, "a", ref), parse_case(now_text, "b", ref)
    unit = ref.units["anbringelse-doegn-aar"]
    old_units = {unit.id: unit.model_copy(update={"gross_dkk": unit.gross_dkk * 0.9})}
    new_units = {unit.id: unit}
    changes = {c.where for c in diff_cases(old, new, old_units, new_units)}
    assert changes == {
        "unit anbringelse-doegn-aar.gross_dkk",
        "target_group.persons",
        "effect[1].deadweight",
    }
    # stored figures equal to a re-evaluation: the steps explain everything, no "rules" rest
    from gevinst.domain.evaluate import evaluate

    def npv(case, units):  # type: ignore[no-untyped-def]
        r = ref.model_copy(update={"units": {**ref.units, **units}})
        s = evaluate(case, r, draws=0).summary
        return {
            (k, c): v for k, c, v in s.select("payer_kind", "payer_code", "npv_dkk").iter_rows()
        }

    decided, now = npv(old, old_units), npv(new, new_units)
    explanation = explain_change(old, old_units, new, new_units, ref, decided, now)
    assert [s.kind for s in explanation.steps] == ["unit", "persons", "effect"]
    home = ("municipality", 657)
    assert sum(s.npv_change[home] for s in explanation.steps) == pytest.approx(
        explanation.total(home), abs=0.05
    )
    unit_step = explanation.steps[0].npv_change[home]
    assert unit_step > 0  # a dearer avoided placement makes the saving bigger


def test_history_command_in_danish_and_english(tmp_path, demo_db):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    da = CliRunner().invoke(main, ["history", CASE_ID, "--db", str(db)])
    assert da.exit_code == 0, da.output
    assert "besluttet (frosset)" in da.output and "Som besluttet (v1) og nu (v2)" in da.output
    assert "enhedspris anbringelse-doegn-aar" in da.output and "effekt 1" in da.output
    en = CliRunner().invoke(main, ["history", CASE_ID, "--db", str(db), "--lang", "en"])
    assert "decision (frozen)" in en.output and "unit cost anbringelse-doegn-aar" in en.output
    unknown = CliRunner().invoke(main, ["history", "nope", "--db", str(db)])
    assert unknown.exit_code == 1 and "nope" in unknown.output


def test_demo_comparison_is_explained_to_the_krone(demo_db, ref):
    with connect(demo_db, read_only=True) as con:
        stored = versions(con, CASE_ID)
        assert [v.is_decision for v in stored] == [True, False]
        comparison = compare_decided_now(con, CASE_ID, ref)
        assert comparison is not None
        home = ("municipality", 657)
        steps = comparison.explanation.steps  # type: ignore[attr-defined]
        assert sum(s.npv_change.get(home, 0) for s in steps) == pytest.approx(
            comparison.explanation.total(home), abs=0.05
        )  # type: ignore[attr-defined]
        # a draft case has no decision to compare with
        assert compare_decided_now(con, "tidlig-familieindsats", ref) is None
