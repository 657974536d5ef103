"""One evaluation of a case: flows, per-payer summary, Monte Carlo and break-even.

The orchestration only: attribution computes flows, `conservation.check` guards them, and
`summary` turns them into present values and payback. Output frames carry the column
names of the public views `case_flows`, `case_summary` and `case_department_summary`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from gevinst.cases.schema import Case, Estimate
from gevinst.domain import conservation
from gevinst.domain.attribution import attribute
from gevinst.domain.discounting import discount_factors
from gevinst.domain.flows import FlowSet, Payer
from gevinst.domain.params import MONTE_CARLO_DRAWS, MONTE_CARLO_SEED, at_estimate, sampled
from gevinst.domain.payback import payback_index
from gevinst.domain.summary import payer_result
from gevinst.reference import Reference

BUDGET_PERIOD_LAST_INDEX = 3  # budget year + 3 outlook years (budgetoverslagsår)
BREAK_EVEN_SCALES = np.round(np.arange(0, 10.001, 0.01), 2)
# draws per block: (block × years) arrays small enough to stay in the CPU cache
MONTE_CARLO_CHUNK = 2_500

FLOW_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "case_id": pl.String,
    "scenario": pl.String,
    "estimate": pl.String,
    "year": pl.Int32,
    "payer_kind": pl.String,
    "payer_code": pl.Int32,
    "department": pl.String,
    "account": pl.String,
    "budget_frame": pl.String,
    "flow": pl.String,
    "amount_dkk": pl.Float64,
    "unit_id": pl.String,
    "effect_no": pl.Int32,
    "rule": pl.String,
    "source": pl.String,
    "evaluated_at": pl.Datetime("us", "UTC"),
}
SUMMARY_SCHEMA = {
    "case_id": pl.String,
    "scenario": pl.String,
    "estimate": pl.String,
    "payer_kind": pl.String,
    "payer_code": pl.Int32,
    "undiscounted_net_dkk": pl.Float64,
    "npv_dkk": pl.Float64,
    "payback_year": pl.Int32,
    "payback_year_discounted": pl.Int32,
    "npv_p10_dkk": pl.Float64,
    "npv_p50_dkk": pl.Float64,
    "npv_p90_dkk": pl.Float64,
    "p_payback_budget_period": pl.Float64,
    "p_payback_horizon": pl.Float64,
    "break_even_effect_budget_period": pl.Float64,
    "break_even_effect_horizon": pl.Float64,
}
DEPARTMENT_SCHEMA = {
    "case_id": pl.String,
    "scenario": pl.String,
    "estimate": pl.String,
    "payer_kind": pl.String,
    "payer_code": pl.Int32,
    "department": pl.String,
    "undiscounted_net_dkk": pl.Float64,
    "npv_dkk": pl.Float64,
    "payback_year": pl.Int32,
}
_KIND_ORDER = {"municipality": 0, "region": 1, "state": 2, "municipalities": 3, "external": 4}


@dataclass(frozen=True)
class MonteCarlo:
    """One simulation of a case's scenario: every triple drawn between its low and high value
    at once, so it belongs to the scenario, not to any of the three fixed estimates. `stats`
    per payer (P10/P50/P90 of the NPV; P(payback) for the investing municipality) and the
    investing municipality's NPV in every draw (kept with a saved case for its histogram)."""

    stats: dict[Payer, dict[str, float]]
    home_npv: np.ndarray
    draws: int
    seed: int


@dataclass(frozen=True)
class Evaluation:
    case: Case  # as the scenario has it
    scenario: str
    estimate: Estimate
    flows: pl.DataFrame
    summary: pl.DataFrame
    department_summary: pl.DataFrame
    monte_carlo: MonteCarlo | None = None


def _payer_order(home: int):
    def order(payer: Payer) -> tuple[int, int, int]:
        return (_KIND_ORDER[payer.kind], 0 if payer.code == home else 1, payer.code or 0)

    return order


def _round(values: np.ndarray) -> np.ndarray:
    return np.round(values, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def _flow_rows(
    flows: FlowSet, case: Case, scenario: str, estimate: str, evaluated_at: dt.datetime
) -> pl.DataFrame:
    rows = []
    for key, values in flows.amounts.items():
        for j, amount in enumerate(_round(values[0])):
            if amount == 0:
                continue
            rows.append(
                (
                    case.id,
                    scenario,
                    estimate,
                    case.base_year + j,
                    key.payer.kind,
                    key.payer.code,
                    key.department,
                    key.account,
                    key.budget_frame,
                    key.flow,
                    float(amount),
                    key.unit_id,
                    key.effect_no,
                    key.rule,
                    key.source,
                    evaluated_at,
                )
            )
    frame = pl.DataFrame(rows, schema=FLOW_SCHEMA, orient="row")
    return frame.sort(
        ["year", "effect_no", "payer_kind", "payer_code", "flow", "department"], nulls_last=False
    )


def evaluate(
    case: Case,
    ref: Reference,
    *,
    scenario: str = "basis",
    estimate: Estimate = "central",
    draws: int = MONTE_CARLO_DRAWS,
    seed: int = MONTE_CARLO_SEED,
    evaluated_at: dt.datetime | None = None,
    simulation: MonteCarlo | None = None,
) -> Evaluation:
    """`simulation`: the scenario's Monte Carlo when it was already run (it does not depend
    on the estimate: `evaluate_variants` runs it once per scenario for all three)."""
    variant = case.with_scenario(scenario)
    stamp = evaluated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    factors = discount_factors(
        variant.horizon_years, ref.rules.discount, variant.assumptions.discount_rate
    )
    flows = attribute(variant, ref, at_estimate(variant, estimate))
    conservation.check(flows, variant.id)
    home = Payer("municipality", variant.municipality)
    totals = flows.by_payer()
    # a payer appears when it has a flow of at least an øre (the rows case_flows keeps)
    touched = {
        key.payer for key, values in flows.amounts.items() if (np.abs(_round(values)) > 0).any()
    }
    payers = sorted(touched, key=_payer_order(variant.municipality))

    if simulation is None and draws:
        simulation = monte_carlo(variant, ref, draws, seed)
    uncertainty = simulation.stats if simulation is not None else {}
    break_even = _break_even(variant, ref, estimate)
    summary_rows = []
    for payer in payers:
        result = payer_result(totals[payer], factors)
        mc = uncertainty.get(payer, {})
        is_home = payer == home
        summary_rows.append(
            (
                variant.id,
                scenario,
                estimate,
                payer.kind,
                payer.code,
                float(_round(result.undiscounted_net)[0]),
                float(_round(result.npv)[0]),
                _year(variant, int(result.payback[0])),
                _year(variant, int(result.payback_discounted[0])),
                mc.get("p10"),
                mc.get("p50"),
                mc.get("p90"),
                mc.get("p_budget") if is_home else None,
                mc.get("p_horizon") if is_home else None,
                break_even[0] if is_home else None,
                break_even[1] if is_home else None,
            )
        )
    return Evaluation(
        case=variant,
        scenario=scenario,
        estimate=estimate,
        flows=_flow_rows(flows, variant, scenario, estimate, stamp),
        summary=pl.DataFrame(summary_rows, schema=SUMMARY_SCHEMA, orient="row"),
        department_summary=_department_rows(
            flows, variant, scenario, estimate, factors, _payer_order(variant.municipality)
        ),
        monte_carlo=simulation,
    )


def _year(case: Case, index: int) -> int | None:
    return None if index < 0 else case.base_year + index


def _department_rows(
    flows: FlowSet, case: Case, scenario: str, estimate: str, factors: np.ndarray, order
) -> pl.DataFrame:
    groups: dict[tuple[Payer, str | None], np.ndarray] = {}
    for key, values in flows.amounts.items():
        group = (key.payer, key.department)
        groups[group] = groups.get(group, 0) + values
    rows = []
    for (payer, department), net in sorted(
        groups.items(), key=lambda g: (order(g[0][0]), g[0][1] or "")
    ):
        result = payer_result(net, factors)
        rows.append(
            (
                case.id,
                scenario,
                estimate,
                payer.kind,
                payer.code,
                department,
                float(_round(result.undiscounted_net)[0]),
                float(_round(result.npv)[0]),
                _year(case, int(result.payback[0])),
            )
        )
    return pl.DataFrame(rows, schema=DEPARTMENT_SCHEMA, orient="row")


def monte_carlo(
    case: Case, ref: Reference, draws: int = MONTE_CARLO_DRAWS, seed: int = MONTE_CARLO_SEED
) -> MonteCarlo:
    """The scenario's simulation (`case` as the scenario has it): every triple an independent
    triangular draw; P(payback) for the case's municipality, undiscounted, within the budget
    period and within the horizon."""
    factors = discount_factors(
        case.horizon_years, ref.rules.discount, case.assumptions.discount_rate
    )
    params = sampled(case, draws, seed)
    nets: dict[Payer, list[np.ndarray]] = {}
    for start in range(0, draws, MONTE_CARLO_CHUNK):
        flows = attribute(case, ref, params.chunk(start, start + MONTE_CARLO_CHUNK))
        conservation.check(flows, case.id)
        for payer, net in flows.by_payer().items():
            nets.setdefault(payer, []).append(net)
    home = Payer("municipality", case.municipality)
    out: dict[Payer, dict[str, float]] = {}
    home_npv = np.zeros(draws)
    for payer, parts in nets.items():
        net = np.concatenate(parts)
        npv = -(net @ factors)
        p10, p50, p90 = np.percentile(npv, [10, 50, 90])
        stats = {"p10": float(_round(p10)), "p50": float(_round(p50)), "p90": float(_round(p90))}
        if payer == home:
            home_npv = npv
            payback = payback_index(net)
            paid = payback >= 0
            stats["p_budget"] = float(np.mean(paid & (payback <= BUDGET_PERIOD_LAST_INDEX)))
            stats["p_horizon"] = float(np.mean(paid))
        out[payer] = stats
    return MonteCarlo(out, home_npv, draws, seed)


def _break_even(case: Case, ref: Reference, estimate: Estimate) -> tuple[float | None, ...]:
    """The smallest share of the effects (at this estimate) that makes the municipality pay
    back within the budget period, and within the horizon; None if not even 10 times does."""
    scales = BREAK_EVEN_SCALES
    flows = attribute(case, ref, at_estimate(case, estimate, len(scales)), effect_scale=scales)
    net = flows.by_payer().get(Payer("municipality", case.municipality))
    if net is None:
        return (None, None)
    payback = payback_index(net)
    answers = []
    for within in (payback >= 0) & (payback <= BUDGET_PERIOD_LAST_INDEX), payback >= 0:
        hits = np.flatnonzero(within)
        answers.append(float(scales[hits[0]]) if hits.size else None)
    return tuple(answers)
