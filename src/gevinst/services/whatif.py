"""What-if on a case: read the changes a person typed (an effect, a deadweight, the persons, the
discount rate), apply them to the case and recompute the central figures with the pure engine,
writing nothing (the case page's "what if?"; the page lays out, this computes).

Choices (DESIGN is silent):
- Each input is the *central* value. Where the case gives `{ low, central, high }`, the whole
  triple moves by the same difference (its spread is kept; deadweight is kept within 0-1 and
  weeks at 0 or more), so the what-if, a saved scenario and its low/high estimates and Monte
  Carlo agree. A plain number is replaced.
- Persons are changed by a multiplier on every year's enrolment.
- The discount rate is a flat rate in per cent; blank keeps the case's own choice
  (Finansministeriet's schedule unless the case file sets a flat rate).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from gevinst import fmt
from gevinst.cases.schema import Case, Effect, Number, Triple
from gevinst.domain import financing as financing_rules
from gevinst.domain.evaluate import evaluate
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference

MAX_PERSONS_FACTOR = 100.0

register(
    {
        "case.whatif.change": {
            "da": "Effekt {no} ({unit}): ændring pr. person pr. år",
            "en": "Effect {no} ({unit}): change per person per year",
        },
        "case.whatif.weeks": {
            "da": "Effekt {no} ({unit}): uger på ydelse med indsatsen (uden: {baseline})",
            "en": "Effect {no} ({unit}): weeks on benefit with the intervention "
            "(without: {baseline})",
        },
        "case.whatif.deadweight": {
            "da": "Effekt {no}: dødvægt (%)",
            "en": "Effect {no}: deadweight (%)",
        },
        "case.whatif.persons": {
            "da": "Personer pr. år, gange (nu: {persons})",
            "en": "Persons per year, times (now: {persons})",
        },
        "case.whatif.rate": {
            "da": "Diskonteringsrente, fast (%; tom = Finansministeriets)",
            "en": "Discount rate, flat (%; blank = Ministry of Finance's)",
        },
        "case.whatif.not_number": {
            "da": "{label}: »{value}« er ikke et tal",
            "en": "{label}: “{value}” is not a number",
        },
        "case.whatif.range": {
            "da": "{label}: skal ligge mellem {low} og {high}",
            "en": "{label}: must lie between {low} and {high}",
        },
        "case.whatif.not_negative": {
            "da": "{label}: kan ikke være negativ",
            "en": "{label}: cannot be negative",
        },
    }
)


# ---------------------------------------------------------------------------------- inputs


def main_field(effect: Effect) -> str:
    """The number a what-if changes: the new spell for a week effect, else the rate."""
    return "new_weeks" if effect.is_weekly else "change_per_person"


def central(value: Number | None) -> float:
    if value is None:
        return 0.0
    return value.central if isinstance(value, Triple) else float(value)


def parse_number(value: object) -> float | None:
    """A number as people type it: `-0,05`, `−0.05`, `1.234,5`, `12`; None if it is not one.
    (A client may send any JSON: only finite numbers and number-like text pass.)"""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
        text = text.removesuffix("%")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            return None
        number = float(text)
    else:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class WhatIf:
    values: dict[int, float] = field(default_factory=dict)  # effect no → main field
    deadweights: dict[int, float] = field(default_factory=dict)  # effect no → share 0-1
    persons_factor: float = 1.0
    discount_rate: float | None = None  # flat, share; None = keep
    # financing mechanism → on/off as switched (domain/financing.py); absent = as the case has it
    financing: dict[str, bool] = field(default_factory=dict)


FINANCING = ("employment_grant", "budget_guarantee", "tax_timing")


def parse_financing(switches: dict | None) -> dict[str, bool]:
    """Checklists as the browser sends them (mechanism → list of ticked values): a mechanism
    is on when its own name is ticked. Unknown names and junk are ignored."""
    out: dict[str, bool] = {}
    for name, value in (switches or {}).items():
        if name in FINANCING and isinstance(value, list):
            out[name] = name in value
    return out


def financing_on(variant: Case, ref: Reference) -> dict[str, bool]:
    """Each mechanism as the variant has it (reference default unless the case says)."""
    chosen = financing_rules.settings(ref.financing, variant.assumptions)
    return {name: getattr(chosen, name) for name in FINANCING}


def _show(value: float, lang: Lang) -> str:
    return fmt.number(value, 0, lang)


def parse_whatif(
    case: Case,
    values: dict,
    deadweights: dict,
    persons: object,
    rate: object,
    lang: Lang,
    financing: dict | None = None,
) -> tuple[WhatIf | None, list[str]]:
    """Inputs as the browser sends them (by effect number) → a `WhatIf` or the problems."""
    problems: list[str] = []
    parsed_values: dict[int, float] = {}
    parsed_deadweights: dict[int, float] = {}
    for no, effect in enumerate(case.effect, start=1):
        value = _effect_value(effect, no, values.get(no), lang, problems)
        if value is not None:
            parsed_values[no] = value
        label = msg("case.whatif.deadweight", lang, no=no)
        deadweight = _parsed(deadweights.get(no), label, lang, problems, _between(100, label, lang))
        if deadweight is not None:
            parsed_deadweights[no] = deadweight / 100
    label = msg("case.whatif.persons", lang, persons="…")
    factor = _parsed(persons, label, lang, problems, _between(MAX_PERSONS_FACTOR, label, lang))
    label = msg("case.whatif.rate", lang)
    rate_percent = _parsed(rate, label, lang, problems, _between(100, label, lang, below=True))
    if problems:
        return None, problems
    return WhatIf(
        parsed_values,
        parsed_deadweights,
        1.0 if factor is None else factor,
        None if rate_percent is None else rate_percent / 100,
        parse_financing(financing),
    ), []


def _effect_value(
    effect: Effect, no: int, raw: object, lang: Lang, problems: list[str]
) -> float | None:
    """An effect's new central: weeks on benefit (never negative) or a change."""
    unit = effect.unit
    label = (
        msg(
            "case.whatif.weeks",
            lang,
            no=no,
            unit=unit,
            baseline=_show(central(effect.baseline_weeks), lang),
        )
        if effect.is_weekly
        else msg("case.whatif.change", lang, no=no, unit=unit)
    )

    def negative(number: float) -> str | None:
        if effect.is_weekly and number < 0:
            return msg("case.whatif.not_negative", lang, label=label)
        return None

    return _parsed(raw, label, lang, problems, negative)


def _between(
    high: float, label: str, lang: Lang, *, below: bool = False
) -> Callable[[float], str | None]:
    """Refuses a number outside [0, high] ([0, high) when `below`)."""

    def refuse(number: float) -> str | None:
        inside = 0 <= number < high if below else 0 <= number <= high
        return (
            None if inside else msg("case.whatif.range", lang, label=label, low=0, high=int(high))
        )

    return refuse


def _parsed(
    raw: object, label: str, lang: Lang, problems: list[str], refuse: Callable[[float], str | None]
) -> float | None:
    """The number typed into one field; None when empty, or after adding its problem (not a
    number, or what `refuse` says of it) to `problems`."""
    if raw in (None, ""):
        return None
    number = parse_number(raw)
    problem = (
        msg("case.whatif.not_number", lang, label=label, value=str(raw)[:40])
        if number is None
        else refuse(number)
    )
    if problem is not None:
        problems.append(problem)
        return None
    return number


# ---------------------------------------------------------------------------------- engine


def tidy(value: float) -> float:
    """Rounded to 10 decimals (no float noise in a saved case file), never -0.0."""
    return round(value, 10) + 0.0


def shifted(
    value: Number | None, new_central: float, low: float | None = None, high: float | None = None
) -> Number:
    """`value` with its central moved to `new_central`; a triple keeps its spread, clipped
    to [low, high] (the central is inside, so the order survives the clipping)."""

    def clip(v: float) -> float:
        if low is not None:
            v = max(v, low)
        if high is not None:
            v = min(v, high)
        return tidy(v)

    if isinstance(value, Triple):
        diff = new_central - value.central
        return Triple(
            low=clip(value.low + diff), central=tidy(new_central), high=clip(value.high + diff)
        )
    return tidy(new_central)


def _bounds(name: str) -> tuple[float | None, float | None]:
    return {"deadweight": (0.0, 1.0), "new_weeks": (0.0, None)}.get(name, (None, None))


def effect_changes(variant: Case, whatif: WhatIf) -> dict[int, dict[str, Number]]:
    """Per effect number, the fields the what-if changes (only those that differ)."""
    changes: dict[int, dict[str, Number]] = {}
    for no, effect in enumerate(variant.effect, start=1):
        wanted = {
            main_field(effect): whatif.values.get(no),
            "deadweight": whatif.deadweights.get(no),
        }
        for name, new in wanted.items():
            if new is None:
                continue
            old = getattr(effect, name)
            if abs(central(old) - new) > 1e-12:
                changes.setdefault(no, {})[name] = shifted(old, new, *_bounds(name))
    return changes


def dumped(value: Number) -> object:
    """A number or triple as the case file's data has it."""
    return value.model_dump() if isinstance(value, Triple) else value


def apply_whatif(variant: Case, whatif: WhatIf) -> Case:
    """The case as the scenario has it, changed by the what-if (validated by the schema)."""
    case_data = variant.model_dump()
    for no, fields in effect_changes(variant, whatif).items():
        case_data["effect"][no - 1].update({k: dumped(v) for k, v in fields.items()})
    if whatif.persons_factor != 1.0:
        case_data["target_group"]["persons"] = [
            tidy(p * whatif.persons_factor) for p in variant.target_group.persons
        ]
    if whatif.discount_rate is not None:
        case_data["assumptions"]["discount_rate"] = whatif.discount_rate
    case_data["assumptions"].update(whatif.financing)
    return Case.model_validate(case_data)


@dataclass(frozen=True)
class Outcome:
    npv_dkk: float
    payback_year: int | None
    saved_npv_dkk: float | None
    flows: pl.DataFrame

    @property
    def delta_dkk(self) -> float | None:
        return None if self.saved_npv_dkk is None else self.npv_dkk - self.saved_npv_dkk


def recompute(
    variant: Case, whatif: WhatIf, ref: Reference, estimate: str, saved_npv_dkk: float | None
) -> Outcome:
    """The pure engine on the changed case (no Monte Carlo: the draws stay with the saved
    figures; the what-if answers "what does this change do to the central figures")."""
    changed = apply_whatif(variant, whatif)
    # the changed case carries no scenarios: its "basis" is the what-if
    # mypy: the estimate is one of ESTIMATES, checked by the caller
    result = evaluate(changed, ref, estimate=estimate, draws=0)  # type: ignore[arg-type]
    home = _home_row(result.summary, changed.municipality)
    return Outcome(
        float(home.get("npv_dkk") or 0.0), home.get("payback_year"), saved_npv_dkk, result.flows
    )


def _home_row(summary: pl.DataFrame, home: int) -> dict:
    """The home municipality's summary row ({} when it has none)."""
    rows = summary.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home))
    return rows.row(0, named=True) if rows.height else {}
