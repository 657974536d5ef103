"""Double counting between cases: two cases that claim the same saving.

A **claim** is a case's planned gross saving on one unit, in one municipality's budget, in one
year (gain flows < 0 of the municipal payer, basis scenario, central estimate). Two cases
**overlap** when they claim the same unit in the same municipality and year. Where the
target-group person ids of both cases are known (`case_target_persons`), they overlap only if
they share persons; where either is unknown, the overlap is *possible* and flagged as such.

**Rule for the portfolio total without the overlap:** per unit, municipality and year the
largest claim (the biggest saving) is kept whole; every other claim in the group is reduced by
the share of its persons that are also in the kept case's target group, or removed whole when
the persons are not known. Extra expenses (gain flows > 0) are never claims and stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

GROUP = ("unit_id", "municipality_code", "year")
PAIR_SCHEMA = {
    "unit_id": pl.String,
    "municipality_code": pl.Int32,
    "year": pl.Int32,
    "kept_case": pl.String,
    "kept_claim_dkk": pl.Float64,
    "other_case": pl.String,
    "other_claim_dkk": pl.Float64,
    "shared_persons": pl.Int32,
    "persons_known": pl.Boolean,
    "removed_dkk": pl.Float64,
}


@dataclass(frozen=True)
class OverlapResult:
    pairs: pl.DataFrame  # PAIR_SCHEMA: one row per overlapping (kept, other) claim
    totals: pl.DataFrame  # year, claimed_dkk, removed_dkk, without_overlap_dkk

    @property
    def any(self) -> bool:
        return not self.pairs.is_empty()

    def for_case(self, case_id: str) -> pl.DataFrame:
        return self.pairs.filter(
            (pl.col("kept_case") == case_id) | (pl.col("other_case") == case_id)
        )


def find_overlaps(claims: pl.DataFrame, persons: pl.DataFrame | None = None) -> OverlapResult:
    """`claims`: case_id, unit_id, municipality_code, year, claimed_dkk (< 0 a saving);
    `persons`: case_id, person_id (optional)."""
    people: dict[str, set[str]] = {}
    if persons is not None:
        for case_id, person_id in persons.select("case_id", "person_id").iter_rows():
            people.setdefault(case_id, set()).add(person_id)
    savings = claims.filter(pl.col("claimed_dkk") < 0)
    rows = []
    for _key, group in savings.group_by(list(GROUP), maintain_order=True):
        if group.get_column("case_id").n_unique() < 2:
            continue
        ordered = group.sort(["claimed_dkk", "case_id"])  # biggest saving first
        kept = ordered.row(0, named=True)
        kept_people = people.get(kept["case_id"])
        for other in ordered.slice(1).iter_rows(named=True):
            if other["case_id"] == kept["case_id"]:
                continue
            other_people = people.get(other["case_id"])
            known = bool(kept_people) and bool(other_people)
            # mypy: `known` holds only when both person sets are read
            shared = len(kept_people & other_people) if known else 0  # type: ignore[operator]
            if known and not shared:
                continue  # distinct persons: no overlap
            # mypy: `known` holds only when both person sets are read
            fraction = shared / len(other_people) if known else 1.0  # type: ignore[arg-type]
            rows.append(
                (
                    kept["unit_id"],
                    kept["municipality_code"],
                    kept["year"],
                    kept["case_id"],
                    kept["claimed_dkk"],
                    other["case_id"],
                    other["claimed_dkk"],
                    shared if known else None,
                    known,
                    round(-other["claimed_dkk"] * fraction, 2),
                )
            )
    pairs = pl.DataFrame(rows, schema=PAIR_SCHEMA, orient="row")
    claimed = savings.group_by("year").agg(pl.col("claimed_dkk").sum())
    removed = pairs.group_by("year").agg(pl.col("removed_dkk").sum())
    totals = (
        claimed.join(removed, on="year", how="left")
        .with_columns(pl.col("removed_dkk").fill_null(0.0))
        .with_columns((pl.col("claimed_dkk") + pl.col("removed_dkk")).alias("without_overlap_dkk"))
        .sort("year")
    )
    return OverlapResult(pairs.sort("year", "unit_id", "kept_case", "other_case"), totals)
