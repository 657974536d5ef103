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
REQUIRED = {"sverigesmodellen-herning", "tidlig-familieindsats", "ips-mentor-beskaeftigelse",
            "housing-first-unge", "botilbud-anden-kommune-9c"}
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
def test_every_scenario_evaluates_and_moves_balance(path: Path, ref: Reference,
                                                     cases: dict[str, Case]) -> None:
    case = cases[path.stem]
    for scenario in case.scenario_names:
        result = evaluate(case, ref, scenario=scenario, draws=DRAWS)
        home = result.summary.filter((pl.col("payer_kind") == "municipality")
                                     & (pl.col("payer_code") == case.municipality))
        assert home.height == 1, f"{scenario}: no summary row for the investing municipality"
        assert home["p_payback_budget_period"][0] is not None
        assert 0.0 <= home["p_payback_budget_period"][0] <= home["p_payback_horizon"][0] <= 1.0
        moves = (result.flows.filter(pl.col("flow").is_in(MOVES))
                 .group_by("year").agg(pl.col("amount_dkk").sum().alias("net")))
        off = moves.filter(pl.col("net").abs() > TOLERANCE_DKK)
        assert off.is_empty(), f"{scenario}: moves between payers do not balance:\n{off}"


@pytest.mark.parametrize("path", CASE_FILES, ids=_ids)
def test_low_central_high_are_ordered_for_the_municipality(path: Path, ref: Reference,
                                                           cases: dict[str, Case]) -> None:
    """`low` is the pessimistic estimate of every triple, so the investing municipality's
    present value must not rise from low to central to high."""
    case = cases[path.stem]
    npv = {}
    for estimate in ("low", "central", "high"):
        summary = evaluate(case, ref, estimate=estimate, draws=0).summary
        npv[estimate] = summary.filter((pl.col("payer_kind") == "municipality")
                                       & (pl.col("payer_code") == case.municipality))["npv_dkk"][0]
    assert npv["low"] <= npv["central"] <= npv["high"]


@pytest.mark.parametrize("path", CASE_FILES, ids=_ids)
def test_case_follows_the_demo_conventions(path: Path, ref: Reference,
                                           cases: dict[str, Case]) -> None:
    case = cases[path.stem]
    assert case.base_year in (2026, 2027)
    assert 8 <= case.horizon_years <= 15
    assert "http" in path.read_text(encoding="utf-8"), "cite the sources with their addresses"
    assert len(case.source) > 40
    assert 2 <= len(case.cost) <= 6
    assert 2 <= len(case.effect) <= 5
    assert case.scenario and all(s.description for s in case.scenario)
    for line in case.cost:
        assert line.account in ref.accounts, f"{line.account} is not in accounts.csv"
    local = {u.id for u in case.unit}
    for effect in case.effect:
        assert effect.unit in ref.units or effect.unit in local


def test_the_9c_case_has_two_municipalities_and_a_transfer(ref: Reference,
                                                          cases: dict[str, Case]) -> None:
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
        case.municipality}


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
