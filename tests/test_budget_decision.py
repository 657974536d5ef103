"""The budget decision (use case, view and workbook) on the demo database.

Given the demo's København cases (IPS and the § 9 c recovery team, both drafts) and
Herning's adopted Sverigesmodellen, when a controller puts them in the budget, expect: every
committee's change is the municipality's own net flows of the chosen cases in the budget
period (the investment a cost in one committee, gains in others), budget after = budget −
gain, the frames hold the same money, the gain-share transfers balance every year, a
politician is offered adopted cases only, and the workbook has a sheet per committee with
filters, numbers and only Danish words.
"""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from dashboards import data
from dashboards.views import budget_decision as view
from gevinst.reports.budget_decision_workbook import budget_decision_workbook, sheet_title
from gevinst.services import budget_decision as service
from gevinst.services.budget_decision import Choice

KK = 101
IPS = "ips-mentor-beskaeftigelse"
BOTILBUD = "botilbud-anden-kommune-9c"
HERNING = 657


@pytest.fixture(scope="module")
def db(demo_db):  # type: ignore[no-untyped-def]
    database = data.open_for_app(demo_db, read_only=True)
    yield database
    data.close()


def own_flows(db, case_ids: list[str], years: list[int]) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    return db.sql(
        "SELECT f.* FROM case_flows AS f JOIN cases AS c USING (case_id) WHERE "
        "list_contains($ids, f.case_id) AND f.scenario = 'basis' AND f.estimate = 'central' "
        "AND f.payer_kind = 'municipality' AND f.payer_code = c.municipality_code "
        "AND list_contains($years, f.year)",
        {"ids": case_ids, "years": years},
    )


def test_the_change_per_committee_is_the_cases_own_net_flows(db) -> None:  # type: ignore[no-untyped-def]
    d = service.decide(db, KK, [Choice(IPS), Choice(BOTILBUD)])
    assert d.budget_year == 2026 and d.years == [2026, 2027, 2028, 2029]
    flows = own_flows(db, [IPS, BOTILBUD], d.years)
    # all the municipality's flows of every kind (cost, gain, refusion, § 9 c, tax,
    # equalisation, financing), people's sign: the net gain is minus the stored sum
    assert d.total_gain_dkk == pytest.approx(-float(flows["amount_dkk"].sum()), abs=0.01)
    for year in d.years:
        shown = d.committees.filter(pl.col("year") == year)["gain_dkk"].sum()
        stored = flows.filter(pl.col("year") == year)["amount_dkk"].sum()
        assert shown == pytest.approx(-stored, abs=0.01)
    # budget after = budget − gain, in every cell
    diff = d.committees.select(
        (pl.col("budget_dkk") - pl.col("gain_dkk") - pl.col("after_dkk")).abs().max()
    ).item()
    assert diff < 0.005
    # the investment is a cost (negative) in the committee where it is booked
    ips_cost = flows.filter((pl.col("case_id") == IPS) & (pl.col("flow") == "cost"))
    assert ips_cost.height
    committee = d.flows.filter((pl.col("case_id") == IPS) & (pl.col("flow") == "cost"))[
        "committee"
    ][0]
    first = d.committees.filter((pl.col("committee") == committee) & (pl.col("year") == 2026))
    assert first["gain_dkk"][0] < 0
    # the imported budget is the municipality's B/BO lines of that committee and year
    budget = db.sql(
        "SELECT sum(amount_dkk) AS a FROM budget_lines WHERE municipality_code = "
        "101 AND year = 2026 AND budget_kind = 'B' AND committee = $c",
        {"c": committee},
    )["a"][0]
    assert first["budget_dkk"][0] == pytest.approx(float(budget), abs=0.01)


def test_frames_hold_the_same_money_as_the_committees(db) -> None:  # type: ignore[no-untyped-def]
    d = service.decide(db, KK, [Choice(IPS), Choice(BOTILBUD)])
    framed = d.flows.filter(pl.col("budget_frame").is_not_null())
    assert d.frames["gain_dkk"].sum() == pytest.approx(-float(framed["amount_dkk"].sum()), abs=0.01)
    assert "service" in d.frames["budget_frame"].to_list()
    # the investment burdens the service frame in the budget year
    service_2026 = d.frames.filter(
        (pl.col("budget_frame") == "service") & (pl.col("year") == 2026)
    )["gain_dkk"][0]
    assert service_2026 < 0


def test_the_gain_share_transfers_balance_and_go_to_the_investing_committee(db) -> None:  # type: ignore[no-untyped-def]
    d = service.decide(db, KK, [Choice(IPS), Choice(BOTILBUD)], share=0.5)
    transfers = d.gain_share.transfers
    assert transfers.height
    balance = d.gain_share.balance.group_by("year").agg(pl.col("change_dkk").sum())
    assert balance["change_dkk"].abs().max() == 0
    assert (transfers["transfer_dkk"] == (transfers["realised_saving_dkk"] * 0.5).round(0)).all()
    # taxes and equalisation have no committee: they move nothing
    assert not transfers["from_committee"].is_in(["Skatteindtægter"]).any()
    none = service.decide(db, KK, [Choice(IPS)], share=0.0)
    assert none.gain_share.total_dkk == 0


def test_a_politician_is_offered_adopted_cases_only(db) -> None:  # type: ignore[no-untyped-def]
    offered = service.variants(db, HERNING, adopted_only=True)
    assert set(offered["status"]) == {"adopted"} and offered.height >= 1
    assert service.variants(db, KK, adopted_only=True).is_empty()
    # a draft case asked for by a politician's client is left out, not shown
    d = service.decide(db, KK, [Choice(IPS)], adopted_only=True)
    assert d.choices == [] and d.committees["gain_dkk"].abs().sum() == 0
    adopted = service.decide(
        db, HERNING, [Choice("sverigesmodellen-herning", "lav-effekt")], adopted_only=True
    )
    assert adopted.choices and adopted.cases["scenario_title"][0] == "Lav effekt"


def test_choices_from_a_client_are_validated() -> None:
    assert view.parse_choices(["a:basis", "x", {"y": 1}, "b:lav:x", ":basis", 3]) == [
        Choice("a", "basis")
    ]
    assert view.parse_choices("a:basis") == []
    offered = pl.DataFrame({"case_id": ["a", "a", "b"], "scenario": ["basis", "lav", "basis"]})
    # one scenario per case: the last one asked for wins; unknown ones are dropped
    assert service.valid_choices(offered, [Choice("a"), Choice("a", "lav"), Choice("c")]) == [
        Choice("a", "lav")
    ]


def test_the_page_body_adds_up_and_names_scenarios_by_title(db) -> None:  # type: ignore[no-untyped-def]
    from dashboards.components.money import thousands

    d = service.decide(db, KK, [Choice(IPS, "lav-effekt"), Choice(BOTILBUD)])
    table = view.committee_table(d, "da")
    header = [str(c.children) for c in table.children[1].children.children]
    assert header[:4] == ["Udvalg", "2026 budget", "2026 gevinst", "2026 efter"]
    footer = [c.children for c in table.children[3].children.children]
    gain_2026 = d.committees.filter(pl.col("year") == 2026)["gain_dkk"].sum()
    assert footer[2] == thousands(round(gain_2026 / 1000), "da")
    body = view.decision_body(d, "da")
    text = str(body)
    assert "Lav effekt" in text and "lav-effekt" not in text.replace("scenario=lav-effekt", "")
    empty = view.decision_body(service.decide(db, KK, []), "da")
    assert "Vælg mindst én case" in str(empty)


def test_the_workbook_has_a_sheet_per_committee_with_filters_and_danish_words(db) -> None:  # type: ignore[no-untyped-def]
    d = service.decide(db, KK, [Choice(IPS), Choice(BOTILBUD)])
    wb = openpyxl.load_workbook(io.BytesIO(budget_decision_workbook(d, "København", "da")))
    committees = d.committees["committee"].unique().to_list()
    assert wb.sheetnames[0] == "Oversigt" and wb.sheetnames[-2:] == ["Overførsler", "Kilder"]
    assert len(wb.sheetnames) == len(committees) + 3
    sources = wb["Kilder"]
    assert sources.auto_filter.ref and sources.auto_filter.ref.startswith("A1:")
    # the id column is wide enough for the longest case id
    assert sources.column_dimensions["A"].width >= len(BOTILBUD)
    numbers = [
        c
        for row in sources.iter_rows(min_row=2)
        for c in row[8:9]
        if isinstance(c.value, int | float)
    ]
    assert numbers and all("#,##0" in c.number_format for c in numbers)
    words = {
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    for english in (
        "low",
        "central",
        "high",
        "cost",
        "gain",
        "draft",
        "adopted",
        "year",
        "service",
        "transfers",
    ):
        assert english not in words, english
    # a committee sheet: budget, gain and after per year, as on the page
    committee = d.flows.filter(pl.col("flow") == "cost")["committee"][0]
    ws = wb[sheet_title(committee, set())]
    assert [c.value for c in ws[3]][:4] == [
        "År",
        "Budget (kr.)",
        "Casernes nettogevinst (kr.)",
        "Budget efter (kr.)",
    ]


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_title("Udligningsordningen (øvrige kommuner) [netto]: i alt", taken)
    second = sheet_title("Udligningsordningen (øvrige kommuner) [netto]: i alt", taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first)
