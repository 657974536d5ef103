"""The case page shows the Monte Carlo stored with the case at save and never simulates.

Given the demo database, when a case's scenario was saved with 2.000 draws (as the
national-scale benchmark saves its cases, or `gevinst evaluate --save --draws 2000`), expect
the page to show those 2.000 draws — the ones its stored P10/P50/P90 come from — and when a
scenario was saved without a simulation, a note saying how to store one instead of a
histogram; in neither case does the page run the engine (before, it ran 10.000 draws per view
and kept them in a cache in the view).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from dashboards import data
from dashboards.views import case as view
from dashboards.views.case import uncertainty

TIDLIG = "tidlig-familieindsats"


@pytest.fixture(scope="module")
def app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    copy = tmp_path_factory.mktemp("stored-simulation") / "demo.duckdb"
    shutil.copy(demo_db, copy)
    from dashboards.app import create_app

    yield create_app(copy)
    data.close()


@pytest.fixture(autouse=True)
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> np.ndarray:
        raise AssertionError("the case page ran the Monte Carlo")

    monkeypatch.setattr(uncertainty, "_npv_draws", refuse)


def text_of(component: object) -> str:
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def find(component: object, component_id: str) -> object | None:
    if isinstance(component, list | tuple):
        return next((f for c in component if (f := find(c, component_id)) is not None), None)
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    return find(children, component_id) if children is not None else None


def body(scenario: str) -> list:
    loaded = view.load(TIDLIG)
    assert not isinstance(loaded, str)
    return view.case_body(loaded, scenario, "central", "da")


def test_a_simulation_saved_with_fewer_draws_is_shown_as_stored(app) -> None:  # type: ignore[no-untyped-def]
    with data.db().writer() as con:
        con.execute(
            "UPDATE case_simulation_rows SET draws = 2000, "
            "home_npv_dkk = home_npv_dkk[1:2000] WHERE case_id = ? AND scenario = "
            "'basis'",
            [TIDLIG],
        )
    shown = body("basis")
    assert "2.000 gange" in text_of(find(shown, "case-monte-carlo-explain"))
    assert "2.000" in text_of(find(shown, "case-uncertainty-table").children[0])
    assert find(shown, "case-histogram") is not None
    draws = view.saved_draws(TIDLIG, "basis")
    assert draws is not None and draws.shape == (2_000,)


def test_a_scenario_saved_without_its_simulation_says_so(app) -> None:  # type: ignore[no-untyped-def]
    loaded = view.load(TIDLIG)
    assert not isinstance(loaded, str)
    scenario = loaded.case.scenario_names[-1]
    with data.db().writer() as con:
        con.execute(
            "DELETE FROM case_simulation_rows WHERE case_id = ? AND scenario = ?",
            [TIDLIG, scenario],
        )
    shown = body(scenario)
    note = text_of(find(shown, "case-monte-carlo-explain"))
    assert "uden sin Monte Carlo" in note and "gevinst evaluate" in note
    assert find(shown, "case-histogram") is None
    assert view.saved_draws(TIDLIG, scenario) is None
