"""Evaluating case files for the CLI and the demo: load all, evaluate every variant asked for.

Kept apart from the commands so the demo builder, `evaluate`, `compare` and later the
dashboards share one path from files to `Evaluation`s.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gevinst.cases.load import load_case
from gevinst.cases.schema import ESTIMATES, Case, Estimate
from gevinst.domain.evaluate import Evaluation, evaluate, monte_carlo
from gevinst.domain.params import MONTE_CARLO_DRAWS
from gevinst.errors import InputRejected, Problem
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference

register(
    {
        "case.unknown_scenario": {
            "da": "scenariet '{name}' findes ikke (har: {names})",
            "en": "scenario '{name}' does not exist (has: {names})",
        },
    }
)


@dataclass(frozen=True)
class LoadedCase:
    path: Path
    text: str
    case: Case


def load_cases(paths: Sequence[Path], ref: Reference, lang: Lang = "da") -> list[LoadedCase]:
    """All files read before any is evaluated; every problem of every file reported at once."""
    loaded, problems = [], []
    for path in paths:
        try:
            case = load_case(path, ref, lang)
        except InputRejected as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(LoadedCase(path, path.read_text(encoding="utf-8"), case))
    if problems:
        raise InputRejected(problems)
    return loaded


def scenario_names(case: Case, wanted: str, file: str, lang: Lang) -> list[str]:
    if wanted == "all":
        return case.scenario_names
    if wanted not in case.scenario_names:
        raise InputRejected(
            [
                Problem(
                    file,
                    "scenario",
                    msg(
                        "case.unknown_scenario",
                        lang,
                        name=wanted,
                        names=", ".join(case.scenario_names),
                    ),
                )
            ]
        )
    return [wanted]


def evaluate_variants(
    case: Case,
    ref: Reference,
    scenarios: Iterable[str],
    estimates: Iterable[Estimate] = ESTIMATES,
    draws: int = MONTE_CARLO_DRAWS,
    evaluated_at: dt.datetime | None = None,
) -> list[Evaluation]:
    """Every scenario at every estimate; the Monte Carlo runs once per scenario (it spans
    the low–high ranges and does not depend on the estimate) and is shared by its three
    evaluations."""
    stamp = evaluated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    wanted = list(estimates)
    results = []
    for s in scenarios:
        simulation = monte_carlo(case.with_scenario(s), ref, draws) if draws else None
        results += [
            evaluate(
                case,
                ref,
                scenario=s,
                estimate=e,
                draws=draws,
                evaluated_at=stamp,
                simulation=simulation,
            )
            for e in wanted
        ]
    return results


def evaluate_portfolio(
    cases: Sequence[Case],
    ref: Reference,
    scenarios: Sequence[Sequence[str]] | None = None,
    estimates: Iterable[Estimate] = ESTIMATES,
    draws: int = MONTE_CARLO_DRAWS,
    evaluated_at: dt.datetime | None = None,
    workers: int | None = None,
) -> list[list[Evaluation]]:
    """Every case's variants, cases side by side on all cores, results in the cases' order.

    Cases are independent and the engine is pure, so threads are safe; numpy releases the GIL
    inside its array loops, which is where a Monte Carlo spends its time.
    """
    stamp = evaluated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    wanted = list(estimates)
    names = scenarios or [["basis"]] * len(cases)
    jobs = list(zip(cases, names, strict=True))
    threads = workers or min(len(jobs), os.cpu_count() or 1)
    if threads <= 1:
        return [evaluate_variants(c, ref, n, wanted, draws, stamp) for c, n in jobs]
    with ThreadPoolExecutor(threads) as pool:
        return list(
            pool.map(lambda job: evaluate_variants(job[0], ref, job[1], wanted, draws, stamp), jobs)
        )
