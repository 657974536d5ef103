"""One sign rule for people, checked on every page's numbers for one case.

Given the demo case "Tidlig indsats for familier" (Høje-Taastrup, basis, central), whose
investing municipality gains on net over the horizon and whose payers together gain too,
when every page, the workbook and the terminal table show that case's net figures, then each
shows the municipality's net and the all-payer net with the same sign — positive, a gain —
while the stored rows (`case_flows`, JSON) keep DESIGN's sign (negative: money saved).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from dashboards import data
from dashboards.views import case as case_view
from dashboards.views import portfolio
from dashboards.views import realisation as realisation_view
from dashboards.views import scenarios as scenarios_view
from gevinst.cli import main
from gevinst.reference import bundled_reference

CASE = "tidlig-familieindsats"
HOME = 169
FILE = Path(__file__).resolve().parents[1] / "data" / "demo" / "cases" / f"{CASE}.toml"
EVERY = {"allowed": sorted(bundled_reference().municipalities), "adopted_only": False}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from gevinst.demo import build_demo

    path = tmp_path_factory.mktemp("signs") / "demo.duckdb"
    build_demo(path)
    from dashboards.app import create_app

    yield create_app(path)
    data.close()


def text_of(component: object) -> str:
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def number(text: str) -> float:
    """A Danish figure as shown (`-1.234`, `3,1 mio. kr.`, `12.345 kr.`) → a float."""
    found = re.search(r"-?[\d.]+(,\d+)?", text.replace("\u2212", "-"))
    assert found, text
    return float(found.group(0).replace(".", "").replace(",", "."))


def footer_cells(table: object) -> list[str]:
    return [text_of(c) for c in table.children[3].children.children]  # type: ignore[attr-defined]


def sign(value: float) -> int:
    return (value > 0) - (value < 0)


@pytest.fixture(scope="module")
def stored(app) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    return case_view.flow_lines(CASE, "basis", "central")


def test_the_stored_rows_keep_designs_sign(stored) -> None:  # type: ignore[no-untyped-def]
    home = stored.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == HOME))
    # the premise of the test: the case gains on net, for the municipality and for all payers
    assert home["amount_dkk"].sum() < 0 and stored["amount_dkk"].sum() < 0
    # a cost line is stored positive, a gross gain negative (DESIGN's convention)
    assert stored.filter(pl.col("flow") == "cost")["amount_dkk"].min() > 0
    assert stored.filter(pl.col("flow") == "gain")["amount_dkk"].sum() < 0


def test_every_page_workbook_and_terminal_table_agree_in_sign(app, stored, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home_stored = float(
        stored.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == HOME))[
            "amount_dkk"
        ].sum()
    )
    all_stored = float(stored["amount_dkk"].sum())
    home_shown: dict[str, float] = {}
    all_shown: dict[str, float] = {}

    # the case page: flows table (all payers), frames (the municipality), J-curve, KPI
    loaded = case_view.load(CASE)
    assert not isinstance(loaded, str)
    all_shown["case page, flows table"] = number(
        footer_cells(case_view.flows_for(loaded, "basis", "central", None, "da"))[4]
    )
    years = list(range(loaded.case.base_year, loaded.case.base_year + loaded.case.horizon_years))
    frames = case_view.frames_data(stored, HOME, years)
    home_shown["case page, frames table"] = number(
        footer_cells(case_view.frames_table(frames, "Høje-Taastrup", "da"))[-1]
    )
    curve = case_view.jcurve_data(stored, HOME, "Høje-Taastrup", years, case_view.reference(), "da")
    home_shown["case page, J-curve"] = float(
        curve.filter((pl.col("group") == "total") & (pl.col("year") == years[-1]))[
            "cumulative_gain_dkk"
        ][0]
    )
    summary = case_view.payer_summary(CASE, "basis", "central")
    kpis = case_view.kpis(summary, loaded, "da")
    home_shown["case page, present value"] = number(text_of(kpis.children[0].children[1]))

    # the portfolio: the investing department's row of the net matrix, over all silos
    flows = data.db().query("portfolio_silo_flows", scenario="basis", estimate="central", **EVERY)
    matrix = portfolio.silo_gains(flows, [CASE], "da")
    all_shown["portfolio matrix"] = float(matrix["gain_dkk"].sum())
    home_shown["portfolio matrix"] = float(
        matrix.filter(
            ~pl.col("receiver").is_in(
                ["Andre kommuner", "Øvrige kommuner", "Regionen", "Staten", "Ekstern finansiering"]
            )
        )["gain_dkk"].sum()
    )

    # the scenarios page: net per committee and payer (all payers)
    variant = scenarios_view.load_variant(
        data.db(), scenarios_view.Variant(CASE, "basis", "central")
    )
    assert variant is not None
    all_shown["scenarios, committees"] = number(
        footer_cells(scenarios_view.committee_totals([variant], "da"))[1]
    )
    all_shown["scenarios, per year"] = number(
        footer_cells(scenarios_view.committee_year_table(variant, 1, "da"))[-1]
    )

    # the realisation page: the plan for the municipality
    plan = data.db().query("realisation_plan_rows", case_id=CASE)
    payers = data.db().query("realisation_planned_payers", case_id=CASE)
    if payers.height:
        home_shown["realisation, plan"] = number(
            footer_cells(realisation_view.year_table(realisation_view.by_year(plan, payers), "da"))[
                1
            ]
        )

    # the terminal table and the workbook, from the case file
    runner = CliRunner()
    table = runner.invoke(main, ["evaluate", str(FILE), "--draws", "0"])
    assert table.exit_code == 0, table.output
    row = next(
        line
        for line in table.output.splitlines()
        if line.startswith("Høje-Taastrup Kommune") and "kr." not in line
    )
    home_shown["terminal table"] = number(row.split()[-1])
    out = tmp_path / "case.xlsx"
    assert (
        runner.invoke(
            main, ["evaluate", str(FILE), "--format", "xlsx", "-o", str(out), "--draws", "0"]
        ).exit_code
        == 0
    )
    wb = load_workbook(out)
    oversigt = list(wb["Oversigt"].iter_rows(min_row=2, values_only=True))
    home_row = next(r for r in oversigt if r[4] == "Høje-Taastrup Kommune")
    home_shown["workbook, Oversigt net"] = float(home_row[5])
    home_shown["workbook, Oversigt present value"] = float(home_row[6])
    all_shown["workbook, Strømme"] = sum(
        float(r[9]) for r in wb["Strømme"].iter_rows(min_row=2, values_only=True)
    )

    # the machine formats keep the stored sign
    as_json = runner.invoke(main, ["evaluate", str(FILE), "--format", "json", "--draws", "0"])
    rows = json.loads(as_json.output)["cases"][0]["flows"]
    assert sign(sum(r["amount_dkk"] for r in rows)) == sign(all_stored)

    assert sign(home_stored) == -1 and sign(all_stored) == -1
    wrong = {k: v for k, v in {**home_shown, **all_shown}.items() if sign(v) != 1}
    assert not wrong, f"shown with the stored sign, not the people's sign: {wrong}"
    # and the undiscounted figures are the stored ones with the sign turned, not just any
    # positive number
    assert home_shown["workbook, Oversigt net"] == pytest.approx(-home_stored, abs=1)
    assert home_shown["case page, J-curve"] == pytest.approx(-home_stored, abs=0.05)
    assert all_shown["portfolio matrix"] == pytest.approx(-all_stored, abs=0.05)


def test_the_budget_page_shows_a_planned_gain_as_positive(app, stored) -> None:  # type: ignore[no-untyped-def]
    from dashboards.views import budget as budget_view

    database = data.db()
    by_function = database.query("budget_by_function", municipality=HOME)
    gains = database.query("budget_case_gains", municipality=HOME, adopted_only=False)
    matched = budget_view.gains_against_budget(
        gains, by_function, database.query("budget_operations", municipality=HOME)
    )
    mine = matched.filter(pl.col("case_id") == CASE)
    assert mine.height and mine["gain_dkk"].sum() < 0  # stored: a saving
    section = text_of(budget_view.gains_section(mine, "da"))
    shown = [number(c) for c in re.findall(r"-?\d[\d.]* kr\.", section)]
    assert shown and all(v > 0 for v in shown)


def test_the_budget_decision_page_shows_the_stored_flows_with_the_sign_turned(app, stored) -> None:  # type: ignore[no-untyped-def]
    """The budget-decision page shows the same case's net for the municipality per budget
    year in the people's sign: each year's gain column total is minus the stored flows of
    that year (a year of investment negative, a year of gains positive)."""
    from dashboards.views import budget_decision as decision_view
    from gevinst.services import budget_decision as decision

    d = decision.decide(data.db(), HOME, [decision.Choice(CASE)])
    assert d.budget_year is not None  # the demo has Høje-Taastrup's budget
    home = stored.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == HOME))
    footer = footer_cells(decision_view.committee_table(d, "da"))
    checked = 0
    for i, year in enumerate(d.years):
        in_year = float(home.filter(pl.col("year") == year)["amount_dkk"].sum())
        shown = number(footer[1 + 3 * i + 1])  # per year: budget, gain, after (1.000 kr.)
        if abs(in_year) >= 1_000:
            assert sign(shown) == -sign(in_year), (year, shown, in_year)
            assert shown == pytest.approx(-in_year / 1000, abs=1)
            checked += 1
    assert checked
    total = text_of(decision_view.decision_body(d, "da"))
    period = float(home.filter(pl.col("year").is_in(d.years))["amount_dkk"].sum())
    assert d.total_gain_dkk == pytest.approx(-period, abs=0.05)
    sentence = total.split("i budgetperioden: ", 1)[1]
    assert sign(number(sentence)) == -sign(period)
