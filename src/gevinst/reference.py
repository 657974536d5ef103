"""Reference data: municipalities, chart of accounts, rule parameters and unit costs.

Every rule's parameters live here, in files under `data/reference/` that name their source
and date, so a rule changes by editing data, not code. The engine receives a `Reference`
object and never reads files itself. CSV files carry their source in `#` comment lines.
"""

from __future__ import annotations

import csv
import tomllib
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gevinst.paths import reference_dir

RuleName = Literal[
    "none",
    "staircase",
    "dagpenge-cofinancing",
    "fixed-65",
    "costly-cases",
    "health-cofinancing",
    "section-110",
]
# The frames the ministry's "Budget- og regnskabssystem for kommuner" and the yearly economy
# agreement between the government and KL steer municipalities by (data/reference/README.md).
BudgetFrame = Literal[
    "service",
    "transfers-guaranteed",
    "insured-unemployed",
    "transfers-other",
    "health-cofinancing",
    "construction",
]
BUDGET_FRAMES: tuple[str, ...] = (
    "service",
    "transfers-guaranteed",
    "insured-unemployed",
    "transfers-other",
    "health-cofinancing",
    "construction",
)
TRANSFER_FRAMES: frozenset[str] = frozenset(
    {"transfers-guaranteed", "insured-unemployed", "transfers-other"}
)
# `municipalities`: the other municipalities collectively (equalisation and other schemes among
# municipalities), code null, shown as "Øvrige kommuner".
PayerKind = Literal["municipality", "region", "state", "municipalities", "external"]
PAYER_KINDS: tuple[str, ...] = ("municipality", "region", "state", "municipalities", "external")
BudgetingMethod = Literal["statsgaranti", "selvbudgettering"]
UnitPer = Literal["week", "year", "day", "hour", "case"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Region(_Frozen):
    code: int = Field(ge=1081, le=1085)
    name: str


class Municipality(_Frozen):
    code: int = Field(ge=101, le=999)
    name: str
    region_code: int = Field(ge=1081, le=1085)
    dst_group: int = Field(ge=1, le=5)
    dst_group_name: str


class Account(_Frozen):
    """A function of the authorised chart of accounts (`hovedkonto.hovedfunktion.funktion`)."""

    account: str = Field(pattern=r"^\d\.\d{2}\.\d{2}$")
    name: str
    committee: str
    committee_en: str
    department: str
    budget_frame: BudgetFrame
    verified: bool
    source: str
    frame_source: str


class UnitPayer(_Frozen):
    """One payer's share of a unit's gross amount. Municipal payers name department and account;
    `code` is left out when it is the case's own municipality (or its region)."""

    kind: PayerKind
    share: float = Field(gt=0, le=1)
    department: str | None = None
    account: str | None = None


class Unit(_Frozen):
    """One entry of the unit-cost catalogue: what one unit costs and who pays it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    name_en: str
    per: UnitPer
    gross_dkk: float = Field(gt=0)
    price_year: int
    rule: RuleName
    benefit: str | None = None
    payers: tuple[UnitPayer, ...]
    illustrative: bool
    source: str
    # the last year the benefit exists under this name (uddannelseshjælp: 2025, folded into
    # kontanthjælp from 1 July 2025); an effect starting later is refused on load
    last_year: int | None = None

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> Unit:
        total = sum(p.share for p in self.payers)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"unit {self.id}: payer shares sum to {total}, not 1")
        return self

    @property
    def is_weekly(self) -> bool:
        return self.per == "week"


class Step(_Frozen):
    """One step of a week-counter staircase: `share` applies from `from_week` to `to_week`."""

    from_week: int = Field(ge=1)
    to_week: int | None = None
    share: float = Field(ge=0, le=1)


class Tier(_Frozen):
    above: float = Field(ge=0)
    rate: float = Field(ge=0, le=1)


class RateBand(_Frozen):
    from_year: int = Field(ge=1)
    to_year: int | None = None
    rate: float = Field(ge=0, lt=1)


class Regime(_Frozen):
    """One period in which a rule holds as written: years `first`..`last` (None: still in force).

    A flow names its regime as `rule:first-last` (`staircase:2016-`, `kmf:2007-2018`), so a
    reader sees which law text produced it."""

    rule: str
    first: int
    last: int | None = None
    source: str
    # health co-financing only: does the municipality's payment follow activity in this regime?
    activity_based: bool | None = None

    @property
    def label(self) -> str:
        return f"{self.rule}:{self.first}-{'' if self.last is None else self.last}"

    def covers(self, year: int) -> bool:
        return self.first <= year and (self.last is None or year <= self.last)


class Equalisation(_Frozen):
    """Udligning as explicit assumptions (udligningsloven § 2, stk. 2-3); see rules.toml."""

    tax_base_share: float = Field(ge=0, le=1)
    weak_extra_share: float = Field(ge=0, le=1)
    weak_threshold: float = Field(ge=0, le=1)
    need_side_share: float = Field(ge=0, le=1)


class Rules(_Frozen):
    staircase: tuple[Step, ...]
    cofinancing: tuple[Step, ...]
    fixed_65_share: float
    section_110_share: float = Field(ge=0, le=1)  # SEL § 110 stays: state refusion (rules.toml)
    reset_self_support_weeks: int
    reset_window_weeks: int
    costly_cases: dict[int, tuple[Tier, ...]]
    discount: tuple[RateBand, ...]
    equalisation: Equalisation
    average_municipal_tax_rate: float
    state_tax_rate: float
    benefits: dict[str, RuleName]
    regimes: dict[str, tuple[Regime, ...]]
    section_9c_benefits: dict[str, tuple[Regime, ...]]
    budget_guarantee_cap: Regime  # L 77 (2025-26): a cap per full-time person from 2026
    budget_guarantee_cap_accounts: tuple[str, ...]

    @model_validator(mode="after")
    def _regimes_do_not_overlap(self) -> Rules:
        for name, periods in {**self.regimes, **self.section_9c_benefits}.items():
            ordered = sorted(periods, key=lambda r: r.first)
            for earlier, later in pairwise(ordered):
                if earlier.last is None or earlier.last >= later.first:
                    raise ValueError(
                        f"rules.toml: the regimes of {name} overlap "
                        f"({earlier.label} and {later.label})"
                    )
        return self

    def regime(self, rule: str, year: int) -> tuple[Regime, bool]:
        """The regime of `rule` in `year`, and whether the year lies outside every known regime
        (then the nearest one is used and the caller flags it)."""
        periods = sorted(self.regimes[rule], key=lambda r: r.first)
        for period in periods:
            if period.covers(year):
                return period, False
        return (periods[0] if year < periods[0].first else periods[-1]), True

    def billed_under_9c(self, benefit: str | None, year: int) -> Regime | None:
        """The § 9 c regime under which the handlekommune bills `benefit` on to the placing
        municipality in `year`, or None when the law does not bill it on that year."""
        for period in self.section_9c_benefits.get(benefit or "", ()):
            if period.covers(year):
                return period
        return None


class EmploymentGrant(_Frozen):
    """Beskæftigelsestilskud (udligningsloven § 23 a): see financing.toml."""

    enabled: bool
    lag_years: int = Field(ge=0, le=5)
    accounts: tuple[str, ...]
    frames: tuple[str, ...]
    fallback_landsdel_share: float = Field(ge=0, le=1)
    source: str


class BudgetGuarantee(_Frozen):
    """Budgetgaranti: the block grant follows the national level; see financing.toml."""

    enabled: bool
    lag_years: int = Field(ge=0, le=5)
    frames: tuple[str, ...]
    exclude_accounts: tuple[str, ...]
    fallback_block_grant_share: float = Field(ge=0, le=1)
    source: str


class TaxTiming(_Frozen):
    """When a change in tax base reaches revenue and equalisation, by budgeting method."""

    enabled: bool
    lag_years: dict[BudgetingMethod, int]
    source: str


class MunicipalFinancing(_Frozen):
    """One municipality's place in the financing system (financing_municipalities.csv)."""

    code: int = Field(ge=101, le=999)
    landsdel: str
    landsdel_share: float = Field(ge=0, le=1)
    block_grant_share: float = Field(ge=0, le=1)
    illustrative: bool


class Financing(_Frozen):
    employment_grant: EmploymentGrant
    budget_guarantee: BudgetGuarantee
    tax_timing: TaxTiming
    municipalities: dict[int, MunicipalFinancing]
    # budget year → {municipality code, or 0 for the year's default → method}
    budgeting_method: dict[int, dict[int, BudgetingMethod]]
    # (budget year, code or 0) of the rows budgeting_method.csv marks illustrative (not verified)
    illustrative_methods: frozenset[tuple[int, int]] = frozenset()

    def method(self, municipality: int, year: int) -> tuple[BudgetingMethod, int, bool]:
        """The municipality's budgeting method in `year`, the table year used, and whether that
        year was not in the table (the latest known year's choice is used, flagged)."""
        used, code = self._row(municipality, year)
        return self.budgeting_method[used][code], used, used != year

    def method_is_illustrative(self, municipality: int, year: int) -> bool:
        """Whether the row that gives the municipality's method in `year` is not verified."""
        return self._row(municipality, year) in self.illustrative_methods

    def _row(self, municipality: int, year: int) -> tuple[int, int]:
        years = sorted(self.budgeting_method)
        used = max((y for y in years if y <= year), default=years[0])
        return used, municipality if municipality in self.budgeting_method[used] else 0


class Reference(_Frozen):
    regions: dict[int, Region]
    municipalities: dict[int, Municipality]
    accounts: dict[str, Account]
    units: dict[str, Unit]
    rules: Rules
    price_index: dict[int, float]
    # per year: "dst-pris113" (Danmarks Statistik's consumer price index, published) or
    # "illustrative" (price_index.csv says how each was made)
    price_index_basis: dict[int, str]
    municipal_tax_rates: dict[int, float]
    financing: Financing

    def region_of(self, municipality: int) -> int:
        return self.municipalities[municipality].region_code

    def tax_rate(self, municipality: int) -> float:
        return self.municipal_tax_rates.get(municipality, self.rules.average_municipal_tax_rate)

    def index_factor(self, from_year: int, to_year: int) -> float:
        """Price/wage index ratio that moves an amount from one price level to another.

        Years outside the index use its nearest end (the latest known year for the future).
        """
        years = sorted(self.price_index)

        def at(year: int) -> float:
            return self.price_index[min(max(year, years[0]), years[-1])]

        return at(to_year) / at(from_year)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines))


def _read_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_reference(directory: Path | None = None) -> Reference:
    """Read and validate the reference files; a broken file fails here, not mid-evaluation."""
    root = directory or reference_dir()
    rules_raw = _read_toml(root / "rules.toml")
    units_raw = _read_toml(root / "units.toml")
    return Reference(
        regions={
            int(r["code"]): Region(code=int(r["code"]), name=r["name"])
            for r in _read_csv(root / "regions.csv")
        },
        municipalities={
            int(r["code"]): Municipality(
                code=int(r["code"]),
                name=r["name"],
                region_code=int(r["region_code"]),
                dst_group=int(r["dst_group"]),
                dst_group_name=r["dst_group_name"],
            )
            for r in _read_csv(root / "municipalities.csv")
        },
        accounts={
            r["account"]: Account.model_validate(
                {**r, "verified": r["verified"].strip().lower() == "true"}
            )
            for r in _read_csv(root / "accounts.csv")
        },
        units={u["id"]: Unit(**u) for u in units_raw["unit"]},
        rules=Rules(
            staircase=rules_raw["staircase"]["steps"],
            cofinancing=rules_raw["cofinancing"]["steps"],
            fixed_65_share=rules_raw["fixed_65"]["state_share"],
            section_110_share=rules_raw["section_110"]["state_share"],
            reset_self_support_weeks=rules_raw["staircase"]["reset_self_support_weeks"],
            reset_window_weeks=rules_raw["staircase"]["reset_window_weeks"],
            costly_cases={
                int(y): tiers for y, tiers in rules_raw["costly_cases"]["thresholds"].items()
            },
            discount=rules_raw["discount"]["bands"],
            equalisation=rules_raw["equalisation"],
            average_municipal_tax_rate=rules_raw["tax"]["average_municipal_tax_rate"],
            state_tax_rate=rules_raw["tax"]["state_tax_rate"],
            benefits=rules_raw["benefits"],
            regimes={
                name: tuple(Regime(**{"rule": name, **r}) for r in periods)
                for name, periods in rules_raw["regimes"].items()
            },
            section_9c_benefits={
                benefit: tuple(Regime(**r) for r in periods)
                for benefit, periods in rules_raw["section_9c"].items()
            },
            budget_guarantee_cap=Regime(
                rule="budget-guarantee-cap",
                first=rules_raw["budget_guarantee_cap"]["first"],
                source=rules_raw["budget_guarantee_cap"]["source"],
            ),
            budget_guarantee_cap_accounts=rules_raw["budget_guarantee_cap"]["accounts"],
        ),
        price_index={
            int(r["year"]): float(r["index"]) for r in _read_csv(root / "price_index.csv")
        },
        price_index_basis={int(r["year"]): r["basis"] for r in _read_csv(root / "price_index.csv")},
        municipal_tax_rates={
            int(r["code"]): float(r["rate"]) for r in _read_csv(root / "municipal_tax.csv")
        },
        financing=_load_financing(root),
    )


def _load_financing(root: Path) -> Financing:
    raw = _read_toml(root / "financing.toml")
    methods: dict[int, dict[int, str]] = {}
    illustrative: set[tuple[int, int]] = set()
    for row in _read_csv(root / "budgeting_method.csv"):
        code = int(row["code"]) if row["code"].strip() else 0
        methods.setdefault(int(row["year"]), {})[code] = row["method"].strip()
        if row["illustrative"].strip().lower() == "true":
            illustrative.add((int(row["year"]), code))
    for year, table in methods.items():
        if 0 not in table:
            raise ValueError(f"budgeting_method.csv: {year} has no default row (empty code)")
    return Financing(
        employment_grant=raw["employment_grant"],
        budget_guarantee=raw["budget_guarantee"],
        tax_timing=raw["tax_timing"],
        municipalities={
            int(r["code"]): MunicipalFinancing(
                code=int(r["code"]),
                landsdel=r["landsdel"],
                landsdel_share=float(r["landsdel_share"]),
                block_grant_share=float(r["block_grant_share"]),
                illustrative=r["illustrative"].strip().lower() == "true",
            )
            for r in _read_csv(root / "financing_municipalities.csv")
        },
        # mypy: the CSV's budgeting_method column, checked by Financing's validator
        budgeting_method=methods,  # type: ignore[arg-type]
        illustrative_methods=frozenset(illustrative),
    )


@cache
def bundled_reference() -> Reference:
    """The reference data shipped with the package, read once per process."""
    return load_reference()
