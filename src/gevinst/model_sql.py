"""The SQL model's text with the rule parameters written in, for DuckDB and Spark alike.

The benefit-weeks model needs the restart rule's numbers (finansieringsloven § 6, stk. 1: 52
self-supporting weeks within 156) and the steps of the staircase and the co-financing (§ 5,
stk. 2 and 3). They live in the reference data (rules.toml), never in the SQL files: a file
names them as placeholders, and `render` writes the reference's values into the text once,
when the model is loaded. Literals, not a join or a parameter, because Spark accepts only
literals as window-frame bounds and `lag` offsets, and because a CASE over a handful of steps
costs nothing per row where a join to a step table costs a pass over 20 million rows.

Placeholders (`{{ name }}` or `{{ name(column, column) }}`):
- `reset_self_support_weeks`, `reset_window_weeks`: the two numbers of § 6, stk. 1;
- `reset_lag_rows`: window − self-support + 1, the row offset the restart test looks back
  (see models/core/int_benefit_weeks_candidates.sql);
- `state_share(rule, counter_week)`: the state's share of a week as DECIMAL(5, 4), NULL where
  no step applies (as a LEFT JOIN to `ref_rule_steps` would give);
- `state_rounded(rule)`: TRUE where the state's share is the one the law states (so its amount
  is rounded to øre and the municipality gets the rest); FALSE for co-financing.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from gevinst.reference import Reference, bundled_reference

#: rules whose steps run on the person's week counter (finansieringsloven § 5, stk. 2 and 3)
COUNTER_RULES = ("staircase", "dagpenge-cofinancing")
#: the files of models/ that compute benefit_weeks (what `gevinst spark` runs), in order
BENEFIT_WEEKS_FILES = (
    "staging/stg_benefit_weeks.sql",
    "core/int_benefit_weeks_candidates.sql",
    "core/int_benefit_weeks_periods.sql",
    "core/int_benefit_weeks_rows.sql",
    "marts/benefit_weeks.sql",
    "marts/benefit_weeks_by_year.sql",
)

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*(?:\(([^)]*)\))?\s*\}\}")


def rule_step_rows(ref: Reference) -> list[tuple]:
    """ref_rule_steps rows from the reference: the share the law states is the rounded one.

    (rule, from_week, to_week, state_share, municipal_share, rounded_payer, source)."""
    source = "rules.toml"
    rows: list[tuple] = []
    for step in ref.rules.staircase:
        rows.append(
            (
                "staircase",
                step.from_week,
                step.to_week,
                step.share,
                1 - step.share,
                "state",
                f"{source} [staircase] (finansieringsloven § 5, stk. 2)",
            )
        )
    for step in ref.rules.cofinancing:
        rows.append(
            (
                "dagpenge-cofinancing",
                step.from_week,
                step.to_week,
                1 - step.share,
                step.share,
                "municipality",
                f"{source} [cofinancing] (finansieringsloven § 5, stk. 3)",
            )
        )
    fixed = ref.rules.fixed_65_share
    rows.append(("fixed-65", None, None, fixed, 1 - fixed, "state", f"{source} [fixed_65]"))
    rows.append(("none", None, None, 0.0, 1.0, "state", f"{source} [benefits]: no refusion"))
    return rows


def _share(value: float) -> str:
    return f"CAST({value:.4f} AS DECIMAL(5, 4))"


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _state_share(ref: Reference, rule: str, week: str) -> str:
    whens = []
    for name, first, last, state, _municipal, _payer, _source in rule_step_rows(ref):
        condition = f"{rule} = {_text(name)}"
        if first is not None:
            condition += f" AND {week} >= {int(first)}"
            if last is not None:
                condition += f" AND {week} <= {int(last)}"
        whens.append(f"WHEN {condition} THEN {_share(state)}")
    return "CASE " + " ".join(whens) + " END"


def _state_rounded(ref: Reference, rule: str) -> str:
    by_state = sorted({r[0] for r in rule_step_rows(ref) if r[5] == "state"})
    return f"{rule} IN ({', '.join(_text(n) for n in by_state)})"


def parameters(ref: Reference) -> dict[str, int]:
    """The restart rule's numbers as the SQL uses them."""
    self_support = int(ref.rules.reset_self_support_weeks)
    window = int(ref.rules.reset_window_weeks)
    return {
        "reset_self_support_weeks": self_support,
        "reset_window_weeks": window,
        "reset_lag_rows": window - self_support + 1,
    }


def render(sql: str, ref: Reference | None = None) -> str:
    """`sql` with every placeholder replaced by the reference's value; an unknown one is a bug."""
    ref = ref or bundled_reference()
    numbers = parameters(ref)

    def replace(match: re.Match[str]) -> str:
        name, args = match.group(1), [a.strip() for a in (match.group(2) or "").split(",")]
        if name in numbers and match.group(2) is None:
            return str(numbers[name])
        if name == "state_share" and len(args) == 2:
            return _state_share(ref, args[0], args[1])
        if name == "state_rounded" and len(args) == 1:
            return _state_rounded(ref, args[0])
        raise ValueError(f"unknown SQL placeholder {match.group(0)!r}")

    return _PLACEHOLDER.sub(replace, sql)


def read_model(path: Path, ref: Reference | None = None) -> str:
    """A model file's text, rendered."""
    return render(path.read_text(encoding="utf-8"), ref)


def rules_fingerprint(ref: Reference) -> str:
    """SHA-256 of the rule tables the model writes in (steps, benefits, the § 6 numbers): two
    runs with the same fingerprint split every person-week by the same rules."""
    rules = {
        "steps": [list(r) for r in rule_step_rows(ref)],
        "benefits": sorted(ref.rules.benefits.items()),
        "parameters": parameters(ref),
    }
    text = json.dumps(rules, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_fingerprint(ref: Reference, root: Path | None = None) -> str:
    """SHA-256 of the benefit-weeks model's text as run (rule parameters written in)."""
    from gevinst.paths import models_dir

    base = root or models_dir()
    digest = hashlib.sha256()
    for name in BENEFIT_WEEKS_FILES:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(read_model(base / name, ref).encode("utf-8") + b"\0")
    return digest.hexdigest()
