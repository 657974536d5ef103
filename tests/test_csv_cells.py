"""No CSV the product writes carries a formula (issue 15, point 4): text cells that start with
`=`, `+`, `-`, `@` (or a tab or carriage return) get a leading `'`; numbers stay numbers.

Given a case whose cost lines name the departments `=HYPERLINK("http://x","klik")` and
`-Børn`, `gevinst evaluate --format csv` writes them as `'=HYPERLINK(…)` and `'-Børn`, and
the amount −1.200.000 as the number `1200000.0` (a cost, positive in the data convention).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gevinst.cli import main
from gevinst.errors import Problem
from gevinst.paths import demo_dir
from gevinst.reports.csv_cells import FORMULA_PREFIXES, frame_csv, rows_csv, safe_cell


@given(st.text(max_size=30))
def test_a_text_cell_is_kept_or_quoted_never_changed_otherwise(text: str) -> None:
    out = safe_cell(text)
    if text.startswith(FORMULA_PREFIXES):
        assert out == "'" + text
    else:
        assert out == text


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_numbers_stay_numbers(value: object) -> None:
    assert safe_cell(value) is value


def test_a_frame_quotes_its_text_columns_only() -> None:
    frame = pl.DataFrame(
        {
            "name": ["=1+1", "+45 1234", "@SUM(A1)", "-Børn", "Børn", None],
            "amount_dkk": [-1250.5, 2.0, 3.0, -4.0, 5.0, 6.0],
        }
    )
    rows = list(csv.reader(io.StringIO(frame_csv(frame))))
    assert rows[1:] == [
        ["'=1+1", "-1250.5"],
        ["'+45 1234", "2.0"],
        ["'@SUM(A1)", "3.0"],
        ["'-Børn", "-4.0"],
        ["Børn", "5.0"],
        ["", "6.0"],
    ]
    assert rows_csv([["=x", -3, 2.5]], ["h"]) == "h\n'=x,-3,2.5\n"


def _hostile_case(tmp_path: Path) -> Path:
    text = (demo_dir() / "cases" / "tidlig-familieindsats.toml").read_text(encoding="utf-8")
    text = text.replace(
        'department = "Børn og Familie"',
        'department = "=HYPERLINK(""http://x"",""klik"")"'.replace('""', '\\"'),
    )
    text = text.replace('department = "Dagtilbud"', 'department = "-Børn"')
    path = tmp_path / "tidlig-familieindsats.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_evaluate_csv_neutralises_user_text(tmp_path: Path) -> None:
    case = _hostile_case(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(case), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    departments = {r["department"] for r in rows}
    assert '\'=HYPERLINK("http://x","klik")' in departments and "'-Børn" in departments
    assert not any(d.startswith(FORMULA_PREFIXES) for d in departments)
    costs = [r for r in rows if r["flow"] == "cost" and r["department"] == "'-Børn"]
    assert costs and costs[0]["amount_dkk"] == "350000.0"  # a number, not quoted
    assert any(r["amount_dkk"].startswith("-") for r in rows)  # savings stay negative numbers


def test_the_import_report_csv_neutralises_user_text() -> None:
    from dashboards.views.imports import problems_csv

    text = problems_csv([Problem("=cmd|' /C calc'!A0.xlsx", "Budget!A1", "-bad", "error")], "da")
    # a people's CSV: `;` in Danish, so that it opens in columns in a Danish Excel
    row = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))[1]
    assert row[0] == "'=cmd|' /C calc'!A0.xlsx" and row[1] == "Budget!A1"
    assert row[3] == "'-bad"
