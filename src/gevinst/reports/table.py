"""The `table` format of `gevinst evaluate`: what a finance director reads in a terminal.

Per case: net gain per payer and year (the "who pays, who gains, when" grid, in the people's
sign of `gevinst.reports.signs`: + a gain, − a cost), then the summary
per payer with present value, payback and the Monte Carlo figures, in Danish number format.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gevinst import fmt
from gevinst.domain.evaluate import Evaluation
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference
from gevinst.reports.frame_consequences import (
    budget_period,
    frame_consequences,
    row_label,
    summary_sentence,
)
from gevinst.reports.labels import estimate_name, payer_name

register(
    {
        "table.payer": {"da": "Betaler", "en": "Payer"},
        "table.total": {"da": "I alt", "en": "Total"},
        "table.npv": {"da": "Nutidsværdi", "en": "Present value"},
        "table.payback": {"da": "Tilbagebetalt", "en": "Pays back"},
        "table.never": {"da": "aldrig", "en": "never"},
        "table.p_budget": {
            "da": "P(tilbage i budgetperioden)",
            "en": "P(payback in budget period)",
        },
        "table.p10_90": {"da": "NV P10–P90", "en": "PV P10–P90"},
        "table.net_by_year": {
            "da": "Nettogevinst pr. år (+ = gevinst for betaleren, − = udgift), kr.",
            "en": "Net gain by year (+ = a gain for the payer, − = a cost), DKK",
        },
        "table.monte_carlo": {
            "da": "Monte Carlo for scenariet {scenario} (én simulering på tværs af de tre skøn: "
            "alle usikre tal trukket mellem lavt og højt)",
            "en": "Monte Carlo for the scenario {scenario} (one simulation across the three "
            "estimates: every uncertain number drawn between low and high)",
        },
        "table.scenario": {"da": "scenarie {name}", "en": "scenario {name}"},
        "table.frames": {
            "da": "Kommunens budgetrammer i budgetperioden, med finansieringen under den ramme, den "
            "følger (↳) (+ = gevinst, − = udgift), kr.",
            "en": "The municipality's budget frames in the budget period, with the financing under "
            "the frame it follows (↳) (+ = gain, − = cost), DKK",
        },
        "table.frame": {"da": "Budgetramme", "en": "Budget frame"},
        "table.illustrative": {
            "da": "Bemærk: {n} enhedspris(er) er illustrative, ikke publicerede tal: {units}",
            "en": "Note: {n} unit cost(s) are illustrative, not published figures: {units}",
        },
    }
)


def _t(key: str, lang: Lang, **values: object) -> str:
    return msg(f"table.{key}", lang, **values)


def _grid(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _frames(e: Evaluation, lang: Lang) -> list[str]:
    """The service-frame consequences (gevinst.reports.frame_consequences): a grid and the
    sentence, as on the case page and in the workbook."""
    result = frame_consequences(e.flows, e.case.municipality, budget_period(e.case.base_year))
    rows = [[_t("frame", lang), *map(str, result.years), _t("total", lang)]]
    for r in result.rows:
        rows.append(
            [
                row_label(r, lang),
                *(fmt.number(g, 0, lang) for g in r.gains),
                fmt.number(r.total, 0, lang),
            ]
        )
    rows.append(
        [
            msg("frames.total", lang),
            *(fmt.number(g, 0, lang) for g in result.totals),
            fmt.number(sum(result.totals), 0, lang),
        ]
    )
    return [_t("frames", lang), _grid(rows), summary_sentence(result, lang)]


def render(evaluations: Sequence[Evaluation], ref: Reference, lang: Lang = "da") -> str:
    """Each evaluation's grid and summary; the Monte Carlo once per case and scenario (it
    spans the low–high ranges, so it is not a figure of the estimate it is printed with)."""
    shown: set[tuple[str, str]] = set()
    parts = []
    for e in evaluations:
        key = (e.case.id, e.scenario)
        parts.append(_render_one(e, ref, lang, with_monte_carlo=key not in shown))
        shown.add(key)
    return "\n\n".join(parts) + "\n"


def _render_one(e: Evaluation, ref: Reference, lang: Lang, with_monte_carlo: bool = True) -> str:
    case = e.case
    head = (
        f"{case.name} ({case.id}) · {ref.municipalities[case.municipality].name} · "
        f"{case.owner} · {msg('table.scenario', lang, name=e.scenario)} · "
        f"{estimate_name(e.estimate, lang)}"
    )
    years = list(range(case.base_year, case.base_year + case.horizon_years))
    net = e.flows.group_by(["payer_kind", "payer_code", "year"]).agg(pl.col("amount_dkk").sum())
    rows = [[_t("payer", lang), *map(str, years), _t("total", lang)]]
    for s in e.summary.iter_rows(named=True):
        mine = net.filter(
            (pl.col("payer_kind") == s["payer_kind"])
            & (pl.col("payer_code").eq_missing(s["payer_code"]))
        )
        by_year = dict(zip(mine["year"].to_list(), mine["amount_dkk"].to_list(), strict=True))
        # people's sign (gevinst.reports.signs): the stored amounts with the sign turned
        rows.append(
            [
                payer_name(s["payer_kind"], s["payer_code"], ref, lang),
                *(fmt.number(-by_year.get(y, 0.0), 0, lang) for y in years),
                fmt.number(-sum(by_year.values()), 0, lang),
            ]
        )
    summary = [[_t("payer", lang), _t("npv", lang), _t("payback", lang)]]
    for s in e.summary.iter_rows(named=True):
        summary.append(
            [
                payer_name(s["payer_kind"], s["payer_code"], ref, lang),
                fmt.kr(s["npv_dkk"], 0, lang),
                str(s["payback_year"] or _t("never", lang)),
            ]
        )
    parts = [head, _t("net_by_year", lang), _grid(rows), _grid(summary), *_frames(e, lang)]
    simulated = e.summary.filter(pl.col("npv_p10_dkk").is_not_null())
    if with_monte_carlo and simulated.height:
        mc = [[_t("payer", lang), _t("p10_90", lang), _t("p_budget", lang)]]
        for s in simulated.iter_rows(named=True):
            chance = (
                ""
                if s["p_payback_budget_period"] is None
                else fmt.percent(s["p_payback_budget_period"], 0, lang)
            )
            mc.append(
                [
                    payer_name(s["payer_kind"], s["payer_code"], ref, lang),
                    f"{fmt.kr(s['npv_p10_dkk'], 0, lang)} – {fmt.kr(s['npv_p90_dkk'], 0, lang)}",
                    chance,
                ]
            )
        parts += [_t("monte_carlo", lang, scenario=e.scenario), _grid(mc)]
    # catalogue units marked illustrative, and the case's own units (local assumptions)
    illustrative = sorted(
        {
            u
            for u in e.flows["unit_id"].drop_nulls().unique()
            if u not in ref.units or ref.units[u].illustrative
        }
    )
    if illustrative:
        parts.append(
            msg("table.illustrative", lang, n=len(illustrative), units=", ".join(illustrative))
        )
    return "\n".join(parts)
