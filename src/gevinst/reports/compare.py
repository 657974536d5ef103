"""`gevinst compare`: cases, scenarios or estimates side by side, one column each.

The rows are the questions a committee asks: what does it cost, what does the municipality
get back and when, what does society as a whole get back, how sure is it.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gevinst import fmt
from gevinst.domain.evaluate import Evaluation
from gevinst.messages import Lang, msg, register
from gevinst.reports.labels import estimate_name
from gevinst.reports.table import _grid

register(
    {
        "compare.cost": {"da": "Investering i alt", "en": "Total investment"},
        "compare.npv_home": {"da": "Nutidsværdi for kommunen", "en": "Present value, municipality"},
        "compare.npv_all": {
            "da": "Nutidsværdi for alle betalere",
            "en": "Present value, all payers",
        },
        "compare.npv_state": {"da": "Nutidsværdi for staten", "en": "Present value, state"},
        "compare.payback": {"da": "Kommunen tilbagebetalt", "en": "Municipality pays back"},
        "compare.p_budget": {
            "da": "P(tilbage i budgetperioden)",
            "en": "P(payback in budget period)",
        },
        "compare.break_even": {"da": "Nødvendig andel af effekten", "en": "Share of effect needed"},
        "compare.never": {"da": "aldrig", "en": "never"},
    }
)


def comparison_rows(evaluations: Sequence[Evaluation]) -> list[dict[str, object]]:
    """One dict per variant with the figures compared; pure, for the CLI and dashboards."""
    rows = []
    for e in evaluations:
        s = e.summary
        home = s.filter(
            (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == e.case.municipality)
        ).row(0, named=True)
        state = s.filter(pl.col("payer_kind") == "state")
        rows.append(
            {
                "case_id": e.case.id,
                "scenario": e.scenario,
                "estimate": e.estimate,
                "cost_dkk": float(e.flows.filter(pl.col("flow") == "cost")["amount_dkk"].sum()),
                "npv_home_dkk": home["npv_dkk"],
                "npv_all_dkk": float(s["npv_dkk"].sum()),
                "npv_state_dkk": float(state["npv_dkk"].sum()) if state.height else 0.0,
                "payback_year": home["payback_year"],
                "p_payback_budget_period": home["p_payback_budget_period"],
                "break_even_effect_horizon": home["break_even_effect_horizon"],
            }
        )
    return rows


def render(evaluations: Sequence[Evaluation], lang: Lang = "da") -> str:
    rows = comparison_rows(evaluations)
    header = [""] + [
        f"{r['case_id']} / {r['scenario']} / {estimate_name(str(r['estimate']), lang)}"
        for r in rows
    ]

    def line(key: str, render_one) -> list[str]:
        return [msg(f"compare.{key}", lang), *(render_one(r) for r in rows)]

    def chance(value: object) -> str:
        # mypy: a share from the summary row: a number or None (checked)
        return "" if value is None else fmt.percent(float(value), 0, lang)  # type: ignore[arg-type]

    table = [
        header,
        line("cost", lambda r: fmt.kr(r["cost_dkk"], 0, lang)),
        line("npv_home", lambda r: fmt.kr(r["npv_home_dkk"], 0, lang)),
        line("npv_state", lambda r: fmt.kr(r["npv_state_dkk"], 0, lang)),
        line("npv_all", lambda r: fmt.kr(r["npv_all_dkk"], 0, lang)),
        line("payback", lambda r: str(r["payback_year"] or msg("compare.never", lang))),
        line("p_budget", lambda r: chance(r["p_payback_budget_period"])),
        line("break_even", lambda r: chance(r["break_even_effect_horizon"])),
    ]
    return _grid(table) + "\n"
