"""Money for people: Danish formats, and tables in 1.000 kr. whose rounded rows add up.

Rounding each cell to whole thousands can make a column's rows disagree with its rounded
total by a thousand or two; `round_to_total` spreads the difference by largest remainder so
the shown rows sum exactly to the shown total (what a finance committee checks first).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gevinst import fmt

PLOTLY_SEPARATORS = {"da": ",.", "en": ".,"}


def round_to_total(values: Sequence[float], unit: float = 1_000.0) -> list[int]:
    """Values in `unit`s, rounded so that they add up to the rounded total."""
    scaled = np.asarray(values, dtype=float) / unit
    if scaled.size == 0:
        return []
    floors = np.floor(scaled)
    target = round(float(scaled.sum()))
    missing = target - int(floors.sum())
    order = np.argsort(-(scaled - floors), kind="stable")
    result = floors.copy()
    if missing > 0:
        result[order[:missing]] += 1
    elif missing < 0:
        result[order[::-1][:-missing]] -= 1
    return [int(v) for v in result]


def kr(value: float | None, lang: str = "da") -> str:
    return "" if value is None else fmt.kr(value, 0, "en" if lang == "en" else "da")


def mio(value: float | None, lang: str = "da") -> str:
    return "" if value is None else fmt.mio_kr(value, 1, "en" if lang == "en" else "da")


def thousands(value: int | float | None, lang: str = "da") -> str:
    return "" if value is None else fmt.number(value, 0, "en" if lang == "en" else "da")


def percent(value: float | None, lang: str = "da") -> str:
    return "" if value is None else fmt.percent(value, 0, "en" if lang == "en" else "da")
