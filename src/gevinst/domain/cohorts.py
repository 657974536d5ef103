"""Cohorts: a target group against a comparison group, per year or quarter, by payer.

Pure: takes the members and their person-quarter figures (view `cohort_person_quarters`) as
polars frames and returns per period the persons, mean weeks on benefit and mean kroner per
person for each group, and the difference target − comparison split between municipality and
state (municipal + state = gross, as on every benefit week).

A comparison group is not a randomised control: the groups may differ in ways the data does not
show, so a difference is an association, not a proven effect (`NOTE`, shown with every result).
Person-level figures are never shown for a group of fewer than `MIN_GROUP_SIZE` persons: such
a period's figures are suppressed (null, `suppressed` true).
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from gevinst.messages import Lang, msg, register

MIN_GROUP_SIZE = 5
GROUPS = ("target", "comparison")
Period = Literal["year", "quarter"]
MEASURES = ("weeks_on_benefit", "gross_dkk", "state_dkk", "municipal_dkk")

register(
    {
        "cohorts.note": {
            "da": "Sammenligningsgruppen er ikke en randomiseret kontrolgruppe: grupperne kan "
            "adskille sig på måder, data ikke viser, så forskellen er en sammenhæng, ikke en "
            "bevist effekt. Grupper under {n} personer vises ikke.",
            "en": "The comparison group is not a randomised control: the groups may differ in "
            "ways the data does not show, so the difference is an association, not a proven "
            "effect. Groups of fewer than {n} persons are not shown.",
        },
    }
)


def note(lang: Lang = "da") -> str:
    return msg("cohorts.note", lang, n=MIN_GROUP_SIZE)


def person_periods(
    members: pl.DataFrame,
    quarters: pl.DataFrame,
    periods: list[tuple[int, int]],
    period: Period = "year",
) -> pl.DataFrame:
    """Every member × every period, with 0 where the person had no benefit weeks.

    `members`: group_name, person_id. `quarters`: group_name, person_id, year, quarter and the
    MEASURES. `periods`: the (year, quarter) pairs followed (quarter ignored for years).
    """
    keys = ["year"] if period == "year" else ["year", "quarter"]
    wanted = (
        pl.DataFrame(periods, schema={"year": pl.Int64, "quarter": pl.Int64}, orient="row")
        .select(keys)
        .unique()
    )
    figures = (
        quarters.with_columns(pl.col("year", "quarter").cast(pl.Int64))
        .group_by(["group_name", "person_id", *keys])
        .agg(pl.col(m).cast(pl.Float64).sum() for m in MEASURES)
    )
    grid = members.select("group_name", "person_id").unique().join(wanted, how="cross")
    return grid.join(figures, on=["group_name", "person_id", *keys], how="left").with_columns(
        pl.col(m).fill_null(0.0) for m in MEASURES
    )


def compare(
    members: pl.DataFrame,
    quarters: pl.DataFrame,
    periods: list[tuple[int, int]],
    period: Period = "year",
) -> pl.DataFrame:
    """Per period: persons and means per person for each group, and the difference.

    Columns: the period key(s), `persons_target`, `persons_comparison`, for each measure
    `<measure>_target`, `<measure>_comparison` and `<measure>_difference` (target − comparison:
    negative = the target group costs less), and `suppressed`.
    """
    keys = ["year"] if period == "year" else ["year", "quarter"]
    panel = person_periods(members, quarters, periods, period)
    means = panel.group_by(["group_name", *keys]).agg(
        pl.len().alias("persons"), *(pl.col(m).mean() for m in MEASURES)
    )
    wide = None
    for group in GROUPS:
        part = (
            means.filter(pl.col("group_name") == group)
            .drop("group_name")
            .rename({c: f"{c}_{group}" for c in ("persons", *MEASURES)})
        )
        wide = part if wide is None else wide.join(part, on=keys, how="full", coalesce=True)
    assert wide is not None
    wide = wide.with_columns(pl.col("persons_target", "persons_comparison").fill_null(0))
    suppressed = (pl.col("persons_target") < MIN_GROUP_SIZE) | (
        pl.col("persons_comparison") < MIN_GROUP_SIZE
    )
    wide = wide.with_columns(
        (pl.col(f"{m}_target") - pl.col(f"{m}_comparison")).alias(f"{m}_difference")
        for m in MEASURES
    ).with_columns(suppressed.alias("suppressed"))
    hidden = [f"{m}_{s}" for m in MEASURES for s in (*GROUPS, "difference")]
    return wide.with_columns(
        pl.when(~pl.col("suppressed")).then(pl.col(c)).alias(c) for c in hidden
    ).sort(keys)


def attributed_difference(comparison: pl.DataFrame, persons: int | None = None) -> pl.DataFrame:
    """The difference per period by payer, per person or for `persons` persons (the target
    group's size, by default): what the municipality and the state each saved (negative)."""
    keys = [c for c in ("year", "quarter") if c in comparison.columns]
    scale = pl.lit(persons) if persons is not None else pl.col("persons_target")
    return comparison.select(
        *keys,
        (pl.col("municipal_dkk_difference") * scale).alias("municipality_dkk"),
        (pl.col("state_dkk_difference") * scale).alias("state_dkk"),
        (pl.col("gross_dkk_difference") * scale).alias("gross_dkk"),
        "suppressed",
    )
