"""Portfolio of 200 cases × 20 years × 10.000 Monte Carlo draws, end to end.

Run with `pytest tests/benchmarks --benchmark-only`. The baseline is plain numpy doing the
same arithmetic for the same portfolio (triangular draws, units × price per year, present
value, payback per draw) with nothing else: no flows per payer, no rules, no conservation
check, no break-even, on one core. The engine runs through `evaluate_portfolio`, which puts
the cases on both cores. The ratio is reported in `extra_info`, never asserted.
"""

from __future__ import annotations

import numpy as np
import pytest

from gevinst.cases.evaluation import evaluate_portfolio
from gevinst.cases.schema import Case
from gevinst.domain.discounting import discount_factors
from gevinst.reference import bundled_reference

REF = bundled_reference()
CASES, YEARS, DRAWS = 200, 20, 10_000


def portfolio() -> list[Case]:
    rng = np.random.default_rng(7)
    cases = []
    for n in range(CASES):
        change = float(rng.uniform(0.02, 0.2))
        cases.append(
            Case.model_validate(
                {
                    "id": f"case-{n}",
                    "name": f"Case {n}",
                    "municipality": 169,
                    "owner": "Børn",
                    "base_year": 2026,
                    "horizon_years": YEARS,
                    "source": "benchmark",
                    "target_group": {"name": "x", "persons": [float(rng.integers(10, 60))] * 3},
                    "cost": [
                        {
                            "year": 2026 + y,
                            "department": "Børn og Familie",
                            "account": "5.28.21",
                            "amount": {"low": 1.3e6, "central": 1.0e6, "high": 0.9e6},
                        }
                        for y in range(3)
                    ],
                    "effect": [
                        {
                            "unit": "anbringelse-doegn-aar",
                            "start_offset": 2,
                            "duration_years": 6,
                            "change_per_person": {
                                "low": -change / 3,
                                "central": -change,
                                "high": -change * 1.5,
                            },
                            "deadweight": {"low": 0.3, "central": 0.2, "high": 0.1},
                        },
                        {
                            "unit": "forebyggende-foranstaltning-aar",
                            "start_offset": 0,
                            "duration_years": 3,
                            "change_per_person": {"low": 0.3, "central": 0.2, "high": 0.1},
                        },
                    ],
                }
            )
        )
    return cases


def numpy_baseline(cases: list[Case]) -> list[tuple[float, float, float, float]]:
    """The same draws and arithmetic by hand: the floor any engine is measured against."""
    factors = discount_factors(YEARS, REF.rules.discount)
    out = []
    for case in cases:
        rng = np.random.default_rng(20_260_101)
        net = np.zeros((DRAWS, YEARS))
        for line in case.cost:
            a = line.amount
            lo, hi = sorted((a.low, a.high))
            net[:, line.year - case.base_year] += rng.triangular(lo, a.central, hi, DRAWS)
        for effect in case.effect:
            unit = REF.units[effect.unit]
            price = unit.gross_dkk * REF.index_factor(unit.price_year, case.base_year)
            c, d = effect.change_per_person, effect.deadweight
            change = rng.triangular(min(c.low, c.high), c.central, max(c.low, c.high), DRAWS)
            dead = (
                rng.triangular(min(d.low, d.high), d.central, max(d.low, d.high), DRAWS)
                if not isinstance(d, float)
                else np.full(DRAWS, d)
            )
            active = np.zeros(YEARS)
            for i, persons in enumerate(case.target_group.persons):
                first = i + effect.start_offset
                active[first : first + effect.duration_years] += persons
            net += ((1 - dead) * change)[:, None] * active[None, :] * price
        npv = -(net * factors).sum(axis=1)
        cumulative = np.cumsum(net, axis=1)
        suffix = np.maximum.accumulate(cumulative[:, ::-1], axis=1)[:, ::-1] <= 0
        p_payback = float(suffix.any(axis=1).mean())
        out.append((*np.percentile(npv, [10, 50, 90]), p_payback))
    return out


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return portfolio()


def test_numpy_baseline(benchmark, cases):
    benchmark.group = "portfolio-200x20x10000"
    benchmark.pedantic(numpy_baseline, args=(cases,), rounds=3, iterations=1)


def test_engine_portfolio(benchmark, cases):
    benchmark.group = "portfolio-200x20x10000"
    results = benchmark.pedantic(
        lambda: evaluate_portfolio(cases, REF, draws=DRAWS, estimates=["central"]),
        rounds=3,
        iterations=1,
    )
    assert len(results) == CASES
    baseline = min(_time(numpy_baseline, cases) for _ in range(2))
    benchmark.extra_info["numpy_baseline_s"] = round(baseline, 3)
    benchmark.extra_info["ratio_to_numpy"] = round(benchmark.stats.stats.min / baseline, 2)


def _time(fn, *args) -> float:  # type: ignore[no-untyped-def]
    import time

    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start
