"""Week-counted rules: the refusion staircase and dagpenge co-financing.

Finansieringsloven § 5, stk. 2 (state refusion 80/40/30/20 %) and stk. 3 (municipal
co-financing 20/60/70/80 %) both key on the person's week count ("uger med ydelser"),
which runs across all covered benefits and restarts under § 6 (the `benefit_weeks` model
counts it; `tests/_rule_references.person_counters` is its reference).
A spell is placed on the count week by week; fractional spells (a Monte Carlo draw of
31,7 weeks) cover their last week in part, so results are continuous in the weeks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gevinst.reference import Step

WEEKS_PER_YEAR = 52


def step_share(counter: np.ndarray | int, steps: Sequence[Step]) -> np.ndarray:
    """The share that applies in count week(s) `counter` (1-based)."""
    weeks = np.asarray(counter)
    share = np.zeros(weeks.shape, dtype=float)
    for step in steps:
        upper = np.inf if step.to_week is None else step.to_week
        share = np.where((weeks >= step.from_week) & (weeks <= upper), step.share, share)
    return share


def spell_by_year(
    weeks: np.ndarray, prior_weeks: int, steps: Sequence[Step], years: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Place spells of `weeks` (one per draw) on the count, starting at week `prior_weeks + 1`.

    Returns `(weeks_in_year, share_weeks_in_year)`, each shape `(draws, years)`: the weeks
    of the spell that fall in each year from its start (52 weeks a year), and the same
    weighted by the step share of each week. Multiply by a weekly amount to get kroner.
    """
    spell = np.atleast_1d(np.asarray(weeks, dtype=float))
    longest = int(np.ceil(spell.max())) if spell.size else 0
    n_years = years if years is not None else max(1, -(-longest // WEEKS_PER_YEAR))
    total = np.zeros((spell.size, n_years))
    shared = np.zeros((spell.size, n_years))
    if longest == 0:
        return total, shared
    week_no = np.arange(1, longest + 1)
    # coverage of week w by a spell of W weeks: 1 for w <= W, the fraction for the last
    coverage = np.clip(spell[:, None] - (week_no[None, :] - 1), 0.0, 1.0)
    shares = step_share(prior_weeks + week_no, steps)
    year_of_week = (week_no - 1) // WEEKS_PER_YEAR
    for year in range(min(n_years, int(year_of_week[-1]) + 1)):
        in_year = year_of_week == year
        total[:, year] = coverage[:, in_year].sum(axis=1)
        shared[:, year] = coverage[:, in_year] @ shares[in_year]
    return total, shared
