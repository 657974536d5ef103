"""Is the scale right? The file's amounts held against Danmarks Statistik's published spend
per inhabitant (REGK31, bundled in `data/reference/`).

For each function the file and REGK31 both hold, the file's yearly amount divided by the
municipality's net spend per inhabitant is a population. No table of municipal populations
is bundled, so the check is the one the import rules allow without it: the median of those
ratios must lie within the range of Danish municipalities' populations — Læsø about 1.800,
København about 660.000 inhabitants (Danmarks Statistik, FOLK1A, 1 January 2025) — with a
factor 10 of slack for budgets that differ from 2024's accounts and files that hold part of a
function, and only where at least three functions are in both. (With the municipality's own
population the band could be much narrower; none is bundled yet.) Amounts read 1.000 times
too small or too large fall outside it for most municipalities; the warning names the unit
that would bring them in.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from gevinst import fmt
from gevinst.errors import Problem
from gevinst.messages import Lang, msg, register
from gevinst.paths import reference_dir
from gevinst.reference import bundled_reference

if TYPE_CHECKING:
    from gevinst.ingest.budget import FileReport

#: Danish municipalities' populations, smallest and largest (DST FOLK1A 2025: Læsø 1.8xx,
#: København 66x.xxx), widened by SLACK each way
SMALLEST, LARGEST, SLACK = 1_800, 660_000, 10
#: functions whose spend per inhabitant is below this are too small to measure a scale by
MIN_PER_INHABITANT = 50
#: fewer functions in common than this say too little about a whole file's scale
MIN_FUNCTIONS = 3
_UNITS = {"kr.": 1, "1.000 kr.": 1_000, "t.kr.": 1_000, "mio. kr.": 1_000_000}

register(
    {
        "ingest.plausible.scale": {
            "da": "beløbene svarer til {people} indbyggere målt mod Danmarks Statistiks udgift "
            "pr. indbygger i kommune {code} (REGK31 {year}, {functions} funktioner); danske "
            "kommuner har ca. 1.800–660.000. Enheden er nok {likely}, ikke {unit}: angiv "
            "--unit '{likely}', eller importér med --accept-warnings hvis beløbene er rigtige",
            "en": "the amounts correspond to {people} inhabitants measured against Danmarks "
            "Statistik's spend per inhabitant of municipality {code} (REGK31 {year}, "
            "{functions} functions); Danish municipalities have about 1,800–660,000. The unit "
            "is probably {likely}, not {unit}: give --unit '{likely}', or import with "
            "--accept-warnings if the amounts are right",
        },
    }
)


@functools.cache
def _key_figures() -> pl.DataFrame:
    """The bundled REGK31 extracts (`data/reference/regk31_<year>.csv`, Danmarks Statistik):
    municipality, function, year, net kr. per inhabitant.

    Read with polars, not `ingest.key_figures.read_key_figures`: the extract is bundled
    reference data that `gevinst import --kind key-figures` and its tests check row by row,
    and every budget import pays for this read (0,02 s here against 0,3 s through the
    checker); `tests/test_import_plausibility.py` holds the two readings equal."""
    frames = []
    codes = {m.name.casefold(): code for code, m in bundled_reference().municipalities.items()}
    for path in sorted(reference_dir().glob("regk31_*.csv")):
        year = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", path.stem)
        if not year:
            continue
        raw = pl.read_csv(
            path,
            has_header=False,
            comment_prefix="#",
            infer_schema=False,
            new_columns=["price_unit", "art", "function", "area", "amount"],
        )
        frames.append(
            raw.select(
                pl.col("area")
                .str.strip_chars()
                .str.to_lowercase()
                .replace_strict(codes, default=None, return_dtype=pl.Int32)
                .alias("municipality_code"),
                pl.col("function")
                .str.extract(r"^\s*(\d{1,2}\.\d{2}\.\d{2})\s", 1)
                .alias("account"),
                pl.lit(int(year[-1]), pl.Int32).alias("kf_year"),
                pl.col("amount")
                .str.strip_chars()
                .cast(pl.Float64, strict=False)
                .alias("per_inhabitant"),
            ).drop_nulls()
        )
    if not frames:
        return pl.DataFrame(
            schema={
                "municipality_code": pl.Int32,
                "account": pl.String,
                "kf_year": pl.Int32,
                "per_inhabitant": pl.Float64,
            }
        )
    return pl.concat(frames)


def implied_population(lines: pl.DataFrame, municipality: int) -> tuple[float, int, int] | None:
    """(median population, functions compared, key-figure year) for lines in kr.; None when
    no function with a measurable spend per inhabitant is in both."""
    figures = _key_figures().filter(pl.col("municipality_code") == municipality)
    if figures.is_empty():
        return None
    latest = figures.get_column("kf_year").max()
    figures = figures.filter(
        (pl.col("kf_year") == latest) & (pl.col("per_inhabitant").abs() >= MIN_PER_INHABITANT)
    )
    ratios = (
        lines.group_by("year", "budget_kind", "account")
        .agg(pl.col("amount_dkk").sum())
        .join(figures, on="account")
        .filter(
            (pl.col("amount_dkk") != 0)
            & (pl.col("amount_dkk").sign() == pl.col("per_inhabitant").sign())
        )
        .select((pl.col("amount_dkk") / pl.col("per_inhabitant")).alias("ratio"), "account")
    )
    if ratios.get_column("account").n_unique() < MIN_FUNCTIONS:
        return None
    return (
        # mypy: polars types a scalar as any literal; the column is numeric
        float(ratios.get_column("ratio").median()),  # type: ignore[arg-type]
        ratios.get_column("account").n_unique(),
        # mypy: polars types a scalar as any literal; the column is numeric
        int(latest),  # type: ignore[arg-type]
    )


def _likely_unit(people: float, unit: str) -> str | None:
    """The unit that would bring the implied population nearest the middle of the range."""
    middle = math.sqrt(SMALLEST * LARGEST)
    read = _UNITS.get(unit, 1)
    best = min(_UNITS.items(), key=lambda u: abs(math.log(people * u[1] / read / middle)))
    return best[0] if best[1] != read else None


def plausibility(
    lines: pl.DataFrame, municipality: int, reports: Sequence[FileReport], lang: Lang
) -> list[Problem]:
    """A warning per file whose amounts are off the published level by a unit's factor."""
    out: list[Problem] = []
    for report in reports:
        units = [u for s in report.sheets for u in s.units]
        unit = units[0] if units else "kr."
        found = implied_population(
            lines.filter(pl.col("source_file") == report.display), municipality
        )
        if found is None:
            continue
        people, functions, year = found
        if SMALLEST / SLACK <= people <= LARGEST * SLACK:
            continue
        likely = _likely_unit(people, unit)
        if likely is None:
            continue
        out.append(
            Problem(
                report.display,
                "",
                msg(
                    "ingest.plausible.scale",
                    lang,
                    people=fmt.number(people, 0, lang),
                    code=municipality,
                    year=year,
                    functions=functions,
                    likely=likely,
                    unit=unit,
                ),
                "warning",
            )
        )
    return out
