"""The budget decision: the cases the council is asked to adopt, in the budget, per committee.

A controller or director chooses cases (each with one scenario) and one estimate; for the
budget period — the budget year B and the three outlook years BO (DESIGN: `base_year …
base_year + 3`; here the latest B year imported) — the decision shows, per committee:

- the **imported budget** (B/BO lines as the municipality wrote them, expenses positive);
- the **change the cases bring**: the investing municipality's own net flows of every chosen
  case — the investment in one committee, the gains in others, refusion, § 9 c bills,
  equalisation and financing feedback netted (every flow kind, summed generically) — shown in
  the people's sign of `gevinst.reports.signs` (a gain +, a cost −);
- the **budget after** = budget − gain (+ cost): what the committee's budget line would be.

Budget frames (service, the guarantee-covered transfers, …) are summed the same way from the
accounts' frames, so a director sees the investment burden the service frame while the gains
land in transfers. The economy agreement sets the frames for the municipalities as a whole;
a municipality's own ceiling is not public data, so it is shown where a controller entered it
(`gevinst frame-ceiling set`, `services.frame_ceilings`, with its source): the ceiling, and
the room under it after the cases (ceiling − budget after; negative = over the ceiling).

The gain-share proposal (`domain.gain_share.propose`, the same rule as for realised gains)
moves an agreed share of each committee's planned net saving to the investing committee; its
transfers balance to the krone every year.

Politicians see adopted cases only (`adopted_only`); the rest is the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from gevinst.domain.gain_share import DEFAULT_SHARE, GainShareProposal, propose
from gevinst.store.reader import Database

ESTIMATES = ("low", "central", "high")
BUDGET_KINDS = ("B", "BO")
#: committees without a municipal account (taxes, equalisation, grants): their department
NO_COMMITTEE = "Kommunen"


@dataclass(frozen=True)
class Choice:
    """One case the council is asked to adopt, with the scenario chosen for it."""

    case_id: str
    scenario: str = "basis"


@dataclass(frozen=True)
class BudgetDecision:
    municipality: int
    choices: list[Choice]
    estimate: str
    years: list[int]
    #: committee, year, budget_dkk (imported, expenses +), gain_dkk (people's sign: the
    #: chosen cases' net gain for the committee, + a gain), after_dkk (= budget − gain)
    committees: pl.DataFrame
    #: budget_frame, year, budget_dkk, gain_dkk, after_dkk (the same by budget frame), and
    #: the entered ceiling: ceiling_dkk, room_dkk (= ceiling − after), ceiling_source (null
    #: where none was entered)
    frames: pl.DataFrame
    #: the stored flows behind `gain_dkk` (case_id, scenario, year, committee, account,
    #: department, budget_frame, flow, amount_dkk in DESIGN's sign)
    flows: pl.DataFrame
    cases: pl.DataFrame  # the chosen cases: case_id, name, owner, status, titles …
    gain_share: GainShareProposal
    budget_year: int | None  # None: no budget imported for the municipality
    budget_sources: list[str]

    @property
    def total_gain_dkk(self) -> float:
        return float(self.committees["gain_dkk"].sum())


def variants(database: Database, municipality: int, adopted_only: bool) -> pl.DataFrame:
    """The cases and scenarios that may be chosen (adopted ones only for a politician)."""
    return database.query("decision_variants", municipality=municipality, adopted_only=adopted_only)


def valid_choices(offered: pl.DataFrame, wanted: Sequence[Choice]) -> list[Choice]:
    """The wanted choices that are offered, one scenario per case (the last one wins)."""
    known = set(offered.select("case_id", "scenario").iter_rows())
    by_case: dict[str, Choice] = {}
    for choice in wanted:
        if (choice.case_id, choice.scenario) in known:
            by_case[choice.case_id] = choice
    return sorted(by_case.values(), key=lambda c: c.case_id)


def budget_period(budget: pl.DataFrame, cases: pl.DataFrame) -> tuple[int | None, list[int]]:
    """(B year, the four years): the latest B year imported; without a budget, the chosen
    cases' first base year (DESIGN: the budget year and three outlook years)."""
    b_years = budget.filter(pl.col("budget_kind") == "B")["year"]
    if b_years.len():
        # mypy: polars types a scalar as any literal; the year column is integer
        first = int(b_years.max())  # type: ignore[arg-type]
        return first, list(range(first, first + 4))
    base = cases["base_year"].min() if "base_year" in cases.columns and cases.height else None
    # mypy: polars types a scalar as any literal; the year column is integer
    first = int(base) if base is not None else 0  # type: ignore[arg-type]
    return None, list(range(first, first + 4)) if first else []


def case_budget_period(
    database: Database, municipality: int, base_year: int
) -> tuple[int | None, list[int]]:
    """The budget period a case is read in, as the budget decision reads it: (the latest B year
    imported for the municipality, or None) and that year with its three outlook years; with
    no budget imported, the case's base year and its three."""
    found = database.query("budget_year", municipality=municipality)["budget_year"]
    first = found[0] if found.len() and found[0] is not None else None
    start = int(first) if first is not None else base_year
    return (None if first is None else start), list(range(start, start + 4))


def decide(
    database: Database,
    municipality: int,
    wanted: Sequence[Choice],
    estimate: str = "central",
    adopted_only: bool = False,
    share: float = DEFAULT_SHARE,
) -> BudgetDecision:
    """The decision for the wanted cases (unknown or not offered ones are left out)."""
    if estimate not in ESTIMATES:
        raise ValueError(f"unknown estimate {estimate!r}")
    offered = variants(database, municipality, adopted_only)
    choices = valid_choices(offered, wanted)
    ids = [c.case_id for c in choices]
    cases = (
        database.query(
            "decision_cases", municipality=municipality, case_ids=ids, adopted_only=adopted_only
        )
        .join(
            pl.DataFrame(
                {"case_id": ids, "scenario": [c.scenario for c in choices]},
                schema={"case_id": pl.String, "scenario": pl.String},
            ),
            on="case_id",
        )
        .join(
            offered.select("case_id", "scenario", "scenario_title", "scenario_description"),
            on=["case_id", "scenario"],
            how="left",
        )
    )
    flows = database.query(
        "decision_flows",
        municipality=municipality,
        case_ids=ids,
        scenarios=[c.scenario for c in choices],
        estimate=estimate,
        adopted_only=adopted_only,
    )
    budget = database.query("decision_budget", municipality=municipality)
    budget_year, years = budget_period(budget, cases)
    in_period = flows.filter(pl.col("year").is_in(years))
    budget_in = budget.filter(pl.col("year").is_in(years))
    sources = sorted(
        {s for files in budget_in["source_files"].drop_nulls().to_list() for s in files.split(", ")}
    )
    frames = _table(
        budget_in.filter(pl.col("budget_frame").is_not_null()),
        in_period.filter(pl.col("budget_frame").is_not_null()),
        "budget_frame",
        years,
    )
    return BudgetDecision(
        municipality=municipality,
        choices=choices,
        estimate=estimate,
        years=years,
        committees=_table(budget_in, in_period, "committee", years),
        frames=with_ceilings(frames, _ceilings(database, municipality)),
        flows=in_period,
        cases=cases,
        gain_share=planned_gain_share(in_period, cases, share),
        budget_year=budget_year,
        budget_sources=sources,
    )


def _ceilings(database: Database, municipality: int) -> pl.DataFrame:
    try:
        return database.query("decision_frame_ceilings", municipality=municipality)
    except duckdb.CatalogException:  # a database opened read-only from before the table
        return pl.DataFrame(
            schema={
                "budget_frame": pl.String,
                "year": pl.Int32,
                "ceiling_dkk": pl.Float64,
                "source": pl.String,
            }
        )


def with_ceilings(frames: pl.DataFrame, ceilings: pl.DataFrame) -> pl.DataFrame:
    """The frames table with each frame and year's entered ceiling, its source and the room
    under it after the cases (ceiling − budget after: + under the ceiling, − over it); null
    where no ceiling was entered. A frame with a ceiling but neither budget nor flows in the
    period is added (budget 0), so an entered ceiling is never silently left out."""
    entered = ceilings.select(
        "budget_frame",
        pl.col("year").cast(pl.Int32),
        pl.col("ceiling_dkk").cast(pl.Float64),
        pl.col("source").alias("ceiling_source"),
    )
    years = frames["year"].unique().to_list()
    missing = (
        entered.filter(pl.col("year").is_in(years))
        .join(frames.select("budget_frame", "year"), on=["budget_frame", "year"], how="anti")
        .select(
            "budget_frame",
            "year",
            pl.lit(0.0).alias("budget_dkk"),
            pl.lit(0.0).alias("gain_dkk"),
            pl.lit(0.0).alias("after_dkk"),
        )
    )
    return (
        pl.concat([frames.with_columns(pl.col("year").cast(pl.Int32)), missing])
        .join(entered, on=["budget_frame", "year"], how="left")
        .with_columns((pl.col("ceiling_dkk") - pl.col("after_dkk")).alias("room_dkk"))
        .sort("budget_frame", "year")
    )


def _table(budget: pl.DataFrame, flows: pl.DataFrame, key: str, years: list[int]) -> pl.DataFrame:
    """Per `key` and year: budget, the cases' net gain (people's sign) and the budget after.
    Every key that has a budget or a flow in the period, every year of the period."""
    spent = budget.group_by(key, "year").agg(pl.col("amount_dkk").sum().alias("budget_dkk"))
    gained = flows.group_by(key, "year").agg((-pl.col("amount_dkk").sum()).alias("gain_dkk"))
    keys = pl.concat([spent.select(key), gained.select(key)]).unique()
    grid = keys.join(pl.DataFrame({"year": years}, schema={"year": pl.Int32}), how="cross")
    table = (
        grid.join(spent.with_columns(pl.col("year").cast(pl.Int32)), on=[key, "year"], how="left")
        .join(gained.with_columns(pl.col("year").cast(pl.Int32)), on=[key, "year"], how="left")
        .with_columns(
            pl.col("budget_dkk").fill_null(0.0).cast(pl.Float64),
            pl.col("gain_dkk").fill_null(0.0).cast(pl.Float64),
        )
    )
    return table.with_columns((pl.col("budget_dkk") - pl.col("gain_dkk")).alias("after_dkk")).sort(
        key, "year"
    )


def planned_gain_share(
    flows: pl.DataFrame, cases: pl.DataFrame, share: float = DEFAULT_SHARE
) -> GainShareProposal:
    """The gain-share rule on the planned gains: every committee's planned net saving from a
    case (its gain flows and what follows from them; the investment is the investing
    committee's own) is treated as a gain the committee keeps ("reinvested"), and `share` of
    it is proposed moved to the investing committee: the committee of the case's largest
    municipal cost line (where the investment is booked). Flows without a municipal account
    (taxes, equalisation, grants) belong to the treasury, not a committee: they move
    nothing."""
    investing: dict[str, str] = {}
    for case_id in cases["case_id"].to_list():
        costs = (
            flows.filter((pl.col("case_id") == case_id) & (pl.col("flow") == "cost"))
            .group_by("committee")
            .agg(pl.col("amount_dkk").sum())
            .sort("amount_dkk", "committee", descending=[True, False])
        )
        if costs.height:
            investing[case_id] = costs["committee"][0]
    gains = (
        flows.filter((pl.col("flow") != "cost") & pl.col("account").is_not_null())
        .group_by("case_id", "year", "committee")
        .agg(pl.col("amount_dkk").sum())
        .with_columns(
            pl.col("committee").alias("account"),
            pl.lit(None, pl.String).alias("unit_id"),
            pl.lit("reinvested").alias("status"),
            pl.lit(None, pl.String).alias("harvested_from_account"),
        )
        .select(
            "case_id",
            "year",
            "unit_id",
            "account",
            "amount_dkk",
            "status",
            "harvested_from_account",
        )
    )
    # the "account" here is the committee itself: the rule maps it to its committee as is
    committees = {c: c for c in gains["account"].unique().to_list()}
    return propose(gains, committees, investing, share)
