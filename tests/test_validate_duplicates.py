"""Duplicate lines on the grain: given these lines, expect these repeats, each naming its first."""

from __future__ import annotations

import polars as pl

from gevinst.ingest.validate import GRAIN, _duplicates


def _lines(rows: list[tuple[str, str, str, str | None, str | None]]) -> pl.DataFrame:
    """(file, amount cell, account, committee, cost centre); the rest of the grain is equal."""
    return pl.DataFrame(
        {
            "source_file": [r[0] for r in rows],
            "amount_cell": [r[1] for r in rows],
            "municipality_code": [169] * len(rows),
            "year": [2026] * len(rows),
            "budget_kind": ["B"] * len(rows),
            "account": [r[2] for r in rows],
            "dranst": [1] * len(rows),
            "art": ["4.0"] * len(rows),
            "committee": [r[3] for r in rows],
            "cost_centre": [r[4] for r in rows],
        },
        schema_overrides={"municipality_code": pl.Int32, "year": pl.Int32, "dranst": pl.Int8},
    )


def test_every_repeat_names_the_first_line_of_its_group_across_files() -> None:
    lines = _lines(
        [
            ("a.xlsx", "Budget!D2", "5.28.21", None, None),
            ("a.xlsx", "Budget!D3", "5.28.22", "BFU", "100"),
            ("a.xlsx", "Budget!D4", "5.28.22", "BFU", "100"),
            ("a.xlsx", "Budget!D5", "5.28.21", "BFU", ""),  # "" is not a missing cost centre
            ("b.xlsx", "Budget!D2", "5.28.21", None, None),
            ("b.xlsx", "Budget!D3", "5.28.22", "BFU", "100"),
            ("b.xlsx", "Budget!D4", "5.57.73", None, None),
        ]
    )
    repeats = _duplicates(lines).select("source_file", "amount_cell", "_first")
    assert repeats.rows() == [
        ("a.xlsx", "Budget!D4", "a.xlsx: Budget!D3"),
        ("b.xlsx", "Budget!D2", "a.xlsx: Budget!D2"),
        ("b.xlsx", "Budget!D3", "a.xlsx: Budget!D3"),
    ]


def test_lines_that_differ_on_the_grain_are_no_repeats() -> None:
    lines = _lines(
        [
            ("a.xlsx", f"Budget!D{row}", account, committee, None)
            for row, (account, committee) in enumerate(
                [("5.28.21", None), ("5.28.21", "BFU"), ("5.28.22", None), ("5.28.22", "BFU")],
                start=2,
            )
        ]
    )
    assert set(GRAIN) <= set(lines.columns)
    assert _duplicates(lines).is_empty()
