"""The page below the selectors: its sections in order, from the saved rows of one scenario
and estimate, and the flows table for one year (the year filter's callback)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from dash import dcc, html
from dash.development.base_component import ComponentType

from dashboards import data
from dashboards.components.attrs import aria
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.i18n import t
from dashboards.views.case.budget_frames import frames_data, frames_table
from dashboards.views.case.flows import flows_table
from dashboards.views.case.header import kpis
from dashboards.views.case.jcurve import jcurve_caption, jcurve_data, jcurve_figure, year_range
from dashboards.views.case.labels import ESTIMATES
from dashboards.views.case.leak import leak, leak_view
from dashboards.views.case.loading import (
    LoadedCase,
    flow_lines,
    home_row,
    payer_summary,
    reference,
)
from dashboards.views.case.trace import trace_index
from dashboards.views.case.uncertainty import (
    estimates_table,
    monte_carlo_part,
    saved_draws,
    scenario_payers,
)
from dashboards.views.case_financing import financing_section
from dashboards.views.case_frames import frame_consequences_section
from gevinst.cases.schema import Case
from gevinst.reference import Reference
from gevinst.services.budget_decision import case_budget_period


@dataclass(frozen=True)
class Shown:
    """What the sections of one scenario and estimate are drawn from."""

    loaded: LoadedCase
    scenario: str
    variant: Case  # the case as the scenario has it
    estimate: str
    lines: pl.DataFrame  # the flow lines (case_flow_lines)
    summary: pl.DataFrame  # per payer (case_payer_summary)
    home: dict | None  # the investing municipality's summary row
    years: list[int]
    ref: Reference
    lang: str

    @property
    def name(self) -> str:
        return self.loaded.municipality_name


def _section(section_id: str, title: ComponentType, children: list) -> html.Section:
    return html.Section(
        [html.H2(title, id=f"{section_id}-h"), *children],
        id=section_id,
        className="case-section",
        **aria("labelledby", f"{section_id}-h"),
    )


def flows_for(
    loaded: LoadedCase, scenario: str, estimate: str, year: int | None, lang: str
) -> html.Table | html.P:
    """The flows table for one year (or all): the year filter's callback."""
    ref = reference()
    lines = flow_lines(loaded.case.id, scenario, estimate)
    if year is not None:
        lines = lines.filter(pl.col("year") == year)
    if lines.is_empty() or scenario not in loaded.case.scenario_names:
        return html.P(t("case.no_rows", lang).format(scenario=scenario, estimate=estimate))
    variant = loaded.case.with_scenario(scenario)
    return flows_table(
        lines, trace_index(variant, ref, lang), variant.base_year, estimate, ref, lang
    )


def _jcurve_section(s: Shown) -> html.Section:
    curve = jcurve_data(s.lines, s.loaded.home, s.name, s.years, s.ref, s.lang)
    payback = s.home["payback_year"] if s.home else None
    figure = html.Figure(
        [
            deferred_graph("case-jcurve", jcurve_figure(curve, s.lang)),
            html.Figcaption(jcurve_caption(payback, s.lang), className="note"),
        ]
    )
    return _section(
        "case-section-jcurve", term(t("case.h.jcurve", s.lang), "jcurve", s.lang), [figure]
    )


def _flows_section(s: Shown) -> html.Section:
    lang = s.lang
    year_filter = html.Label(
        [
            t("case.flows.year", lang),
            dcc.Dropdown(
                id="case-flows-year",
                value="all",
                clearable=False,
                options=[
                    {"label": t("case.flows.all_years", lang), "value": "all"},
                    *({"label": str(y), "value": y} for y in s.years),
                ],
            ),
        ],
        className="filter no-print case-flows-filter",
    )
    effects = trace_index(s.variant, s.ref, lang)
    flows = flows_table(s.lines, effects, s.variant.base_year, s.estimate, s.ref, lang)
    return _section(
        "case-section-flows",
        t("case.h.flows", lang),
        [year_filter, html.Div(flows, id="case-flows")],
    )


def _frames_sections(s: Shown) -> list[html.Section]:
    """The budget frames table, the financing feedback and the frame consequences."""
    home = s.loaded.home
    budget_year, period = case_budget_period(data.db(), home, s.variant.base_year)
    frames = frames_table(frames_data(s.lines, home, s.years), s.name, s.lang)
    return [
        _section(
            "case-section-frames", term(t("case.h.frames", s.lang), "frame", s.lang), [frames]
        ),
        financing_section(s.lines, home, s.lang),
        frame_consequences_section(s.lines, home, s.name, period, budget_year, s.lang),
    ]


def _uncertainty_section(s: Shown) -> html.Section:
    """The three estimates side by side, and the scenario's stored Monte Carlo."""
    case_id, scenario, lang = s.loaded.case.id, s.scenario, s.lang
    summaries = {
        e: s.summary if e == s.estimate else payer_summary(case_id, scenario, e) for e in ESTIMATES
    }
    by_estimate = {
        e: s.home if e == s.estimate else home_row(summaries[e], s.loaded.home) for e in ESTIMATES
    }
    draws = saved_draws(case_id, scenario)
    return _section(
        "case-section-uncertainty",
        term(t("case.h.uncertainty", lang), "monte_carlo", lang),
        [
            html.H3(term(t("case.h.estimates", lang), "estimate", lang)),
            estimates_table(by_estimate, s.name, s.estimate, lang),
            html.H3(term(t("case.h.monte_carlo", lang), "monte_carlo", lang)),
            *monte_carlo_part(draws, scenario_payers(summaries), s.home, s.name, s.ref, lang),
        ],
    )


def _leak_section(s: Shown) -> html.Section:
    return _section(
        "case-section-leak",
        term(t("case.h.leak", s.lang), "leak", s.lang),
        leak_view(leak(s.lines, s.loaded.home), s.name, s.lang),
    )


def case_body(loaded: LoadedCase, scenario: str, estimate: str, lang: str) -> list:
    """Everything below the selectors for one scenario and estimate, from the saved rows
    (and, for the histogram, the scenario's stored Monte Carlo)."""
    lines = flow_lines(loaded.case.id, scenario, estimate)
    if lines.is_empty() or scenario not in loaded.case.scenario_names:
        text = t("case.no_rows", lang).format(scenario=scenario, estimate=estimate)
        return [html.P(text, role="alert", id="case-message")]
    variant = loaded.case.with_scenario(scenario)
    summary = payer_summary(loaded.case.id, scenario, estimate)
    years = year_range(variant.base_year, variant.horizon_years)
    home = home_row(summary, loaded.home)
    s = Shown(loaded, scenario, variant, estimate, lines, summary, home, years, reference(), lang)
    return [
        kpis(summary, loaded, lang),
        _jcurve_section(s),
        _flows_section(s),
        *_frames_sections(s),
        _uncertainty_section(s),
        _leak_section(s),
    ]
