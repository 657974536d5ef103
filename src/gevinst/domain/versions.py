"""Why an adopted case's figures changed since the decision: what differs, and how much each
difference moved the present value. Pure: case models, unit costs and reference data in,
numbers out.

**Step-wise substitution.** Starting from the case as decided (its file and the unit costs it
used then), the current version's values are put in one at a time, the case is evaluated after
every step (basis scenario, central estimate, no Monte Carlo), and each step's change in NPV per
payer is attributed to that cause. The order is fixed and documented, because with interacting
changes (a higher unit cost times a larger effect) the order decides which step carries the
interaction:

1. unit costs, catalogue units in id order, then the case's local `[[unit]]`s in id order;
2. the target group (persons enrolled per year);
3. the cost lines (`[[cost]]`) as one step;
4. the effects by number (1, 2, …; an effect added or removed is its own step);
5. everything else (assumptions, horizon, base year, scenarios, …) as one step.

The steps add up exactly to the change between the re-evaluated decided case and the current
one; what the stored figures differ by beyond that is reported as a last cause, "rules and
reference data" (e.g. a new discount rate or refusion threshold in the reference data).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gevinst.cases.schema import Case, Triple
from gevinst.domain.evaluate import evaluate
from gevinst.reference import Reference, Unit

PayerKey = tuple[str, int | None]  # (payer_kind, payer_code)


@dataclass(frozen=True)
class Change:
    """One difference between two versions: `where` is a key of the case file."""

    where: str
    old: str
    new: str


@dataclass(frozen=True)
class Step:
    """One cause: `kind` unit | local-unit | persons | cost | effect | other | rules."""

    kind: str
    detail: str
    npv_change: dict[PayerKey, float]


@dataclass(frozen=True)
class Explanation:
    decided: dict[PayerKey, float]  # NPV per payer as decided (stored)
    now: dict[PayerKey, float]  # NPV per payer now (stored)
    steps: tuple[Step, ...]

    def total(self, payer: PayerKey) -> float:
        return self.now.get(payer, 0.0) - self.decided.get(payer, 0.0)


def show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Triple):
        return f"{value.low:g}/{value.central:g}/{value.high:g}"
    if isinstance(value, dict) and set(value) == {"low", "central", "high"}:
        return f"{value['low']:g}/{value['central']:g}/{value['high']:g}"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def _field_changes(
    prefix: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[Change]:
    if old is None or new is None:
        label = "(ny)" if old is None else "(fjernet)"
        return [
            Change(
                prefix,
                "-" if old is None else show(old.get("unit", "")),
                label if new is None else show(new.get("unit", "")) + " " + label,
            )
        ]
    return [
        Change(f"{prefix}.{k}", show(old.get(k)), show(new.get(k)))
        for k in sorted(set(old) | set(new))
        if old.get(k) != new.get(k)
    ]


def diff_cases(
    old: Case, new: Case, old_units: Mapping[str, Unit], new_units: Mapping[str, Unit]
) -> list[Change]:
    """What differs: unit costs, persons, cost lines, effects field by field, the rest."""
    changes = _unit_changes(old_units, new_units)
    o, n = old.model_dump(exclude_none=True), new.model_dump(exclude_none=True)
    changes += _local_unit_changes(o, n)
    if o["target_group"]["persons"] != n["target_group"]["persons"]:
        changes.append(
            Change(
                "target_group.persons",
                show(o["target_group"]["persons"]),
                show(n["target_group"]["persons"]),
            )
        )
    if o["cost"] != n["cost"]:
        changes.append(Change("cost", _cost_text(old), _cost_text(new)))
    changes += _effect_changes(o, n)
    for key in (
        "municipality",
        "base_year",
        "horizon_years",
        "assumptions",
        "scenario",
        "status",
        "decided_on",
    ):
        if o.get(key) != n.get(key):
            changes.append(Change(key, show(o.get(key)), show(n.get(key))))
    return changes


def _unit_changes(old_units: Mapping[str, Unit], new_units: Mapping[str, Unit]) -> list[Change]:
    changes: list[Change] = []
    for unit_id in sorted(set(old_units) & set(new_units)):
        a, b = old_units[unit_id], new_units[unit_id]
        for name in ("gross_dkk", "price_year", "rule"):
            if getattr(a, name) != getattr(b, name):
                changes.append(
                    Change(f"unit {unit_id}.{name}", show(getattr(a, name)), show(getattr(b, name)))
                )
    return changes


def _local_unit_changes(o: dict[str, Any], n: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    old_local = {u["id"]: u for u in o.get("unit", [])}
    new_local = {u["id"]: u for u in n.get("unit", [])}
    for unit_id in sorted(set(old_local) | set(new_local)):
        if old_local.get(unit_id) != new_local.get(unit_id):
            changes += _field_changes(
                f"unit[{unit_id}]", old_local.get(unit_id), new_local.get(unit_id)
            )
    return changes


def _effect_changes(o: dict[str, Any], n: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    for i in range(max(len(o["effect"]), len(n["effect"]))):
        was = o["effect"][i] if i < len(o["effect"]) else None
        now = n["effect"][i] if i < len(n["effect"]) else None
        if was != now:
            changes += _field_changes(f"effect[{i + 1}]", was, now)
    return changes


def _cost_text(case: Case) -> str:
    total = sum(
        line.amount.central if isinstance(line.amount, Triple) else line.amount
        for line in case.cost
    )
    return f"{len(case.cost)} linjer, {total:,.0f} kr. (central)".replace(",", ".")


def _npv(
    case: Case, ref: Reference, units: Mapping[str, Unit], scenario: str, estimate: str
) -> dict[PayerKey, float]:
    reference = ref.model_copy(update={"units": {**ref.units, **units}})
    # mypy: the estimate is one of ESTIMATES, checked by the caller
    result = evaluate(
        case,
        reference,
        scenario=scenario,
        estimate=estimate,  # type: ignore[arg-type]
        draws=0,
    )
    return {
        (r["payer_kind"], r["payer_code"]): r["npv_dkk"]
        for r in result.summary.iter_rows(named=True)
    }


def _delta(after: dict[PayerKey, float], before: dict[PayerKey, float]) -> dict[PayerKey, float]:
    return {
        p: round(after.get(p, 0.0) - before.get(p, 0.0), 2)
        for p in sorted(set(after) | set(before), key=str)
    }


# C901 exception: the documented order of substitutions, one step per block
def _stages(  # noqa: C901
    old: Case,
    new: Case,
    old_units: Mapping[str, Unit],
    new_units: Mapping[str, Unit],
    ref: Reference,
) -> list[tuple[str, str, dict[str, Any], dict[str, Unit]]]:
    """The documented order of substitutions: (kind, detail, case data, units) after each."""
    data = old.model_dump()
    target = new.model_dump()
    units = dict(old_units)
    stages: list[tuple[str, str, dict[str, Any], dict[str, Unit]]] = []

    def add(kind: str, detail: str) -> None:
        stages.append((kind, detail, _copy(data), dict(units)))

    for unit_id in sorted(set(old_units) | set(new_units)):
        now = new_units.get(unit_id, ref.units.get(unit_id))
        if now is not None and units.get(unit_id) != now:
            units[unit_id] = now
            add("unit", unit_id)
    old_local = {u["id"]: u for u in data["unit"]}
    for unit in sorted(target["unit"], key=lambda u: u["id"]):
        if old_local.get(unit["id"]) != unit:
            old_local[unit["id"]] = unit
            data["unit"] = list(old_local.values())
            add("local-unit", unit["id"])
    if data["target_group"] != target["target_group"]:
        data["target_group"] = target["target_group"]
        add("persons", "")
    if data["cost"] != target["cost"]:
        data["cost"] = target["cost"]
        add("cost", "")
    old_effects, new_effects = data["effect"], target["effect"]
    for k in range(1, max(len(old_effects), len(new_effects)) + 1):
        step = new_effects[:k] + old_effects[k:]
        if step != data["effect"]:
            data["effect"] = step
            add("effect", str(k))
    if data != target or units != {**units, **new_units}:
        data, units = _copy(target), {**units, **new_units}
        add("other", "")
    return stages


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


def explain_change(
    old: Case,
    old_units: Mapping[str, Unit],
    new: Case,
    new_units: Mapping[str, Unit],
    ref: Reference,
    decided: Mapping[PayerKey, float],
    now: Mapping[PayerKey, float],
    scenario: str = "basis",
    estimate: str = "central",
) -> Explanation:
    """Attribute the NPV change per payer to causes, in the documented order.

    `decided` and `now` are the stored NPVs per payer (the frozen decision evaluation and the
    current one). A step whose intermediate case is not valid on its own (say a cost line in a
    year the old horizon lacks) is merged into the next step, whose detail then names both."""
    start = _npv(old, ref, old_units, scenario, estimate)
    previous, pending, steps = start, [], []
    for kind, detail, data, units in _stages(old, new, old_units, new_units, ref):
        pending.append((kind, detail))
        try:
            current = _npv(Case.model_validate(data), ref, units, scenario, estimate)
        except Exception:  # an invalid intermediate: carry the cause into the next step
            continue
        kinds = " + ".join(k for k, _ in pending)
        details = " + ".join(d for _, d in pending if d)
        steps.append(
            Step(pending[0][0] if len(pending) == 1 else kinds, details, _delta(current, previous))
        )
        previous, pending = current, []
    rules = {
        p: round(
            (now.get(p, 0.0) - decided.get(p, 0.0)) - (previous.get(p, 0.0) - start.get(p, 0.0)), 2
        )
        for p in sorted(set(now) | set(decided) | set(previous) | set(start), key=str)
    }
    if any(abs(v) >= 0.01 for v in rules.values()):
        steps.append(Step("rules", "", rules))
    return Explanation(dict(decided), dict(now), tuple(steps))
