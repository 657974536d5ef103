"""The bundled reference data loads, is complete, and names its sources.

Each test reads like a worked example: given the files in data/reference, when they are loaded,
expect these numbers.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from itertools import pairwise

import pytest

from gevinst.paths import reference_dir
from gevinst.reference import BUDGET_FRAMES, TRANSFER_FRAMES, Reference, load_reference

WEEKLY_CASH_RULES = {"staircase", "dagpenge-cofinancing", "fixed-65"}


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def benefit_rules() -> dict[str, str]:
    with (reference_dir() / "rules.toml").open("rb") as handle:
        return tomllib.load(handle)["benefits"]


def test_given_the_bundled_files_when_loaded_expect_every_section_filled(ref: Reference) -> None:
    assert len(ref.regions) == 5
    assert len(ref.municipalities) == 98
    assert len(ref.accounts) >= 40
    assert len(ref.units) >= 16
    assert len(ref.price_index) >= 5
    assert ref.rules.staircase[0].share == 0.80


def test_given_98_municipalities_expect_dst_group_counts_24_3_16_24_31(ref: Reference) -> None:
    groups = Counter(m.dst_group for m in ref.municipalities.values())
    assert groups == {1: 24, 2: 3, 3: 16, 4: 24, 5: 31}


def test_given_the_municipalities_expect_region_codes_1081_to_1085(ref: Reference) -> None:
    assert set(ref.regions) == {1081, 1082, 1083, 1084, 1085}
    assert {m.region_code for m in ref.municipalities.values()} == set(ref.regions)


def test_given_known_codes_expect_their_names_and_regions(ref: Reference) -> None:
    assert ref.municipalities[101].name == "København"
    assert ref.region_of(169) == 1084  # Høje-Taastrup, Region Hovedstaden
    assert ref.region_of(657) == 1082  # Herning, Region Midtjylland


def test_given_every_unit_expect_its_named_accounts_in_the_chart(ref: Reference) -> None:
    missing = [
        (u.id, p.account)
        for u in ref.units.values()
        for p in u.payers
        if p.account is not None and p.account not in ref.accounts
    ]
    assert missing == []


def test_given_every_unit_expect_a_municipal_payer_to_name_department_and_account(
    ref: Reference,
) -> None:
    incomplete = [
        u.id
        for u in ref.units.values()
        for p in u.payers
        if p.kind == "municipality" and (p.department is None or p.account is None)
    ]
    assert incomplete == []


def test_given_a_weekly_cash_benefit_expect_its_benefit_rule_to_match_the_unit_rule(
    ref: Reference, benefit_rules: dict[str, str]
) -> None:
    # A week unit with a refusion rule is a cash benefit: rules.toml [benefits] must give the
    # same rule, or a case and a benefit-week file would split the same week differently.
    weekly = [u for u in ref.units.values() if u.is_weekly]
    assert len(weekly) >= 7
    for unit in weekly:
        if unit.rule in WEEKLY_CASH_RULES:
            assert unit.benefit is not None, unit.id
            assert benefit_rules[unit.benefit] == unit.rule, unit.id
        else:
            # a service counted in weeks (mentor-uge): no benefit, no refusion
            assert unit.rule == "none" and unit.benefit is None, unit.id


def test_given_only_week_units_expect_a_benefit_field(ref: Reference) -> None:
    assert [u.id for u in ref.units.values() if not u.is_weekly and u.benefit] == []


def test_given_every_unit_expect_payer_shares_to_sum_to_1(ref: Reference) -> None:
    for unit in ref.units.values():
        assert sum(p.share for p in unit.payers) == pytest.approx(1.0, abs=1e-9), unit.id


def test_given_the_catalogue_expect_at_least_12_units_with_the_design_ids(ref: Reference) -> None:
    required = {
        "kontanthjaelp-uge", "uddannelseshjaelp-uge", "sygedagpenge-uge", "dagpenge-uge",
        "ledighedsydelse-uge", "ressourceforloeb-uge", "foertidspension-uge",
        "fleksjob-foer-2013-aar", "anbringelse-doegn-aar", "anbringelse-plejefamilie-aar",
        "forebyggende-foranstaltning-aar", "botilbud-108-aar", "botilbud-107-aar",
        "hospital-sengedag", "psykiatri-sengedag", "folkeskole-specialklasse-aar",
        "folkeskole-elev-aar", "misbrugsbehandling-forloeb", "mentor-uge", "hjemmepleje-time",
    }  # fmt: skip
    assert len(ref.units) >= 12
    assert required <= set(ref.units)


def test_given_the_design_worked_examples_expect_their_unit_amounts(ref: Reference) -> None:
    # DESIGN.md: 60 weeks × 3.000 kr. kontanthjælp (illustrative: the post-reform 2026 rates
    # were not found); dagpenge: the published 2024 maximum 20.359 kr./md. × 12 / 52 = 4.698
    kontant, dagpenge = ref.units["kontanthjaelp-uge"], ref.units["dagpenge-uge"]
    assert (kontant.gross_dkk, kontant.price_year, kontant.rule) == (3_000, 2026, "staircase")
    assert kontant.illustrative and not dagpenge.illustrative
    assert (dagpenge.gross_dkk, dagpenge.price_year, dagpenge.rule) == (
        4_698,
        2024,
        "dagpenge-cofinancing",
    )
    assert [(p.kind, p.share, p.account) for p in dagpenge.payers] == [("state", 1.0, "5.57.78")]


def test_given_health_units_expect_a_region_share_and_municipal_cofinancing(
    ref: Reference,
) -> None:
    for unit_id in ("hospital-sengedag", "psykiatri-sengedag"):
        shares = {p.kind: p.share for p in ref.units[unit_id].payers}
        assert shares["region"] + shares["municipality"] == pytest.approx(1.0)
        municipal = next(p for p in ref.units[unit_id].payers if p.kind == "municipality")
        assert municipal.account == "4.62.81"


def test_given_the_chart_expect_hovedkonto_3_4_5_and_6(ref: Reference) -> None:
    hovedkonti = {account.split(".")[0] for account in ref.accounts}
    assert {"3", "4", "5", "6"} <= hovedkonti
    assert ref.accounts["6.45.51"].name == "Sekretariat og forvaltninger"


def test_given_cash_benefit_functions_expect_a_transfer_frame(ref: Reference) -> None:
    # kontante ydelser 5.46-5.58 are overførsler (of one kind or another); dagpenge to insured
    # unemployed are financed through the beskæftigelsestilskud, not the budget guarantee;
    # aktivitetsbestemt medfinansiering (4.62.81) is outside the service frame; the employment
    # measures' operating costs on 5.68.90 are under the budget guarantee
    special = {
        "5.57.78": "insured-unemployed",
        "4.62.81": "health-cofinancing",
        "5.68.90": "transfers-guaranteed",
        "5.68.98": "transfers-other",
    }
    for account in ref.accounts.values():
        hovedfunktion = int(account.account.split(".")[1])
        in_cash_block = account.account.startswith("5.") and 46 <= hovedfunktion <= 58
        if account.account in special:
            assert account.budget_frame == special[account.account]
        elif in_cash_block:
            assert account.budget_frame in TRANSFER_FRAMES, account.account
        else:
            assert account.budget_frame == "service", account.account


def test_given_every_account_expect_its_frame_to_name_a_source(ref: Reference) -> None:
    assert all(len(a.frame_source) > 20 for a in ref.accounts.values())
    assert {a.budget_frame for a in ref.accounts.values()} == set(BUDGET_FRAMES) - {
        "construction"
    }  # no anlæg function in the chart yet


def test_given_illustrative_units_expect_the_source_to_say_so(ref: Reference) -> None:
    for unit in ref.units.values():
        if unit.illustrative:
            assert "llustrativ" in unit.source, unit.id
        else:
            assert "http" in unit.source, unit.id  # a sourced figure cites a URL


def test_given_every_reference_file_expect_a_leading_comment_naming_a_source() -> None:
    files = sorted(p for p in reference_dir().iterdir() if p.is_file() and p.name != "README.md")
    assert {p.suffix for p in files} <= {".csv", ".toml"}
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), path.name
        header = []
        for line in lines:
            if not line.startswith("#"):
                break
            header.append(line.lower())
        assert any("source" in line for line in header), path.name


def test_given_the_tax_table_expect_rates_between_20_and_30_percent(ref: Reference) -> None:
    assert set(ref.municipal_tax_rates) <= set(ref.municipalities)
    assert all(0.20 < rate < 0.30 for rate in ref.municipal_tax_rates.values())
    # all 98 municipalities have their 2025 rate (DST PSKAT, ../shared/real-data): Odense 25,50 %,
    # København 23,50 %, Herning 25,40 %; the average is skm.dk's 2025 figure 25,068 %
    assert set(ref.municipal_tax_rates) == set(ref.municipalities)
    assert (ref.tax_rate(461), ref.tax_rate(101), ref.tax_rate(657)) == (0.255, 0.235, 0.254)
    assert ref.rules.average_municipal_tax_rate == 0.25068


def test_given_dst_consumer_prices_expect_the_yearly_averages_rebased_to_2020(
    ref: Reference,
) -> None:
    # DST PRIS113 (2015=100) monthly values 2022: 108,1 109,2 109,9 111,7 112,7 113,6 114,9
    # 114,9 116,4 117,6 116,6 115,9 → average 1.361,5 / 12 = 113,458; 2020's average is
    # 1.241,2 / 12 = 103,433; 113,458 / 103,433 × 100 = 109,69 → 109,7
    assert ref.price_index[2022] == 109.7
    assert ref.price_index_basis[2022] == "dst-pris113"
    assert {y for y, b in ref.price_index_basis.items() if b == "dst-pris113"} == set(
        range(2015, 2024)
    )
    assert ref.price_index_basis[2026] == "illustrative"


def test_given_the_price_index_expect_2020_at_100_and_rising(ref: Reference) -> None:
    years = sorted(ref.price_index)
    assert ref.price_index[2020] == 100.0
    assert all(ref.price_index[a] < ref.price_index[b] for a, b in pairwise(years))
    # 2019 prices move to 2026 prices by the ratio of the two years' index
    assert ref.index_factor(2019, 2026) == pytest.approx(122.6 / 99.6)
    # before the first year the series' first year is used
    assert ref.index_factor(2000, 2012) == pytest.approx(1.0)


def test_bundled_regk31_extract_reads_with_the_published_totals():
    """The bundled REGK31 2024 extract (DST) reads as key figures; its totals are those the
    shared real-data README states for the file (2.475 rows, sum 4.637.904 kr. per inhabitant,
    København 39.767 over the 25 functions)."""
    from gevinst.ingest.key_figures import read_key_figures
    from gevinst.paths import reference_dir

    extract = read_key_figures(reference_dir() / "regk31_2024.csv")
    rows = extract.rows
    assert extract.year == 2024
    assert rows.height == 2475
    assert rows["amount_per_inhabitant_dkk"].sum() == 4_637_904
    copenhagen = rows.filter(rows["municipality_code"] == 101)
    assert copenhagen["amount_per_inhabitant_dkk"].sum() == 39_767
