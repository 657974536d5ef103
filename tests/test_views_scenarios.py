"""The Scenarios view and its Excel export as plain functions on the demo database: variants
in the URL, committee tables that add up and match case_flows, present values that match
case_summary, an unknown variant's message, English, and a workbook that opens in openpyxl."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import openpyxl
import polars as pl
import pytest

from dashboards.auth import Refused
from dashboards.components.money import mio
from dashboards.views.scenarios import (
    Variant,
    committee_totals,
    default_variants,
    from_controls,
    key_figures,
    load_all,
    load_variant,
    npv_figure,
    parse_variants,
    scenarios_body,
    search_for,
)
from gevinst.reference import bundled_reference
from gevinst.reports.scenario_frames import committee_years, payer_group_npv, silo_of
from gevinst.reports.scenario_workbook import scenario_workbook
from gevinst.store.reader import Database

#: the list queries' scope for a user who sees every municipality and case
EVERY = {"allowed": sorted(bundled_reference().municipalities), "adopted_only": False}  # all cases


@pytest.fixture(scope="module")
def db(demo_db: Path) -> Iterator[Database]:
    database = Database(demo_db, read_only=True)
    yield database
    database.close()


def text_of(component: object) -> str:
    """All text in a Dash component tree (what a reader or screen reader gets)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def find(component: object, id_: str) -> object:
    if getattr(component, "id", None) == id_:
        return component
    children = component if isinstance(component, list) else getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            hit = find(child, id_)
            if hit is not None:
                return hit
    return None


TIDLIG = Variant("tidlig-familieindsats", "basis", "central")
HALF = Variant("tidlig-familieindsats", "halv-maalgruppe", "central")


def test_variants_in_the_url_are_validated():
    assert parse_variants("tidlig-familieindsats:basis:central") == [TIDLIG]
    assert parse_variants([TIDLIG.key, TIDLIG.key, HALF.key]) == [TIDLIG, HALF]
    # junk a client may send is dropped, never an error
    assert parse_variants(["a:b", "a:b:c", {"x": 1}, 7, None, "x" * 400 + ":b:central"]) == []
    assert len(parse_variants([f"c{i}:basis:low" for i in range(9)])) == 4
    search = search_for([TIDLIG, HALF], "en", printable=True)
    query = parse_qs(search.lstrip("?"))
    assert parse_variants(query["v"]) == [TIDLIG, HALF]
    assert query["lang"] == ["en"] and query["print"] == ["1"]
    assert from_controls(
        ["tidlig-familieindsats", 5, None, "x"],
        ["basis", "b", None, None],
        ["central", "weird", None, None],
    ) == [TIDLIG]


def test_default_is_the_first_case_with_its_scenarios(db):
    options = db.query("scenarios_variants", **EVERY)
    variants = default_variants(options)
    first = sorted(options["case_id"].unique().to_list())[0]
    scenarios = sorted(options.filter(pl.col("case_id") == first)["scenario"].unique())
    assert [v.case_id for v in variants] == [first] * len(scenarios)
    assert variants[0].scenario == "basis"
    assert {v.scenario for v in variants} == set(scenarios)
    assert {v.estimate for v in variants} == {"central"}
    assert 2 <= len(variants) <= 4


def test_committee_table_adds_up_and_matches_case_flows(db):
    for case_id in (
        "tidlig-familieindsats",
        "botilbud-anden-kommune-9c",
        "ips-mentor-beskaeftigelse",
        "housing-first-unge",
    ):
        v = load_variant(db, Variant(case_id, "basis", "central"))
        assert v is not None
        ct = committee_years(v, "da")
        # the table shows the people's sign: the net gain, minus the stored amounts
        flows = db.sql(
            "SELECT year, -sum(amount_dkk) AS a FROM case_flows WHERE case_id = $c "
            "AND scenario = 'basis' AND estimate = 'central' GROUP BY year",
            {"c": case_id},
        )
        by_year = dict(zip(flows["year"], flows["a"], strict=True))
        for j, year in enumerate(ct.years):
            # each year's rows add up to that year's total, which is the rounded flows
            assert sum(row[j] for row in ct.thousands) == ct.year_totals[j]
            assert ct.year_totals[j] == round(by_year.get(year, 0.0) / 1000)
            assert sum(row[j] for row in ct.amounts) == pytest.approx(
                by_year.get(year, 0.0), abs=0.05
            )
        for row, total in zip(ct.thousands, ct.row_totals, strict=True):
            assert sum(row) == total
        assert sum(ct.row_totals) == sum(ct.year_totals) == ct.total


def test_flows_land_under_the_committee_of_their_account(db):
    accounts = dict(db.sql("SELECT account, committee FROM accounts").iter_rows())
    v = load_variant(db, Variant("ips-mentor-beskaeftigelse", "basis", "central"))
    assert v is not None
    silos = committee_years(v, "da").silos
    expected = {accounts[a] for a in v.flows.filter(pl.col("is_home"))["account"].drop_nulls()}
    assert expected <= set(silos)
    # taxes and equalisation under their department; other payers by name
    assert {
        "Skatteindtægter",
        "Udligningsordningen (øvrige kommuner)",
        "Regionen",
        "Staten",
    } <= set(silos)
    assert silo_of("municipality", False, "Beskæftigelsesudvalget", "Beskæftigelse", "da") == (
        "Andre kommuner",
        2,
    )
    assert silo_of("region", False, None, "Region (psykiatri)", "en")[0] == "Region"
    # Ballerup's avoided benefit, its refusion and its § 9 c bill to København cancel out
    # every year; what "Andre kommuner" shows is the other municipalities' share of
    # København's budget-guarantee feedback (domain/financing.py); København's side is there
    other = load_variant(db, Variant("botilbud-anden-kommune-9c", "basis", "central"))
    assert other is not None
    ballerup = other.flows.filter(
        (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == 151)
    )
    assert abs(ballerup["amount_dkk"].sum()) < 0.01 * 10
    collective = other.flows.filter(pl.col("payer_kind") == "municipalities")
    assert set(collective["rule"].str.split(":").list.first()) == {"budget-guarantee"}
    totals = text_of(committee_totals([other], "da"))
    assert "Social- og Sundhedsudvalget" in totals and "Beskæftigelsesudvalget" in totals


def test_present_values_equal_case_summary(db):
    frames = load_all([TIDLIG, HALF], db)
    for v in frames:
        rows = db.sql(
            "SELECT payer_kind, sum(npv_dkk) AS npv FROM case_summary WHERE "
            "case_id = $c AND scenario = $s AND estimate = 'central' GROUP BY 1",
            {"c": v.case["case_id"], "s": v.case["scenario"]},
        )
        expected = dict(rows.iter_rows())
        npv = payer_group_npv(v)
        assert npv["home"] == pytest.approx(expected["municipality"], abs=0.01)
        assert npv["state"] == pytest.approx(expected.get("state", 0.0), abs=0.01)
    figure = npv_figure(frames, "da")
    assert len(figure.data) == 2
    assert figure.data[0].y[0] == pytest.approx(payer_group_npv(frames[0])["home"] / 1e6)
    table = text_of(key_figures(frames, "da"))
    assert mio(payer_group_npv(frames[0])["home"], "da") in table
    assert "2031" in table


def test_body_shows_both_variants_and_their_summaries(db):
    body = scenarios_body([TIDLIG, HALF], "da", database=db)
    assert find(body, "scenarios-summary-1") is not None
    assert find(body, "scenarios-summary-2") is not None
    assert find(body, "scenarios-years-2") is not None
    text = text_of(body)
    assert "Kommunen har tjent investeringen hjem i 2031" in text
    # the scenario by its title from the case file, not its id
    assert "Halv målgruppe" in text and "halv-maalgruppe" not in text


def test_unknown_variant_gives_a_message(db):
    body = scenarios_body([Variant("findes-ikke", "basis", "central"), TIDLIG], "da", database=db)
    assert "Varianten findes-ikke:basis:central findes ikke i databasen" in text_of(body)
    assert "Vælg mindst to varianter" in text_of(body)
    only_unknown = scenarios_body([Variant("findes-ikke", "basis", "central")], "en", database=db)
    assert "is not in the database" in text_of(only_unknown)


def test_english_body(db):
    text = text_of(scenarios_body([TIDLIG, HALF], "en", database=db))
    assert "Present value" in text and "Committee / payer" in text
    assert "Children and Families Committee" in text
    assert "has earned the investment back in 2031" in text


def test_workbook_opens_with_numbers_and_text_that_is_never_a_formula(db):
    frames = load_all([TIDLIG, HALF], db)
    hostile = dataclasses.replace(
        frames[1], case={**frames[1].case, "name": '=HYPERLINK("http://x","klik")'}
    )
    wb = openpyxl.load_workbook(io.BytesIO(scenario_workbook([frames[0], hostile], "da")))
    assert wb.sheetnames == [
        "Sammenfatning",
        "Udvalg og år",
        "Budgetrammer",
        "Strømme 1",
        "Strømme 2",
        "Kilder",
    ]
    # a number cell is numeric with a thousands format
    ws = wb["Udvalg og år"]
    numbers = [
        c for row in ws.iter_rows(min_row=5) for c in row[1:] if isinstance(c.value, int | float)
    ]
    assert numbers and all("#,##0" in c.number_format for c in numbers)
    flows = wb["Strømme 1"]
    header = [c.value for c in flows[3]]
    amount = flows.cell(row=4, column=header.index("Beløb (kr.; gevinst +, udgift −)") + 1)
    assert isinstance(amount.value, float | int) and "#,##0" in amount.number_format
    # the case name that begins with "=" stays text, wherever it is written
    texts = [
        c
        for s in wb.worksheets
        for row in s.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")
    ]
    assert texts and all(c.data_type == "s" for c in texts)
    summary = wb["Sammenfatning"]
    assert "Kommunen har tjent investeringen hjem i 2031" in str(summary["A5"].value)
    english = openpyxl.load_workbook(io.BytesIO(scenario_workbook(frames, "en")))
    assert english.sheetnames == [
        "Summary",
        "By committee and year",
        "Budget frames",
        "Flows 1",
        "Flows 2",
        "Sources",
    ]


def test_workbook_shows_every_budget_frame_adding_up_to_the_municipality(db):
    from gevinst.reports.scenario_frames import frame_years

    frames = load_all([TIDLIG], db)
    wb = openpyxl.load_workbook(io.BytesIO(scenario_workbook(frames, "da")))
    ws = wb["Budgetrammer"]
    labels = [ws.cell(row=r, column=1).value for r in range(5, 12)]
    assert labels == [
        "Serviceudgifter",
        "Overførsler under budgetgarantien",
        "Forsikrede ledige (dagpenge)",
        "Øvrige overførsler",
        "Aktivitetsbestemt medfinansiering",
        "Anlæg",
        "Uden for rammerne (skat, udligning)",
    ]
    by_frame = frame_years(frames[0])
    home = frames[0].flows.filter(pl.col("is_home"))
    assert sum(sum(v) for v in by_frame.values()) == pytest.approx(
        float(home["amount_dkk"].sum()), abs=0.01
    )
    # the early family effort is a service expense (5.28.21) in 2026; its later gains land in
    # service (avoided placements) and, for avoided kontanthjælp, under the budget guarantee
    assert by_frame["service"][0] > 0 and min(by_frame["service"]) < 0
    assert sum(by_frame["transfers-guaranteed"]) < 0
    assert sum(by_frame["insured-unemployed"]) == 0


def test_page_callbacks_accept_any_json(db, monkeypatch):
    from dashboards import data

    monkeypatch.setattr(data, "db", lambda: db)
    import dash

    dash.Dash(__name__, use_pages=True, pages_folder="")  # lets the page module register
    from dashboards.pages import scenarios as page

    _body, search, print_href, keys = page._body(
        [TIDLIG.case_id, {"x": 1}, None, None],
        ["basis", "y", None, None],
        ["central", None, None, None],
        "?lang=en",
    )
    assert keys == [TIDLIG.key]
    assert search == "?v=tidlig-familieindsats:basis:central&lang=en"
    assert print_href.endswith("&print=1")
    assert page._scenario_choice(TIDLIG.case_id, "nope")[1] == "basis"
    assert page._scenario_choice(["x"], "basis") == ([], None)
    with pytest.raises(Refused, match=r"auth\.reason\.case"):  # unknown = not yours: one answer
        page._download(1, ["nope:basis:central"], None)
    layout = page.layout(lang="en", v=[TIDLIG.key, HALF.key])
    assert "Scenarios side by side" in text_of(layout)
    printable = page.layout(v=TIDLIG.key, print="1")
    assert find(printable, "scenarios-print-button") is not None
    assert find(printable, "scenarios-case-1") is None
