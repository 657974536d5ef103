"""Realised gains computed from a cohort comparison (`gevinst cohort realise`).

Pure: takes the per-year comparison (`gevinst.domain.cohorts.compare`, period "year") and
returns, per year, the municipality's realised net figure for the target group:

    (target − comparison) municipal net cost per person × persons in the target group

negative = a saving, as everywhere. The figure is an association, not a proven effect: a
comparison group is not a randomised control (`cohorts.note`). Groups of fewer than
`cohorts.MIN_GROUP_SIZE` persons are refused, never computed (`TooSmall`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gevinst.domain.cohorts import MIN_GROUP_SIZE


class CohortRealisationError(ValueError):
    """The comparison cannot give realised figures; `reason` names why, `values` the details."""

    def __init__(self, reason: str, **values: object):
        self.reason, self.values = reason, values
        super().__init__(f"{reason}: {values}")


@dataclass(frozen=True)
class RealisedYear:
    year: int
    persons_target: int
    persons_comparison: int
    municipal_target_dkk: float  # mean municipal net cost per person, target group
    municipal_comparison_dkk: float  # the same, comparison group
    difference_per_person_dkk: float  # target − comparison
    amount_dkk: float  # difference × persons_target, rounded to øre


def realised_by_year(table: pl.DataFrame, years: list[int] | None = None) -> list[RealisedYear]:
    """One `RealisedYear` per year of `table` (or per year of `years`, each of which must be
    in `table`). `CohortRealisationError` with reason `too_small` when a group has fewer than
    MIN_GROUP_SIZE persons in a chosen year, `no_year` when a chosen year has no comparison,
    `no_years` when nothing is chosen."""
    if "quarter" in table.columns:
        raise ValueError("realised_by_year needs the comparison per year")
    rows = {int(r["year"]): r for r in table.iter_rows(named=True)}
    chosen = sorted(rows) if years is None else sorted(set(years))
    if not chosen:
        raise CohortRealisationError("no_years")
    out = []
    for year in chosen:
        row = rows.get(year)
        if row is None:
            raise CohortRealisationError(
                "no_year", year=year, known=", ".join(str(y) for y in sorted(rows)) or "-"
            )
        persons_t, persons_c = int(row["persons_target"]), int(row["persons_comparison"])
        if (
            persons_t < MIN_GROUP_SIZE
            or persons_c < MIN_GROUP_SIZE
            or row["municipal_dkk_difference"] is None
        ):
            raise CohortRealisationError("too_small", year=year, n=MIN_GROUP_SIZE)
        target = float(row["municipal_dkk_target"])
        comparison = float(row["municipal_dkk_comparison"])
        difference = float(row["municipal_dkk_difference"])
        out.append(
            RealisedYear(
                year,
                persons_t,
                persons_c,
                target,
                comparison,
                difference,
                round(difference * persons_t, 2),
            )
        )
    return out
