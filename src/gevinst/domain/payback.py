"""Payback: the first year from which a payer's cumulative net stays at or below zero.

Vectorised over draws: `net` has shape `(draws, years)` with the sign convention of the
flows (positive = the payer spends). Returns the year index (0-based) or -1 for never.
"""

from __future__ import annotations

import numpy as np

TOLERANCE_DKK = 0.005


def payback_index(net: np.ndarray) -> np.ndarray:
    cumulative = np.cumsum(np.atleast_2d(net), axis=1)
    # the largest cumulative value from each year to the end: payback where it is <= 0
    suffix_max = np.maximum.accumulate(cumulative[:, ::-1], axis=1)[:, ::-1]
    stays = suffix_max <= TOLERANCE_DKK
    first = np.argmax(stays, axis=1)
    return np.where(stays.any(axis=1), first, -1)
