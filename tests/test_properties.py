"""Property tests: for random valid cases, money is never created or lost."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gevinst.cases.schema import Case
from gevinst.domain.evaluate import evaluate
from gevinst.reference import bundled_reference

REF = bundled_reference()
UNITS = sorted(REF.units)
MUNICIPALITIES = [101, 151, 169, 657, 751]


@st.composite
def triples(draw, lo: float, hi: float):  # type: ignore[no-untyped-def]
    values = sorted(draw(st.lists(st.floats(lo, hi), min_size=3, max_size=3)))
    if draw(st.booleans()):
        return values[1]
    low, central, high = values if draw(st.booleans()) else values[::-1]
    return {"low": low, "central": central, "high": high}


@st.composite
def effects(draw):  # type: ignore[no-untyped-def]
    unit = REF.units[draw(st.sampled_from(UNITS))]
    effect: dict = {"unit": unit.id, "start_offset": draw(st.integers(0, 3)),
                    "deadweight": draw(triples(0, 0.9)),
                    "share_of_persons": draw(triples(0.05, 1))}
    if unit.per == "week":
        effect["baseline_weeks"] = draw(triples(0, 160))
        effect["new_weeks"] = draw(triples(0, 160))
        effect["prior_weeks"] = draw(st.integers(0, 60))
        if draw(st.booleans()):
            effect["host_municipality"] = draw(st.sampled_from(MUNICIPALITIES))
    else:
        effect["change_per_person"] = draw(triples(-2, 1))
        effect["duration_years"] = draw(st.integers(1, 8))
    if draw(st.booleans()):
        effect["tax_base_per_unit"] = draw(triples(0, 10_000))
    return effect


@st.composite
def cases(draw, with_effects: bool = True):  # type: ignore[no-untyped-def]
    horizon = draw(st.integers(1, 12))
    base_year = 2026
    costs = [{"year": base_year + draw(st.integers(0, horizon - 1)), "department": "Test",
              "account": "5.28.21", "amount": draw(triples(1, 5_000_000))}
             for _ in range(draw(st.integers(1, 3)))]
    return Case.model_validate({
        "id": "prop", "name": "prop", "municipality": draw(st.sampled_from(MUNICIPALITIES)),
        "owner": "Test", "base_year": base_year, "horizon_years": horizon, "source": "test",
        "target_group": {"name": "x", "persons": draw(st.lists(st.floats(0, 200), min_size=1,
                                                                 max_size=horizon))},
        "cost": costs,
        "effect": draw(st.lists(effects(), max_size=4)) if with_effects else [],
        "assumptions": {"weak_tax_base": draw(st.booleans()),
                        # the financing feedback (domain/financing.py), each on, off or default
                        "employment_grant": draw(st.sampled_from([None, True, False])),
                        "budget_guarantee": draw(st.sampled_from([None, True, False])),
                        "tax_timing": draw(st.sampled_from([None, True, False])),
                        "tax_lag_years": draw(st.sampled_from([None, 0, 1, 3])),
                        "landsdel_share": draw(st.sampled_from([None, 0.0, 0.4, 1.0]))},
    })


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(cases(), st.sampled_from(["low", "central", "high"]))
def test_flows_balance_every_year(case, estimate):
    flows = evaluate(case, REF, estimate=estimate, draws=20).flows
    payers = max(1, flows.select("payer_kind", "payer_code").n_unique())
    by_year = flows.group_by("year").agg(
        pl.col("amount_dkk").sum().alias("all"),
        pl.col("amount_dkk").filter(pl.col("flow").is_in(["cost", "gain"])).sum().alias("gross"),
        pl.col("amount_dkk").filter(~pl.col("flow").is_in(["cost", "gain"])).sum()
        .alias("moves"))
    for row in by_year.iter_rows(named=True):
        assert abs(row["moves"]) <= 0.01 * payers
        assert abs(row["all"] - row["gross"]) <= 0.01 * payers


@PROPERTY
@given(cases())
def test_refusion_never_exceeds_the_gross_amount(case):
    flows = evaluate(case, REF, draws=0).flows
    effect_rows = flows.filter(pl.col("effect_no").is_not_null() & (pl.col("rule") != "tax"))
    per = effect_rows.group_by("effect_no", "year").agg(
        pl.col("amount_dkk").filter(pl.col("flow") == "gain").sum().abs().alias("gross"),
        pl.col("amount_dkk").filter((pl.col("flow") == "refusion")
                                    & (pl.col("payer_kind") == "state")).sum().abs()
        .alias("state_refusion"))
    for row in per.iter_rows(named=True):
        assert row["state_refusion"] <= row["gross"] + 0.01


@PROPERTY
@given(cases(with_effects=False))
def test_a_case_with_no_effects_never_pays_back(case):
    summary = evaluate(case, REF, draws=20).summary
    home = summary.filter(pl.col("payer_kind") == "municipality").row(0, named=True)
    assert home["payback_year"] is None
    assert home["p_payback_horizon"] == 0
    assert home["npv_dkk"] < 0
