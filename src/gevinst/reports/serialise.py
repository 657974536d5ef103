"""The machine formats of `gevinst evaluate`: JSON (documented in README) and CSV of flows.

JSON: `{"cases": [{"id", "name", "scenario", "estimate", "base_year", "flows": [...],
"summary": [...]}]}`, one element per case, scenario and estimate, with the public views'
column names; amounts in kr. rounded to øre, years as integers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import polars as pl

from gevinst.domain.evaluate import Evaluation
from gevinst.reports.csv_cells import frame_csv


def _records(frame: pl.DataFrame) -> list[dict]:
    out = frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return out.to_dicts()


def to_json(evaluations: Sequence[Evaluation]) -> str:
    cases = [
        {
            "id": e.case.id,
            "name": e.case.name,
            "scenario": e.scenario,
            "estimate": e.estimate,
            "base_year": e.case.base_year,
            "flows": _records(e.flows),
            "summary": _records(e.summary),
        }
        for e in evaluations
    ]
    return json.dumps({"cases": cases}, ensure_ascii=False, indent=2) + "\n"


def flows_csv(evaluations: Sequence[Evaluation]) -> str:
    """The flows as CSV; case, department and other text cells that could start a formula
    get a leading `'` (`reports.csv_cells`), amounts stay numbers."""
    frame = pl.concat([e.flows for e in evaluations], how="vertical")
    return frame_csv(frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%SZ")))
