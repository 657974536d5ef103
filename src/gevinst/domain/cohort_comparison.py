"""A finished comparison of a target group with a comparison group: who was compared, how many
persons, the per-period table (`cohorts.compare`) and the target group's difference by payer
(`cohorts.attributed_difference`). Plain data that the service returns and the reports, the
CLI and the realisation page read."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gevinst.domain.cohorts import Period


@dataclass(frozen=True)
class CohortComparison:
    target: str
    comparison: str
    municipality: int | None
    period: Period
    persons_target: int
    persons_comparison: int
    table: pl.DataFrame  # gevinst.domain.cohorts.compare
    attributed: pl.DataFrame  # gevinst.domain.cohorts.attributed_difference (target group)

    def totals(self) -> dict[str, float]:
        """The target group's difference by payer over every period that is shown."""
        shown = self.attributed.filter(~pl.col("suppressed"))
        return {c: float(shown[c].sum()) for c in ("municipality_dkk", "state_dkk", "gross_dkk")}


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, quarter) from `first` to `last`, both included."""
    out: list[tuple[int, int]] = []
    year, quarter = first
    while (year, quarter) <= last:
        out.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return out
