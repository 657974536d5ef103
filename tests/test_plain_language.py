"""The plain-language summary: every figure in the text comes from the demo database's
case_flows and case_summary, the shares of the gain add up to 100 %, and it says when figures
rest on illustrative unit costs — in Danish and in English."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from gevinst import fmt
from gevinst.reference import bundled_reference
from gevinst.reports.plain_language import chance, money, summarise
from gevinst.reports.scenario_frames import VariantFrames, gain_shares, silo_gains
from gevinst.store.reader import Database

#: the list queries' scope for a user who sees every municipality and case
EVERY = {"allowed": sorted(bundled_reference().municipalities), "adopted_only": False}  # all cases


@pytest.fixture(scope="module")
def db(demo_db: Path) -> Iterator[Database]:
    database = Database(demo_db, read_only=True)
    yield database
    database.close()


def variant(
    db: Database, case_id: str, scenario: str = "basis", estimate: str = "central"
) -> VariantFrames:
    params = {"case_id": case_id, "scenario": scenario, "estimate": estimate}
    summary = db.query("scenarios_summary", **params)
    first = summary.row(0, named=True)
    case = {
        k: first[k]
        for k in (
            "case_id",
            "scenario",
            "estimate",
            "name",
            "municipality_code",
            "municipality_name",
            "owner",
            "base_year",
            "horizon_years",
            "case_source",
        )
    }
    return VariantFrames(
        case, db.query("scenarios_flows", **params), summary, db.query("scenarios_units", **params)
    )


def all_variants(db: Database) -> list[tuple[str, str, str]]:
    rows = db.query("scenarios_variants", **EVERY).select("case_id", "scenario", "estimate")
    return [tuple(r) for r in rows.iter_rows()]  # type: ignore[misc]


def test_tidlig_familieindsats_reads_like_the_worked_example(db):
    # given the demo case Tidlig indsats, basis, central estimate
    v = variant(db, "tidlig-familieindsats")
    s = summarise(v, "da")
    # expect: the investment per committee, shares of the gain, payback and its probability
    # the investing department names the investment, as on the portfolio page
    assert s.text.startswith(
        "Børn og Familie investerer 4,0 mio. kr. i 2026–2028: 3,6 mio. kr. i "
        "Børne- og Familieudvalget og 0,4 mio. kr. i Børne- og "
        "Skoleudvalget."
    )
    # the state's share includes the block grant it no longer pays (budget guarantee).
    # Gains: Børne- og Familieudvalget 6.668.765 (17's price index by year: 6.630.927 before),
    # staten 1.008.000, Beskæftigelsesudvalget 806.400; of 8.483.165 that is 78,61 / 11,88 /
    # 9,51 %, rounded by largest remainder to 79 / 12 / 9 (summing to 100)
    assert (
        "79 % i Børne- og Familieudvalget, 12 % hos staten og 9 % i Beskæftigelsesudvalget"
        in s.text
    )
    assert "Kommunen har tjent investeringen hjem i 2031" in s.text
    assert "budgetperioden 2026–2029: 0 %" in s.text
    assert "illustrative enhedspriser" in s.text


def test_figures_equal_case_flows_and_case_summary(db):
    for case_id, scenario, estimate in all_variants(db):
        v = variant(db, case_id, scenario, estimate)
        s = summarise(v, "da")
        params = {"c": case_id, "s": scenario, "e": estimate}
        flows = db.sql(
            "SELECT f.flow, f.amount_dkk, f.payer_kind = 'municipality' AND f.payer_code = "
            "c.municipality_code AS home FROM case_flows f JOIN cases c USING (case_id) "
            "WHERE case_id = $c AND scenario = $s AND estimate = $e",
            params,
        )
        home = db.sql(
            "SELECT s.* FROM case_summary s JOIN cases c USING (case_id) WHERE case_id = $c "
            "AND scenario = $s AND estimate = $e AND payer_kind = 'municipality' "
            "AND payer_code = c.municipality_code",
            params,
        ).row(0, named=True)
        all_npv = db.sql(
            "SELECT sum(npv_dkk) FROM case_summary WHERE case_id = $c AND "
            "scenario = $s AND estimate = $e",
            params,
        ).item()
        cost_home = flows.filter(pl.col("home") & (pl.col("flow") == "cost"))["amount_dkk"].sum()
        gains = -flows.filter(pl.col("flow") != "cost")["amount_dkk"].sum()
        assert s.figures["investment_dkk"] == pytest.approx(cost_home, abs=0.01)
        assert sum(s.figures["gain_by_silo"].values()) == pytest.approx(gains, abs=0.01)
        assert s.figures["npv_home_dkk"] == pytest.approx(home["npv_dkk"], abs=0.01)
        assert s.figures["npv_all_dkk"] == pytest.approx(all_npv, abs=0.01)
        assert s.figures["payback_year"] == home["payback_year"]
        assert s.figures["p_payback_budget_period"] == home["p_payback_budget_period"]
        assert s.figures["break_even_effect_horizon"] == home["break_even_effect_horizon"]
        # and the figures are what the text says
        assert money(home["npv_dkk"] if home["npv_dkk"] >= 0 else -home["npv_dkk"], "da") in s.text
        if home["payback_year"] is not None:
            assert f"hjem i {home['payback_year']}" in s.text
        if home["p_payback_budget_period"] is not None:
            assert chance(home["p_payback_budget_period"], "da") in s.text


def test_shares_of_the_gain_add_up_to_100_percent(db):
    for case_id, scenario, estimate in all_variants(db):
        s = summarise(variant(db, case_id, scenario, estimate), "da")
        shares = [share for _, share in s.figures["gain_shares"]]
        if s.figures["gain_dkk"] <= 0:  # e.g. a low estimate of no effect: nothing to share
            assert not shares and "ingen gevinst" in s.text
            continue
        assert sum(shares) == 100, (case_id, scenario, estimate, shares)
        found = [int(x) for x in re.findall(r"(\d+) % (?:i|hos) ", s.text)]
        assert sum(found) == 100


def test_gain_shares_are_largest_remainder_of_the_silo_gains(db):
    v = variant(db, "ips-mentor-beskaeftigelse")
    gains = silo_gains(v, "da")
    shares = gain_shares(gains)
    total = sum(g.gain_dkk for g, _ in shares)
    for g, share in shares:
        assert abs(share - g.gain_dkk / total * 100) < 1
    # the equalisation the municipality pays is a loss, named on its own
    s = summarise(v, "da")
    assert "merudgift på 1,2 mio. kr. i kommunen under Udligningsordningen" in s.text


def test_every_number_in_the_text_comes_from_the_figures(db):
    v = variant(db, "tidlig-familieindsats")
    s = summarise(v, "da")
    f = s.figures
    allowed = {str(y) for y in v.years} | {str(v.horizon_years), "10"}
    allowed |= {money(x, "da").split(" ")[0] for x in f["investment_by_silo"].values()}
    allowed |= {fmt.number(f["investment_dkk"] / 1e6, 1, "da"), "3,6", "0,4"}
    allowed |= {money(f["gain_dkk"], "da").split(" ")[0]}
    allowed |= {money(x, "da").split(" ")[0] for x in f["losses"].values()}
    allowed |= {str(share) for _, share in f["gain_shares"]}
    allowed |= {
        money(abs(f["npv_home_dkk"]), "da").split(" ")[0],
        money(abs(f["npv_all_dkk"]), "da").split(" ")[0],
    }
    allowed |= {
        fmt.number(f[k] * 100, 0, "da")
        for k in (
            "p_payback_budget_period",
            "break_even_effect_horizon",
            "break_even_effect_budget_period",
        )
    }
    numbers = re.findall(r"\d[\d.,]*\d|\d", s.text)
    strays = [n for n in numbers if n not in allowed]
    assert not strays, strays


def test_english_version(db):
    s = summarise(variant(db, "tidlig-familieindsats"), "en")
    assert s.text.startswith("Børn og Familie invests DKK 4.0m in 2026–2028")
    assert "79% in the Children and Families Committee" in s.text
    assert "has earned the investment back in 2031" in s.text
    assert "illustrative unit costs" in s.text
    assert "mio." not in s.text and "kr." not in s.text


def test_says_when_no_unit_cost_is_illustrative_and_when_it_never_pays_back(db):
    v = variant(db, "ips-mentor-beskaeftigelse")
    sourced = dataclasses.replace(
        v,
        flows=v.flows.with_columns(
            pl.when(pl.col("unit_id").is_null()).then(None).otherwise(False).alias("illustrative")
        ),
    )
    text = summarise(sourced, "da").text
    assert "Alle enhedspriser, tallene bygger på, har en offentliggjort kilde." in text
    assert "Kommunen tjener ikke investeringen hjem inden for casens 10 år" in text
    assert "illustrative" in summarise(v, "da").text


def test_external_funding_is_named(db):
    text = summarise(variant(db, "housing-first-unge"), "da").text
    # the 0,6 mio. kr. pool and the state's 50 % refusion of § 85 a support (SEL § 176 a)
    assert "Staten betaler 1,8 mio. kr. af investeringen (ekstern finansiering)." in text
