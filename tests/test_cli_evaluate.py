"""`gevinst evaluate` and `compare` as a user runs them: exit codes, formats, messages."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gevinst.cli import main

GOOD = textwrap.dedent("""
    id = "god-case"
    name = "=HYPERLINK(\\"http://x\\")"
    municipality = 169
    owner = "Beskæftigelse"
    base_year = 2026
    horizon_years = 4
    source = "test"
    [target_group]
    name = "x"
    persons = [2]
    [[cost]]
    year = 2026
    department = "Beskæftigelse"
    account = "5.68.90"
    amount = 100_000
    [[effect]]
    unit = "kontanthjaelp-uge"
    baseline_weeks = 60
    new_weeks = { low = 50, central = 30, high = 20 }
    [[scenario]]
    name = "svag"
    effect = [{ no = 1, new_weeks = 55 }]
""")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "god.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_table_is_danish(good):
    result = run("evaluate", str(good), "--draws", "100")
    assert result.exit_code == 0
    assert "Høje-Taastrup Kommune" in result.output
    assert "kr." in result.output and "Nutidsværdi" in result.output


def test_json_contract(good):
    result = run(
        "evaluate",
        str(good),
        "--format",
        "json",
        "--draws",
        "100",
        "--scenario",
        "all",
        "--estimate",
        "all",
    )
    data = json.loads(result.output)
    assert len(data["cases"]) == 6  # 2 scenarios × 3 estimates
    first = data["cases"][0]
    assert set(first) == {"id", "name", "scenario", "estimate", "base_year", "flows", "summary"}
    assert isinstance(first["flows"][0]["year"], int)
    assert {"npv_dkk", "payback_year", "p_payback_budget_period"} <= set(first["summary"][0])


def test_csv_writes_flows(good, tmp_path):
    out = tmp_path / "flows.csv"
    assert (
        run("evaluate", str(good), "--format", "csv", "-o", str(out), "--draws", "0").exit_code == 0
    )
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("case_id,scenario,estimate,year,payer_kind")


def test_xlsx_opens_and_never_carries_a_formula(good, tmp_path):
    out = tmp_path / "case.xlsx"
    assert (
        run("evaluate", str(good), "--format", "xlsx", "-o", str(out), "--draws", "100").exit_code
        == 0
    )
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Oversigt",
        "Afdelinger",
        "Strømme",
        "Kilder",
        "Usikkerhed",
        "Budgetperioden",
    ]
    name_cell = wb["Oversigt"]["B2"]
    assert name_cell.value.startswith("=HYPERLINK") and name_cell.data_type == "s"
    assert isinstance(wb["Oversigt"]["G2"].value, float)  # NPV is a number
    assert wb["Oversigt"]["G2"].number_format.startswith("#,##0")


@pytest.mark.parametrize(
    ("replace", "with_", "where", "says"),
    [
        ('owner = "Beskæftigelse"\n', "", "owner", "mangler"),
        ("horizon_years = 4", 'horizon_years = "fire"', "horizon_years", "helt tal"),
        ('unit = "kontanthjaelp-uge"', 'unit = "findes-ikke"', "effect[1].unit", "findes hverken"),
        ("persons = [2]", "persons = [-2]", "target_group", "negativ"),
        ("year = 2026\ndepartment", "year = 2031\ndepartment", "", "uden for casens år"),
        ("municipality = 169", "municipality = 999", "municipality", "98 kommuner"),
    ],
)
def test_bad_case_files_exit_2_with_one_clear_line(tmp_path, replace, with_, where, says):
    assert replace in GOOD
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace(replace, with_, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(bad), "--draws", "0"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{bad}: {where}")
    assert says in lines[0]
    assert "Traceback" not in result.output


def test_english_messages(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("municipality = 169", "municipality = 999"), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(bad), "--lang", "en"])
    assert result.exit_code == 2 and "is not one of the 98" in result.stderr


def test_all_problems_of_all_files_at_once(tmp_path):
    one, two = tmp_path / "a.toml", tmp_path / "b.toml"
    one.write_text(GOOD.replace("municipality = 169", "municipality = 999"), encoding="utf-8")
    two.write_text("id = ", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(one), str(two)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2
    assert "ikke gyldig TOML" in result.stderr


def test_missing_file_is_a_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert "kan ikke læses" in result.stderr


def test_compare_puts_scenarios_side_by_side(good):
    result = run("compare", str(good), "--draws", "100")
    assert result.exit_code == 0
    assert "god-case / basis" in result.output and "god-case / svag" in result.output
    assert "Nutidsværdi for kommunen" in result.output


def test_case_template_is_a_valid_case(ref, tmp_path):
    from gevinst.cases import load_case
    from gevinst.cases.template import write_case_template

    path = tmp_path / "case.toml"
    write_case_template(path)
    assert load_case(path, ref).id == "min-case"


def test_a_bad_scenario_is_named_by_its_place(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        GOOD.replace(
            "effect = [{ no = 1, new_weeks = 55 }]",
            "effect = [{ no = 1, host_municipality = 998 }]",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(bad)])
    assert result.exit_code == 2
    assert "scenario[1]: effect[1].host_municipality" in result.stderr
    assert "998" in result.stderr


def test_template_case_writes_a_case_that_evaluates(tmp_path):
    path = tmp_path / "min-case.toml"
    assert run("template", "case", "-o", str(path)).exit_code == 0
    result = run("evaluate", str(path), "--draws", "0")
    assert result.exit_code == 0 and "min-case" in result.output


def test_a_danish_workbook_has_danish_words_filters_and_fitting_columns(tmp_path):
    """No `low`, `year` or `costly-cases` left in a Danish workbook; every sheet's table has
    a filter and an id column wide enough for the ids in it."""
    case = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "demo"
        / "cases"
        / "botilbud-anden-kommune-9c.toml"
    )
    out = tmp_path / "case.xlsx"
    assert (
        run(
            "evaluate",
            str(case),
            "--format",
            "xlsx",
            "-o",
            str(out),
            "--estimate",
            "low",
            "--draws",
            "50",
        ).exit_code
        == 0
    )
    wb = load_workbook(out)
    texts = {
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    for english in ("low", "central", "high", "year", "costly-cases", "staircase", "none"):
        assert english not in texts, english
    assert any("særligt dyre enkeltsager" in t for t in texts)
    for ws in wb.worksheets:
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
    assert wb["Strømme"].column_dimensions["A"].width >= len("botilbud-anden-kommune-9c")
