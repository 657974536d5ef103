"""Reading a case file: TOML → `Case`, with every problem named by file and key.

Problems are collected, not thrown one at a time: a bad file answers with all its faults,
each `FILE: key: message`, Danish by default. Checks against the reference data (is the
unit in the catalogue, is the municipality one of the 98) happen here, so the schema stays
free of I/O and the engine can trust what it gets.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gevinst.cases.schema import Case
from gevinst.errors import InputRejected, Problem
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference

register(
    {
        "case.toml": {"da": "ikke gyldig TOML: {error}", "en": "not valid TOML: {error}"},
        "case.unreadable": {
            "da": "filen kan ikke læses: {error}",
            "en": "cannot read file: {error}",
        },
        "case.missing": {"da": "mangler (skal angives)", "en": "missing (required)"},
        "case.extra": {"da": "ukendt nøgle", "en": "unknown key"},
        "case.number": {
            "da": "skal være et tal eller {{ low, central, high }}",
            "en": "must be a number or {{ low, central, high }}",
        },
        "case.integer": {"da": "skal være et helt tal", "en": "must be a whole number"},
        "case.text": {"da": "skal være tekst", "en": "must be text"},
        "case.list": {"da": "skal være en liste", "en": "must be a list"},
        "case.date": {"da": "skal være en dato (ÅÅÅÅ-MM-DD)", "en": "must be a date (YYYY-MM-DD)"},
        "case.pattern": {
            "da": "har et ugyldigt format ({value!r})",
            "en": "has an invalid format ({value!r})",
        },
        "case.range": {
            "da": "er uden for det tilladte område: {detail}",
            "en": "is out of range: {detail}",
        },
        "case.choice": {"da": "skal være en af: {choices}", "en": "must be one of: {choices}"},
        "case.invalid": {"da": "{detail}", "en": "{detail}"},
        "case.unknown_unit": {
            "da": "enheden '{unit}' findes hverken i enhedspriskataloget eller i casens [[unit]]",
            "en": "unit '{unit}' is neither in the unit-cost catalogue nor in the case's [[unit]]",
        },
        "case.unknown_municipality": {
            "da": "kommunekode {code} findes ikke blandt de 98 kommuner",
            "en": "municipality code {code} is not one of the 98",
        },
        "case.weekly_unit_needs_spells": {
            "da": "enheden '{unit}' følger reglen {rule} pr. uge; angiv baseline_weeks og new_weeks",
            "en": "unit '{unit}' follows the weekly rule {rule}; give baseline_weeks and new_weeks",
        },
        "case.spells_need_weekly_unit": {
            "da": "baseline_weeks/new_weeks kræver en enhed pr. uge; '{unit}' er pr. {per}",
            "en": "baseline_weeks/new_weeks need a unit per week; '{unit}' is per {per}",
        },
        "case.unit_abolished": {
            "da": "enheden '{unit}' findes kun til og med {last} (ydelsen er afskaffet, se kilden i "
            "enhedspriskataloget); effekten begynder {start}",
            "en": "unit '{unit}' exists only up to {last} (the benefit was abolished, see its source "
            "in the unit-cost catalogue); the effect begins {start}",
        },
        "case.duplicate_unit": {
            "da": "enheden '{unit}' er defineret to gange",
            "en": "unit '{unit}' is defined twice",
        },
    }
)

_TYPE_KEYS = {
    "missing": "case.missing",
    "extra_forbidden": "case.extra",
    "float_type": "case.number",
    "float_parsing": "case.number",
    "model_type": "case.number",
    "int_type": "case.integer",
    "int_parsing": "case.integer",
    "int_from_float": "case.integer",
    "string_type": "case.text",
    "list_type": "case.list",
    "date_type": "case.date",
    "date_parsing": "case.date",
    "date_from_datetime_parsing": "case.date",
    "string_pattern_mismatch": "case.pattern",
}


def _where(loc: tuple[int | str, ...]) -> str:
    """`("cost", 1, "amount")` → `cost[2].amount`: array items counted from 1, as people do."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        elif item in {"float", "Triple", "function-after[_central_between(), Triple]"}:
            continue  # the union's branch names say nothing to a user
        elif not item.startswith(("function-", "union")):
            parts.append(str(item))
    return ".".join(parts)


def _problem_from(file: str, error: ErrorDetails, lang: Lang) -> Problem:
    kind = error["type"]
    if kind in _TYPE_KEYS:
        message = msg(_TYPE_KEYS[kind], lang, value=error.get("input"))
    elif kind in {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "too_short",
        "too_long",
    }:
        message = msg("case.range", lang, detail=error["msg"])
    elif kind in {"literal_error", "enum"}:
        choices = error.get("ctx", {}).get("expected", "")
        message = msg("case.choice", lang, choices=choices)
    else:
        detail = str(error["msg"]).removeprefix("Value error, ")
        message = msg("case.invalid", lang, detail=detail)
    return Problem(file, _where(tuple(error["loc"])), message)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """A union field reports once per branch; people need one line per place and message."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for p in problems:
        if (p.where, p.message) not in seen:
            seen.add((p.where, p.message))
            unique.append(p)
    return unique


def _reference_problems(case: Case, file: str, ref: Reference, lang: Lang) -> list[Problem]:
    problems: list[Problem] = []
    local = [u.id for u in case.unit]
    for i, uid in enumerate(local, start=1):
        if uid in ref.units or local.count(uid) > 1:
            problems.append(
                Problem(file, f"unit[{i}].id", msg("case.duplicate_unit", lang, unit=uid))
            )
    if case.municipality not in ref.municipalities:
        problems.append(
            Problem(
                file, "municipality", msg("case.unknown_municipality", lang, code=case.municipality)
            )
        )
    for i, effect in enumerate(case.effect, start=1):
        where = f"effect[{i}]"
        if (
            effect.host_municipality is not None
            and effect.host_municipality not in ref.municipalities
        ):
            problems.append(
                Problem(
                    file,
                    f"{where}.host_municipality",
                    msg("case.unknown_municipality", lang, code=effect.host_municipality),
                )
            )
        unit = ref.units.get(effect.unit)
        local_unit = next((u for u in case.unit if u.id == effect.unit), None)
        per = unit.per if unit else (local_unit.effective_per if local_unit else None)
        rule = unit.rule if unit else (local_unit.rule if local_unit else None)
        if per is None:
            problems.append(
                Problem(file, f"{where}.unit", msg("case.unknown_unit", lang, unit=effect.unit))
            )
            continue
        start = case.base_year + effect.start_offset
        if unit is not None and unit.last_year is not None and start > unit.last_year:
            problems.append(
                Problem(
                    file,
                    f"{where}.unit",
                    msg(
                        "case.unit_abolished",
                        lang,
                        unit=effect.unit,
                        last=unit.last_year,
                        start=start,
                    ),
                )
            )
        weekly_rule = rule in {"staircase", "dagpenge-cofinancing"}
        if weekly_rule and not effect.is_weekly:
            problems.append(
                Problem(
                    file,
                    f"{where}.unit",
                    msg("case.weekly_unit_needs_spells", lang, unit=effect.unit, rule=rule),
                )
            )
        if effect.is_weekly and per != "week":
            problems.append(
                Problem(
                    file,
                    f"{where}.unit",
                    msg("case.spells_need_weekly_unit", lang, unit=effect.unit, per=per),
                )
            )
    return problems


def parse_case(text: str, file: str, ref: Reference, lang: Lang = "da") -> Case:
    """Validate a case file's text; raises `InputRejected` with every problem found."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputRejected([Problem(file, "", msg("case.toml", lang, error=exc))]) from exc
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        problems = [_problem_from(file, e, lang) for e in exc.errors()]
        raise InputRejected(_dedupe(problems)) from exc
    problems = _reference_problems(case, file, ref, lang)
    for i, scenario in enumerate(case.scenario, start=1):
        problems.extend(_scenario_problems(case, scenario.name, f"scenario[{i}]", file, ref, lang))
    if problems:
        raise InputRejected(_dedupe(problems))
    return case


def _scenario_problems(
    case: Case, name: str, where: str, file: str, ref: Reference, lang: Lang
) -> list[Problem]:
    """A scenario is checked as the case it makes, with its problems placed on the scenario."""
    try:
        variant = case.with_scenario(name)
    except ValidationError as exc:
        return [
            Problem(file, f"{where}: {p.where}" if p.where else where, p.message)
            for p in (_problem_from(file, e, lang) for e in exc.errors())
        ]
    except ValueError as exc:
        return [Problem(file, where, msg("case.invalid", lang, detail=str(exc)))]
    base = {(p.where, p.message) for p in _reference_problems(case, file, ref, lang)}
    return [
        Problem(file, f"{where}: {p.where}", p.message)
        for p in _reference_problems(variant, file, ref, lang)
        if (p.where, p.message) not in base
    ]


def load_case(path: Path, ref: Reference, lang: Lang = "da") -> Case:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputRejected(
            [Problem(str(path), "", msg("case.unreadable", lang, error=exc))]
        ) from exc
    return parse_case(text, str(path), ref, lang)
