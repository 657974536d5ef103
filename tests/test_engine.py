"""The case engine end to end on small cases whose numbers can be checked by hand."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gevinst.cases import parse_case
from gevinst.domain.evaluate import evaluate

HEADER = """
id = "test"
name = "Test"
municipality = 169
owner = "Beskæftigelse"
base_year = 2026
horizon_years = {horizon}
source = "test"
[target_group]
name = "en person"
persons = [1]
[[cost]]
year = 2026
department = "Beskæftigelse"
account = "5.68.90"
amount = 50_000
"""


def case_with(ref, effects: str, horizon: int = 5):
    return parse_case(HEADER.format(horizon=horizon) + effects, "test.toml", ref)


def total(flows: pl.DataFrame, **where: object) -> float:
    """DESIGN's worked examples are about refusion, transfers and equalisation; the financing
    feedback that comes on top (employment grant, budget guarantee, tax timing) is left out
    here and worked through in test_financing.py."""
    frame = flows.filter(pl.col("flow") != "financing")
    for column, value in where.items():
        frame = frame.filter(pl.col(column).eq_missing(value))
    return float(frame["amount_dkk"].sum())


def test_halving_sixty_weeks_through_the_engine(ref):
    # given one person whose 60 weeks of kontanthjælp (3.000 kr.) become 30
    case = case_with(
        ref, '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 60\nnew_weeks = 30\n'
    )
    flows = evaluate(case, ref, draws=0).flows
    effect = flows.filter(pl.col("effect_no") == 1)
    # expect 90.000 gross, 65.400 saved by the municipality and 24.600 by the state
    assert total(effect, flow="gain") == pytest.approx(-90_000)
    assert total(effect, payer_kind="municipality") == pytest.approx(-65_400)
    assert total(effect, payer_kind="state") == pytest.approx(-24_600)
    assert total(effect, flow="gain", year=2026) == pytest.approx(-66_000)
    assert total(effect, flow="gain", account="5.57.73") == pytest.approx(-90_000)
    assert set(
        effect.filter((pl.col("payer_kind") == "municipality") & (pl.col("flow") != "financing"))[
            "budget_frame"
        ]
    ) == {"transfers-guaranteed"}


def test_dagpenge_saving_is_negative_for_both(ref):
    # DESIGN's example: 30 weeks × 5.000 kr. (a case's own unit at the example's round rate)
    case = case_with(
        ref,
        '[[unit]]\nid = "dp"\nname = "Dagpenge"\ngross_dkk = 5_000\n'
        'rule = "dagpenge-cofinancing"\nbenefit = "dagpenge"\n'
        'payer = { kind = "state", account = "5.57.78" }\n'
        '[[effect]]\nunit = "dp"\nbaseline_weeks = 30\n'
        "new_weeks = 0\n",
    )
    flows = evaluate(case, ref, draws=0).flows.filter(pl.col("effect_no") == 1)
    assert total(flows, payer_kind="municipality") == pytest.approx(-84_000)
    assert total(flows, payer_kind="state") == pytest.approx(-(150_000 - 84_000))


def test_section_9c_effect_moves_the_net_to_the_placing_municipality(ref):
    # the citizen lives in Herning (657); Høje-Taastrup (169) placed her there
    case = case_with(
        ref,
        '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 52\n'
        "new_weeks = 0\nhost_municipality = 657\n",
    )
    flows = evaluate(case, ref, draws=0).flows.filter(pl.col("effect_no") == 1)
    assert total(flows, payer_code=657, flow="gain") == pytest.approx(-156_000)
    assert total(flows, payer_code=657) == pytest.approx(0)
    assert total(flows, payer_code=169) == pytest.approx(-96_600)
    assert total(flows, payer_code=169, flow="transfer") == pytest.approx(-96_600)
    assert total(flows, payer_kind="state") == pytest.approx(-59_400)


def test_equalisation_takes_the_equalised_share_of_the_tax_base(ref):
    case = case_with(
        ref,
        '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 10\n'
        "new_weeks = 0\ntax_base_per_unit = 5_000\n",
    )
    flows = evaluate(case, ref, draws=0).flows
    base = 10 * 5_000
    rules = ref.rules
    expected = base * rules.equalisation.tax_base_share * rules.average_municipal_tax_rate
    assert total(flows, flow="equalisation", payer_kind="municipality") == pytest.approx(expected)
    # the equalised share goes to the other municipalities through the scheme, not the state
    assert total(flows, flow="equalisation", payer_kind="municipalities") == pytest.approx(
        -expected
    )
    assert total(flows, flow="equalisation", payer_kind="state") == 0
    assert total(flows, flow="equalisation") == pytest.approx(0)
    assert total(flows, rule="tax", payer_kind="municipality") == pytest.approx(
        -base * ref.tax_rate(169)
    )


def test_rate_effect_units_by_year_with_deadweight(ref):
    # 1 person, −0,5 child-years a year in years 1-2, deadweight 20 %
    case = case_with(
        ref,
        '[[effect]]\nunit = "anbringelse-doegn-aar"\n'
        "change_per_person = -0.5\nstart_offset = 1\nduration_years = 2\n"
        "deadweight = 0.2\n",
    )
    flows = evaluate(case, ref, draws=0).flows.filter(pl.col("flow") == "gain")
    price = ref.units["anbringelse-doegn-aar"].gross_dkk * ref.index_factor(
        ref.units["anbringelse-doegn-aar"].price_year, 2026
    )
    assert total(flows, year=2026) == 0
    assert total(flows, year=2027) == pytest.approx(-0.4 * price, abs=0.01)
    assert total(flows, year=2028) == pytest.approx(-0.4 * price, abs=0.01)
    assert total(flows, year=2029) == 0


def test_payback_and_npv_signs(ref):
    case = case_with(
        ref,
        '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 104\n'
        "new_weeks = 0\nstart_offset = 1\n",
    )
    summary = evaluate(case, ref, draws=0).summary
    home = summary.filter(pl.col("payer_code") == 169).row(0, named=True)
    assert home["payback_year"] == 2027  # 50.000 in 2026, the saving from 2027
    assert home["npv_dkk"] > 0
    assert home["undiscounted_net_dkk"] < 0


def test_a_case_without_effects_never_pays_back(ref):
    evaluation = evaluate(case_with(ref, ""), ref, draws=100)
    home = evaluation.summary.row(0, named=True)
    assert home["payback_year"] is None
    # the 50.000 kr. on 5.68.90 is spending under the budget guarantee, so the block grant
    # gives the municipality its share of it back a year later (a financing flow): the NPV is
    # the cost less the present value of that, at 3,5 % (Finansministeriet)
    flows = evaluation.flows.filter((pl.col("payer_code") == 169) & (pl.col("flow") == "financing"))
    back = sum(r["amount_dkk"] / 1.035 ** (r["year"] - 2026) for r in flows.iter_rows(named=True))
    assert 0 > back > -50_000 * 0.05  # a small share comes back, never more than 5 %
    assert home["npv_dkk"] == pytest.approx(-50_000 - back, abs=0.05)
    assert home["p_payback_horizon"] == 0
    assert home["break_even_effect_horizon"] is None


def test_monte_carlo_is_seeded_and_ordered(ref):
    effects = (
        '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 60\n'
        "new_weeks = { low = 58, central = 40, high = 10 }\n"
    )
    case = case_with(ref, effects)
    first = evaluate(case, ref, draws=2_000).summary
    again = evaluate(case, ref, draws=2_000).summary
    assert first.equals(again)
    home = first.row(0, named=True)
    assert home["npv_p10_dkk"] < home["npv_p50_dkk"] < home["npv_p90_dkk"]
    assert 0 < home["p_payback_budget_period"] < 1


def test_break_even_share_is_where_payback_starts(ref):
    effects = '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 104\nnew_weeks = 0\n'
    case = case_with(ref, effects)
    share = evaluate(case, ref, draws=0).summary.row(0, named=True)["break_even_effect_horizon"]
    assert share is not None and 0 < share < 1
    # at that share of the reduction in weeks the municipality's net is about zero
    reduced = case_with(
        ref,
        f'[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 104\n'
        f"new_weeks = {104 - 104 * share}\n",
    )
    below = case_with(
        ref,
        f'[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 104\n'
        f"new_weeks = {104 - 104 * (share - 0.01)}\n",
    )
    assert evaluate(reduced, ref, draws=0).summary.row(0, named=True)["payback_year"]
    assert evaluate(below, ref, draws=0).summary.row(0, named=True)["payback_year"] is None


def test_scenario_changes_the_effect(ref):
    effects = (
        '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 60\nnew_weeks = 30\n'
        '[[scenario]]\nname = "svag"\neffect = [{ no = 1, new_weeks = 55 }]\n'
    )
    case = case_with(ref, effects)
    basis = evaluate(case, ref, draws=0).summary.row(0, named=True)["npv_dkk"]
    weak = evaluate(case, ref, scenario="svag", draws=0).summary.row(0, named=True)["npv_dkk"]
    assert weak < basis


def test_external_funding_moves_the_cost(ref):
    text = HEADER.format(horizon=3).replace(
        "amount = 50_000", 'amount = 50_000\npayer = { kind = "state", name = "Satspulje" }'
    )
    flows = evaluate(parse_case(text, "t.toml", ref), ref, draws=0).flows
    assert total(flows, payer_kind="state", flow="cost") == 50_000
    assert total(flows, payer_kind="municipality") == 0


def test_flows_sum_to_gross_cost_minus_gross_gain(ref):
    effects = (
        '[[effect]]\nunit = "kontanthjaelp-uge"\nbaseline_weeks = 60\nnew_weeks = 30\n'
        "host_municipality = 657\ntax_base_per_unit = 3000\n"
        '[[effect]]\nunit = "anbringelse-doegn-aar"\nchange_per_person = -1\n'
    )
    flows = evaluate(case_with(ref, effects), ref, draws=0).flows
    by_year = flows.group_by("year").agg(
        pl.col("amount_dkk").sum().alias("all"),
        pl.col("amount_dkk").filter(pl.col("flow").is_in(["cost", "gain"])).sum().alias("gross"),
    )
    assert np.allclose(by_year["all"], by_year["gross"], atol=0.01)


def test_a_scenario_keeps_assumptions_it_does_not_set(ref):
    effects = (
        "[assumptions]\nweak_tax_base = true\n"
        '[[scenario]]\nname = "flad-rente"\nassumptions = { discount_rate = 0.04 }\n'
    )
    case = case_with(ref, effects)
    variant = case.with_scenario("flad-rente")
    assert variant.assumptions.weak_tax_base is True
    assert variant.assumptions.discount_rate == 0.04
