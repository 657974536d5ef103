"""Service-frame consequences (gevinst.reports.frame_consequences): per budget frame and year of
the budget period what a case does to the investing municipality, with the financing feedback
under the frame it follows, in the people's sign (+ a gain), and the consequence in words.

Worked example, by hand (Herning, 657, budget year 2027: the period is 2027–2030). Stored
amounts are in DESIGN's sign (+ spends); the table turns them (+ a gain):

- two extra caseworkers on the service frame: 1.200.000 kr. in 2027 and in 2028
  → service −1.200.000, −1.200.000, 0, 0;
- kontanthjælp saved, net of refusion, on the guaranteed transfers: 500.000 kr. a year
  2028–2030 → transfers-guaranteed 0, +500.000, +500.000, +500.000;
- the budget guarantee (lag 1; Herning's share of the block grant 1,52 %): the block grant
  falls by the whole 500.000 from 2029 and Herning carries 1,52 % of it, 7.600 kr. a year
  → ↳ block grant 0, 0, −7.600, −7.600 (2031's is past the period);
- dagpenge saved: 100.000 kr. in 2029 on insured-unemployed; the employment grant (lag 1,
  Herning 30 % of Vestjylland) takes 30 % back in 2030 → +100.000 in 2029, ↳ −30.000 in 2030;
- income tax 50.000 kr. in 2028 less its equalisation 37.500 = 12.500 outside the frames,
  which the tax timing (statsgaranti, 3 years) moves to 2031 → outside +12.500 in 2028,
  ↳ −12.500 in 2028 (its arrival in 2031 is past the period);
- the other municipalities', the state's and 2031's flows are not Herning's period.

Municipality in total: 2027 −1.200.000; 2028 −1.200.000 + 500.000 + 12.500 − 12.500 =
−700.000; 2029 500.000 − 7.600 + 100.000 = 592.400; 2030 500.000 − 7.600 − 30.000 = 462.400.
Service over the period −2.400.000 (2027–2028); outside it 1.500.000 − 15.200 + 100.000 −
30.000 + 12.500 − 12.500 = 1.554.800 < 2.400.000: the service frame carries its cost itself,
and only 1.554.800 kr. comes back outside it within the period.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gevinst.cases.load import load_case
from gevinst.cli import main
from gevinst.demo import demo_case_files
from gevinst.domain.evaluate import evaluate
from gevinst.reference import BUDGET_FRAMES, bundled_reference
from gevinst.reports.frame_consequences import (
    OUTSIDE,
    budget_period,
    frame_consequences,
    row_label,
    summary_sentence,
)
from tests.test_financing import financed_cases

HOME = 657
COLUMNS = {
    "year": pl.Int32,
    "payer_kind": pl.String,
    "payer_code": pl.Int32,
    "budget_frame": pl.String,
    "flow": pl.String,
    "rule": pl.String,
    "amount_dkk": pl.Float64,
}


def _flows(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=COLUMNS, orient="row")


def _worked_example() -> pl.DataFrame:
    home, state, others = ("municipality", HOME), ("state", None), ("municipalities", None)
    grant = "budget-guarantee:1.5% af bloktilskuddet, illustrativ andel"
    employment = "employment-grant:30.0% af landsdelen, Vestjylland"
    timing = "tax-timing:statsgaranti, 3 år"
    return _flows(
        [
            (2027, *home, "service", "cost", "none", 1_200_000),
            (2028, *home, "service", "cost", "none", 1_200_000),
            *(
                (y, *home, "transfers-guaranteed", "gain", "staircase", -500_000)
                for y in (2028, 2029, 2030)
            ),
            *((y, *home, None, "financing", grant, 7_600) for y in (2029, 2030, 2031)),
            *((y, *state, None, "financing", grant, -500_000) for y in (2029, 2030, 2031)),
            *((y, *others, None, "financing", grant, 492_400) for y in (2029, 2030, 2031)),
            (2029, *home, "insured-unemployed", "refusion", "dagpenge-cofinancing:2019-", -100_000),
            (2030, *home, None, "financing", employment, 30_000),
            (2030, *state, None, "financing", employment, -100_000),
            (2030, *others, None, "financing", employment, 70_000),
            (2028, *home, None, "gain", "tax", -50_000),
            (2028, *home, None, "equalisation", "equalisation:2021-", 37_500),
            (2028, *others, None, "equalisation", "equalisation:2021-", -37_500),
            (2028, *home, None, "financing", timing, 12_500),
            (2031, *home, None, "financing", timing, -12_500),
            (2031, *home, "service", "gain", "none", -900_000),
            (2027, "municipality", 751, "service", "gain", "none", -1_000_000),
        ]
    )


def test_the_worked_example_by_hand() -> None:
    result = frame_consequences(_worked_example(), HOME, budget_period(2027))
    assert result.years == (2027, 2028, 2029, 2030)
    shown = {(r.frame, r.mechanism): r.gains for r in result.rows}
    assert shown == {
        ("service", None): (-1_200_000, -1_200_000, 0, 0),
        ("transfers-guaranteed", None): (0, 500_000, 500_000, 500_000),
        ("transfers-guaranteed", "budget-guarantee"): (0, 0, -7_600, -7_600),
        ("insured-unemployed", None): (0, 0, 100_000, 0),
        ("insured-unemployed", "employment-grant"): (0, 0, 0, -30_000),
        ("transfers-other", None): (0, 0, 0, 0),
        ("health-cofinancing", None): (0, 0, 0, 0),
        ("construction", None): (0, 0, 0, 0),
        (OUTSIDE, None): (0, 12_500, 0, 0),
        (OUTSIDE, "tax-timing"): (0, -12_500, 0, 0),
    }
    # every frame of the economy agreement, in order, the feedback right under its frame
    assert [r.frame for r in result.rows if r.mechanism is None] == [*BUDGET_FRAMES, OUTSIDE]
    assert result.totals == (-1_200_000, -700_000, 592_400, 462_400)
    assert summary_sentence(result, "da") == (
        "Casen belaster servicerammen med 2.400.000 kr. i 2027–2028. Uden for servicerammen: "
        "overførsler under budgetgarantien (gevinst 1.500.000 kr.; bloktilskuddet under "
        "budgetgarantien: udgift 15.200 kr.); forsikrede ledige (dagpenge) (gevinst 100.000 "
        "kr.; beskæftigelsestilskuddet: udgift 30.000 kr.); skat og udligning (gevinst 12.500 "
        "kr.; skattens og udligningens forsinkelse: udgift 12.500 kr.). Servicerammen skal "
        "selv rumme sin nettoudgift på 2.400.000 kr. i budgetperioden; uden for den lander "
        "kun gevinst 1.554.800 kr. efter finansieringen."
    )
    english = summary_sentence(result, "en")
    assert english.startswith(
        "The case burdens the service frame by DKK 2,400,000 in "
        "2027–2028. Outside the service frame: transfers under the "
        "budget guarantee (gain DKK 1,500,000; the block grant under the "
        "guarantee: cost DKK 15,200)"
    )
    assert row_label(result.rows[2], "da") == "↳ bloktilskuddet (budgetgarantien)"


def test_an_investment_paid_back_only_in_transfers_is_said_so() -> None:
    """Service −1.000.000 in 2027; guaranteed transfers +800.000 in 2028 and 2029; the block
    grant (lag 1, 10 %) takes 80.000 back in 2029: outside the service frame 1.520.000 kr.
    ≥ 1.000.000, so the investment is paid back within the period, but only outside the frame."""
    home = ("municipality", HOME)
    grant = "budget-guarantee:10.0% af bloktilskuddet, casens antagelse"
    flows = _flows(
        [
            (2027, *home, "service", "cost", "none", 1_000_000),
            (2028, *home, "transfers-guaranteed", "gain", "none", -800_000),
            (2029, *home, "transfers-guaranteed", "gain", "none", -800_000),
            (2029, *home, None, "financing", grant, 80_000),
        ]
    )
    result = frame_consequences(flows, HOME, budget_period(2027))
    assert result.totals == (-1_000_000, 800_000, 720_000, 0)
    sentence = summary_sentence(result, "da")
    assert sentence.startswith("Casen belaster servicerammen med 1.000.000 kr. i 2027.")
    assert sentence.endswith(
        "Investeringen på servicerammen (1.000.000 kr. netto) betales "
        "altså i budgetperioden kun tilbage uden for den (gevinst "
        "1.520.000 kr. efter finansieringen), så servicerammen skal selv "
        "rumme udgiften."
    )
    assert (
        "paid back within the budget period only outside it (gain DKK 1,520,000 after "
        "financing)" in summary_sentence(result, "en")
    )


def test_a_case_that_leaves_the_service_frame_alone() -> None:
    flows = _flows([(2027, "municipality", HOME, "transfers-other", "gain", "none", -10_000)])
    result = frame_consequences(flows, HOME, budget_period(2027))
    assert summary_sentence(result, "da") == (
        "Casen rører ikke servicerammen i 2027–2030. Uden for servicerammen: øvrige "
        "overførsler (gevinst 10.000 kr.)."
    )


@pytest.mark.parametrize("case_file", demo_case_files(), ids=lambda p: p.stem)
def test_the_rows_add_up_to_the_municipalitys_net_in_every_year_of_the_period(
    case_file: Path,
) -> None:
    ref = bundled_reference()
    case = load_case(case_file, ref)
    flows = evaluate(case, ref, draws=0).flows
    years = budget_period(case.base_year)
    result = frame_consequences(flows, case.municipality, years)
    home = flows.filter(
        (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == case.municipality)
    )
    net = dict(home.group_by("year").agg(pl.col("amount_dkk").sum()).iter_rows())
    assert result.totals == pytest.approx([-net.get(y, 0.0) for y in years], abs=0.01)
    # the financing rows are exactly the municipality's financing flows in the period
    financing = home.filter((pl.col("flow") == "financing") & pl.col("year").is_in(years))
    shown = sum(r.total for r in result.rows if r.mechanism is not None)
    assert shown == pytest.approx(-float(financing["amount_dkk"].sum()), abs=0.01)


def test_the_case_workbook_and_the_terminal_table_carry_the_frames(tmp_path: Path) -> None:
    ips = next(p for p in demo_case_files() if p.stem == "ips-mentor-beskaeftigelse")
    out = tmp_path / "ips.xlsx"
    result = CliRunner().invoke(
        main, ["evaluate", str(ips), "--format", "xlsx", "-o", str(out), "--draws", "0"]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Budgetperioden"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    ref = bundled_reference()
    case = load_case(ips, ref)
    expected = frame_consequences(
        evaluate(case, ref, draws=0).flows, case.municipality, budget_period(case.base_year)
    )
    guarantee = [r[5] for r in rows if r[3] == "↳ bloktilskuddet (budgetgarantien)"]
    assert guarantee == pytest.approx(
        list(expected.row("transfers-guaranteed", "budget-guarantee").gains), abs=0.01
    )
    totals = [r for r in rows if r[3] == "Kommunen i alt"]
    assert [r[4] for r in totals] == [2026, 2027, 2028, 2029]
    assert totals[0][6] == summary_sentence(expected, "da") and totals[1][6] is None
    table = CliRunner().invoke(main, ["evaluate", str(ips), "--draws", "0"]).output
    assert summary_sentence(expected, "da") in table
    assert "↳ bloktilskuddet (budgetgarantien)" in table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(financed_cases(), st.sampled_from(["low", "central", "high"]))
def test_every_krone_of_the_period_is_in_one_row(case, estimate) -> None:  # type: ignore[no-untyped-def]
    """Any case (every payer kind, each mechanism on or off): the rows of a year add up to the
    municipality's net that year, and every financing krone of the municipality in the period
    is in the row of its mechanism, under the frame that mechanism follows."""
    flows = evaluate(case, bundled_reference(), estimate=estimate, draws=0).flows
    years = budget_period(case.base_year)
    result = frame_consequences(flows, case.municipality, years)
    home = flows.filter(
        (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == case.municipality)
    )
    for i, year in enumerate(years):
        mine = home.filter(pl.col("year") == year)
        assert result.totals[i] == pytest.approx(-float(mine["amount_dkk"].sum()), abs=0.01)
        for mechanism in ("employment-grant", "budget-guarantee", "tax-timing"):
            row = next((r for r in result.rows if r.mechanism == mechanism), None)
            stored = -float(
                mine.filter(pl.col("rule").str.starts_with(mechanism + ":"))["amount_dkk"].sum()
            )
            assert (row.gains[i] if row else 0.0) == pytest.approx(stored, abs=0.01)
