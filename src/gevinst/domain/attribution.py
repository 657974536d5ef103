"""Attribution: a case's costs and effects become flows per payer, department and year.

This is where "invest here, gain there" is computed. Costs come from the case's cost
lines; each effect changes a quantity of a unit, which changes the gross expense of the
unit's payers (a `gain`, negative when it is a saving) and, through the unit's rule, the
refusion, co-financing, inter-municipal bills and equalisation that move part of it to
other payers. Every array has shape `(draws, years)`.

Rules change with the year: each flow is booked under the regime in force that year
(rules.toml [regimes], [section_9c]) and names it in its `rule` (`staircase:2016-`), so an
evaluation crossing a change (the 2024 § 9 c rules, the 2027 health reform) splits there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gevinst.cases.schema import Case, Effect
from gevinst.domain import costly_cases, financing, staircase
from gevinst.domain.flows import FlowKey, FlowKind, FlowSet, Payer
from gevinst.domain.params import Params
from gevinst.domain.units import UnitView, resolve_units
from gevinst.reference import Reference, UnitPayer

STATE = Payer("state", None)
# the other municipalities collectively: the equalised share of a tax-base change goes to them
# through the scheme (udligningsloven § 2), not to the state
MUNICIPALITIES = Payer("municipalities", None)
TAX_DEPARTMENT = "Skatteindtægter"
EQUALISATION_DEPARTMENT = "Udligningsordningen (øvrige kommuner)"


@dataclass(frozen=True)
class Context:
    case: Case
    ref: Reference
    params: Params
    effect_scale: float | np.ndarray
    units: dict[str, UnitView]

    @property
    def years(self) -> int:
        return self.case.horizon_years

    @property
    def home(self) -> Payer:
        return Payer("municipality", self.case.municipality)

    def frame_of(self, payer: Payer, account: str | None) -> str | None:
        """Budget frames are municipal; a region's or the state's money has none."""
        if payer.kind != "municipality" or account is None:
            return None
        known = self.ref.accounts.get(account)
        return known.budget_frame if known else None

    def department_of(self, spec: UnitPayer) -> str | None:
        if spec.department:
            return spec.department
        known = self.ref.accounts.get(spec.account or "")
        return known.department if known else None


def attribute(
    case: Case, ref: Reference, params: Params, effect_scale: float | np.ndarray = 1.0
) -> FlowSet:
    """All flows of one case (one scenario) for every draw in `params`; `effect_scale` (a
    number or one per draw) scales every effect, for the break-even search."""
    ctx = Context(case, ref, params, effect_scale, resolve_units(case, ref))
    flows = FlowSet(params.draws, case.horizon_years)
    _costs(ctx, flows)
    for k, effect in enumerate(case.effect):
        _effect(ctx, flows, k, effect)
    # the one point where the financing system feeds back (domain/financing.py)
    financing.apply(
        flows,
        ref.financing,
        financing.settings(ref.financing, case.assumptions),
        case.base_year,
        case.municipality,
    )
    return flows


def _costs(ctx: Context, flows: FlowSet) -> None:
    by_key: dict[FlowKey, np.ndarray] = {}
    for i, line in enumerate(ctx.case.cost):
        if line.payer is None:
            payer, department = ctx.home, line.department
        else:
            code = line.payer.code
            if line.payer.kind == "region" and code is None:
                code = ctx.ref.region_of(ctx.case.municipality)
            if line.payer.kind == "municipality" and code is None:
                code = ctx.case.municipality
            payer = Payer(line.payer.kind, code)
            department = line.payer.name or line.department
        frame = line.budget_frame or ctx.frame_of(payer, line.account)
        if payer.kind != "municipality":
            frame = None
        key = FlowKey(
            payer,
            department,
            line.account,
            frame,
            "cost",
            None,
            None,
            "none",
            line.note or ctx.case.source,
        )
        if key not in by_key:
            by_key[key] = np.zeros((ctx.params.draws, ctx.years))
        by_key[key][:, line.year - ctx.case.base_year] += ctx.params.costs[i]
    for key, amount in by_key.items():
        flows.add(key, amount)


def _enrolment_kernel(
    persons: list[float], years: int, start_offset: int, duration: int | None
) -> np.ndarray:
    """Enrolled persons whose rate effect is active in each year (DESIGN: years
    i + start_offset + k for k < duration_years)."""
    active = np.zeros(years)
    for i, n in enumerate(persons):
        first = i + start_offset
        last = years if duration is None else min(years, first + duration)
        if first < years:
            active[first:last] += n
    return active


def _spread(
    persons: list[float], per_offset: np.ndarray, start_offset: int, years: int
) -> np.ndarray:
    """Sum over enrolment years i of persons[i] × the spell's amounts from year i+offset."""
    total = np.zeros((per_offset.shape[0], years))
    for i, n in enumerate(persons):
        first = i + start_offset
        if first >= years or n == 0:
            continue
        span = min(years - first, per_offset.shape[1])
        total[:, first : first + span] += n * per_offset[:, :span]
    return total


def _payer(ctx: Context, spec: UnitPayer, home: Payer, citizen_home: Payer) -> Payer:
    """The municipal payer is `home` (placing or acting municipality, by the rule); a region
    pays where the citizen lives (sundhedsloven: bopælsregion)."""
    if spec.kind == "municipality":
        return home
    if spec.kind == "region":
        return Payer("region", ctx.ref.region_of(citizen_home.code or ctx.case.municipality))
    return Payer(spec.kind, None)


def _effect(ctx: Context, flows: FlowSet, k: int, effect: Effect) -> None:
    unit = ctx.units[effect.unit]
    p = ctx.params
    persons_factor = p.effect(k, "share_of_persons") * (1 - p.effect(k, "deadweight"))
    if effect.is_weekly:
        units_change, shared = _week_quantities(ctx, k, effect, unit, persons_factor)
    else:
        active = _enrolment_kernel(
            ctx.case.target_group.persons, ctx.years, effect.start_offset, effect.duration_years
        )
        per_person = p.effect(k, "change_per_person") * np.asarray(ctx.effect_scale)
        units_change = (persons_factor * per_person)[:, None] * active[None, :]
        shared = None
    gross = units_change * unit.price_dkk
    host = effect.host_municipality
    citizen_home = Payer("municipality", host) if host else ctx.home
    shared_dkk = None if shared is None else shared * unit.price_dkk
    if unit.rule == "health-cofinancing":
        _health_flows(ctx, flows, k, unit, gross, citizen_home)
        _tax_flows(ctx, flows, k, unit, units_change, citizen_home)
        return
    for spec in unit.payers:
        if spec.share == 1:
            _unit_payer_flows(ctx, flows, k, effect, unit, spec, gross, shared_dkk, citizen_home)
        else:
            _unit_payer_flows(
                ctx,
                flows,
                k,
                effect,
                unit,
                spec,
                gross * spec.share,
                None if shared_dkk is None else shared_dkk * spec.share,
                citizen_home,
            )
    _tax_flows(ctx, flows, k, unit, units_change, citizen_home)


def _week_quantities(
    ctx: Context, k: int, effect: Effect, unit: UnitView, persons_factor: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Change in weeks paid, and in weeks weighted by the rule's share, per year.

    Both spells start in week 1 of year i + start_offset with the count at prior_weeks + 1;
    the gain is their week-by-week difference (DESIGN "Week effects").
    """
    p = ctx.params
    baseline = p.effect(k, "baseline_weeks")
    scale = np.asarray(ctx.effect_scale)
    new = np.maximum(baseline - scale * (baseline - p.effect(k, "new_weeks")), 0.0)
    rules = ctx.ref.rules
    steps = rules.cofinancing if unit.rule == "dagpenge-cofinancing" else rules.staircase
    base_total, base_shared = staircase.spell_by_year(
        baseline, effect.prior_weeks, steps, ctx.years
    )
    new_total, new_shared = staircase.spell_by_year(new, effect.prior_weeks, steps, ctx.years)
    persons = ctx.case.target_group.persons
    weeks = _spread(persons, new_total - base_total, effect.start_offset, ctx.years)
    shared = _spread(persons, new_shared - base_shared, effect.start_offset, ctx.years)
    return weeks * persons_factor[:, None], shared * persons_factor[:, None]


def _segments(ctx: Context, rule: str) -> list[tuple[str, np.ndarray | None]]:
    """The case's years grouped by the regime of `rule` in force: (label, year mask), the mask
    None when one regime covers every year. A year outside every regime uses the nearest one and
    says so in its label (rules.toml [regimes])."""
    if rule not in ctx.ref.rules.regimes:
        return [(rule, None)]
    masks: dict[str, np.ndarray] = {}
    for j in range(ctx.years):
        regime, outside = ctx.ref.rules.regime(rule, ctx.case.base_year + j)
        label = regime.label + (" (uden for gyldighedsperiode)" if outside else "")
        masks.setdefault(label, np.zeros(ctx.years))[j] = 1.0
    if len(masks) == 1:
        return [(next(iter(masks)), None)]
    return list(masks.items())


def _health_segments(ctx: Context) -> list[tuple[str, np.ndarray | None, bool]]:
    """(label, mask, activity_based) per regime of the municipal health co-financing."""
    out = []
    for label, mask in _segments(ctx, "health-cofinancing"):
        first = ctx.case.base_year + (0 if mask is None else int(np.flatnonzero(mask)[0]))
        regime, _ = ctx.ref.rules.regime("health-cofinancing", first)
        out.append((label, mask, bool(regime.activity_based)))
    return out


def _billed_9c(ctx: Context, benefit: str | None) -> list[tuple[str, np.ndarray]]:
    """The years in which the handlekommune bills `benefit` on to the placing municipality
    (retssikkerhedsloven § 9 c, stk. 1, as it stands each year: rules.toml [section_9c]).
    A unit that names no benefit is taken as help under lov om aktiv socialpolitik (an
    assumption, like kontanthjælp)."""
    masks: dict[str, np.ndarray] = {}
    for j in range(ctx.years):
        regime = ctx.ref.rules.billed_under_9c(benefit or "kontanthjaelp", ctx.case.base_year + j)
        if regime is not None:
            masks.setdefault(regime.label, np.zeros(ctx.years))[j] = 1.0
    return list(masks.items())


def _masked(amount: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    return amount if mask is None else amount * mask[None, :]


def _unit_payer_flows(
    ctx: Context,
    flows: FlowSet,
    k: int,
    effect: Effect,
    unit: UnitView,
    spec: UnitPayer,
    gross: np.ndarray,
    shared: np.ndarray | None,
    citizen_home: Payer,
) -> None:
    weekly_cash = unit.rule in {"staircase", "dagpenge-cofinancing"}
    # § 9, stk. 7: services in a residential offer stay with the placing municipality;
    # cash benefits follow the handlekommune, which bills the placing one (§ 9 c).
    home = citizen_home if weekly_cash else ctx.home
    department = ctx.department_of(spec)
    no = k + 1

    def key(
        who: Payer,
        flow: FlowKind,
        rule: str,
        dept: str | None = department,
        account: str | None = spec.account,
    ) -> FlowKey:
        return FlowKey(
            who, dept, account, ctx.frame_of(who, account), flow, unit.id, no, rule, unit.source
        )

    if unit.rule == "dagpenge-cofinancing":
        _cofinanced_flows(ctx, flows, unit, spec, gross, shared, citizen_home, key)
        return
    payer = _payer(ctx, spec, home, citizen_home)
    for label, mask in _segments(ctx, unit.rule):
        flows.add(key(payer, "gain", label), _masked(gross, mask))
        if unit.rule == "staircase" and payer.kind == "municipality" and shared is not None:
            # a refusion received is − for the municipality, + for the state: −shared
            flows.pair(
                key(payer, "refusion", label),
                key(STATE, "refusion", label, dept="Staten", account=None),
                -_masked(shared, mask),
            )
        elif unit.rule == "fixed-65" and payer.kind == "municipality":
            share = ctx.ref.rules.fixed_65_share
            flows.pair(
                key(payer, "refusion", label),
                key(STATE, "refusion", label, dept="Staten", account=None),
                -share * _masked(gross, mask),
            )
        elif unit.rule == "section-110" and payer.kind == "municipality":
            # SEL § 110 stays: 50 % state refusion (rules.toml [section_110])
            share = ctx.ref.rules.section_110_share
            flows.pair(
                key(payer, "refusion", label),
                key(STATE, "refusion", label, dept="Staten", account=None),
                -share * _masked(gross, mask),
            )
    if (
        unit.rule == "staircase"
        and payer.kind == "municipality"
        and shared is not None
        and payer != ctx.home
    ):
        # the host's net change (gross less the refusion it received), billed to the placing
        # municipality in the years § 9 c covers the benefit
        for label, mask in _billed_9c(ctx, unit.benefit):
            flows.pair(
                key(ctx.home, "transfer", label),
                key(payer, "transfer", label),
                (gross - shared) * mask[None, :],
            )
    elif unit.rule == "costly-cases" and payer.kind == "municipality":
        _costly_case_flows(ctx, flows, unit, gross, key, payer)


def _cofinanced_flows(
    ctx: Context,
    flows: FlowSet,
    unit: UnitView,
    spec: UnitPayer,
    gross: np.ndarray,
    shared: np.ndarray | None,
    citizen_home: Payer,
    key,
) -> None:
    """Dagpenge, førtidspension, seniorpension (finansieringsloven § 3, stk. 1, nr. 1, 2, 11,
    15, 16): the a-kasse or Udbetaling Danmark pays, so the state carries the gross whoever the
    unit names; the municipality where the citizen lives co-finances 20/60/70/80 % (§ 5, stk.
    3), booked on the unit's account. Under § 9 c (from 2021, rules.toml [section_9c]) the host
    bills its co-financing of førtidspension and seniorpension on to the placing municipality;
    its co-financing of dagpenge stays with it."""
    state_dept = spec.department if spec.kind == "state" else "Staten (a-kasse/Udbetaling Danmark)"
    known = ctx.ref.accounts.get(spec.account or "")
    municipal_dept = (
        known.department if known else (spec.department if spec.kind == "municipality" else None)
    )
    for label, mask in _segments(ctx, "dagpenge-cofinancing"):
        flows.add(key(STATE, "gain", label, dept=state_dept), _masked(gross, mask))
        if shared is not None:
            flows.pair(
                key(citizen_home, "refusion", label, dept=municipal_dept),
                key(STATE, "refusion", label, dept="Staten", account=None),
                _masked(shared, mask),
            )
    if shared is not None and citizen_home != ctx.home:
        for label, mask in _billed_9c(ctx, unit.benefit):
            flows.pair(
                key(ctx.home, "transfer", label, dept=municipal_dept),
                key(citizen_home, "transfer", label, dept=municipal_dept),
                shared * mask[None, :],
            )


def _health_flows(
    ctx: Context, flows: FlowSet, k: int, unit: UnitView, gross: np.ndarray, citizen_home: Payer
) -> None:
    """Municipal co-financing of health care (4.62.81), by year: while it is activity-based an
    avoided bed-day saves the municipality its share; while frozen, in the 2027-28 transition and
    after its abolition it saves the region the whole gross (rules.toml [regimes])."""
    region_specs = [s for s in unit.payers if s.kind == "region"]
    region_dept = (region_specs[0].department if region_specs else None) or "Regionen"
    region = Payer("region", ctx.ref.region_of(citizen_home.code or ctx.case.municipality))
    no = k + 1
    for spec in unit.payers:
        part = gross * spec.share
        payer = _payer(ctx, spec, ctx.home, citizen_home)
        for label, mask, activity_based in _health_segments(ctx):
            who, dept, account = payer, ctx.department_of(spec), spec.account
            if spec.kind == "municipality" and not activity_based:
                who, dept, account = region, region_dept, None
            flows.add(
                FlowKey(
                    who,
                    dept,
                    account,
                    ctx.frame_of(who, account),
                    "gain",
                    unit.id,
                    no,
                    label,
                    unit.source,
                ),
                _masked(part, mask),
            )


def _costly_case_flows(
    ctx: Context, flows: FlowSet, unit: UnitView, gross: np.ndarray, key, payer: Payer
) -> None:
    """Each unit is read as one person-year at the unit's price: the avoided refusion is
    the tiers' refusion on that yearly expense, per unit (an explicit linearisation)."""
    yearly = unit.price_dkk * (52 if unit.per == "week" else 1)
    rates: dict[str, np.ndarray] = {}  # one rate per year, grouped by the thresholds used
    for j in range(ctx.years):
        tiers, used, flagged = costly_cases.tiers_for_year(
            ctx.ref.rules.costly_cases, ctx.case.base_year + j
        )
        # the thresholds are at their year's level, the amounts at base-year prices
        level = ctx.ref.index_factor(used, ctx.case.base_year)
        regime, outside = ctx.ref.rules.regime("costly-cases", ctx.case.base_year + j)
        label = (
            f"{regime.label} ({used}-tærskler"
            + (", seneste kendte, P/L-reguleret)" if flagged else ")")
            + (" (uden for gyldighedsperiode)" if outside else "")
        )
        rates.setdefault(label, np.zeros(ctx.years))[j] = (
            float(costly_cases.refusion(yearly, tiers, level)) / yearly
        )
    for label, rate in rates.items():
        if rate.any():
            flows.pair(
                key(payer, "refusion", label),
                key(STATE, "refusion", label, dept="Staten", account=None),
                -rate[None, :] * gross,
            )


def _tax_flows(
    ctx: Context,
    flows: FlowSet,
    k: int,
    unit: UnitView,
    units_change: np.ndarray,
    citizen_home: Payer,
) -> None:
    """An effect may raise the tax base (a move from benefit into work). The municipality
    and the state collect tax; udligning moves the equalised share of the municipal tax
    base, at the average tax level, away again (udligningsloven § 2, stk. 2-3)."""
    per_unit = ctx.params.effect(k, "tax_base_per_unit")
    if not per_unit.any():
        return
    rules, assumptions = ctx.ref.rules, ctx.case.assumptions
    base_change = -units_change * per_unit[:, None]  # fewer benefit units → more tax base
    municipal_rate = assumptions.municipal_tax_rate or ctx.ref.tax_rate(citizen_home.code or 0)
    eq = rules.equalisation
    share = (
        eq.tax_base_share
        if assumptions.equalisation_share is None
        else assumptions.equalisation_share
    )
    if assumptions.weak_tax_base:
        share += eq.weak_extra_share
    no = k + 1

    def key(who: Payer, flow: FlowKind, rule: str, dept: str) -> FlowKey:
        return FlowKey(
            who,
            dept,
            None,
            None,
            flow,
            unit.id,
            no,
            rule,
            "Antagelse: skattegrundlag pr. enhed i casen; satser i rules.toml",
        )

    flows.add(key(citizen_home, "gain", "tax", TAX_DEPARTMENT), -base_change * municipal_rate)
    flows.add(key(STATE, "gain", "tax", TAX_DEPARTMENT), -base_change * rules.state_tax_rate)
    equalised = base_change * share * rules.average_municipal_tax_rate
    if share:
        for label, mask in _segments(ctx, "equalisation"):
            flows.pair(
                key(citizen_home, "equalisation", label, EQUALISATION_DEPARTMENT),
                key(MUNICIPALITIES, "equalisation", label, EQUALISATION_DEPARTMENT),
                _masked(equalised, mask),
            )
