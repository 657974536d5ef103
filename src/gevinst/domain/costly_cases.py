"""Særligt dyre enkeltsager (serviceloven § 176, barnets lov § 198).

The state reimburses a share of one person's (for children: one household's) yearly
expense under serviceloven / barnets lov (and measures under the youth-crime law; never cash
benefits billed under retssikkerhedsloven § 9 c) above thresholds, in marginal tiers: 25 % of
the part above the first, 50 % above the second, 75 % above the third (2022 level 860.000 /
1.680.000 / 2.120.000 kr.; regime costly-cases:2021- in rules.toml).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from gevinst.reference import Tier


def refusion(expense: float | np.ndarray, tiers: Sequence[Tier], level: float = 1.0) -> np.ndarray:
    """State refusion on a yearly expense: each tier's rate on the part inside that tier.

    `level` moves the thresholds to another price level (they are regulated yearly).
    """
    amount = np.asarray(expense, dtype=float)
    ordered = sorted(tiers, key=lambda t: t.above)
    total = np.zeros(amount.shape)
    for i, tier in enumerate(ordered):
        lower = tier.above * level
        upper = ordered[i + 1].above * level if i + 1 < len(ordered) else np.inf
        total += tier.rate * np.clip(amount - lower, 0.0, upper - lower)
    return total


def tiers_for_year(
    thresholds: Mapping[int, Sequence[Tier]], year: int
) -> tuple[Sequence[Tier], int, bool]:
    """The thresholds of `year`, or of the latest known year before it (flagged: True).

    Before the first known year the first year's thresholds are used, also flagged.
    """
    if year in thresholds:
        return thresholds[year], year, False
    known = sorted(thresholds)
    earlier = [y for y in known if y < year]
    used = earlier[-1] if earlier else known[0]
    return thresholds[used], used, True
