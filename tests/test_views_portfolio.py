"""Portfolio view functions as plain functions, on the demo database."""

from __future__ import annotations

import polars as pl
import pytest

from dashboards import data
from dashboards.views import portfolio
from gevinst.reference import bundled_reference

#: the list queries' scope for a user who sees every municipality and case
EVERY = {"allowed": sorted(bundled_reference().municipalities), "adopted_only": False}  # all cases


@pytest.fixture(scope="module")
def db(demo_db):  # type: ignore[no-untyped-def]
    database = data.open_for_app(demo_db, read_only=True)
    yield database
    data.close()


def test_cases_and_their_investment_match_the_flows(db):
    cases = db.query("portfolio_cases", scenario="basis", estimate="central", **EVERY)
    flows = db.sql(
        "SELECT case_id, sum(amount_dkk) AS cost FROM case_flows WHERE flow = 'cost' "
        "AND scenario = 'basis' AND estimate = 'central' GROUP BY case_id"
    )
    joined = cases.join(flows, on="case_id")
    assert joined.height == cases.height >= 5
    assert (joined["investment_dkk"] - joined["cost"]).abs().max() < 0.01


def test_silo_gains_are_net_and_the_gross_view_leaves_out_the_investment(db):
    flows = db.query("portfolio_silo_flows", scenario="basis", estimate="central", **EVERY)
    ids = flows["case_id"].unique().to_list()
    net = portfolio.silo_gains(flows, ids, "da")
    gross = portfolio.silo_gains(flows, ids, "da", gross=True)
    # net: every flow, the investment included (people's sign: minus the stored amounts)
    assert net["gain_dkk"].sum() == pytest.approx(-flows["amount_dkk"].sum(), abs=0.05)
    expected = -(flows["amount_dkk"].sum() - flows["cost_dkk"].fill_null(0).sum())
    assert gross["gain_dkk"].sum() == pytest.approx(expected, abs=0.05)
    assert "Staten" in net["receiver"].to_list()
    # the investing department pays on net in at least one case: a negative cell
    assert net["gain_dkk"].min() < 0 < gross["gain_dkk"].max()


def test_the_matrix_is_the_sum_of_the_case_pages_net_per_department(db):
    """Given every demo case, when the case page's J-curve gives each line's net over the
    horizon, then their sum per investing department and line is the portfolio's cell."""
    from dashboards.views import case as case_view

    flows = db.query("portfolio_silo_flows", scenario="basis", estimate="central", **EVERY)
    cases = db.query("portfolio_cases", scenario="basis", estimate="central", **EVERY)
    matrix = portfolio.silo_gains(flows, cases["case_id"].to_list(), "da")
    summed: dict[tuple[str, str], float] = {}
    for row in cases.iter_rows(named=True):
        loaded = case_view.load(row["case_id"])
        assert not isinstance(loaded, str)
        lines = case_view.flow_lines(row["case_id"], "basis", "central")
        years = list(
            range(loaded.case.base_year, loaded.case.base_year + loaded.case.horizon_years)
        )
        curve = case_view.jcurve_data(
            lines, loaded.home, loaded.municipality_name, years, case_view.reference(), "da"
        )
        final = curve.filter((pl.col("group") != "total") & (pl.col("year") == years[-1]))
        for line in final.iter_rows(named=True):
            name = "Kommunen" if line["line"] == loaded.municipality_name else line["line"]
            key = (row["owner"], name)
            summed[key] = summed.get(key, 0.0) + line["cumulative_gain_dkk"]
    shown = {
        (r["investing_department"], r["receiver"]): r["gain_dkk"]
        for r in matrix.iter_rows(named=True)
    }
    summed = {k: v for k, v in summed.items() if k in shown or abs(v) >= 0.005}
    assert set(summed) == set(shown)
    for key, value in shown.items():
        assert summed[key] == pytest.approx(value, abs=0.05), key


def test_a_department_with_no_flows_to_a_silo_is_an_empty_cell_not_a_zero():
    gains = pl.DataFrame(
        {
            "investing_department": ["A", "B"],
            "receiver": ["Staten", "X"],
            "gain_dkk": [1_000_000.0, -500_000.0],
        }
    )
    heat = portfolio.matrix_figure(gains, "da").data[0]
    assert heat.z[0][1] is None and heat.text[0][1] == ""  # A → X: nothing
    assert heat.z[1][1] == -0.5 and heat.text[1][1] == "-0,5 mio. kr."
    assert "Nettogevinst" in portfolio.matrix_figure(gains, "da").layout.title.text
    assert "Bruttogevinst" in portfolio.matrix_figure(gains, "da", gross=True).layout.title.text


def test_equalisation_shows_as_other_municipalities_not_the_state(db):
    # the IPS case moves tax base: its equalised share goes to "Øvrige kommuner", which the
    # portfolio counts with the other municipalities and the Sankey names as a receiver
    cases = db.query("portfolio_cases", scenario="basis", estimate="central", **EVERY)
    ips = cases.filter(pl.col("case_id") == "ips-mentor-beskaeftigelse").row(0, named=True)
    collective = db.sql(
        "SELECT npv_dkk FROM case_summary WHERE case_id = "
        "'ips-mentor-beskaeftigelse' AND scenario = 'basis' AND estimate = "
        "'central' AND payer_kind = 'municipalities'"
    )["npv_dkk"][0]
    assert collective > 0 and ips["npv_other_municipalities_dkk"] == pytest.approx(collective)
    flows = db.query("portfolio_silo_flows", scenario="basis", estimate="central", **EVERY)
    gains = portfolio.silo_gains(flows, ["ips-mentor-beskaeftigelse"], "da")
    assert "Øvrige kommuner" in gains["receiver"].to_list()
    sankey = portfolio.sankey_figure(gains, "da")
    assert "Øvrige kommuner " in sankey.data[0].node.label


def test_filters_narrow_the_cases(db):
    cases = db.query("portfolio_cases", scenario="basis", estimate="central", **EVERY)
    assert portfolio.filtered(cases, 169, None)["municipality_code"].unique().to_list() == [169]
    owner = cases["owner"][0]
    assert set(portfolio.filtered(cases, None, owner)["owner"]) == {owner}
    municipalities, departments, scenarios = portfolio.filter_options(
        cases, db.query("case_scenarios", **EVERY), "da"
    )
    assert {o["value"] for o in municipalities} == set(cases["municipality_code"])
    assert scenarios[0]["value"] == "basis"
    assert len(departments) == cases["owner"].n_unique()


def test_the_table_pages_through_a_large_portfolio():
    cases = pl.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(60)],
            "name": [f"Case {i}" for i in range(60)],
            "municipality_name": ["X"] * 60,
            "owner": ["Børn"] * 60,
            "investment_dkk": [1.0] * 60,
            "npv_municipality_dkk": [1.0] * 60,
            "npv_other_municipalities_dkk": [None] * 60,
            "npv_region_dkk": [None] * 60,
            "npv_state_dkk": [1.0] * 60,
            "payback_year": [None] * 60,
            "p_payback_budget_period": [0.5] * 60,
        }
    )
    last = portfolio.cases_table(cases, "da", page=2)
    body = last.children[2].children
    assert len(body) == 60 - 2 * portfolio.PAGE_SIZE
    assert portfolio.last_page(60) == 2
    assert portfolio.pager_text(60, 2, "da") == "Viser 51–60 af 60 cases"
    assert portfolio.pager_text(60, 0, "en") == "Showing 1–25 of 60 cases"


def test_body_has_key_figures_table_and_both_figures(db):
    body, figures, pager, (first, last) = portfolio.portfolio_body(
        None, None, "basis", "central", "en", page=0
    )
    assert len(body) == 2 and len(figures) == 3  # net matrix, net Sankey, gross view
    assert pager.startswith("Showing 1–") and first and last
    empty, *_ = portfolio.portfolio_body(999, None, "basis", "central", "da")
    assert "Ingen cases" in empty[0].children
