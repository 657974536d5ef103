"""The numbers of one evaluation: each `{ low, central, high }` resolved to an array of draws.

A deterministic evaluation is one draw (`at_estimate`); Monte Carlo is many
(`sampled`), each triple an independent triangular draw between its low and high with the
central value as mode. The engine reads every uncertain number through `Params`, so the same
code computes one estimate and 10.000 draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gevinst.cases.schema import Case, Estimate, Number, Triple, pick

EFFECT_NUMBERS = (
    "change_per_person",
    "baseline_weeks",
    "new_weeks",
    "share_of_persons",
    "deadweight",
    "tax_base_per_unit",
)

# Monte Carlo seed: fixed and documented so two runs on the same case agree to the øre.
MONTE_CARLO_SEED = 20_260_101
MONTE_CARLO_DRAWS = 10_000


@dataclass(frozen=True)
class Params:
    draws: int
    costs: tuple[np.ndarray, ...]  # cost[i].amount
    effects: tuple[dict[str, np.ndarray], ...]  # effect[k][name]

    def effect(self, k: int, name: str) -> np.ndarray:
        return self.effects[k][name]

    def chunk(self, start: int, stop: int) -> Params:
        """Draws `start:stop`, so Monte Carlo can run in cache-sized blocks."""
        return Params(
            draws=min(stop, self.draws) - start,
            costs=tuple(c[start:stop] for c in self.costs),
            effects=tuple({k: v[start:stop] for k, v in e.items()} for e in self.effects),
        )


def _triangular(value: Triple, rng: np.random.Generator, n: int) -> np.ndarray:
    lo, hi = sorted((value.low, value.high))
    if hi == lo:
        return np.full(n, value.central)
    return rng.triangular(lo, value.central, hi, n)


def _resolve(
    value: Number | None, draws: int, estimate: Estimate | None, rng: np.random.Generator | None
) -> np.ndarray:
    if value is None:
        return np.zeros(draws)
    if isinstance(value, Triple) and rng is not None:
        return _triangular(value, rng, draws)
    return np.full(draws, pick(value, estimate or "central"))


def _build(
    case: Case, draws: int, estimate: Estimate | None, rng: np.random.Generator | None
) -> Params:
    # fixed order (costs, then effects field by field) keeps a seed's draws reproducible
    costs = tuple(_resolve(c.amount, draws, estimate, rng) for c in case.cost)
    effects = tuple(
        {name: _resolve(getattr(e, name), draws, estimate, rng) for name in EFFECT_NUMBERS}
        for e in case.effect
    )
    return Params(draws=draws, costs=costs, effects=effects)


def at_estimate(case: Case, estimate: Estimate = "central", draws: int = 1) -> Params:
    """The estimate's values, repeated `draws` times (to vary something else per draw)."""
    return _build(case, draws, estimate, None)


def sampled(case: Case, draws: int = MONTE_CARLO_DRAWS, seed: int = MONTE_CARLO_SEED) -> Params:
    return _build(case, draws, None, np.random.default_rng(seed))
