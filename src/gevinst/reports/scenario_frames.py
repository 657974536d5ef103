"""One variant's figures in the silos a committee thinks in: committee × year, gains per silo.

A *variant* is a case, scenario and estimate. Its flows (rows of `case_flows`, with the
committee of each flow's account from `accounts`) are put in *silos*:

- the investing municipality's flows under the committee (udvalg) of their account
  (`accounts.committee`); flows without a municipal account (taxes, equalisation) under their
  department, e.g. "Skatteindtægter";
- everyone else as one silo each: "Andre kommuner", "Regionen", "Staten", "Ekstern finansiering".

Pure functions of polars frames, shared by the Scenarios page, the plain-language summary and
the Excel export, so the three always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import floor
from typing import Any

import polars as pl

from gevinst.messages import Lang, msg, register

register(
    {
        # the investing municipality as one payer group; and a home flow without committee
        # or department
        "scenario_frames.silo.home": {"da": "Kommunen", "en": "Municipality"},
        "scenario_frames.silo.other_municipality": {
            "da": "Andre kommuner",
            "en": "Other municipalities",
        },
        "scenario_frames.silo.region": {"da": "Regionen", "en": "Region"},
        "scenario_frames.silo.state": {"da": "Staten", "en": "State"},
        # the municipalities collectively (equalisation), not one named other municipality
        "scenario_frames.silo.municipalities": {
            "da": "Øvrige kommuner",
            "en": "Other municipalities (collectively)",
        },
        "scenario_frames.silo.external": {"da": "Ekstern finansiering", "en": "External funding"},
    }
)
#: the silos of everyone but the investing municipality, in table order
OTHER_SILO_KINDS = ("other_municipality", "region", "state", "municipalities", "external")
# rank of a silo in tables: home committees, home departments without an account, the rest
_RANK = {
    "committee": 0,
    "department": 1,
    "other_municipality": 2,
    "region": 3,
    "state": 4,
    "municipalities": 5,
    "external": 6,
}


@dataclass(frozen=True)
class VariantFrames:
    """What the database says about one variant (the queries `scenarios_summary` and
    `scenarios_flows`): `case` holds case_id, name, scenario, estimate, municipality_code,
    municipality_name, owner, base_year and horizon_years."""

    case: dict[str, object]
    flows: pl.DataFrame
    summary: pl.DataFrame
    units: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def key(self) -> str:
        return f"{self.case['case_id']}:{self.case['scenario']}:{self.case['estimate']}"

    @property
    def base_year(self) -> int:
        # mypy: a polars row value of an integer column
        return int(self.case["base_year"])  # type: ignore[call-overload]

    @property
    def horizon_years(self) -> int:
        # mypy: a polars row value of an integer column
        return int(self.case["horizon_years"])  # type: ignore[call-overload]

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year, self.base_year + self.horizon_years))

    @property
    def budget_period(self) -> tuple[int, int]:
        """The budget year and the three outlook years (DESIGN: base_year … base_year + 3)."""
        return self.base_year, self.base_year + 3


def silo_label(kind: str, lang: Lang) -> str:
    """The label of a payer group's silo: `home` (the municipality) or one of
    `OTHER_SILO_KINDS`."""
    return msg(f"scenario_frames.silo.{kind}", lang)


def silo_of(
    payer_kind: str, is_home: bool, committee: str | None, department: str | None, lang: Lang
) -> tuple[str, int]:
    """(label, rank) of the silo a flow lands in."""
    if payer_kind == "municipality":
        if not is_home:
            return silo_label("other_municipality", lang), _RANK["other_municipality"]
        if committee:
            return committee, _RANK["committee"]
        return department or silo_label("home", lang), _RANK["department"]
    # `municipalities` (the others collectively, through grants and equalisation) has its
    # own silo, "Øvrige kommuner" (DESIGN "Payers"), apart from one named other municipality
    kind = payer_kind if payer_kind in OTHER_SILO_KINDS else "external"
    return silo_label(kind, lang), _RANK[kind]


def with_silos(flows: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """The flows with `silo` (label) and `silo_rank` columns."""
    committee = "committee_en" if lang == "en" else "committee"
    labels = [
        silo_of(r["payer_kind"], bool(r["is_home"]), r[committee], r["department"], lang)
        for r in flows.select("payer_kind", "is_home", committee, "department").iter_rows(
            named=True
        )
    ]
    return flows.with_columns(
        pl.Series("silo", [s for s, _ in labels], dtype=pl.String),
        pl.Series("silo_rank", [r for _, r in labels], dtype=pl.Int64),
    )


def largest_remainder(values: Sequence[float]) -> list[int]:
    """Whole numbers that add up to the rounded sum of `values` (largest remainder)."""
    floors = [floor(v) for v in values]
    missing = round(sum(values)) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: floors[i] - values[i])
    result = list(floors)
    for i in order[:missing]:
        result[i] += 1
    return result


@dataclass(frozen=True)
class CommitteeYears:
    """Net gain per silo and year (kr., people's sign: + = the silo gains, − = it spends
    more; `gevinst.reports.signs`), and the same in
    whole 1.000 kr. rounded so that every year's rows add up to the year's total and every
    row's years add up to the row's total."""

    silos: list[str]
    years: list[int]
    amounts: list[list[float]]
    thousands: list[list[int]]

    @property
    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.thousands]

    @property
    def year_totals(self) -> list[int]:
        return (
            [sum(col) for col in zip(*self.thousands, strict=True)]
            if self.silos
            else [0 for _ in self.years]
        )

    @property
    def total(self) -> int:
        return sum(self.row_totals)


def committee_years(variant: VariantFrames, lang: Lang) -> CommitteeYears:
    flows = with_silos(variant.flows, lang)
    years = variant.years
    net = flows.group_by("silo", "silo_rank", "year").agg(
        (-pl.col("amount_dkk").sum()).alias("amount_dkk")
    )
    # a silo whose flows cancel in every year (a § 9 c bill and its refund) is left out
    silos = (
        net.group_by("silo", "silo_rank")
        .agg(pl.col("amount_dkk").abs().sum())
        .filter(pl.col("amount_dkk") >= 0.5)
        .sort("silo_rank", "silo")["silo"]
        .to_list()
    )
    lookup = {(r["silo"], r["year"]): r["amount_dkk"] for r in net.iter_rows(named=True)}
    amounts = [[float(lookup.get((s, y), 0.0)) for y in years] for s in silos]
    # each year's column by largest remainder (columns add up); row totals are the sums of
    # the rounded cells, so rows add up too (the table a committee checks first)
    columns = [largest_remainder([row[j] / 1000 for row in amounts]) for j in range(len(years))]
    thousands = [[columns[j][i] for j in range(len(years))] for i in range(len(silos))]
    return CommitteeYears(silos, years, amounts, thousands)


@dataclass(frozen=True)
class SiloGain:
    silo: str
    rank: int
    cost_dkk: float  # the investment the silo pays (cost flows)
    gain_dkk: float  # net gain over the horizon, not counting the investment (> 0 gains)


def silo_gains(variant: VariantFrames, lang: Lang) -> list[SiloGain]:
    """Per silo: what it invests and what it gains net of refusion, transfers and
    equalisation, undiscounted over the horizon; ordered by gain, largest first."""
    flows = with_silos(variant.flows, lang)
    grouped = flows.group_by("silo", "silo_rank").agg(
        pl.col("amount_dkk").filter(pl.col("flow") == "cost").sum().alias("cost"),
        (-pl.col("amount_dkk").filter(pl.col("flow") != "cost").sum()).alias("gain"),
    )
    rows = [
        SiloGain(r["silo"], r["silo_rank"], float(r["cost"] or 0.0), float(r["gain"] or 0.0))
        for r in grouped.iter_rows(named=True)
    ]
    return sorted(rows, key=lambda g: (-g.gain_dkk, g.rank, g.silo))


def gain_shares(gains: Sequence[SiloGain]) -> list[tuple[SiloGain, int]]:
    """The silos that gain, each with its whole-percent share of the gain; the shares add up
    to 100 (largest remainder). Silos that lose are left out (the summary names them)."""
    winners = [g for g in gains if g.gain_dkk >= 0.5]
    total = sum(g.gain_dkk for g in winners)
    if total <= 0:
        return []
    shares = largest_remainder([g.gain_dkk / total * 100 for g in winners])
    return list(zip(winners, shares, strict=True))


def investment_by_silo(variant: VariantFrames, lang: Lang) -> list[tuple[str, float, int]]:
    """(silo, investment in kr., rank) for every silo that pays for the investment."""
    return [
        (g.silo, g.cost_dkk, g.rank)
        for g in sorted(silo_gains(variant, lang), key=lambda g: (g.rank, -g.cost_dkk))
        if abs(g.cost_dkk) >= 0.5
    ]


def cost_years(variant: VariantFrames) -> tuple[int, int] | None:
    years = variant.flows.filter(pl.col("flow") == "cost")["year"]
    # mypy: a polars row value of an integer column
    return (int(years.min()), int(years.max())) if years.len() else None  # type: ignore[arg-type]


def frame_years(variant: VariantFrames) -> dict[str | None, list[float]]:
    """The investing municipality's net (kr., > 0 spends) per budget frame and year, every
    frame of the economy agreement (reference.BUDGET_FRAMES) and None for flows outside the
    frames (taxes, equalisation); the values of each year add up to the municipality's net."""
    from gevinst.reference import BUDGET_FRAMES

    home = variant.flows.filter(pl.col("is_home"))
    out: dict[str | None, list[float]] = {}
    for frame in (*BUDGET_FRAMES, None):
        mine = home.filter(
            pl.col("budget_frame").is_null() if frame is None else pl.col("budget_frame") == frame
        )
        by_year = dict(mine.group_by("year").agg(pl.col("amount_dkk").sum()).iter_rows())
        out[frame] = [float(by_year.get(y, 0.0)) for y in variant.years]
    return out


PAYER_GROUPS = ["home", "other_municipality", "region", "state", "municipalities", "external"]


def payer_group_npv(variant: VariantFrames) -> dict[str, float]:
    """Present value per payer group from `case_summary` (> 0 the group gains)."""
    result = dict.fromkeys(PAYER_GROUPS, 0.0)
    for r in variant.summary.iter_rows(named=True):
        if r["payer_kind"] == "municipality":
            group = "home" if r["is_home"] else "other_municipality"
        elif r["payer_kind"] == "municipalities":
            group = "other_municipality"
        else:
            group = r["payer_kind"] if r["payer_kind"] in result else "external"
        result[group] += float(r["npv_dkk"] or 0.0)
    return result


def home_summary(variant: VariantFrames) -> dict[str, Any]:
    """The investing municipality's row of `case_summary` (payback, P(payback), break-even)."""
    rows = variant.summary.filter(pl.col("is_home"))
    return rows.row(0, named=True) if rows.height else {}


def illustrative_units(variant: VariantFrames, lang: Lang) -> list[str]:
    """Names of the units whose amount is illustrative (or the case's own assumption) and
    that the variant's figures rest on."""
    used = variant.flows.filter(
        pl.col("unit_id").is_not_null() & (pl.col("illustrative").fill_null(True))
    )
    name = "unit_name_en" if lang == "en" else "unit_name"
    own = " (casens egen antagelse)" if lang == "da" else " (the case's own assumption)"
    names = (
        used.with_columns(pl.coalesce(pl.col(name), pl.col("unit_id") + pl.lit(own)).alias("n"))
        .select("n")
        .unique()
        .sort("n")["n"]
        .to_list()
    )
    return [str(n) for n in names]


def units_used(variant: VariantFrames) -> pl.DataFrame:
    """The unit-cost catalogue rows the variant's flows rest on (for the sources sheet)."""
    ids = variant.flows["unit_id"].drop_nulls().unique().to_list()
    if variant.units.is_empty():
        return variant.units
    return variant.units.filter(pl.col("unit_id").is_in(ids)).sort("unit_id")
