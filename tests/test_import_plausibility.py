"""The plausibility check's reading of the bundled REGK31 extract equals the key-figure
importer's checked reading, figure for figure (the check reads it the fast way)."""

from __future__ import annotations

import polars as pl

from gevinst.ingest.key_figures import read_key_figures
from gevinst.ingest.plausibility import _key_figures, implied_population
from gevinst.store.key_figures import bundled_extracts


def test_the_fast_reading_equals_the_checked_one() -> None:
    checked = (
        pl.concat([read_key_figures(p).rows for p in bundled_extracts()])
        .filter(pl.col("area_kind") == "municipality")
        .select(
            "municipality_code",
            pl.col("function").alias("account"),
            pl.col("year").alias("kf_year"),
            pl.col("amount_per_inhabitant_dkk").cast(pl.Float64).alias("per_inhabitant"),
        )
    )
    fast = _key_figures()
    assert fast.height == checked.height == 98 * 25
    key = ["municipality_code", "account", "kf_year"]
    assert fast.sort(key).equals(checked.sort(key))


def test_the_implied_population_of_a_budget_written_from_regk31() -> None:
    """Given Høje-Taastrup's per-inhabitant figures for three functions × 58.000 people,
    the implied population is 58.000."""
    figures = _key_figures().filter(pl.col("municipality_code") == 169).head(3)
    lines = figures.select(
        pl.lit(2026).alias("year"),
        pl.lit("B").alias("budget_kind"),
        "account",
        (pl.col("per_inhabitant") * 58_000).alias("amount_dkk"),
    )
    people, functions, year = implied_population(lines, 169)
    assert (round(people), functions, year) == (58_000, 3, 2024)
