"""The bundled demo cases (data/demo/cases): each loads, evaluates and keeps the money rules.

These are the cases `gevinst demo` and the dashboards show first, so they must stay valid as
the schema, the engine and the unit-cost catalogue change. See data/demo/README.md.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from gevinst.cases import load_case
from gevinst.cases.schema import Case
from gevinst.domain.evaluate import evaluate
from gevinst.reference import Reference

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "cases"
CASE_FILES = sorted(DEMO.glob("*.toml"))
REQUIRED = {
    "sverigesmodellen-herning",
    "tidlig-familieindsats",
    "ips-mentor-beskaeftigelse",
    "housing-first-unge",
    "botilbud-anden-kommune-9c",
}
DRAWS = 200
TOLERANCE_DKK = 0.01
MOVES = ("refusion", "transfer", "equalisation")


def _ids(path: Path) -> str:
    return path.stem


@pytest.fixture(scope="module")
def cases(ref: Reference) -> dict[str, Case]:
    return {p.stem: load_case(p, ref) for p in CASE_FILES}


def test_the_required_demo_cases_are_there() -> None:
    assert len(CASE_FILES) >= 5
    assert {p.stem for p in CASE_FILES} >= REQUIRED


@pytest.mark.parametrize("path", CASE_FILES, ids=_ids)
def test_case_file_is_named_by_its_id(path: Path, cases: dict[str, Case]) -> None:
    assert cases[path.stem].id == path.stem


@pytest.mark.parametrize("path", CASE_FILES, ids=_ids)
def test_every_scenario_evaluates_and_moves_balance(
    path: Path, ref: Reference, cases: dict[str, Case]
) -> None:
    case = cases[path.stem]
    for scenario in case.scenario_names:
        result = evaluate(case, ref, scenario=scenario, draws=DRAWS)
        home = result.summary.filter(
            (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == case.municipality)
        )
        assert home.height == 1, f"{scenario}: no summary row for the investing municipality"
        assert home["p_payback_budget_period"][0] is not None
        assert 0.0 <= home["p_payback_budget_period"][0] <= home["p_payback_horizon"][0] <= 1.0
        moves = (
            result.flows.filter(pl.col("flow").is_in(MOVES))
            .group_by("year")
            .agg(pl.col("amount_dkk").sum().alias("net"))
        )
        off = moves.filter(pl.col("net").abs() > TOLERANCE_DKK)
        assert off.is_empty(), f"{scenario}: moves between payers do not balance:\n{off}"


@pytest.mark.parametrize("path", CASE_FILES, ids=_ids)
def test_low_central_high_are_ordered_for_the_municipality(
    path: Path, ref: Reference, cases: dict[str, Case]
) -> None:
    """`low` is the pessimistic estimate of every triple, so the investing municipality's
    present value must not rise from low to central to high."""
    case = cases[path.stem]
    npv = {}
    for estimate in ("low", "central", "high"):
        summary = evaluate(case, ref, estimate=estimate, draws=0).summary
        npv[estimate] = summary.filter(
            (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == case.municipality)
        )["npv_dkk"][0]
    assert npv["low"] <= npv["central"] <= npv["high"]


@pytest.mark.parametrize("path", CASE_FILES, ids=_ids)
def test_case_follows_the_demo_conventions(
    path: Path, ref: Reference, cases: dict[str, Case]
) -> None:
    case = cases[path.stem]
    assert case.base_year in (2026, 2027)
    assert 8 <= case.horizon_years <= 15
    assert "http" in path.read_text(encoding="utf-8"), "cite the sources with their addresses"
    assert len(case.source) > 40
    assert 2 <= len(case.cost) <= 10  # Housing First: § 176 a's state share as own lines
    assert 2 <= len(case.effect) <= 5
    assert case.scenario and all(s.description for s in case.scenario)
    for line in case.cost:
        assert line.account in ref.accounts, f"{line.account} is not in accounts.csv"
    local = {u.id for u in case.unit}
    for effect in case.effect:
        assert effect.unit in ref.units or effect.unit in local


def test_the_9c_case_has_two_municipalities_and_a_transfer(
    ref: Reference, cases: dict[str, Case]
) -> None:
    case = cases["botilbud-anden-kommune-9c"]
    hosts = {e.host_municipality for e in case.effect if e.host_municipality is not None}
    assert len(hosts) == 1 and case.municipality not in hosts
    flows = evaluate(case, ref, draws=DRAWS).flows
    municipal = flows.filter(pl.col("payer_kind") == "municipality")
    assert set(municipal["payer_code"].unique()) == {case.municipality, *hosts}
    transfers = flows.filter(pl.col("flow") == "transfer")
    assert not transfers.is_empty()
    # the placing municipality saves the bill the host no longer sends; the host breaks even
    placing = transfers.filter(pl.col("payer_code") == case.municipality)["amount_dkk"].sum()
    assert placing < 0
    host = municipal.filter(pl.col("payer_code") == next(iter(hosts)))
    assert abs(host["amount_dkk"].sum()) <= TOLERANCE_DKK * host["year"].n_unique()
    # the § 108 offer stays with the placing municipality (retssikkerhedsloven § 9, stk. 7)
    offer = flows.filter(pl.col("unit_id") == "botilbud-108-aar")
    assert not offer.is_empty()
    assert set(offer.filter(pl.col("payer_kind") == "municipality")["payer_code"]) == {
        case.municipality
    }


def test_at_least_one_effect_shows_equalisation(ref: Reference, cases: dict[str, Case]) -> None:
    flows = evaluate(cases["ips-mentor-beskaeftigelse"], ref, draws=0).flows
    assert not flows.filter(pl.col("flow") == "equalisation").is_empty()


def test_the_demo_spans_municipalities_and_has_an_adopted_case(cases: dict[str, Case]) -> None:
    assert len({c.municipality for c in cases.values()}) >= 3
    adopted = [c for c in cases.values() if c.status == "adopted"]
    assert adopted and all(c.decided_on is not None for c in adopted)


def test_the_demo_readme_lists_every_case() -> None:
    readme = (DEMO.parent / "README.md").read_text(encoding="utf-8")
    for path in CASE_FILES:
        assert f"`{path.name}`" in readme, f"{path.name} is missing from data/demo/README.md"


# ----------------------------------------------------------------- calibration (issue 12)


def _municipal_npv(case: Case, ref: Reference, estimate: str = "central") -> float:
    summary = evaluate(case, ref, estimate=estimate, draws=0).summary  # type: ignore[arg-type]
    return summary.filter(
        (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == case.municipality)
    )["npv_dkk"][0]


def test_sverigesmodellen_books_the_evaluated_saving_per_caseworker_year(
    ref: Reference, cases: dict[str, Case]
) -> None:
    """KORA (2017): 6,7 mio. kr. saved on placements 2013-2015 (institutions −7,7) with 4
    extra caseworkers. As a fall in the yearly level: 6,7 / 4 ≈ 1,7 mio. kr. per
    caseworker-year (central); as a total over the period: 6,7 / 12 ≈ 0,56 (low). The case
    has 6 extra caseworkers in 2026-2029 = 24 caseworker-years."""
    case = cases["sverigesmodellen-herning"]
    caseworker_years = 24
    per_year = {}
    for estimate in ("low", "central", "high"):
        flows = evaluate(case, ref, estimate=estimate, draws=0).flows
        placements = flows.filter(
            (pl.col("flow") == "gain") & pl.col("unit_id").str.starts_with("anbringelse")
        )
        per_year[estimate] = -placements["amount_dkk"].sum() / caseworker_years
    assert 1_650_000 <= per_year["central"] <= 1_750_000  # ≈ 6,7 / 4
    assert 6_700_000 / 12 - 50_000 <= per_year["low"] <= 7_700_000 / 12  # 0,56-0,64
    assert per_year["central"] <= per_year["high"] <= 2_100_000  # ≈ 7,7 / 4, gross fall


def test_ips_public_budget_gain_stays_below_stars_72000_per_person(
    ref: Reference, cases: dict[str, Case]
) -> None:
    """STAR (16.2.2021): IPS saves about 72.000 kr. per person over 18 months against the
    usual effort, productivity included; the public budgets' net (all payers, tax
    included, undiscounted, after the investment) must not exceed that in any estimate."""
    case = cases["ips-mentor-beskaeftigelse"]
    persons = sum(case.target_group.persons)
    for estimate in ("low", "central", "high"):
        flows = evaluate(case, ref, estimate=estimate, draws=0).flows
        public_net = -flows["amount_dkk"].sum() / persons
        assert public_net < 72_000, (estimate, public_net)


def test_housing_first_prices_shelter_days_with_section_110_financing(
    ref: Reference, cases: dict[str, Case]
) -> None:
    case = cases["housing-first-unge"]
    assert "botilbud-107-aar" not in {e.unit for e in case.effect}
    flows = evaluate(case, ref, draws=0).flows
    shelter = flows.filter(pl.col("unit_id") == "forsorgshjem-110-doegn")
    gross = shelter.filter(pl.col("flow") == "gain")["amount_dkk"].sum()
    refusion = shelter.filter((pl.col("flow") == "refusion") & (pl.col("payer_kind") == "state"))[
        "amount_dkk"
    ].sum()
    # an avoided refusion: the state saves half of the avoided stays (both negative)
    assert refusion == pytest.approx(0.5 * gross, abs=0.05)
    # § 176 a, stk. 1: the state pays 50 % of the § 85 a support for the half discharged
    # from a shelter, so a quarter of the support stands on the state
    support = [c for c in case.cost if c.account == "5.38.53" and "176 a" in (c.note or "")]
    assert len(support) == 4 and all(c.payer and c.payer.kind == "state" for c in support)


def test_tidlig_indsats_low_estimate_is_no_effect(ref: Reference, cases: dict[str, Case]) -> None:
    """The evaluation measured wellbeing, not placements or benefits: the low estimate has
    no effect at all, so it is the investment's cost alone, and the case page says so."""
    case = cases["tidlig-familieindsats"]
    flows = evaluate(case, ref, estimate="low", draws=0).flows
    assert flows.filter(pl.col("flow") == "gain")["amount_dkk"].abs().sum() == 0
    assert "trivsel" in (case.description or "")
    home = (
        evaluate(case, ref, draws=2_000)
        .summary.filter(pl.col("payer_kind") == "municipality")
        .row(0, named=True)
    )
    assert home["p_payback_horizon"] < 0.99


def test_no_demo_case_sets_a_free_budget_guarantee_share() -> None:
    for path in CASE_FILES:
        assert "budget_guarantee_share" not in path.read_text(encoding="utf-8"), path.name
