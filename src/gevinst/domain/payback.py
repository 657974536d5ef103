"""Payback: the first year from which a payer's cumulative net stays at or below zero.

Vectorised over draws: `net` has shape `(draws, years)` with the sign convention of the
flows (positive = the payer spends). Returns the year index (0-based) or -1 for never.
The year after the last year with a positive cumulative net is the payback year, so one
pass over the cumulative sums finds it (no running maximum needed).
"""

from __future__ import annotations

import numpy as np

TOLERANCE_DKK = 0.005


def payback_index(net: np.ndarray) -> np.ndarray:
    cumulative = np.cumsum(np.atleast_2d(net), axis=1)
    above = cumulative > TOLERANCE_DKK
    years = above.shape[1]
    last_above = years - 1 - np.argmax(above[:, ::-1], axis=1)
    first = np.where(above.any(axis=1), last_above + 1, 0)
    return np.where(first < years, first, -1)
