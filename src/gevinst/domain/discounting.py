"""Present values with Finansministeriet's declining rate (dokumentationsnotat 7.1.2021).

3,5 % in years 1-35, 2,5 % in years 36-70, 1,5 % after, compounded year by year: the
factor for year t is the product of 1/(1+r_s) for s = 1..t. Year 0 is not discounted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gevinst.reference import RateBand


def rate_for_year(year: int, bands: Sequence[RateBand]) -> float:
    for band in bands:
        if year >= band.from_year and (band.to_year is None or year <= band.to_year):
            return band.rate
    raise ValueError(f"no discount rate for year {year}")


def discount_factors(
    years: int, bands: Sequence[RateBand], flat_rate: float | None = None
) -> np.ndarray:
    """Factors for years 0 … years-1; `flat_rate` replaces the schedule (an assumption)."""
    rates = [
        flat_rate if flat_rate is not None else rate_for_year(t, bands) for t in range(1, years)
    ]
    return np.concatenate(([1.0], np.cumprod(1.0 / (1.0 + np.asarray(rates)))))
