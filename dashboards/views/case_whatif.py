"""What-if on a case: change an effect, deadweight, persons or the discount rate, recompute
with the pure engine (no database write), and save the change as a named scenario.

Choices (DESIGN is silent):
- Each input is the *central* value. Where the case gives `{ low, central, high }`, the whole
  triple moves by the same difference (its spread is kept; deadweight is kept within 0-1 and
  weeks at 0 or more), so the what-if, the saved scenario and its low/high estimates and
  Monte Carlo agree. A plain number is replaced.
- Persons are changed by a multiplier on every year's enrolment.
- The discount rate is a flat rate in per cent; blank keeps the case's own choice
  (Finansministeriet's schedule unless the case file sets a flat rate).
- A saved scenario is the chosen scenario's own changes plus the what-if's, appended to the
  case file as a `[[scenario]]`; then the case is saved with every scenario and estimate
  re-evaluated (`save_case`). For an adopted case the stored evaluations are frozen
  (DESIGN: "an adopted case's evaluation is frozen as it was"): they are kept as they are
  and only the new scenario is evaluated.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
import re
from dataclasses import dataclass, field

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html

from dashboards import data
from dashboards.components import colours
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr
from dashboards.i18n import register, t
from dashboards.views.case import (
    ESTIMATES,
    LoadedCase,
    flow_lines,
    home_row,
    jcurve_data,
    load,
    load_message,
    payer_summary,
    reference,
)
from gevinst import fmt
from gevinst.cases import parse_case
from gevinst.cases.evaluation import evaluate_variants
from gevinst.cases.schema import Case, Effect, Number, Scenario, Triple
from gevinst.domain import financing as financing_rules
from gevinst.domain.evaluate import (
    DEPARTMENT_SCHEMA,
    FLOW_SCHEMA,
    SUMMARY_SCHEMA,
    Evaluation,
    evaluate,
)
from gevinst.errors import ConservationError, InputRejected
from gevinst.reference import Reference
from gevinst.store.cases import save_case

SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_NAME = 40
MAX_DESCRIPTION = 200
MAX_PERSONS_FACTOR = 100.0
SAVED_BY = "dashboard"

register({
    "case.h.whatif": {"da": "Hvad nu hvis?", "en": "What if?"},
    "case.whatif.help": {
        "da": "Ret en antagelse og se nutidsværdi, tilbagebetaling og J-kurve med det samme "
              "(beregnet af motoren, intet gemmes). Værdierne er de centrale; lavt og højt skøn "
              "flyttes med.",
        "en": "Change an assumption and see present value, payback and J-curve at once "
              "(computed by the engine, nothing is saved). Values are the central ones; the "
              "low and high estimates move with them."},
    "case.whatif.change": {"da": "Effekt {no} ({unit}): ændring pr. person pr. år",
                           "en": "Effect {no} ({unit}): change per person per year"},
    "case.whatif.weeks": {"da": "Effekt {no} ({unit}): uger på ydelse med indsatsen "
                                "(uden: {baseline})",
                          "en": "Effect {no} ({unit}): weeks on benefit with the intervention "
                                "(without: {baseline})"},
    "case.whatif.deadweight": {"da": "Effekt {no}: dødvægt (%)",
                               "en": "Effect {no}: deadweight (%)"},
    "case.whatif.persons": {"da": "Personer pr. år, gange (nu: {persons})",
                            "en": "Persons per year, times (now: {persons})"},
    "case.whatif.rate": {"da": "Diskonteringsrente, fast (%; tom = Finansministeriets)",
                         "en": "Discount rate, flat (%; blank = Ministry of Finance's)"},
    "case.whatif.npv": {"da": "Nutidsværdi, hvad nu hvis", "en": "Present value, what if"},
    "case.whatif.financing": {"da": "Finansieringen (slå en ordning fra for at se dens virkning)",
                              "en": "Financing (switch a mechanism off to see what it does)"},
    "case.whatif.employment_grant": {"da": "Beskæftigelsestilskud", "en": "Employment grant"},
    "case.whatif.budget_guarantee": {"da": "Budgetgaranti", "en": "Budget guarantee"},
    "case.whatif.tax_timing": {"da": "Skattens og udligningens forsinkelse",
                               "en": "Lag of tax and equalisation"},
    "case.whatif.delta": {"da": "Ændring mod det gemte tal", "en": "Change against the saved"},
    "case.whatif.saved": {"da": "Gemt: {npv}", "en": "Saved: {npv}"},
    "case.whatif.payback": {"da": "Tilbagebetalt, hvad nu hvis", "en": "Pays back, what if"},
    "case.whatif.never": {"da": "aldrig", "en": "never"},
    "case.whatif.curve_saved": {"da": "Gemt ({scenario})", "en": "Saved ({scenario})"},
    "case.whatif.curve_new": {"da": "Hvad nu hvis", "en": "What if"},
    "case.whatif.curve_title": {
        "da": "Kumuleret nettogevinst for kommunen i alt, mio. kr.: gemt og hvad nu hvis",
        "en": "Cumulative net gain for the municipality in total, DKK m: saved and what if"},
    "case.whatif.problems": {"da": "Ret venligst:", "en": "Please correct:"},
    "case.whatif.not_number": {"da": "{label}: »{value}« er ikke et tal",
                               "en": "{label}: “{value}” is not a number"},
    "case.whatif.range": {"da": "{label}: skal ligge mellem {low} og {high}",
                          "en": "{label}: must lie between {low} and {high}"},
    "case.whatif.not_negative": {"da": "{label}: kan ikke være negativ",
                                 "en": "{label}: cannot be negative"},
    "case.whatif.engine": {"da": "Beregningen stoppede: {detail}",
                           "en": "The computation stopped: {detail}"},
    "case.save.h": {"da": "Gem som scenarie", "en": "Save as a scenario"},
    "case.save.name": {"da": "Navn (små bogstaver, tal og bindestreg, fx halv-effekt)",
                       "en": "Name (lower-case letters, digits and hyphens, e.g. half-effect)"},
    "case.save.description": {"da": "Beskrivelse (valgfri)", "en": "Description (optional)"},
    "case.save.button": {"da": "Gem scenarie", "en": "Save scenario"},
    "case.save.bad_name": {
        "da": "Navnet »{name}« er ugyldigt: brug små bogstaver a-z, tal og bindestreg, højst "
              "40 tegn, og begynd med et bogstav eller tal.",
        "en": "The name “{name}” is invalid: use lower-case a-z, digits and hyphens, at most "
              "40 characters, starting with a letter or digit."},
    "case.save.exists": {"da": "Scenariet »{name}« findes allerede for denne case.",
                         "en": "The scenario “{name}” already exists for this case."},
    "case.save.rejected": {"da": "Scenariet blev ikke gemt: {detail}",
                           "en": "The scenario was not saved: {detail}"},
    "case.save.read_only": {"da": "Databasen er åbnet skrivebeskyttet; intet blev gemt.",
                            "en": "The database is open read-only; nothing was saved."},
    "case.save.done": {
        "da": "Scenariet »{name}« er gemt, og casen er genberegnet ({count} beregninger).",
        "en": "The scenario “{name}” is saved and the case re-evaluated ({count} "
              "evaluations)."},
    "case.save.done_frozen": {
        "da": "Scenariet »{name}« er gemt. Casen er vedtaget, så de gemte beregninger er "
              "frosset; kun det nye scenarie er beregnet.",
        "en": "The scenario “{name}” is saved. The case is adopted, so its stored evaluations "
              "are frozen; only the new scenario was evaluated."},
    "case.save.default_description": {
        "da": "Gemt fra casesidens »hvad nu hvis« {date} (grundlag: {base}).",
        "en": "Saved from the case page's “what if” on {date} (based on: {base})."},
})


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
    values: dict[int, float] = field(default_factory=dict)       # effect no → main field
    deadweights: dict[int, float] = field(default_factory=dict)  # effect no → share 0-1
    persons_factor: float = 1.0
    discount_rate: float | None = None                           # flat, share; None = keep
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


def _show(value: float, lang: str) -> str:
    return fmt.number(value, 0, "en" if lang == "en" else "da")


def parse_whatif(case: Case, values: dict, deadweights: dict, persons: object, rate: object,
                 lang: str, financing: dict | None = None) -> tuple[WhatIf | None, list[str]]:
    """Inputs as the browser sends them (by effect number) → a `WhatIf` or the problems."""
    problems: list[str] = []
    parsed_values: dict[int, float] = {}
    parsed_deadweights: dict[int, float] = {}
    for no, effect in enumerate(case.effect, start=1):
        unit = effect.unit
        label = (t("case.whatif.weeks", lang).format(
            no=no, unit=unit, baseline=_show(central(effect.baseline_weeks), lang))
            if effect.is_weekly else t("case.whatif.change", lang).format(no=no, unit=unit))
        raw = values.get(no)
        if raw not in (None, ""):
            number = parse_number(raw)
            if number is None:
                problems.append(t("case.whatif.not_number", lang).format(label=label,
                                                                         value=str(raw)[:40]))
            elif effect.is_weekly and number < 0:
                problems.append(t("case.whatif.not_negative", lang).format(label=label))
            else:
                parsed_values[no] = number
        raw = deadweights.get(no)
        label = t("case.whatif.deadweight", lang).format(no=no)
        if raw not in (None, ""):
            number = parse_number(raw)
            if number is None:
                problems.append(t("case.whatif.not_number", lang).format(label=label,
                                                                         value=str(raw)[:40]))
            elif not 0 <= number <= 100:
                problems.append(t("case.whatif.range", lang).format(label=label, low=0,
                                                                    high=100))
            else:
                parsed_deadweights[no] = number / 100
    factor = 1.0
    label = t("case.whatif.persons", lang).format(persons="…")
    if persons not in (None, ""):
        number = parse_number(persons)
        if number is None:
            problems.append(t("case.whatif.not_number", lang).format(label=label,
                                                                     value=str(persons)[:40]))
        elif not 0 <= number <= MAX_PERSONS_FACTOR:
            problems.append(t("case.whatif.range", lang).format(label=label, low=0,
                                                                high=int(MAX_PERSONS_FACTOR)))
        else:
            factor = number
    discount: float | None = None
    if rate not in (None, ""):
        label = t("case.whatif.rate", lang)
        number = parse_number(rate)
        if number is None:
            problems.append(t("case.whatif.not_number", lang).format(label=label,
                                                                     value=str(rate)[:40]))
        elif not 0 <= number < 100:
            problems.append(t("case.whatif.range", lang).format(label=label, low=0, high=100))
        else:
            discount = number / 100
    if problems:
        return None, problems
    return WhatIf(parsed_values, parsed_deadweights, factor, discount,
                  parse_financing(financing)), []


# ---------------------------------------------------------------------------------- engine

def _tidy(value: float) -> float:
    return round(value, 10) + 0.0


def shifted(value: Number | None, new_central: float, low: float | None = None,
            high: float | None = None) -> Number:
    """`value` with its central moved to `new_central`; a triple keeps its spread, clipped
    to [low, high] (the central is inside, so the order survives the clipping)."""
    def clip(v: float) -> float:
        if low is not None:
            v = max(v, low)
        if high is not None:
            v = min(v, high)
        return _tidy(v)

    if isinstance(value, Triple):
        diff = new_central - value.central
        return Triple(low=clip(value.low + diff), central=_tidy(new_central),
                      high=clip(value.high + diff))
    return _tidy(new_central)


def _bounds(name: str) -> tuple[float | None, float | None]:
    return {"deadweight": (0.0, 1.0), "new_weeks": (0.0, None)}.get(name, (None, None))


def effect_changes(variant: Case, whatif: WhatIf) -> dict[int, dict[str, Number]]:
    """Per effect number, the fields the what-if changes (only those that differ)."""
    changes: dict[int, dict[str, Number]] = {}
    for no, effect in enumerate(variant.effect, start=1):
        wanted = {main_field(effect): whatif.values.get(no),
                  "deadweight": whatif.deadweights.get(no)}
        for name, new in wanted.items():
            if new is None:
                continue
            old = getattr(effect, name)
            if abs(central(old) - new) > 1e-12:
                changes.setdefault(no, {})[name] = shifted(old, new, *_bounds(name))
    return changes


def _dump(value: Number) -> object:
    return value.model_dump() if isinstance(value, Triple) else value


def apply_whatif(variant: Case, whatif: WhatIf) -> Case:
    """The case as the scenario has it, changed by the what-if (validated by the schema)."""
    case_data = variant.model_dump()
    for no, fields in effect_changes(variant, whatif).items():
        case_data["effect"][no - 1].update({k: _dump(v) for k, v in fields.items()})
    if whatif.persons_factor != 1.0:
        case_data["target_group"]["persons"] = [
            _tidy(p * whatif.persons_factor) for p in variant.target_group.persons]
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


def recompute(variant: Case, whatif: WhatIf, ref: Reference, estimate: str,
              saved_npv_dkk: float | None) -> Outcome:
    """The pure engine on the changed case (no Monte Carlo: the draws stay with the saved
    figures; the what-if answers "what does this change do to the central figures")."""
    changed = apply_whatif(variant, whatif)
    # the changed case carries no scenarios: its "basis" is the what-if
    result = evaluate(changed, ref, estimate=estimate, draws=0)  # type: ignore[arg-type]
    home = home_row(result.summary, changed.municipality) or {}
    return Outcome(float(home.get("npv_dkk") or 0.0), home.get("payback_year"), saved_npv_dkk,
                   result.flows)


# ---------------------------------------------------------------------------------- views

def _input(kind: str, no: int | str, label: str, value: object, help_id: str | None = None
           ) -> html.Label:
    attrs = {"aria-describedby": help_id} if help_id else {}
    return html.Label([html.Span(label), dcc.Input(
        id={"type": kind, "no": no}, type="text", inputMode="decimal", value=value,
        debounce=0.4, className=f"case-input {kind}", autoComplete="off", **attrs)],
        className="case-field")


def _value_text(value: float, lang: str) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang != "en" else text


def whatif_controls(variant: Case, lang: str) -> list:
    """Labelled inputs for each effect's central number and deadweight, persons and rate."""
    fields: list = []
    for no, effect in enumerate(variant.effect, start=1):
        value = central(getattr(effect, main_field(effect)))
        label = (t("case.whatif.weeks", lang).format(
            no=no, unit=effect.unit, baseline=_show(central(effect.baseline_weeks), lang))
            if effect.is_weekly else
            t("case.whatif.change", lang).format(no=no, unit=effect.unit))
        fields.append(html.Div([
            _input("case-whatif-value", no, label, _value_text(value, lang)),
            _input("case-whatif-deadweight", no, t("case.whatif.deadweight", lang).format(no=no),
                   _value_text(central(effect.deadweight) * 100, lang)),
        ], className="case-effect-inputs"))
    persons = ", ".join(_show(p, lang) for p in variant.target_group.persons)
    rate = variant.assumptions.discount_rate
    fields.append(html.Div([
        _input("case-whatif-persons", 0, t("case.whatif.persons", lang).format(persons=persons),
               "1"),
        _input("case-whatif-rate", 0, t("case.whatif.rate", lang),
               _value_text(rate * 100, lang) if rate is not None else ""),
    ], className="case-effect-inputs"))
    fields.append(financing_controls(variant, lang))
    return fields


def _financing_on(variant: Case) -> dict[str, bool]:
    """Each mechanism as the variant has it (reference default unless the case says)."""
    chosen = financing_rules.settings(reference().financing, variant.assumptions)
    return {name: getattr(chosen, name) for name in FINANCING}


def financing_controls(variant: Case, lang: str) -> html.Fieldset:
    on = _financing_on(variant)
    return html.Fieldset([
        html.Legend(term(t("case.whatif.financing", lang), "financing", lang)),
        *(dcc.Checklist(id={"type": "case-whatif-financing", "no": name},
                        options=[{"label": t(f"case.whatif.{name}", lang), "value": name}],
                        value=[name] if on[name] else [], inline=True)
          for name in FINANCING)], className="case-whatif-financing")


def whatif_figure(saved: pl.DataFrame, outcome: Outcome, home: int, home_name: str,
                  years: list[int], ref: Reference, scenario: str, lang: str) -> go.Figure:
    def total(lines: pl.DataFrame) -> pl.DataFrame:
        curve = jcurve_data(lines, home, home_name, years, ref, lang)
        return curve.filter(pl.col("group") == "total")

    figure = go.Figure()
    for curve, name, style in (
            (total(saved), t("case.whatif.curve_saved", lang).format(scenario=scenario),
             {"color": colours.NEUTRAL, "dash": "dash", "width": 2}),
            (total(outcome.flows), t("case.whatif.curve_new", lang),
             {"color": colours.PAYER["municipality"], "width": 4})):
        figure.add_trace(go.Scatter(
            x=curve["year"].to_list(), y=[v / 1e6 for v in curve["cumulative_gain_dkk"]],
            name=name, mode="lines+markers", line=style))
    figure.add_hline(y=0, line={"color": colours.NEUTRAL, "width": 1})
    figure.update_layout(title=t("case.whatif.curve_title", lang), height=360,
                         separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
                         margin={"l": 60, "r": 20, "t": 60, "b": 40},
                         legend={"orientation": "h", "y": -0.2},
                         xaxis={"dtick": 1}, yaxis={"title": "mio. kr." if lang != "en"
                                                    else "DKK m"})
    return figure


def signed_kr(value: float, lang: str) -> str:
    """A change with its sign: `+12.345 kr.`, `-12.345 kr.`, `0 kr.`."""
    text = kr(value, lang)
    if value < 0.5:
        return text
    return text.replace("DKK ", "DKK +") if lang == "en" else "+" + text


def outcome_view(outcome: Outcome, figure: go.Figure, lang: str) -> list:
    def kpi(label: object, value: str, kpi_id: str, extra: str = "") -> html.Div:
        parts = [html.Div(label, className="label"),
                 html.Div(value, className="value", id=kpi_id)]
        if extra:
            parts.append(html.Div(extra, className="note"))
        return html.Div(parts, className="kpi")

    delta = outcome.delta_dkk
    return [
        html.Div([
            kpi(term(t("case.whatif.npv", lang), "npv", lang), kr(outcome.npv_dkk, lang),
                "case-whatif-npv", t("case.whatif.saved", lang).format(
                    npv=kr(outcome.saved_npv_dkk, lang))),
            kpi(t("case.whatif.delta", lang), signed_kr(delta, lang) if delta is not None
                else "—", "case-whatif-delta"),
            kpi(term(t("case.whatif.payback", lang), "payback", lang),
                str(outcome.payback_year) if outcome.payback_year is not None
                else t("case.whatif.never", lang), "case-whatif-payback"),
        ], className="kpis", role="status", **{"aria-live": "polite"}),
        dcc.Graph(id="case-whatif-jcurve", figure=figure, config={"displaylogo": False}),
    ]


def problems_view(problems: list[str], lang: str) -> list:
    return [html.Div([html.P(t("case.whatif.problems", lang)),
                      html.Ul([html.Li(p) for p in problems])],
                     role="alert", className="case-problems", id="case-whatif-problems")]


def whatif_body(case_id: object, scenario: object, estimate: object, values: dict,
                deadweights: dict, persons: object, rate: object, lang: str,
                financing: dict | None = None) -> list:
    """The what-if callback's answer: the outcome, or the problems in the inputs."""
    loaded = load(case_id)
    if isinstance(loaded, str):
        return problems_view([load_message(loaded, case_id, lang)], lang)
    if scenario not in loaded.case.scenario_names or estimate not in ESTIMATES:
        return []
    variant = loaded.case.with_scenario(scenario)  # type: ignore[arg-type]
    whatif, problems = parse_whatif(variant, values, deadweights, persons, rate, lang,
                                    financing)
    if whatif is None:
        return problems_view(problems, lang)
    ref = reference()
    summary = payer_summary(loaded.case.id, scenario, estimate)  # type: ignore[arg-type]
    saved = home_row(summary, loaded.home)
    try:
        outcome = recompute(variant, whatif, ref, estimate,  # type: ignore[arg-type]
                            saved["npv_dkk"] if saved else None)
    except (ValueError, ConservationError) as exc:
        return problems_view([t("case.whatif.engine", lang).format(detail=str(exc)[:300])],
                             lang)
    years = list(range(variant.base_year, variant.base_year + variant.horizon_years))
    lines = flow_lines(loaded.case.id, scenario, estimate)  # type: ignore[arg-type]
    figure = whatif_figure(lines, outcome, loaded.home, loaded.municipality_name, years, ref,
                           str(scenario), lang)
    return outcome_view(outcome, figure, lang)


# ---------------------------------------------------------------------------------- saving

def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are TOML escapes
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def scenario_toml(scenario: Scenario) -> str:
    """A `[[scenario]]` block in the case file's format (inline tables, as the template)."""
    lines = ["[[scenario]]", f"name = {_toml(scenario.name)}"]
    if scenario.description:
        lines.append(f"description = {_toml(scenario.description)}")
    if scenario.persons is not None:
        lines.append(f"persons = {_toml([float(p) for p in scenario.persons])}")
    if scenario.cost_scale is not None:
        lines.append(f"cost_scale = {_toml(float(scenario.cost_scale))}")
    if scenario.effect:
        patches = [p.model_dump(exclude_none=True) for p in scenario.effect]
        lines.append(f"effect = {_toml(patches)}")
    if scenario.assumptions is not None:
        assumptions = {k: v for k, v in scenario.assumptions.model_dump(exclude_none=True)
                       .items() if not (k == "weak_tax_base" and v is False)}
        if assumptions:
            lines.append(f"assumptions = {_toml(assumptions)}")
    return "\n".join(lines) + "\n"


def _clean_text(value: object, limit: int) -> str:
    text = value if isinstance(value, str) else ""
    return "".join(ch for ch in text if ch.isprintable()).strip()[:limit]


def scenario_from_whatif(case: Case, base: str, whatif: WhatIf, name: str,
                         description: str) -> Scenario:
    """The base scenario's own changes with the what-if's on top, as a new scenario."""
    variant = case.with_scenario(base)
    existing = next((s for s in case.scenario if s.name == base), None)
    spec: dict = existing.model_dump(exclude_none=True) if existing else {}
    spec.update(name=name, description=description)
    patches = {p["no"]: p for p in spec.get("effect", [])}
    for no, fields in effect_changes(variant, whatif).items():
        patches.setdefault(no, {"no": no}).update({k: _dump(v) for k, v in fields.items()})
    spec["effect"] = [patches[no] for no in sorted(patches)]
    if whatif.persons_factor != 1.0:
        spec["persons"] = [_tidy(p * whatif.persons_factor)
                           for p in variant.target_group.persons]
    if whatif.discount_rate is not None \
            and whatif.discount_rate != variant.assumptions.discount_rate:
        assumptions = spec.setdefault("assumptions", {})
        assumptions["discount_rate"] = whatif.discount_rate
        # apply_scenario writes every non-None field, weak_tax_base (a bool) included
        assumptions["weak_tax_base"] = variant.assumptions.weak_tax_base
    switched = {k: v for k, v in whatif.financing.items()
                if v != _financing_on(variant)[k]}
    if switched:
        spec.setdefault("assumptions", {}).update(switched)
        spec["assumptions"].setdefault("weak_tax_base", variant.assumptions.weak_tax_base)
    return Scenario.model_validate(spec)


def with_scenario_text(text: str, scenario: Scenario, when: dt.date) -> str:
    return (text.rstrip() + f"\n\n# Gemt fra casesiden {when:%d.%m.%Y} (hvad nu hvis)\n"
            + scenario_toml(scenario))


def _frozen(case_id: str, case: Case) -> Evaluation:
    """The stored rows of an adopted case, unchanged, in the shape `save_case` writes."""
    database = data.db()
    return Evaluation(
        case=case, scenario="*", estimate="central",
        flows=_as(database.query("case_stored_flows", case_id=case_id), FLOW_SCHEMA),
        summary=_as(database.query("case_stored_summary", case_id=case_id), SUMMARY_SCHEMA),
        department_summary=_as(database.query("case_stored_departments", case_id=case_id),
                               DEPARTMENT_SCHEMA))


def _as(frame: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """Stored rows in the engine's schema (the store hands back DuckDB's own time zone name
    for UTC, which polars will not stack with the engine's)."""
    return frame.select(list(schema)).cast(schema)


@dataclass(frozen=True)
class SaveResult:
    ok: bool
    message: str
    scenario: str | None = None


def save_scenario(case_id: object, base: object, whatif: WhatIf, name: object,
                  description: object, lang: str, saved_by: str = SAVED_BY,
                  today: dt.date | None = None) -> SaveResult:
    """Validate the name, append the scenario to the case file and save the case with its
    evaluations, in one writer transaction (the server owns the database)."""
    clean = name.strip() if isinstance(name, str) else ""
    if not clean or len(clean) > MAX_NAME or not SCENARIO_NAME.match(clean) \
            or clean == "basis":
        return SaveResult(False, t("case.save.bad_name", lang).format(name=str(name)[:60]))
    database = data.db()
    if database.read_only:
        return SaveResult(False, t("case.save.read_only", lang))
    ref = reference()
    when = today or dt.date.today()
    with database.writer() as con:
        loaded = load(case_id, ref)
        if isinstance(loaded, str):
            return SaveResult(False, load_message(loaded, case_id, lang))
        if clean in loaded.case.scenario_names:
            return SaveResult(False, t("case.save.exists", lang).format(name=clean))
        if base not in loaded.case.scenario_names:
            base = "basis"
        text = _clean_text(description, MAX_DESCRIPTION) or t(
            "case.save.default_description", lang).format(
            date=fmt.date(when, "en" if lang == "en" else "da"), base=base)
        try:
            scenario = scenario_from_whatif(loaded.case, str(base), whatif, clean, text)
            new_text = with_scenario_text(loaded.row["case_toml"], scenario, when)
            case = parse_case(new_text, loaded.row["file_name"], ref,
                              "en" if lang == "en" else "da")
            evaluations = _evaluations(loaded, case, clean, ref)
        except InputRejected as exc:
            detail = "; ".join(f"{p.where}: {p.message}" for p in exc.problems)
            return SaveResult(False, t("case.save.rejected", lang).format(detail=detail))
        except (ValueError, ConservationError) as exc:
            return SaveResult(False, t("case.save.rejected", lang).format(detail=str(exc)[:300]))
        save_case(con, case, new_text, loaded.row["file_name"], evaluations, saved_by,
                  **_reference_kwargs(ref))
    key = "case.save.done_frozen" if case.status == "adopted" else "case.save.done"
    return SaveResult(True, t(key, lang).format(name=clean, count=len(evaluations)), clean)


def _reference_kwargs(ref: Reference) -> dict:
    """`save_case` (with case versions) reads the reference itself unless given it; its reader
    leaves an unfinished result on the server thread's cursor (see `views.case.reference`),
    so hand it ours where it takes one."""
    return {"ref": ref} if "ref" in inspect.signature(save_case).parameters else {}


def _evaluations(loaded: LoadedCase, case: Case, new: str, ref: Reference) -> list[Evaluation]:
    if case.status == "adopted":
        return [_frozen(case.id, case), *evaluate_variants(case, ref, [new])]
    return evaluate_variants(case, ref, case.scenario_names)
