"""The worked examples of DESIGN.md "Domain rules", each with its numbers."""

from __future__ import annotations

import numpy as np
import pytest

from gevinst.domain import costly_cases, staircase
from tests._rule_references import (
    cash_benefit_bill,
    costly_case_basis,
    person_counters,
    placing_municipality_expense,
    present_value,
)


def test_staircase_60_weeks_of_kontanthjaelp(ref):
    # given 60 weeks × 3.000 kr. from count week 1
    total, shared = staircase.spell_by_year(np.array([60.0]), 0, ref.rules.staircase)
    gross, refusion = total.sum() * 3_000, shared.sum() * 3_000
    # expect refusion 64.200 and a municipal 115.800
    assert gross == pytest.approx(180_000)
    assert refusion == pytest.approx(64_200)
    assert gross - refusion == pytest.approx(115_800)


def test_dagpenge_cofinancing_30_weeks(ref):
    _, municipal = staircase.spell_by_year(np.array([30.0]), 0, ref.rules.cofinancing)
    assert municipal.sum() * 5_000 == pytest.approx(84_000)


def test_counter_runs_across_benefits():
    # 10 weeks sygedagpenge then kontanthjælp: the 11th benefit week is count week 11 (40 %)
    counters = person_counters(["benefit"] * 10 + ["benefit"] * 5)
    assert counters[10] == 11


def test_forty_weeks_in_work_do_not_restart_the_count():
    counters = person_counters(["benefit"] * 10 + ["self"] * 40 + ["benefit"])
    assert counters[-1] == 11


def test_fifty_two_self_supporting_weeks_in_a_row_restart_the_count():
    counters = person_counters(["benefit"] * 10 + ["self"] * 52 + ["benefit"])
    assert counters[-1] == 1


def test_two_gaps_of_thirty_weeks_within_three_years_restart_the_count():
    weeks = ["benefit"] * 10 + ["self"] * 30 + ["benefit"] * 20 + ["self"] * 30 + ["benefit"]
    counters = person_counters(weeks)
    assert counters[40] == 11  # after the first gap the count goes on
    assert counters[-1] == 1  # 60 self-supporting weeks within 156: a new count


def test_no_restart_when_the_first_gap_lies_more_than_three_years_back():
    weeks = ["benefit"] * 10 + ["self"] * 30 + ["benefit"] * 130 + ["self"] * 30 + ["benefit"]
    counters = person_counters(weeks)
    assert counters[-1] == 10 + 130 + 1


def test_weeks_on_other_public_support_are_not_self_support():
    counters = person_counters(["benefit"] * 10 + ["other"] * 60 + ["benefit"])
    assert counters[-1] == 11


def test_costly_cases_marginal_tiers_2022(ref):
    tiers = ref.rules.costly_cases[2022]
    assert float(costly_cases.refusion(2_500_000, tiers)) == pytest.approx(710_000)
    assert float(costly_cases.refusion(1_000_000, tiers)) == pytest.approx(35_000)
    assert float(costly_cases.refusion(800_000, tiers)) == 0


def test_costly_cases_latest_known_year_is_flagged(ref):
    _tiers, used, flagged = costly_cases.tiers_for_year(ref.rules.costly_cases, 2030)
    assert flagged and used == max(ref.rules.costly_cases)
    _, used, flagged = costly_cases.tiers_for_year(ref.rules.costly_cases, 2021)
    assert (used, flagged) == (2021, False)


def test_section_9c_host_bills_placing_municipality(ref):
    # A places a citizen in a § 108 offer in B (tariff 900.000); B pays 52 weeks × 3.000
    bill = cash_benefit_bill(52, 3_000, ref.rules.staircase)
    assert bill.gross == pytest.approx(156_000)
    assert bill.refusion == pytest.approx(59_400)
    assert bill.billed == pytest.approx(96_600)
    expense = placing_municipality_expense(900_000, bill)
    assert expense == pytest.approx(996_600)
    # særligt dyre enkeltsager refusion counts the serviceloven tariff only, not the § 9 c bill
    # (a cash benefit under another law): 25 % × (900.000 − 860.000) = 10.000 (2022 thresholds)
    tariff = costly_case_basis(900_000, bill)
    assert float(costly_cases.refusion(tariff, ref.rules.costly_cases[2022])) == pytest.approx(
        10_000
    )


def test_halving_sixty_weeks_of_kontanthjaelp(ref):
    # 60 → 30 weeks at 3.000 kr.: 90.000 gross; the municipality 65.400, the state 24.600,
    # 66.000 of it in the first year
    base_total, base_shared = staircase.spell_by_year(np.array([60.0]), 0, ref.rules.staircase)
    new_total, new_shared = staircase.spell_by_year(
        np.array([30.0]), 0, ref.rules.staircase, base_total.shape[1]
    )
    gross = (base_total - new_total)[0] * 3_000
    state = (base_shared - new_shared)[0] * 3_000
    assert gross.sum() == pytest.approx(90_000)
    assert state.sum() == pytest.approx(24_600)
    assert gross.sum() - state.sum() == pytest.approx(65_400)
    assert gross[0] == pytest.approx(66_000)


def test_present_values_with_declining_rate(ref):
    bands = ref.rules.discount
    assert round(present_value([0] + [300_000] * 5, bands), 2) == 1_354_515.71
    assert round(present_value([0] * 40 + [1_000_000], bands), 2) == 265_135.84


def test_section_110_stays_carry_their_own_50_percent_state_refusion(ref):
    """Serviceloven § 110 (forsorgshjem, herberger): from 1 October 2023 the state refunds 50 %
    of the municipality's expense for a stay (rules.toml [section_110]; L 64 2022-23). By hand:
    10 young people × 10 fewer days a year = 100 days × 2.461 kr. (the unit's 2023 price, the
    case's base year, so no price move) = 246.100 kr. less spent on § 110 stays; the state's
    refusion of them, 50 % = 123.050 kr., is avoided too, so the municipality keeps 123.050 kr.
    and the state saves 123.050 kr. (shown for 2024, a whole year under the rule)."""
    import polars as pl

    from gevinst.cases.schema import Case
    from gevinst.domain.evaluate import evaluate

    case = Case.model_validate(
        {
            "id": "s110",
            "name": "§ 110",
            "municipality": 151,
            "owner": "Social",
            "base_year": 2023,
            "horizon_years": 2,
            "source": "test",
            "target_group": {"name": "x", "persons": [10]},
            "cost": [
                {
                    "year": 2023,
                    "department": "Social og Handicap",
                    "account": "5.38.42",
                    "amount": 1,
                }
            ],
            "effect": [{"unit": "forsorgshjem-110-doegn", "change_per_person": -10}],
        }
    )
    flows = evaluate(case, ref, draws=0).flows.filter(pl.col("year") == 2024)

    def total(kind: str, flow: str) -> float:
        return flows.filter((pl.col("payer_kind") == kind) & (pl.col("flow") == flow))[
            "amount_dkk"
        ].sum()

    assert total("municipality", "gain") == pytest.approx(-246_100)
    assert total("municipality", "refusion") == pytest.approx(123_050)
    assert total("state", "refusion") == pytest.approx(-123_050)
    assert set(flows["rule"]) == {"section-110"}
