"""Property: any valid budget, written to a file in any supported shape, imports to its totals."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from _import_fixtures import (
    Line,
    budget_totals,
    csv_file,
    long_workbook,
    run_import,
    totals,
    wide_workbook,
)

ACCOUNTS = ["3.22.01", "5.28.21", "5.28.22", "5.57.73", "5.68.90"]
COMMITTEES = ["Børne- og Familieudvalget", "Beskæftigelsesudvalget"]
SLICES = [(2026, "B"), (2027, "BO"), (2028, "BO"), (2029, "BO")]

WRITERS = {
    "long": lambda p, lines: long_workbook(p, lines),
    "long text numbers from C5": lambda p, lines: long_workbook(
        p, lines, origin=(5, 3), text_numbers=True
    ),
    "wide 1.000 kr.": lambda p, lines: wide_workbook(p, lines),
    "wide per committee, totals rows": lambda p, lines: wide_workbook(
        p, lines, per_committee=True, totals_row=True
    ),
    "wide compact accounts, text": lambda p, lines: wide_workbook(
        p, lines, compact_accounts=True, text_numbers=True
    ),
    "csv": lambda p, lines: csv_file(p.with_suffix(".csv"), lines),
}


@st.composite
def budgets(draw: st.DrawFn) -> list[Line]:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(COMMITTEES), st.integers(1, 7)),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    slices = draw(st.lists(st.sampled_from(SLICES), min_size=1, max_size=4, unique=True))
    amounts = st.integers(-5_000_000_00, 500_000_000_00).map(lambda ore: Decimal(ore) / 100)
    return [
        Line(account, year, kind, draw(amounts), committee, art)
        for account, committee, art in keys
        for year, kind in slices
    ]


@settings(max_examples=25, deadline=None)
@given(lines=budgets(), shape=st.sampled_from(sorted(WRITERS)))
def test_any_valid_budget_in_any_shape_imports_to_its_totals(lines: list[Line], shape: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = WRITERS[shape](Path(tmp) / "budget.xlsx", lines)
        db = Path(tmp) / "g.duckdb"
        # random amounts are not at a municipality's scale: the REGK31 plausibility warning
        # (tested in test_import_real_exports) is accepted here, the totals are the property
        result = run_import([path], db, "--accept-warnings")
        assert result.exit_code == 0, result.output
        assert budget_totals(db) == totals(lines)
