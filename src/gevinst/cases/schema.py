"""The case file (TOML, one case per file) as pydantic models: the contract in DESIGN.md.

Any number written `{ low, central, high }` may also be a plain number. The keys are
*estimates*, not sizes: `low` is the pessimistic value (small effect, high cost, high
deadweight), so `new_weeks = { low = 45, central = 30, high = 20 }` is right.
Checks that need the reference data (units, municipalities, accounts) live in `load.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gevinst.reference import BudgetFrame, BudgetingMethod, PayerKind, RuleName, UnitPer

Estimate = Literal["low", "central", "high"]
WEEKLY_RULES: frozenset[str] = frozenset({"staircase", "dagpenge-cofinancing", "fixed-65"})
ESTIMATES: tuple[Estimate, ...] = ("low", "central", "high")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Triple(_Strict):
    low: float
    central: float
    high: float

    @model_validator(mode="after")
    def _central_between(self) -> Triple:
        lo, hi = sorted((self.low, self.high))
        if not lo <= self.central <= hi:
            raise ValueError(
                "central skal ligge mellem low og high (central must lie between low and high)"
            )
        return self

    def pick(self, estimate: Estimate) -> float:
        return float(getattr(self, estimate))


Number = float | Triple


def pick(value: Number, estimate: Estimate) -> float:
    return value.pick(estimate) if isinstance(value, Triple) else float(value)


class Payer(_Strict):
    """Who pays a cost line when it is not the case's municipality (external funding)."""

    kind: PayerKind
    code: int | None = None
    name: str | None = None


class TargetGroup(_Strict):
    name: str
    persons: list[float] = Field(min_length=1)

    @model_validator(mode="after")
    def _non_negative(self) -> TargetGroup:
        for i, n in enumerate(self.persons):
            if n < 0:
                raise ValueError(
                    f"persons[{i + 1}] = {n:g}: antal personer kan ikke være "
                    "negativt (persons cannot be negative)"
                )
        return self


class CostLine(_Strict):
    year: int
    department: str
    account: str = Field(pattern=r"^\d\.\d{2}\.\d{2}$")
    amount: Number
    payer: Payer | None = None
    budget_frame: BudgetFrame | None = None
    note: str | None = None


class Effect(_Strict):
    """A change in a unit: a rate effect (`change_per_person`) or a week effect (two spells)."""

    unit: str
    change_per_person: Number | None = None
    baseline_weeks: Number | None = None
    new_weeks: Number | None = None
    prior_weeks: int = Field(default=0, ge=0)
    share_of_persons: Number = 1.0
    deadweight: Number = 0.0
    start_offset: int = Field(default=0, ge=0)
    duration_years: int | None = Field(default=None, ge=1)
    host_municipality: int | None = None
    tax_base_per_unit: Number | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Effect:
        weekly = self.baseline_weeks is not None or self.new_weeks is not None
        if weekly and self.change_per_person is not None:
            raise ValueError(
                "angiv enten change_per_person eller baseline_weeks/new_weeks, ikke "
                "begge (give either change_per_person or the two spells)"
            )
        if weekly and (self.baseline_weeks is None or self.new_weeks is None):
            raise ValueError(
                "en ugeeffekt kræver både baseline_weeks og new_weeks (a week effect "
                "needs both baseline_weeks and new_weeks)"
            )
        if not weekly and self.change_per_person is None:
            raise ValueError(
                "angiv change_per_person eller baseline_weeks/new_weeks (give "
                "change_per_person or baseline_weeks and new_weeks)"
            )
        for name in ("share_of_persons", "deadweight"):
            for v in _values(getattr(self, name)):
                if not 0 <= v <= 1:
                    raise ValueError(f"{name} skal ligge mellem 0 og 1 ({name} must be 0-1)")
        for name in ("baseline_weeks", "new_weeks"):
            for v in _values(getattr(self, name)):
                if v < 0:
                    raise ValueError(f"{name} kan ikke være negativ ({name} cannot be negative)")
        return self

    @property
    def is_weekly(self) -> bool:
        return self.baseline_weeks is not None


def _values(value: Number | None) -> tuple[float, ...]:
    if value is None:
        return ()
    if isinstance(value, Triple):
        return (value.low, value.central, value.high)
    return (float(value),)


class UnitPayerSpec(_Strict):
    kind: PayerKind
    share: float = Field(default=1.0, gt=0, le=1)
    department: str | None = None
    account: str | None = None


class LocalUnit(_Strict):
    """A unit defined in the case itself: a local assumption, shown as such."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    name_en: str | None = None
    per: UnitPer | None = None  # None: follows from the rule (WEEKLY_RULES are per week)
    gross_dkk: float = Field(gt=0)
    price_year: int | None = None
    payer: UnitPayerSpec | None = None
    payers: list[UnitPayerSpec] | None = None
    rule: RuleName = "none"
    benefit: str | None = None
    source: str = "Lokal antagelse i casen (local assumption in the case)"

    @model_validator(mode="after")
    def _one_payer_form(self) -> LocalUnit:
        if (self.payer is None) == (self.payers is None):
            raise ValueError("angiv enten payer eller payers (give either payer or payers)")
        return self

    @property
    def effective_per(self) -> str:
        """`per` as written, else what the rule implies: the refusion staircase, dagpenge
        co-financing and the fixed 65 % refusion are paid per week (finansieringsloven § 5)."""
        if self.per is not None:
            return self.per
        return "week" if self.rule in WEEKLY_RULES else "year"


class Assumptions(_Strict):
    """Explicit assumptions a user may change; None means the reference data's value."""

    discount_rate: float | None = Field(default=None, ge=0, lt=1)
    equalisation_share: float | None = Field(default=None, ge=0, le=1)
    weak_tax_base: bool = False
    municipal_tax_rate: float | None = Field(default=None, ge=0, lt=1)
    # Financing feedback (data/reference/financing.toml); None = the reference data's default
    # (on where the law applies). False switches a mechanism off for the case or a scenario.
    employment_grant: bool | None = None
    budget_guarantee: bool | None = None
    tax_timing: bool | None = None
    budgeting_method: BudgetingMethod | None = None  # overrides budgeting_method.csv
    tax_lag_years: int | None = Field(default=None, ge=0, le=5)
    landsdel_share: float | None = Field(default=None, ge=0, le=1)
    block_grant_share: float | None = Field(default=None, ge=0, le=1)


class EffectPatch(BaseModel):
    """Changes to effect number `no` (1-based, in file order) in a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    no: int = Field(ge=1)
    change_per_person: Number | None = None
    baseline_weeks: Number | None = None
    new_weeks: Number | None = None
    share_of_persons: Number | None = None
    deadweight: Number | None = None
    start_offset: int | None = Field(default=None, ge=0)
    duration_years: int | None = Field(default=None, ge=1)
    prior_weeks: int | None = Field(default=None, ge=0)
    host_municipality: int | None = None
    tax_base_per_unit: Number | None = None


class Scenario(_Strict):
    """A named variant of the case's assumptions (what politicians compare)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")  # an id, in URLs and the data
    title: str | None = Field(default=None, max_length=120)  # what people see
    description: str | None = None  # one line for people
    persons: list[float] | None = None
    cost_scale: float | None = Field(default=None, ge=0)
    effect: list[EffectPatch] = []
    assumptions: Assumptions | None = None


class Case(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    municipality: int
    owner: str
    base_year: int = Field(ge=2000, le=2100)
    horizon_years: int = Field(ge=1, le=100)
    source: str
    status: Literal["draft", "adopted"] = "draft"
    decided_on: dt.date | None = None
    description: str | None = None
    target_group: TargetGroup
    # no cost lines is valid: a changed practice that costs nothing extra, or a study of who gains
    cost: list[CostLine] = []
    effect: list[Effect] = []
    unit: list[LocalUnit] = []
    assumptions: Assumptions = Assumptions()
    scenario: list[Scenario] = []

    @model_validator(mode="after")
    def _within_horizon(self) -> Case:
        last = self.base_year + self.horizon_years - 1
        for i, line in enumerate(self.cost, start=1):
            if not self.base_year <= line.year <= last:
                raise ValueError(
                    f"cost[{i}].year = {line.year} ligger uden for casens år "
                    f"{self.base_year}-{last} (outside the case's years)"
                )
            if any(v < 0 for v in _values(line.amount)):
                raise ValueError(
                    f"cost[{i}].amount kan ikke være negativ; en indtægt er en "
                    "gevinst (a cost cannot be negative)"
                )
        if len(self.target_group.persons) > self.horizon_years:
            raise ValueError(
                "target_group.persons har flere år end horizon_years (more years "
                "of enrolment than the horizon)"
            )
        if self.status == "adopted" and self.decided_on is None:
            raise ValueError(
                "en vedtaget case kræver decided_on (an adopted case needs the date of decision)"
            )
        names = [s.name for s in self.scenario]
        if "basis" in names or len(set(names)) != len(names):
            raise ValueError(
                "scenarienavne skal være unikke og ikke 'basis' (scenario names "
                "must be unique and not 'basis')"
            )
        return self

    def with_scenario(self, name: str) -> Case:
        """The case as the named scenario has it; `basis` is the case as written."""
        if name == "basis":
            return self
        found = [s for s in self.scenario if s.name == name]
        if not found:
            raise KeyError(name)
        return apply_scenario(self, found[0])

    @property
    def scenario_names(self) -> list[str]:
        return ["basis", *(s.name for s in self.scenario)]

    def scenario_title(self, name: str, lang: str = "da") -> str:
        """What people see for a scenario: its `title`, else its id (basis: "Basis")."""
        if name == "basis":
            return "Basis" if lang != "en" else "Basis (as written)"
        found = next((s for s in self.scenario if s.name == name), None)
        return (found.title or found.name) if found is not None else name


def apply_scenario(case: Case, scenario: Scenario) -> Case:
    data = case.model_dump()
    if scenario.persons is not None:
        data["target_group"]["persons"] = scenario.persons
    if scenario.cost_scale is not None:
        for line in data["cost"]:
            amount = line["amount"]
            line["amount"] = (
                {k: v * scenario.cost_scale for k, v in amount.items()}
                if isinstance(amount, dict)
                else amount * scenario.cost_scale
            )
    for patch in scenario.effect:
        if patch.no > len(data["effect"]):
            raise ValueError(f"scenario {scenario.name}: effect {patch.no} findes ikke")
        changes = patch.model_dump(exclude_none=True, exclude={"no"})
        data["effect"][patch.no - 1].update(changes)
    if scenario.assumptions is not None:
        # only what the scenario sets: an unset weak_tax_base must not reset the case's
        data["assumptions"].update(scenario.assumptions.model_dump(exclude_unset=True))
    data["scenario"] = []
    return Case.model_validate(data)
