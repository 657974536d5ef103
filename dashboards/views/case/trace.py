"""The trace behind every figure: for each effect, the unit, its values in the estimate shown
and the rule that shares it; for each flow-table row, the stored lines it sums."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

from dashboards.components.money import kr
from dashboards.i18n import t
from dashboards.views.case.labels import (
    frame_label,
    rule_label,
)
from gevinst import fmt
from gevinst.cases.schema import Case, Effect, Estimate, Triple
from gevinst.domain.units import UnitView, resolve_units
from gevinst.reference import Reference
from gevinst.reports.signs import for_people, in_words


@dataclass(frozen=True)
class EffectTrace:
    no: int
    effect: Effect
    unit: UnitView
    name: str
    price_dkk: float  # at the unit's own price level
    price_year: int


def trace_index(case: Case, ref: Reference, lang: str) -> dict[int, EffectTrace]:
    """Per effect number: the effect as the scenario has it and the unit cost behind it."""
    views = resolve_units(case, ref)
    out = {}
    for no, effect in enumerate(case.effect, start=1):
        view = views[effect.unit]
        catalogue = ref.units.get(effect.unit)
        local = next((u for u in case.unit if u.id == effect.unit), None)
        if catalogue is not None:
            name = catalogue.name_en if lang == "en" else catalogue.name
            price, year = catalogue.gross_dkk, catalogue.price_year
        else:
            assert local is not None
            name = (local.name_en or local.name) if lang == "en" else local.name
            price, year = local.gross_dkk, local.price_year or case.base_year
        out[no] = EffectTrace(no, effect, view, name, price, year)
    return out


def _number(value: float | Triple, lang: str, estimate: str) -> str:
    chosen: Estimate = estimate  # type: ignore[assignment]  # one of ESTIMATES (the page's)
    shown = value.pick(chosen) if isinstance(value, Triple) else float(value)
    if shown == int(shown):
        return fmt.number(shown, 0, "en" if lang == "en" else "da")
    text = f"{shown:.4f}".rstrip("0")
    return text.replace(".", ",") if lang != "en" else text


def effect_values(effect: Effect, estimate: str, lang: str) -> str:
    """The effect's numbers at the estimate, as they are written in the case file."""
    names = (
        "change_per_person",
        "baseline_weeks",
        "new_weeks",
        "prior_weeks",
        "share_of_persons",
        "deadweight",
        "start_offset",
        "duration_years",
        "host_municipality",
        "tax_base_per_unit",
    )
    parts = []
    for name in names:
        value = getattr(effect, name)
        if value is None:
            continue
        parts.append(f"{name} = {_number(value, lang, estimate)}")
    return ", ".join(parts)


def _effect_items(
    row: dict, effect: EffectTrace | None, amount: str, frame: str, lang: str
) -> list:
    """The effect a row came from (number, unit), its amount and its account and frame."""
    name = effect.name if effect else row["unit_id"]
    return [
        html.Li(
            [
                html.Strong(
                    t("case.trace.effect", lang).format(
                        no=row["effect_no"], unit=row["unit_id"], name=name
                    )
                ),
                " · ",
                t("case.trace.amount", lang).format(amount=amount),
                " · ",
                t("case.trace.account", lang).format(account=row["account"] or "—", frame=frame),
            ]
        )
    ]


def _unit_items(effect: EffectTrace, estimate: str, base_year: int, lang: str) -> list:
    """The effect's values in the estimate shown and its unit cost (illustrative, local)."""
    values = t("case.trace.effect_values", lang).format(
        values=effect_values(effect.effect, estimate, lang)
    )
    cost = t("case.trace.unit_cost", lang).format(
        amount=kr(effect.price_dkk, lang),
        per=t(f"case.per.{effect.unit.per}", lang),
        year=effect.price_year,
        base=kr(effect.unit.price_dkk, lang),
        base_year=base_year,
    )
    flags = []
    if effect.unit.illustrative:
        flags.append(html.Span(t("illustrative.note", lang), className="illustrative"))
    if effect.unit.local:
        flags.append(html.Span(" (" + t("case.trace.local_unit", lang) + ")"))
    return [html.Li(values), html.Li([cost, " ", *flags], className="case-trace-unit")]


def trace_lines(
    row: dict, effects: dict[int, EffectTrace], base_year: int, estimate: str, lang: str
) -> list:
    """What one stored flow row came from: effect (number, unit), unit cost (amount, price
    year, illustrative or not), rule and source."""
    frame = frame_label(row["budget_frame"], lang)
    amount = in_words(
        for_people(row["amount_dkk"]) or 0.0, "en" if lang == "en" else "da", million=False
    )
    if row["effect_no"] is None:
        account = row["account"] or "—"
        items = [html.Li(t("case.trace.cost", lang).format(account=account, amount=amount))]
    else:
        effect = effects.get(row["effect_no"])
        items = _effect_items(row, effect, amount, frame, lang)
        if effect is not None:
            items += _unit_items(effect, estimate, base_year, lang)
    items.append(html.Li(t("case.trace.rule", lang).format(rule=rule_label(row["rule"], lang))))
    items.append(
        html.Li(
            t("case.trace.source", lang).format(source=row["source"]), className="case-trace-source"
        )
    )
    return [html.Ul(items)]
