"""What-if on a case: change an effect, deadweight, persons or the discount rate, recompute
with the pure engine (no database write), and save the change as a named scenario. Reading the
inputs and recomputing are `gevinst.services.whatif`; this module lays them out and saves.

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
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from dash.development.base_component import ComponentType

from dashboards import data
from dashboards.components import colours
from dashboards.components.attrs import aria
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr
from dashboards.i18n import register, t, valid_lang
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
from gevinst.cases.schema import Case, Scenario
from gevinst.domain.evaluate import (
    DEPARTMENT_SCHEMA,
    FLOW_SCHEMA,
    SUMMARY_SCHEMA,
    Evaluation,
)
from gevinst.errors import ConservationError, InputRejected
from gevinst.reference import Reference
from gevinst.services.whatif import (
    FINANCING,
    Outcome,
    WhatIf,
    central,
    dumped,
    effect_changes,
    financing_on,
    main_field,
    parse_whatif,
    recompute,
    tidy,
)
from gevinst.store.cases import save_case

SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_NAME = 40
MAX_DESCRIPTION = 200
MAX_PERSONS_FACTOR = 100.0
SAVED_BY = "dashboard"

register(
    {
        "case.h.whatif": {"da": "Hvad nu hvis?", "en": "What if?"},
        "case.whatif.help": {
            "da": "Ret en antagelse og se nutidsværdi, tilbagebetaling og J-kurve med det samme "
            "(beregnet af motoren, intet gemmes). Værdierne er de centrale; lavt og højt skøn "
            "flyttes med.",
            "en": "Change an assumption and see present value, payback and J-curve at once "
            "(computed by the engine, nothing is saved). Values are the central ones; the "
            "low and high estimates move with them.",
        },
        "case.whatif.npv": {"da": "Nutidsværdi, hvad nu hvis", "en": "Present value, what if"},
        "case.whatif.financing": {
            "da": "Finansieringen (slå en ordning fra for at se dens virkning)",
            "en": "Financing (switch a mechanism off to see what it does)",
        },
        "case.whatif.employment_grant": {"da": "Beskæftigelsestilskud", "en": "Employment grant"},
        "case.whatif.budget_guarantee": {"da": "Budgetgaranti", "en": "Budget guarantee"},
        "case.whatif.tax_timing": {
            "da": "Skattens og udligningens forsinkelse",
            "en": "Lag of tax and equalisation",
        },
        "case.whatif.delta": {"da": "Ændring mod det gemte tal", "en": "Change against the saved"},
        "case.whatif.saved": {"da": "Gemt: {npv}", "en": "Saved: {npv}"},
        "case.whatif.payback": {"da": "Tilbagebetalt, hvad nu hvis", "en": "Pays back, what if"},
        "case.whatif.never": {"da": "aldrig", "en": "never"},
        "case.whatif.curve_saved": {"da": "Gemt ({scenario})", "en": "Saved ({scenario})"},
        "case.whatif.curve_new": {"da": "Hvad nu hvis", "en": "What if"},
        "case.whatif.curve_title": {
            "da": "Kumuleret nettogevinst for kommunen i alt, mio. kr.: gemt og hvad nu hvis",
            "en": "Cumulative net gain for the municipality in total, DKK m: saved and what if",
        },
        "case.whatif.problems": {"da": "Ret venligst:", "en": "Please correct:"},
        "case.whatif.engine": {
            "da": "Beregningen stoppede: {detail}",
            "en": "The computation stopped: {detail}",
        },
        "case.save.h": {"da": "Gem som scenarie", "en": "Save as a scenario"},
        "case.save.name": {
            "da": "Navn (små bogstaver, tal og bindestreg, fx halv-effekt)",
            "en": "Name (lower-case letters, digits and hyphens, e.g. half-effect)",
        },
        "case.save.description": {"da": "Beskrivelse (valgfri)", "en": "Description (optional)"},
        "case.save.button": {"da": "Gem scenarie", "en": "Save scenario"},
        "case.save.bad_name": {
            "da": "Navnet »{name}« er ugyldigt: brug små bogstaver a-z, tal og bindestreg, højst "
            "40 tegn, og begynd med et bogstav eller tal.",
            "en": "The name “{name}” is invalid: use lower-case a-z, digits and hyphens, at most "
            "40 characters, starting with a letter or digit.",
        },
        "case.save.exists": {
            "da": "Scenariet »{name}« findes allerede for denne case.",
            "en": "The scenario “{name}” already exists for this case.",
        },
        "case.save.rejected": {
            "da": "Scenariet blev ikke gemt: {detail}",
            "en": "The scenario was not saved: {detail}",
        },
        "case.save.read_only": {
            "da": "Databasen er åbnet skrivebeskyttet; intet blev gemt.",
            "en": "The database is open read-only; nothing was saved.",
        },
        "case.save.done": {
            "da": "Scenariet »{name}« er gemt, og casen er genberegnet ({count} beregninger).",
            "en": "The scenario “{name}” is saved and the case re-evaluated ({count} evaluations).",
        },
        "case.save.done_frozen": {
            "da": "Scenariet »{name}« er gemt. Casen er vedtaget, så de gemte beregninger er "
            "frosset; kun det nye scenarie er beregnet.",
            "en": "The scenario “{name}” is saved. The case is adopted, so its stored evaluations "
            "are frozen; only the new scenario was evaluated.",
        },
        "case.save.default_description": {
            "da": "Gemt fra casesidens »hvad nu hvis« {date} (grundlag: {base}).",
            "en": "Saved from the case page's “what if” on {date} (based on: {base}).",
        },
    }
)


# ---------------------------------------------------------------------------------- views


def _show(value: float, lang: str) -> str:
    return fmt.number(value, 0, "en" if lang == "en" else "da")


def _input(
    kind: str, no: int | str, label: str, value: str | float, help_id: str | None = None
) -> html.Label:
    attrs = aria("describedby", help_id) if help_id else {}
    # HTML's inputmode="decimal" (a keypad with a comma) is missing from Dash's typed list
    return html.Label(
        [
            html.Span(label),
            dcc.Input(
                id={"type": kind, "no": no},
                type="text",
                inputMode="decimal",  # type: ignore[arg-type]
                value=value,
                debounce=0.4,
                className=f"case-input {kind}",
                autoComplete="off",
                **attrs,
            ),
        ],
        className="case-field",
    )


def _value_text(value: float, lang: str) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang != "en" else text


def whatif_controls(variant: Case, lang: str) -> list:
    """Labelled inputs for each effect's central number and deadweight, persons and rate."""
    fields: list = []
    for no, effect in enumerate(variant.effect, start=1):
        value = central(getattr(effect, main_field(effect)))
        label = (
            t("case.whatif.weeks", lang).format(
                no=no, unit=effect.unit, baseline=_show(central(effect.baseline_weeks), lang)
            )
            if effect.is_weekly
            else t("case.whatif.change", lang).format(no=no, unit=effect.unit)
        )
        fields.append(
            html.Div(
                [
                    _input("case-whatif-value", no, label, _value_text(value, lang)),
                    _input(
                        "case-whatif-deadweight",
                        no,
                        t("case.whatif.deadweight", lang).format(no=no),
                        _value_text(central(effect.deadweight) * 100, lang),
                    ),
                ],
                className="case-effect-inputs",
            )
        )
    persons = ", ".join(_show(p, lang) for p in variant.target_group.persons)
    rate = variant.assumptions.discount_rate
    fields.append(
        html.Div(
            [
                _input(
                    "case-whatif-persons",
                    0,
                    t("case.whatif.persons", lang).format(persons=persons),
                    "1",
                ),
                _input(
                    "case-whatif-rate",
                    0,
                    t("case.whatif.rate", lang),
                    _value_text(rate * 100, lang) if rate is not None else "",
                ),
            ],
            className="case-effect-inputs",
        )
    )
    fields.append(financing_controls(variant, lang))
    return fields


def _financing_on(variant: Case) -> dict[str, bool]:
    """Each mechanism as the variant has it (reference default unless the case says)."""
    return financing_on(variant, reference())


def financing_controls(variant: Case, lang: str) -> html.Fieldset:
    on = _financing_on(variant)
    return html.Fieldset(
        [
            html.Legend(term(t("case.whatif.financing", lang), "financing", lang)),
            *(
                dcc.Checklist(
                    id={"type": "case-whatif-financing", "no": name},
                    options=[{"label": t(f"case.whatif.{name}", lang), "value": name}],
                    value=[name] if on[name] else [],
                    inline=True,
                )
                for name in FINANCING
            ),
        ],
        className="case-whatif-financing",
    )


def whatif_figure(
    saved: pl.DataFrame,
    outcome: Outcome,
    home: int,
    home_name: str,
    years: list[int],
    ref: Reference,
    scenario: str,
    lang: str,
) -> go.Figure:
    def total(lines: pl.DataFrame) -> pl.DataFrame:
        curve = jcurve_data(lines, home, home_name, years, ref, lang)
        return curve.filter(pl.col("group") == "total")

    figure = go.Figure()
    for curve, name, style in (
        (
            total(saved),
            t("case.whatif.curve_saved", lang).format(scenario=scenario),
            {"color": colours.NEUTRAL, "dash": "dash", "width": 2},
        ),
        (
            total(outcome.flows),
            t("case.whatif.curve_new", lang),
            {"color": colours.PAYER["municipality"], "width": 4},
        ),
    ):
        figure.add_trace(
            go.Scatter(
                x=curve["year"].to_list(),
                y=[v / 1e6 for v in curve["cumulative_gain_dkk"]],
                name=name,
                mode="lines+markers",
                line=style,
            )
        )
    figure.add_hline(y=0, line={"color": colours.NEUTRAL, "width": 1})
    figure.update_layout(
        title=t("case.whatif.curve_title", lang),
        height=360,
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        xaxis={"dtick": 1},
        yaxis={"title": "mio. kr." if lang != "en" else "DKK m"},
    )
    return figure


def signed_kr(value: float, lang: str) -> str:
    """A change with its sign: `+12.345 kr.`, `-12.345 kr.`, `0 kr.`."""
    text = kr(value, lang)
    if value < 0.5:
        return text
    return text.replace("DKK ", "DKK +") if lang == "en" else "+" + text


def outcome_view(outcome: Outcome, figure: go.Figure, lang: str) -> list:
    def kpi(label: ComponentType, value: str, kpi_id: str, extra: str = "") -> html.Div:
        parts = [html.Div(label, className="label"), html.Div(value, className="value", id=kpi_id)]
        if extra:
            parts.append(html.Div(extra, className="note"))
        return html.Div(parts, className="kpi")

    delta = outcome.delta_dkk
    return [
        html.Div(
            [
                kpi(
                    term(t("case.whatif.npv", lang), "npv", lang),
                    kr(outcome.npv_dkk, lang),
                    "case-whatif-npv",
                    t("case.whatif.saved", lang).format(npv=kr(outcome.saved_npv_dkk, lang)),
                ),
                kpi(
                    t("case.whatif.delta", lang),
                    signed_kr(delta, lang) if delta is not None else "—",
                    "case-whatif-delta",
                ),
                kpi(
                    term(t("case.whatif.payback", lang), "payback", lang),
                    str(outcome.payback_year)
                    if outcome.payback_year is not None
                    else t("case.whatif.never", lang),
                    "case-whatif-payback",
                ),
            ],
            className="kpis",
            role="status",
            **aria("live", "polite"),
        ),
        deferred_graph("case-whatif-jcurve", figure),
    ]


def problems_view(problems: list[str], lang: str) -> list:
    return [
        html.Div(
            [html.P(t("case.whatif.problems", lang)), html.Ul([html.Li(p) for p in problems])],
            role="alert",
            className="case-problems",
            id="case-whatif-problems",
        )
    ]


def whatif_body(
    case_id: object,
    scenario: object,
    estimate: object,
    values: dict,
    deadweights: dict,
    persons: object,
    rate: object,
    lang: str,
    financing: dict | None = None,
) -> list:
    """The what-if callback's answer: the outcome, or the problems in the inputs."""
    loaded = load(case_id)
    if isinstance(loaded, str):
        return problems_view([load_message(loaded, case_id, lang)], lang)
    if scenario not in loaded.case.scenario_names or estimate not in ESTIMATES:
        return []
    variant = loaded.case.with_scenario(scenario)
    whatif, problems = parse_whatif(
        variant, values, deadweights, persons, rate, valid_lang(lang), financing
    )
    if whatif is None:
        return problems_view(problems, lang)
    ref = reference()
    summary = payer_summary(loaded.case.id, scenario, estimate)
    saved = home_row(summary, loaded.home)
    try:
        outcome = recompute(variant, whatif, ref, estimate, saved["npv_dkk"] if saved else None)
    except (ValueError, ConservationError) as exc:
        return problems_view([t("case.whatif.engine", lang).format(detail=str(exc)[:300])], lang)
    years = list(range(variant.base_year, variant.base_year + variant.horizon_years))
    lines = flow_lines(loaded.case.id, scenario, estimate)
    figure = whatif_figure(
        lines, outcome, loaded.home, loaded.municipality_name, years, ref, str(scenario), lang
    )
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
    if scenario.title:
        lines.append(f"title = {_toml(scenario.title)}")
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
        assumptions = {
            k: v
            for k, v in scenario.assumptions.model_dump(exclude_none=True).items()
            if not (k == "weak_tax_base" and v is False)
        }
        if assumptions:
            lines.append(f"assumptions = {_toml(assumptions)}")
    return "\n".join(lines) + "\n"


def _clean_text(value: object, limit: int) -> str:
    text = value if isinstance(value, str) else ""
    return "".join(ch for ch in text if ch.isprintable()).strip()[:limit]


def scenario_from_whatif(
    case: Case, base: str, whatif: WhatIf, name: str, description: str
) -> Scenario:
    """The base scenario's own changes with the what-if's on top, as a new scenario."""
    variant = case.with_scenario(base)
    existing = next((s for s in case.scenario if s.name == base), None)
    spec: dict = existing.model_dump(exclude_none=True) if existing else {}
    spec.update(name=name, description=description)
    patches = {p["no"]: p for p in spec.get("effect", [])}
    for no, fields in effect_changes(variant, whatif).items():
        patches.setdefault(no, {"no": no}).update({k: dumped(v) for k, v in fields.items()})
    spec["effect"] = [patches[no] for no in sorted(patches)]
    if whatif.persons_factor != 1.0:
        spec["persons"] = [tidy(p * whatif.persons_factor) for p in variant.target_group.persons]
    if (
        whatif.discount_rate is not None
        and whatif.discount_rate != variant.assumptions.discount_rate
    ):
        assumptions = spec.setdefault("assumptions", {})
        assumptions["discount_rate"] = whatif.discount_rate
        # apply_scenario writes every non-None field, weak_tax_base (a bool) included
        assumptions["weak_tax_base"] = variant.assumptions.weak_tax_base
    switched = {k: v for k, v in whatif.financing.items() if v != _financing_on(variant)[k]}
    if switched:
        spec.setdefault("assumptions", {}).update(switched)
        spec["assumptions"].setdefault("weak_tax_base", variant.assumptions.weak_tax_base)
    return Scenario.model_validate(spec)


def with_scenario_text(text: str, scenario: Scenario, when: dt.date) -> str:
    return (
        text.rstrip()
        + f"\n\n# Gemt fra casesiden {when:%d.%m.%Y} (hvad nu hvis)\n"
        + scenario_toml(scenario)
    )


def _frozen(case_id: str, case: Case) -> Evaluation:
    """The stored rows of an adopted case, unchanged, in the shape `save_case` writes."""
    database = data.db()
    return Evaluation(
        case=case,
        scenario="*",
        estimate="central",
        flows=_as(database.query("case_stored_flows", case_id=case_id), FLOW_SCHEMA),
        summary=_as(database.query("case_stored_summary", case_id=case_id), SUMMARY_SCHEMA),
        department_summary=_as(
            database.query("case_stored_departments", case_id=case_id), DEPARTMENT_SCHEMA
        ),
    )


def _as(frame: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """Stored rows in the engine's schema (the store hands back DuckDB's own time zone name
    for UTC, which polars will not stack with the engine's)."""
    return frame.select(list(schema)).cast(schema)


@dataclass(frozen=True)
class SaveResult:
    ok: bool
    message: str
    scenario: str | None = None


def save_scenario(
    case_id: object,
    base: object,
    whatif: WhatIf,
    name: object,
    description: object,
    lang: str,
    saved_by: str = SAVED_BY,
    today: dt.date | None = None,
) -> SaveResult:
    """Validate the name, append the scenario to the case file and save the case with its
    evaluations, in one writer transaction (the server owns the database)."""
    clean = name.strip() if isinstance(name, str) else ""
    if not clean or len(clean) > MAX_NAME or not SCENARIO_NAME.match(clean) or clean == "basis":
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
            "case.save.default_description", lang
        ).format(date=fmt.date(when, "en" if lang == "en" else "da"), base=base)
        try:
            scenario = scenario_from_whatif(loaded.case, str(base), whatif, clean, text)
            new_text = with_scenario_text(loaded.row["case_toml"], scenario, when)
            case = parse_case(
                new_text, loaded.row["file_name"], ref, "en" if lang == "en" else "da"
            )
            evaluations = _evaluations(loaded, case, clean, ref)
        except InputRejected as exc:
            detail = "; ".join(f"{p.where}: {p.message}" for p in exc.problems)
            return SaveResult(False, t("case.save.rejected", lang).format(detail=detail))
        except (ValueError, ConservationError) as exc:
            return SaveResult(False, t("case.save.rejected", lang).format(detail=str(exc)[:300]))
        save_case(
            con,
            case,
            new_text,
            loaded.row["file_name"],
            evaluations,
            saved_by,
            **_reference_kwargs(ref),
        )
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
