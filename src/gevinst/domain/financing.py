"""Financing feedback: what a municipality keeps of a change once the financing system has run.

Three mechanisms, each a pure function of the flows attribution has already computed and of the
reference parameters in `data/reference/financing.toml` (sources there):

- **Beskæftigelsestilskud** (udligningsloven § 23 a): the grant of a landsdel is regulated
  afterwards to the landsdel's actual dagpenge spending, one year later. A municipality with a
  share *s* of its landsdel keeps (1 − *s*) of a dagpenge saving: the state's grant falls by the
  whole saving, the municipality's own grant by *s* of it, the landsdel's other municipalities'
  by the rest.
- **Budgetgaranti**: the block grant follows the national level of the guaranteed transfers, so
  the grant falls by the whole change (the state keeps it) and every municipality carries its
  share of the block grant (population), the investing one *b*, the others (1 − *b*).
- **Tax and equalisation timing**: with statsgaranti (and with selvbudgettering for an effect not
  in the municipality's own estimate) a change in tax base reaches revenue and equalisation
  three years later; until then the state, which pays out the guaranteed amount, holds it.

Every result is a `financing` flow added as pairs or triples that sum to zero per year, so
conservation holds (DESIGN "Conservation"). Arrays have shape `(draws, years)`; the effect
number of the flows that caused a feedback is kept, so the trace can say which effect it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gevinst.cases.schema import Assumptions
from gevinst.domain.flows import FlowKey, FlowSet, Payer
from gevinst.reference import BudgetingMethod, Financing

STATE = Payer("state", None)
OTHERS = Payer("municipalities", None)
DEPARTMENT = "Finansiering (tilskud, udligning og skat)"
STATE_DEPARTMENT = "Staten (tilskud)"
OTHERS_DEPARTMENT = "Øvrige kommuner (tilskud)"
TAX_RULE = "tax"
EQUALISATION_FLOW = "equalisation"


@dataclass(frozen=True)
class Settings:
    """The mechanisms as one case (scenario) has them: reference defaults, case overrides."""

    employment_grant: bool
    budget_guarantee: bool
    tax_timing: bool
    budgeting_method: BudgetingMethod | None
    tax_lag_years: int | None
    landsdel_share: float | None
    block_grant_share: float | None


def settings(ref: Financing, assumptions: Assumptions) -> Settings:
    def on(value: bool | None, default: bool) -> bool:
        return default if value is None else value

    return Settings(
        employment_grant=on(assumptions.employment_grant, ref.employment_grant.enabled),
        budget_guarantee=on(assumptions.budget_guarantee, ref.budget_guarantee.enabled),
        tax_timing=on(assumptions.tax_timing, ref.tax_timing.enabled),
        budgeting_method=assumptions.budgeting_method,
        tax_lag_years=assumptions.tax_lag_years,
        landsdel_share=assumptions.landsdel_share,
        block_grant_share=assumptions.block_grant_share,
    )


def shift(values: np.ndarray, lag: int) -> np.ndarray:
    """The same amounts `lag` years later; what falls past the horizon is dropped (DESIGN)."""
    if lag == 0:
        return values
    out = np.zeros_like(values)
    if lag < values.shape[1]:
        out[:, lag:] = values[:, :-lag]
    return out


def apply(flows: FlowSet, ref: Financing, chosen: Settings, base_year: int, home: int) -> None:
    """Adds the `financing` flows of every mechanism that is on. Computed from the flows as
    they stand before this call, so the mechanisms do not feed into each other."""
    snapshot = dict(flows.amounts)
    if chosen.employment_grant:
        _employment_grant(flows, snapshot, ref, chosen, home)
    if chosen.budget_guarantee:
        _budget_guarantee(flows, snapshot, ref, chosen, home)
    if chosen.tax_timing:
        _tax_timing(flows, snapshot, ref, chosen, base_year)


def _key(payer: Payer, department: str, effect_no: int | None, rule: str, source: str) -> FlowKey:
    return FlowKey(payer, department, None, None, "financing", None, effect_no, rule, source)


def _collective(
    flows: FlowSet,
    change: np.ndarray,
    payer: Payer,
    share: float,
    effect_no: int | None,
    rule: str,
    source: str,
) -> None:
    """A grant that follows a collective total: the state's grant changes by the whole
    `change` (a saving lowers it: the state saves), the municipality's grant by `share` of it
    and the other municipalities' by the rest. Three flows that sum to zero."""
    flows.add(_key(STATE, STATE_DEPARTMENT, effect_no, rule, source), change)
    flows.add(_key(payer, DEPARTMENT, effect_no, rule, source), -share * change)
    flows.add(_key(OTHERS, OTHERS_DEPARTMENT, effect_no, rule, source), -(1 - share) * change)


def _by_municipality_and_effect(
    snapshot: dict[FlowKey, np.ndarray], covered
) -> dict[tuple[Payer, int | None], np.ndarray]:
    totals: dict[tuple[Payer, int | None], np.ndarray] = {}
    for key, values in snapshot.items():
        if (
            key.payer.kind == "municipality"
            and key.flow in {"cost", "gain", "refusion", "transfer"}
            and covered(key)
        ):
            group = (key.payer, key.effect_no)
            totals[group] = totals.get(group, 0) + values
    return totals


def _employment_grant(
    flows: FlowSet, snapshot: dict[FlowKey, np.ndarray], ref: Financing, chosen: Settings, home: int
) -> None:
    rule_ref = ref.employment_grant

    def covered(key: FlowKey) -> bool:
        return key.account in rule_ref.accounts or key.budget_frame in rule_ref.frames

    for (payer, effect_no), change in _by_municipality_and_effect(snapshot, covered).items():
        known = ref.municipalities.get(payer.code or 0)
        if chosen.landsdel_share is not None and payer.code == home:
            share, label = chosen.landsdel_share, "casens antagelse"
        elif known is not None:
            share = known.landsdel_share
            label = known.landsdel + (" (illustrativ andel)" if known.illustrative else "")
        else:
            share, label = rule_ref.fallback_landsdel_share, "gennemsnitlig andel"
        rule = f"employment-grant:{share:.1%} af landsdelen, {label}"
        _collective(
            flows, shift(change, rule_ref.lag_years), payer, share, effect_no, rule, rule_ref.source
        )


def _budget_guarantee(
    flows: FlowSet, snapshot: dict[FlowKey, np.ndarray], ref: Financing, chosen: Settings, home: int
) -> None:
    rule_ref = ref.budget_guarantee

    def covered(key: FlowKey) -> bool:
        return key.budget_frame in rule_ref.frames and key.account not in rule_ref.exclude_accounts

    for (payer, effect_no), change in _by_municipality_and_effect(snapshot, covered).items():
        known = ref.municipalities.get(payer.code or 0)
        if chosen.block_grant_share is not None and payer.code == home:
            share, label = chosen.block_grant_share, "casens antagelse"
        elif known is not None:
            share = known.block_grant_share
            label = "illustrativ andel" if known.illustrative else "andel af bloktilskuddet"
        else:
            share, label = rule_ref.fallback_block_grant_share, "gennemsnitlig andel"
        rule = f"budget-guarantee:{share:.1%} af bloktilskuddet, {label}"
        _collective(
            flows, shift(change, rule_ref.lag_years), payer, share, effect_no, rule, rule_ref.source
        )


def _tax_timing(
    flows: FlowSet,
    snapshot: dict[FlowKey, np.ndarray],
    ref: Financing,
    chosen: Settings,
    base_year: int,
) -> None:
    """Municipal income tax and the equalisation of it move `lag` years later: in the year of
    the effect the municipality gives back what it was booked (the state holds the tax; the
    equalisation's counterparty is not yet paid), in year + lag it receives it."""
    # the municipality whose tax base changed, per effect: equalisation follows its lag
    taxed = {
        key.effect_no: key.payer.code
        for key in snapshot
        if key.flow == "gain" and key.rule == TAX_RULE and key.payer.kind == "municipality"
    }
    for key, values in snapshot.items():
        is_tax = key.flow == "gain" and key.rule == TAX_RULE and key.payer.kind == "municipality"
        # the equalisation's rule names its regime (`equalisation:2021-`, rules by year): the
        # flow kind says it is equalisation, whichever regime produced it
        is_equalisation = key.flow == EQUALISATION_FLOW
        if not (is_tax or is_equalisation) or key.effect_no not in taxed:
            continue
        lag, label = _lag(ref, chosen, taxed[key.effect_no], base_year)
        if lag == 0:
            continue
        rule = f"tax-timing:{label}, {lag} år"
        later = shift(values, lag)
        own = FlowKey(
            key.payer,
            key.department,
            None,
            None,
            "financing",
            key.unit_id,
            key.effect_no,
            rule,
            ref.tax_timing.source,
        )
        flows.add(own, later - values)
        if is_tax:
            # the state pays out the guaranteed base and holds the difference until year + lag
            flows.add(
                FlowKey(
                    STATE,
                    STATE_DEPARTMENT,
                    None,
                    None,
                    "financing",
                    key.unit_id,
                    key.effect_no,
                    rule,
                    ref.tax_timing.source,
                ),
                values - later,
            )


def _lag(
    ref: Financing, chosen: Settings, municipality: int | None, base_year: int
) -> tuple[int, str]:
    """The lag for the case: its own, else the method's. The method is the one of the case's
    base year (the year the effect is budgeted from); equalisation follows the same lag."""
    illustrative = False
    if chosen.budgeting_method is not None:
        method, flagged = chosen.budgeting_method, False
    else:
        method, _, flagged = ref.method(municipality or 0, base_year)
        illustrative = ref.method_is_illustrative(municipality or 0, base_year)
    lag = (
        chosen.tax_lag_years
        if chosen.tax_lag_years is not None
        else ref.tax_timing.lag_years[method]
    )
    label = (
        method
        + (" (seneste kendte valg)" if flagged else "")
        + (", illustrativt valg" if illustrative else "")
    )
    return lag, label
