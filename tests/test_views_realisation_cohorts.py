"""The realisation page's cohort section as plain functions: the IPS demo case's target group
against its comparison group per quarter (chart and table), the difference split by payer,
groups under 5 persons suppressed, the note that a comparison group is not a randomised
control shown first, and no person-level figures for a politician."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import flask
import polars as pl
import pytest

from dashboards import auth, data
from dashboards.views import realisation as view
from gevinst.domain import cohorts
from gevinst.domain.cohort_comparison import CohortComparison

IPS = "ips-mentor-beskaeftigelse"


@pytest.fixture(scope="module")
def db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    copy = tmp_path_factory.mktemp("cohorts") / "demo.duckdb"
    shutil.copy(demo_db, copy)
    database = data.open_for_app(copy)
    yield database
    data.close()


def walk(component: object) -> Iterator[object]:
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def by_id(component: object, ident: str) -> object:
    found = [c for c in walk(component) if getattr(c, "id", None) == ident]
    assert found, f"no component {ident}"
    return found[0]


def text(component: object) -> str:
    parts = []
    for c in walk(component):
        children = getattr(c, "children", None)
        if isinstance(children, str | int | float):
            parts.append(str(children))
        elif isinstance(children, list):
            parts += [str(x) for x in children if isinstance(x, str | int | float)]
    return " ".join(parts)


def ids(component: object) -> list[str]:
    return [c.id for c in walk(component) if isinstance(getattr(c, "id", None), str)]


def small_comparison(target_persons: int = 4) -> CohortComparison:
    members = pl.DataFrame(
        {
            "group_name": ["target"] * target_persons + ["comparison"] * 8,
            "person_id": [f"P{i:06d}" for i in range(target_persons + 8)],
        }
    )
    quarters = pl.DataFrame(
        {
            "group_name": ["target", "comparison"],
            "person_id": ["P000000", f"P{target_persons:06d}"],
            "year": [2026, 2026],
            "quarter": [1, 1],
            "weeks_on_benefit": [10, 13],
            "gross_dkk": [30_000.0, 39_000.0],
            "state_dkk": [9_000.0, 11_700.0],
            "municipal_dkk": [21_000.0, 27_300.0],
        }
    )
    table = cohorts.compare(members, quarters, [(2026, 1), (2026, 2)], "quarter")
    return CohortComparison(
        "lille",
        "lille",
        101,
        "quarter",
        target_persons,
        8,
        table,
        cohorts.attributed_difference(table),
    )


def test_the_ips_case_shows_the_note_first_then_a_chart_and_a_table(db) -> None:  # type: ignore[no-untyped-def]
    section = view.cohort_body(IPS, "da")
    order = ids(section)
    assert order.index("cohort-note") < order.index("cohort-chart") < order.index("cohort-table")
    assert "ikke en randomiseret kontrolgruppe" in text(by_id(section, "cohort-note"))
    about = text(by_id(section, "cohort-about"))
    assert "120 personer" in about and "240 personer" in about
    table = by_id(section, "cohort-table")
    body = table.children[2].children
    assert len(body) == 16  # 2024 K1 … 2027 K4
    assert body[0].children[0].children == "2024\u00a0K1"
    assert body[0].children[1].children == "120 / 240"
    assert "cohort-suppressed" not in order


def test_the_built_in_effect_shows_by_payer(db) -> None:  # type: ignore[no-untyped-def]
    figure = by_id(view.cohort_body(IPS, "da"), "cohort-chart").figure
    traces = {(tr.name, tr.yaxis): tr for tr in figure.data}
    weeks_t = traces[("Målgruppe", "y")].y
    weeks_c = traces[("Sammenligningsgruppe", "y")].y
    x = list(figure.data[0].x)
    late = [i for i, label in enumerate(x) if label.startswith("2027")]
    early = [i for i, label in enumerate(x) if label.startswith("2024")]
    assert sum(weeks_t[i] for i in late) < 0.7 * sum(weeks_c[i] for i in late)
    assert sum(weeks_t[i] for i in early) == pytest.approx(sum(weeks_c[i] for i in early), rel=0.15)
    municipality = traces[("Kommunen", "y3")].y
    state = traces[("Staten", "y3")].y
    assert sum(municipality[i] for i in late) < 0 and sum(state[i] for i in late) < 0


def test_group_totals_add_up_to_the_shown_total(db) -> None:  # type: ignore[no-untyped-def]
    from gevinst.services.cohorts import load_comparison

    result = load_comparison(data.db().query, IPS, IPS, 101, "quarter")
    cells, total = view.group_totals(result, "da")
    as_int = [[int(c.replace(".", "")) for c in row] for row in cells]
    assert [sum(r[0] for r in as_int), sum(r[1] for r in as_int)] == [
        int(t.replace(".", "")) for t in total
    ]
    exact = result.attributed["municipality_dkk"].sum()
    assert int(total[0].replace(".", "")) == round(exact / 1000)


def test_groups_under_five_persons_are_not_shown() -> None:
    result = small_comparison(4)
    section = view.cohort_section(result, "da", "x", "lille")
    table = text(by_id(section, "cohort-table"))
    assert "<5" in table and "21.000" not in table
    assert "under 5 personer" in text(by_id(section, "cohort-suppressed"))
    assert "<5 personer" in text(by_id(section, "cohort-about"))
    figure = view.cohort_figure(result, "da")
    assert all(y is None for trace in figure.data for y in trace.y)
    shown = view.cohort_section(small_comparison(5), "da", "x", "lille")
    assert "cohort-suppressed" not in ids(shown)


def test_english_and_a_case_without_cohorts(db) -> None:  # type: ignore[no-untyped-def]
    section = view.cohort_body(IPS, "en")
    assert "not a randomised control" in text(by_id(section, "cohort-note"))
    assert text(by_id(section, "cohort-table")).count("Q1") == 4
    none = view.cohort_body("botilbud-anden-kommune-9c", "da")
    assert "randomiseret" in text(by_id(none, "cohort-note"))
    assert "gevinst cohort define botilbud-anden-kommune-9c" in text(by_id(none, "cohort-none"))
    assert "cohort-chart" not in ids(none)


def test_a_politician_gets_no_person_level_figures(db) -> None:  # type: ignore[no-untyped-def]
    app = flask.Flask(__name__)
    for role, allowed in (("politician", False), ("director", True), ("controller", True)):
        with app.test_request_context("/"):
            flask.g.principal = auth.Principal(f"demo-{role}", role, (101,))
            if allowed:
                assert "cohort-chart" in ids(view.cohort_body(IPS, "da"))
            else:
                with pytest.raises(auth.Refused):
                    view.cohort_body(IPS, "da")
    assert "realisation" in auth.PAGE_ROLES and "politician" not in auth.PERSON_LEVEL
