"""Uncertainty: the three estimates side by side, and the scenario's Monte Carlo as stored
when the case was saved (P10/P50/P90 per payer, the histogram of the draws; the engine runs
again only for a case saved without it)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import plotly.graph_objects as go
import polars as pl
from dash import html

from dashboards import data
from dashboards.components import colours
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr, mio, percent
from dashboards.components.tables import table
from dashboards.i18n import t
from dashboards.views.case.labels import (
    ESTIMATES,
    payer_label,
)
from gevinst import fmt
from gevinst.cases.schema import Case
from gevinst.domain.evaluate import monte_carlo
from gevinst.domain.params import MONTE_CARLO_DRAWS, MONTE_CARLO_SEED
from gevinst.reference import Reference
from gevinst.reports.signs import for_people


def npv_draws(
    case: Case,
    ref: Reference,
    draws: int = MONTE_CARLO_DRAWS,
    seed: int = MONTE_CARLO_SEED,
    scenario: str | None = None,
) -> np.ndarray:
    """The investing municipality's NPV in every Monte Carlo draw of the scenario: stored at
    save (`store.cases.simulation_rows`) when `scenario` is given and a simulation with these
    draws and seed is stored; else the engine's own run (what the stored one must equal). The
    page reads `saved_draws` only: it never simulates."""
    if scenario is not None:
        stored = data.db().query(
            "case_stored_simulation", case_id=case.id, scenario=scenario, draws=draws, seed=seed
        )
        if stored.height:
            return np.asarray(stored["home_npv_dkk"][0].to_list(), dtype=float)
    return _npv_draws(case, ref, draws, seed)


def saved_draws(case_id: str, scenario: str) -> np.ndarray | None:
    """The Monte Carlo stored with the case's scenario when it was saved, whatever its number
    of draws (the stored P10/P50/P90 come from it); None if it was saved without one. Read,
    never recomputed: the expensive work is done once, at save."""
    stored = data.db().query("case_saved_simulation", case_id=case_id, scenario=scenario)
    if not stored.height:
        return None
    return np.asarray(stored["home_npv_dkk"][0].to_list(), dtype=float)


def _npv_draws(case: Case, ref: Reference, draws: int, seed: int) -> np.ndarray:
    """The engine's own simulation (the one `evaluate` stores the percentiles of)."""
    return monte_carlo(case, ref, draws, seed).home_npv


def histogram_figure(npv: np.ndarray, home_name: str, lang: str, bins: int = 40) -> go.Figure:
    """The draws binned here (40 bars), not in the browser: the page carries 40 counts
    instead of 10.000 values (a tenth of the case page's size), and draws it at once."""
    p10, p50, p90 = np.percentile(npv, [10, 50, 90])
    counts, edges = np.histogram(npv / 1e6, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    labels = [f"{mio(lo * 1e6, lang)} – {mio(hi * 1e6, lang)}" for lo, hi in pairwise(edges)]
    figure = go.Figure(
        go.Bar(
            x=centres.tolist(),
            y=counts.tolist(),
            width=float(edges[1] - edges[0]),
            marker={"color": colours.POSITIVE},
            customdata=labels,
            hovertemplate="%{customdata}: %{y}<extra></extra>",
        )
    )
    for label, value, dash in (("P10", p10, "dot"), ("P50", p50, "solid"), ("P90", p90, "dot")):
        figure.add_vline(
            x=value / 1e6,
            line={"color": colours.NEGATIVE, "dash": dash},
            annotation_text=f"{label}: {mio(value, lang)}",
            annotation_position="top",
        )
    draws = fmt.number(len(npv), 0, "en" if lang == "en" else "da")
    figure.update_layout(
        title=t("case.hist.title", lang).format(name=home_name, draws=draws),
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        height=360,
        bargap=0.05,
        margin={"l": 60, "r": 20, "t": 80, "b": 40},
        xaxis={"title": "mio. kr." if lang != "en" else "DKK m"},
        yaxis={"title": t("case.hist.count", lang)},
    )
    return figure


def scenario_payers(summaries: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every payer of the scenario, whichever estimate has it: the Monte Carlo is one
    simulation per case and scenario, but a payer only has a summary row in the estimates
    where it has flows (Tidlig indsats' low estimate, no effect, has neither the state nor
    the other municipalities), so one estimate's rows alone would show a shorter table."""
    frames = [summaries[e] for e in ESTIMATES if not summaries[e].is_empty()]
    if not frames:
        return next(iter(summaries.values()))
    return pl.concat(frames, how="vertical_relaxed").unique(
        ["payer_kind", "payer_code"], keep="first", maintain_order=True
    )


def uncertainty_table(
    summary: pl.DataFrame, ref: Reference, lang: str, draws_count: int = MONTE_CARLO_DRAWS
) -> html.Table:
    """The scenario's Monte Carlo per payer, once (it does not depend on the estimate), with
    the number of draws it was stored with."""
    rows = [
        [
            payer_label(r["payer_kind"], r["payer_code"], ref, lang),
            kr(r["npv_p10_dkk"], lang),
            kr(r["npv_p50_dkk"], lang),
            kr(r["npv_p90_dkk"], lang),
        ]
        for r in summary.iter_rows(named=True)
    ]
    draws = fmt.number(draws_count, 0, "en" if lang == "en" else "da")
    header_cells = [
        t("case.col.payer", lang),
        term(t("case.col.p10", lang), "p10_p90", lang),
        t("case.col.p50", lang),
        t("case.col.p90", lang),
    ]
    return table(
        t("case.uncertainty.caption", lang).format(draws=draws),
        header_cells,
        rows,
        numeric=range(1, 4),
        table_id="case-uncertainty-table",
    )


def estimates_table(
    by_estimate: dict[str, dict | None], home_name: str, chosen: str, lang: str
) -> html.Table:
    """The investing municipality at the three fixed estimates: present value, undiscounted
    net gain (people's sign) and payback — each estimate's own figures, nothing simulated."""
    rows = []
    for estimate in ESTIMATES:
        home = by_estimate.get(estimate) or {}
        label = t(f"case.estimate.{estimate}", lang)
        payback = home.get("payback_year")
        rows.append(
            [
                html.Strong(label) if estimate == chosen else label,
                kr(home.get("npv_dkk"), lang),
                kr(for_people(home.get("undiscounted_net_dkk")), lang),
                str(payback) if payback is not None else t("case.never", lang),
            ]
        )
    header_cells = [
        term(t("case.estimate", lang), "estimate", lang),
        term(t("case.col.npv", lang), "npv", lang),
        t("case.col.undiscounted", lang),
        term(t("case.col.payback", lang), "payback", lang),
    ]
    return table(
        t("case.estimates.caption", lang).format(name=home_name),
        header_cells,
        rows,
        numeric=range(1, 4),
        table_id="case-estimates-table",
    )


def uncertainty_notes(home: dict | None, lang: str) -> list:
    if not home:
        return []

    def share(value: float | None) -> str:
        return percent(value, lang) if value is not None else t("case.break_even_none", lang)

    return [
        html.P(
            t("case.uncertainty.p_budget", lang).format(
                p=percent(home["p_payback_budget_period"], lang) or t("case.none", lang),
                h=percent(home["p_payback_horizon"], lang) or t("case.none", lang),
            ),
            id="case-p-payback",
        ),
        html.P(
            t("case.uncertainty.break_even", lang).format(
                b=share(home["break_even_effect_budget_period"]),
                h=share(home["break_even_effect_horizon"]),
            ),
            id="case-break-even-note",
        ),
    ]


def monte_carlo_part(
    draws: np.ndarray | None,
    monte_carlo: pl.DataFrame,
    home: dict | None,
    name: str,
    ref: Reference,
    lang: str,
) -> list:
    """The scenario's stored Monte Carlo: what it is, P10/P50/P90 per payer and the histogram
    of its draws; a note instead where the case was saved without its simulation."""
    if draws is None:
        percentiles = monte_carlo.filter(pl.col("npv_p10_dkk").is_not_null())
        return [
            html.P(
                t("case.uncertainty.not_stored", lang),
                id="case-monte-carlo-explain",
                className="note",
            ),
            *([uncertainty_table(percentiles, ref, lang)] if percentiles.height else []),
            *uncertainty_notes(home, lang),
        ]
    count = fmt.number(len(draws), 0, "en" if lang == "en" else "da")
    return [
        html.P(
            t("case.uncertainty.explain", lang).format(draws=count),
            id="case-monte-carlo-explain",
            className="note",
        ),
        uncertainty_table(monte_carlo, ref, lang, len(draws)),
        *uncertainty_notes(home, lang),
        deferred_graph("case-histogram", histogram_figure(draws, name, lang)),
    ]
