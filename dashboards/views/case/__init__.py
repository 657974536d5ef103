"""Case view: one investment case for a finance director or controller, as pure functions.

Header, J-curve, the flows table with a trace for every figure, budget frames, uncertainty
and the leak, one module each (`header`, `jcurve`, `trace` and `flows`, `budget_frames`,
`uncertainty`, `leak`; `body` puts them in the page's order, `texts` registers their words,
`labels` names payers, rules, flows and frames). Each takes query frames (rows of
`case_flows` / `case_summary`) or the parsed case and returns tables, figures or plain
numbers, so it is tested without an app. Only `loading` (`load`, `scenario_options`,
`flow_lines`, `payer_summary`), `uncertainty.saved_draws` and `body.case_body` read the app's
database (through `data.db()`); the what-if and saving a scenario live in `case_whatif.py`.

Signs: the stored flows keep DESIGN's convention (> 0 the payer spends); everything shown
follows the one rule for people (`gevinst.reports.signs`): a gain for the payer is positive, a
cost negative, and every caption says so.
"""

from __future__ import annotations

from dashboards.views.case import texts  # noqa: F401 - registers the page's words
from dashboards.views.case.body import case_body, flows_for
from dashboards.views.case.budget_frames import frames_data, frames_table
from dashboards.views.case.flows import flow_groups, flows_table
from dashboards.views.case.header import header, kpis
from dashboards.views.case.jcurve import jcurve_caption, jcurve_data, jcurve_figure, year_range
from dashboards.views.case.labels import (
    ESTIMATES,
    FLOW_KINDS,
    FRAMES,
    flow_label,
    frame_label,
    illustrative_units,
    payer_label,
    rule_label,
    status_text,
)
from dashboards.views.case.leak import LEAK_PARTS, leak, leak_shares, leak_view
from dashboards.views.case.loading import (
    LoadedCase,
    case_options,
    flow_lines,
    home_row,
    load,
    load_message,
    parse_saved,
    payer_summary,
    reference,
    scenario_options,
)
from dashboards.views.case.trace import EffectTrace, effect_values, trace_index, trace_lines
from dashboards.views.case.uncertainty import (
    estimates_table,
    histogram_figure,
    monte_carlo_part,
    npv_draws,
    saved_draws,
    scenario_payers,
    uncertainty_notes,
    uncertainty_table,
)

__all__ = [
    "ESTIMATES",
    "FLOW_KINDS",
    "FRAMES",
    "LEAK_PARTS",
    "EffectTrace",
    "LoadedCase",
    "case_body",
    "case_options",
    "effect_values",
    "estimates_table",
    "flow_groups",
    "flow_label",
    "flow_lines",
    "flows_for",
    "flows_table",
    "frame_label",
    "frames_data",
    "frames_table",
    "header",
    "histogram_figure",
    "home_row",
    "illustrative_units",
    "jcurve_caption",
    "jcurve_data",
    "jcurve_figure",
    "kpis",
    "leak",
    "leak_shares",
    "leak_view",
    "load",
    "load_message",
    "monte_carlo_part",
    "npv_draws",
    "parse_saved",
    "payer_label",
    "payer_summary",
    "reference",
    "rule_label",
    "saved_draws",
    "scenario_options",
    "scenario_payers",
    "status_text",
    "trace_index",
    "trace_lines",
    "uncertainty_notes",
    "uncertainty_table",
    "year_range",
]
