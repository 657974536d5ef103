"""The case page's views and callbacks as plain functions, on the demo database.

Given the demo cases as `gevinst demo` saves them, expect: the J-curve is the running sum of
`case_flows`, the leak's parts add up to the gross gain, a trace names the unit, rule and
source, the what-if moves the NPV the right way, a saved scenario can be read back, and bad
input gives a message, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl
import pytest

from dashboards import data
from dashboards.views import case as view
from dashboards.views import case_whatif as whatif
from dashboards.views.case import uncertainty
from gevinst.cases import parse_case
from gevinst.cases.schema import Triple
from gevinst.demo import build_demo
from gevinst.reference import bundled_reference
from gevinst.services import whatif as whatif_service

#: the list queries' scope for a user who sees every municipality and case
EVERY = {"allowed": sorted(bundled_reference().municipalities), "adopted_only": False}  # all cases

TIDLIG = "tidlig-familieindsats"  # draft, Høje-Taastrup (169), three effects
BOTILBUD = "botilbud-anden-kommune-9c"  # § 9 c bills, costly cases, a local unit
IPS = "ips-mentor-beskaeftigelse"  # tax, equalisation, region
HOUSING = "housing-first-unge"  # draft: scenarios are saved on it
SVERIGE = "sverigesmodellen-herning"  # adopted 08.10.2025: its evaluations are frozen
ALL_CASES = [TIDLIG, BOTILBUD, IPS, HOUSING, SVERIGE]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    path = tmp_path_factory.mktemp("case-page") / "demo.duckdb"
    build_demo(path)
    from dashboards.app import create_app

    yield create_app(path)  # opens the database for `data.db()`, registers the pages
    data.close()


@pytest.fixture(scope="module")
def page(app):  # type: ignore[no-untyped-def]
    from dashboards.pages import case as page_module

    return page_module


def text_of(component: object) -> str:
    """All text in a Dash component tree (attributes such as `title` left out)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def find(component: object, component_id: str) -> object | None:
    if isinstance(component, list | tuple):
        for child in component:
            found = find(child, component_id)
            if found is not None:
                return found
        return None
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    return find(children, component_id) if children is not None else None


def loaded(case_id: str) -> view.LoadedCase:
    result = view.load(case_id)
    assert not isinstance(result, str), result
    return result


def stored_flows(case_id: str, scenario: str = "basis", estimate: str = "central") -> pl.DataFrame:
    return data.db().sql(
        "SELECT * FROM case_flows WHERE case_id = $c AND scenario = $s AND estimate = $e",
        {"c": case_id, "s": scenario, "e": estimate},
    )


def saved_home_npv(case_id: str, scenario: str = "basis", estimate: str = "central") -> float:
    home = loaded(case_id).home
    rows = data.db().sql(
        "SELECT npv_dkk FROM case_summary WHERE case_id = $c AND scenario = $s AND "
        "estimate = $e AND payer_kind = 'municipality' AND payer_code = $h",
        {"c": case_id, "s": scenario, "e": estimate, "h": home},
    )
    return float(rows["npv_dkk"][0])


# ---------------------------------------------------------------------------- reading


def test_an_unknown_case_gives_a_message(app) -> None:  # type: ignore[no-untyped-def]
    assert view.load("findes-ikke") == "case.unknown"
    assert view.load(["not", "text"]) == "case.unknown"
    assert "findes-ikke" in view.load_message("case.unknown", "findes-ikke", "da")


def test_jcurve_is_the_running_sum_of_case_flows(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(TIDLIG)
    lines = view.flow_lines(TIDLIG, "basis", "central")
    years = list(range(2026, 2026 + 12))
    curve = view.jcurve_data(lines, 169, "Høje-Taastrup", years, view.reference(), "da")
    flows = stored_flows(TIDLIG)
    home = flows.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == 169))
    total = curve.filter(pl.col("group") == "total").sort("year")
    by_year = {
        r["year"]: -r["amount_dkk"]
        for r in home.group_by("year").agg(pl.col("amount_dkk").sum()).iter_rows(named=True)
    }
    expected = np.cumsum([by_year.get(y, 0.0) for y in years])
    assert total["cumulative_gain_dkk"].to_list() == pytest.approx(list(expected), abs=0.01)
    # the departments add up to the municipality's total, year by year
    departments = (
        curve.filter(pl.col("group") == "department")
        .group_by("year")
        .agg(pl.col("cumulative_gain_dkk").sum())
        .sort("year")
    )
    assert departments["cumulative_gain_dkk"].to_list() == pytest.approx(list(expected), abs=0.01)
    assert set(curve.filter(pl.col("group") == "department")["line"]) == set(
        home["department"].unique()
    )
    # the state (refusion on kontanthjælp) is its own line
    assert "Staten" in curve["line"].to_list()
    assert case.case.owner in curve["line"].to_list()


@pytest.mark.parametrize("case_id", ALL_CASES)
def test_leak_parts_add_up_to_the_gross_gain(app, case_id: str) -> None:  # type: ignore[no-untyped-def]
    lines = view.flow_lines(case_id, "basis", "central")
    parts = view.leak(lines, loaded(case_id).home)
    gross = -float(lines.filter(pl.col("flow") == "gain")["amount_dkk"].sum())
    assert parts["gross"] == pytest.approx(gross)
    assert sum(parts[p] for p in view.LEAK_PARTS) == pytest.approx(gross, abs=0.01)
    shares = view.leak_shares(parts)
    assert shares is not None
    assert sum(shares.values()) == pytest.approx(1.0)


def test_leak_names_the_state_the_region_equalisation_and_9c(app) -> None:  # type: ignore[no-untyped-def]
    ips = view.leak(view.flow_lines(IPS, "basis", "central"), 101)
    assert ips["state_refusion"] > 0 and ips["region"] > 0 and ips["equalisation"] > 0
    botilbud = view.leak(view.flow_lines(BOTILBUD, "basis", "central"), 101)
    # Ballerup bills København the kontanthjælp net of refusion: nothing stays in Ballerup
    assert botilbud["other_municipalities"] == pytest.approx(0.0, abs=0.01)
    transfers = stored_flows(BOTILBUD).filter(pl.col("flow") == "transfer")
    assert botilbud["moved_9c"] == pytest.approx(
        float(transfers.filter(pl.col("amount_dkk") > 0)["amount_dkk"].sum())
    )
    assert botilbud["moved_9c"] > 0
    shown = text_of(view.leak_view(botilbud, "København", "da"))
    assert "§ 9 c-regninger flyttede" in shown


def test_budget_frames_add_up_to_the_municipalitys_flows(app) -> None:  # type: ignore[no-untyped-def]
    lines = view.flow_lines(IPS, "basis", "central")
    frames = view.frames_data(lines, 101, list(range(2026, 2036)))
    home = lines.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == 101))
    columns = (
        "service",
        "transfers-guaranteed",
        "insured-unemployed",
        "transfers-other",
        "health-cofinancing",
        "construction",
        "outside",
        "financing",
    )
    # every frame of the economy agreement is shown, in people's sign (+ = a gain)
    assert frames.columns == ["year", *columns]
    total = sum(frames[c].sum() for c in columns)
    assert total == pytest.approx(-float(home["amount_dkk"].sum()), abs=0.01)
    # the IPS consultants are operating costs on 5.68.90, under the budget guarantee (capped
    # from 2026, L 77 2025-26): a cost there in 2026; the kontanthjælp gains land there too
    # (a gain by 2029); the avoided psychiatric bed-days touch no municipal frame
    # (co-financing frozen in 2026)
    assert frames.filter(pl.col("year") == 2026)["transfers-guaranteed"][0] < 0
    assert frames.filter(pl.col("year") == 2029)["transfers-guaranteed"][0] > 0
    assert frames["health-cofinancing"].sum() == 0


def test_a_trace_names_the_effect_unit_cost_rule_and_source(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(BOTILBUD)
    ref = view.reference()
    lines = view.flow_lines(BOTILBUD, "basis", "central")
    effects = view.trace_index(case.case, ref, "da")
    row = lines.filter((pl.col("effect_no") == 2) & (pl.col("flow") == "gain")).row(0, named=True)
    text = text_of(view.trace_lines(row, effects, 2026, "central", "da"))
    unit = ref.units["botilbud-107-aar"]
    assert "Effekt 2: botilbud-107-aar" in text
    assert f"prisniveau {unit.price_year}" in text
    assert "særligt dyre enkeltsager" in text
    assert unit.source[:60] in text
    if unit.illustrative:
        assert "Illustrativt tal" in text
    # the local unit (§ 85 support) is shown as the case's own assumption
    local = lines.filter(pl.col("effect_no") == 4).row(0, named=True)
    assert "lokal antagelse i casen" in text_of(
        view.trace_lines(local, effects, 2026, "central", "da")
    )
    # a cost line traces to its account and the case's note
    cost = lines.filter(pl.col("flow") == "cost").row(0, named=True)
    cost_text = text_of(view.trace_lines(cost, effects, 2026, "central", "da"))
    assert "konto 5.38.53" in cost_text and "Recovery- og jobteam" in cost_text


def test_the_flows_table_has_a_trace_for_every_row_and_a_total_that_adds_up(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(TIDLIG)
    table = view.flows_for(case, "basis", "central", None, "da")
    body = table.children[2].children
    assert all("Spor" in text_of(row.children[-1]) for row in body)
    shown = [int(text_of(row.children[4]).replace(".", "")) for row in body]
    total = int(text_of(table.children[3].children.children[4]).replace(".", ""))
    assert sum(shown) == total
    # people's sign: the shown total is the net gain, minus the stored amounts
    assert total == round(-float(stored_flows(TIDLIG)["amount_dkk"].sum()) / 1000)
    one_year = view.flows_for(case, "basis", "central", 2026, "da")
    assert {text_of(r.children[0]) for r in one_year.children[2].children} == {"2026"}


def test_histogram_draws_are_the_stored_monte_carlo(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(TIDLIG)
    npv = view.npv_draws(case.case, view.reference())
    assert npv.shape == (10_000,)
    summary = view.payer_summary(TIDLIG, "basis", "central")
    home = view.home_row(summary, 169)
    assert home is not None
    p10, p50, p90 = np.percentile(npv, [10, 50, 90])
    assert (p10, p50, p90) == pytest.approx(
        (home["npv_p10_dkk"], home["npv_p50_dkk"], home["npv_p90_dkk"]), abs=0.01
    )


def test_the_body_shows_the_saved_npv_in_danish_format(page) -> None:  # type: ignore[no-untyped-def]
    body, controls = page._body("basis", "central", TIDLIG, "")
    from dashboards.components.money import kr

    assert text_of(find(body, "case-npv-home")) == kr(saved_home_npv(TIDLIG), "da")
    assert find(body, "case-histogram") is not None and find(body, "case-leak-table")
    assert controls  # the what-if inputs for the scenario
    english, _ = page._body("basis", "central", TIDLIG, "?lang=en")
    assert text_of(find(english, "case-npv-home")).startswith("DKK ")


# ---------------------------------------------------------------------------- what if


def test_unchanged_what_if_equals_the_saved_figure(app) -> None:  # type: ignore[no-untyped-def]
    for case_id in ALL_CASES:
        case = loaded(case_id)
        outcome = whatif.recompute(
            case.case, whatif.WhatIf(), view.reference(), "central", saved_home_npv(case_id)
        )
        assert outcome.delta_dkk == pytest.approx(0.0, abs=0.01), case_id


def test_what_if_moves_the_npv_the_right_way(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(TIDLIG).case
    ref = view.reference()
    saved = saved_home_npv(TIDLIG)

    def npv(**changes: object) -> float:
        return whatif.recompute(case, whatif.WhatIf(**changes), ref, "central", saved).npv_dkk

    # effect 1: -0,06 → -0,12 fewer preventive measures per family: more saved
    assert npv(values={1: -0.12}) > saved
    # effect 3: 50 → 40 weeks on kontanthjælp instead of 60: more saved
    assert npv(values={3: 40}) > saved
    # more deadweight: less of the effect is the case's
    assert npv(deadweights={1: 0.6, 2: 0.6, 3: 0.6}) < saved
    # no persons: only the investment is left, and the NPV is its present value
    assert npv(persons_factor=0.0) < saved
    # a 0 % rate: the NPV is the undiscounted net
    summary = view.home_row(view.payer_summary(TIDLIG, "basis", "central"), 169)
    assert summary is not None
    assert npv(discount_rate=0.0) == pytest.approx(-summary["undiscounted_net_dkk"], abs=0.01)


def test_what_if_body_answers_with_npv_change_and_curve(app) -> None:  # type: ignore[no-untyped-def]
    result = whatif.whatif_body(TIDLIG, "basis", "central", {1: "-0,12"}, {}, "1", "", "da")
    npv = text_of(find(result, "case-whatif-npv"))
    delta = text_of(find(result, "case-whatif-delta"))
    assert npv.endswith("kr.") and delta.startswith("+")
    assert find(result, "case-whatif-jcurve") is not None


@pytest.mark.parametrize(
    ("values", "deadweights", "persons", "rate", "expected"),
    [
        ({1: "mange"}, {}, "1", "", "»mange« er ikke et tal"),
        ({}, {1: "-5"}, "1", "", "dødvægt (%): skal ligge mellem 0 og 100"),
        ({3: "-4"}, {}, "1", "", "kan ikke være negativ"),
        ({}, {}, "x", "", "er ikke et tal"),
        ({}, {}, "1", "200", "skal ligge mellem 0 og 100"),
        ({1: {"$ne": 1}}, {}, "1", "", "er ikke et tal"),
    ],
)
def test_invalid_what_if_inputs_give_a_message(
    app,
    values: dict,
    deadweights: dict,  # type: ignore[no-untyped-def]
    persons: object,
    rate: object,
    expected: str,
) -> None:
    result = whatif.whatif_body(
        TIDLIG, "basis", "central", values, deadweights, persons, rate, "da"
    )
    problems = find(result, "case-whatif-problems")
    assert problems is not None and problems.role == "alert"  # type: ignore[attr-defined]
    assert expected in text_of(problems)


def test_unknown_case_or_junk_in_callbacks_gives_a_message(page) -> None:  # type: ignore[no-untyped-def]
    """An unknown id gets the answer another municipality's case gets (no enumeration)."""
    answer = "der er ingen case 'nope', som du har adgang til"
    assert answer in text_of(whatif.whatif_body("nope", "basis", "central", {}, {}, "1", "", "da"))
    body, controls = page._body({"x": 1}, 5, "nope", None)
    assert "der er ingen case 'nope', som du har adgang til" in text_of(body) and controls == []
    assert (
        page._whatif("junk", None, 3, None, None, None, None, None, "central", "basis", TIDLIG, "")
        == []
    )
    assert "der er ingen case 'nope', som du har adgang til" in text_of(page.layout(id="nope"))
    assert find(page.layout(), "case-select") is not None
    message, _, _ = page._save(1, "navn", None, ["x"], [], [], [], [], [], [], [], "basis", 42, "")
    assert "der er ingen case '42', som du har adgang til" in text_of(message)


def test_what_if_switches_each_financing_mechanism_off(app) -> None:  # type: ignore[no-untyped-def]
    """IPS in København: the kontanthjælp and sygedagpenge savings are transfers under the
    budget guarantee, and so (since the rules by year, issue 17, accounts.csv) are its
    operating costs on 5.68.90 (Finansministeriet, Budgetgarantien: kommunal aktivering).
    Net, the guaranteed frame shows an extra cost of about 1,0 mio. kr., so the block grant
    gives København all but its own share of it back; switched off, København carries the whole
    extra cost and the NPV falls. A switch a client sends that is not a mechanism is
    ignored."""
    variant = loaded(IPS).case

    def npv(switches: dict) -> float:
        change = whatif_service.WhatIf(financing=whatif_service.parse_financing(switches))
        return whatif_service.recompute(variant, change, view.reference(), "central", None).npv_dkk

    all_on = {
        "employment_grant": ["employment_grant"],
        "budget_guarantee": ["budget_guarantee"],
        "tax_timing": ["tax_timing"],
    }
    base = npv(all_on)
    assert npv({**all_on, "budget_guarantee": []}) < base
    assert npv({**all_on, "tax_timing": []}) != base
    assert npv({**all_on, "junk": [], 7: "x"}) == base
    # the callback's answer moves with the switch
    shown = {
        name: text_of(
            find(
                whatif.whatif_body(IPS, "basis", "central", {}, {}, "1", "", "da", switches),
                "case-whatif-npv",
            )
        )
        for name, switches in (("on", all_on), ("off", {"budget_guarantee": []}))
    }
    assert shown["on"] != shown["off"]
    assert whatif_service.parse_financing({"tax_timing": [], "employment_grant": "no"}) == {
        "tax_timing": False
    }


def test_financing_section_says_what_comes_back_and_when(app) -> None:  # type: ignore[no-untyped-def]
    from dashboards.views.case_financing import financing_notes

    lines = view.flow_lines(IPS, "basis", "central")
    notes = text_of(financing_notes(lines, 101, "da"))
    # IPS's 5.68.90 operating costs are under the guarantee too (17): net an extra cost
    assert "Budgetgaranti: af en merudgift på" in notes
    # of an extra cost the municipality gets only its block-grant share back and carries the
    # rest: 1.015.945 − 112.770 = 903.175 kr. (never "keeps" a negative amount)
    assert "Kommunen bærer selv" in notes and "beholder -" not in notes
    guarantee = lines.filter(pl.col("rule").str.starts_with("budget-guarantee"))
    state = guarantee.filter(pl.col("payer_kind") == "state")["amount_dkk"].sum()
    own = guarantee.filter(pl.col("payer_kind") == "municipality")["amount_dkk"].sum()
    from dashboards.components.money import kr

    assert "Kommunen bærer selv " + kr(state + own, "da") in notes
    english = text_of(financing_notes(lines, 101, "en"))
    assert "Budget guarantee: of an extra cost of" in english
    assert "Skat og udligning (statsgaranti, illustrativt valg, 3 år)" in notes


def test_the_frame_consequences_section_shows_the_budget_period_per_frame(app) -> None:  # type: ignore[no-untyped-def]
    """The case page's table is the stored flows of the budget period (2026–2029) per frame,
    the financing under the frame it follows, in the people's sign; its rows add up to
    København's net per year and its sentence is the report's. IPS's investment is on the
    guaranteed transfers (5.68.90), so the service frame is untouched and the block grant
    gives back part of the guaranteed frame's net extra cost."""
    from dashboards.views.case_frames import frame_consequences_section
    from gevinst.reports.frame_consequences import frame_consequences, summary_sentence

    lines = view.flow_lines(IPS, "basis", "central")
    section = frame_consequences_section(
        lines, 101, "København", [2026, 2027, 2028, 2029], 2026, "da"
    )
    table = find(section, "case-frame-consequences-table")
    assert table is not None
    body = next(c for c in table.children if type(c).__name__ == "Tbody")
    rows = {text_of(r.children[0]): [text_of(c) for c in r.children[1:]] for r in body.children}
    assert list(rows)[:3] == [
        "Serviceudgifter",
        "Overførsler under budgetgarantien",
        "↳ bloktilskuddet (budgetgarantien)",
    ]
    assert rows["Serviceudgifter"] == ["0", "0", "0", "0", "0"]
    # stored: København's budget-guarantee financing 2027 (DESIGN's sign, − = it receives)
    home = lines.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == 101))
    grant_2027 = home.filter(
        pl.col("rule").str.starts_with("budget-guarantee:") & (pl.col("year") == 2027)
    )["amount_dkk"].sum()
    assert grant_2027 < 0

    def thousands(cell: str) -> int:
        return int(cell.replace(".", "").replace("−", "-"))

    # in 1.000 kr., rounded so that the shown rows add up to the shown total (± 1)
    assert abs(thousands(rows["↳ bloktilskuddet (budgetgarantien)"][1]) + grant_2027 / 1000) <= 1
    footer = next(c for c in table.children if type(c).__name__ == "Tfoot")
    totals = [thousands(text_of(c)) for c in footer.children.children[1:]]
    net = [-home.filter(pl.col("year") == y)["amount_dkk"].sum() / 1000 for y in range(2026, 2030)]
    assert totals[:4] == [round(v) for v in net]
    assert totals[:4] == [sum(thousands(r[i]) for r in rows.values()) for i in range(4)]
    summary = text_of(find(section, "case-frame-consequences-summary"))
    assert summary == summary_sentence(frame_consequences(lines, 101, range(2026, 2030)), "da")
    assert summary.startswith("Casen rører ikke servicerammen i 2026–2029.")
    assert "bloktilskuddet under budgetgarantien: gevinst" in summary
    english = frame_consequences_section(
        lines, 101, "Copenhagen", [2026, 2027, 2028, 2029], None, "en"
    )
    assert "The service frame and the transfers in the budget period 2026–2029" in text_of(english)
    assert (
        "No budget imported for the municipality: the budget period is the case's base "
        "year 2026" in text_of(english)
    )
    # on the page: the section is part of the case body, its period the budget decision's
    # (København's demo budget has B = 2026)
    body = view.case_body(loaded(IPS), "basis", "central", "da")
    assert find(body, "case-section-frame-consequences") is not None
    assert text_of(find(body, "case-frame-consequences-period")).startswith(
        "Budgetperioden er budgetåret 2026 i kommunens senest importerede budget"
    )
    from gevinst.services.budget_decision import case_budget_period

    assert case_budget_period(data.db(), 101, 2030) == (2026, [2026, 2027, 2028, 2029])
    # a municipality without an imported budget: the case's base year (Aarhus, 751)
    assert case_budget_period(data.db(), 751, 2030) == (None, [2030, 2031, 2032, 2033])
    # Sverigesmodellen in Herning: the caseworkers and the placements are both service
    sverige = frame_consequences_section(
        view.flow_lines(SVERIGE, "basis", "central"),
        657,
        "Herning",
        [2026, 2027, 2028, 2029],
        2026,
        "da",
    )
    assert text_of(find(sverige, "case-frame-consequences-summary")).startswith(
        "Casen belaster servicerammen med"
    )


def test_a_scenario_keeps_a_financing_switch(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(IPS)
    change = whatif.WhatIf(financing={"budget_guarantee": False, "tax_timing": True})
    scenario = whatif.scenario_from_whatif(case.case, "basis", change, "uden-garanti", "x")
    assert scenario.assumptions is not None
    assert scenario.assumptions.budget_guarantee is False
    assert scenario.assumptions.tax_timing is None  # unchanged: not written
    assert case.case.model_copy().with_scenario("basis").assumptions.budget_guarantee is None


# ---------------------------------------------------------------------------- saving


def test_a_scenario_round_trips_through_the_case_file(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(TIDLIG)
    change = whatif.WhatIf(
        values={1: -0.12}, deadweights={3: 0.5}, persons_factor=0.5, discount_rate=0.02
    )
    scenario = whatif.scenario_from_whatif(
        case.case, "uden-beskaeftigelseseffekt", change, "test-rundtur", 'Beskrivelse med "citat"'
    )
    import datetime as dt

    text = whatif.with_scenario_text(case.row["case_toml"], scenario, dt.date(2026, 11, 22))
    parsed = parse_case(text, "tidlig.toml", view.reference())
    assert parsed.scenario[-1] == scenario
    variant = parsed.with_scenario("test-rundtur")
    # the base scenario's own patch (no employment effect) is kept, the what-if's added
    assert variant.effect[2].new_weeks == 60
    assert variant.effect[2].deadweight == Triple(low=0.6, central=0.5, high=0.4)
    # the low estimate of effect 1 is no effect (0) since issue 12: it moves with the central
    assert variant.effect[0].change_per_person == Triple(low=-0.06, central=-0.12, high=-0.15)
    assert variant.target_group.persons == [20, 20, 20]
    assert variant.assumptions.discount_rate == 0.02
    assert "# Gemt fra casesiden 22.11.2026" in text


def test_saving_a_scenario_writes_it_and_it_reads_back(page) -> None:  # type: ignore[no-untyped-def]
    change = whatif.WhatIf(persons_factor=2.0)
    case = loaded(HOUSING)
    expected = whatif.recompute(case.case, change, view.reference(), "central", None).npv_dkk
    result = whatif.save_scenario(HOUSING, "basis", change, "dobbelt-maalgruppe", "", "da")
    assert result.ok, result.message
    assert "dobbelt-maalgruppe" in [o["value"] for o in view.scenario_options(HOUSING)]
    assert saved_home_npv(HOUSING, "dobbelt-maalgruppe") == pytest.approx(expected, abs=0.01)
    for estimate in ("low", "high"):
        assert not stored_flows(HOUSING, "dobbelt-maalgruppe", estimate).is_empty()
    reread = loaded(HOUSING)
    assert "dobbelt-maalgruppe" in reread.case.scenario_names
    assert 'name = "dobbelt-maalgruppe"' in reread.row["case_toml"]
    # the other scenarios are still there, re-evaluated
    assert set(reread.case.scenario_names) == {o["value"] for o in view.scenario_options(HOUSING)}
    again = whatif.save_scenario(HOUSING, "basis", change, "dobbelt-maalgruppe", "", "da")
    assert not again.ok and "findes allerede" in again.message
    for bad in ("Stort-Navn", "med mellemrum", "-start", "basis", "", None, "x" * 41, 7):
        refused = whatif.save_scenario(HOUSING, "basis", change, bad, "", "da")
        assert not refused.ok and "ugyldigt" in refused.message


def test_the_save_callback_updates_the_scenario_selector(page) -> None:  # type: ignore[no-untyped-def]
    value_ids = [{"type": "case-whatif-value", "no": 1}]
    message, options, value = page._save(
        1,
        "halv-effekt-callback",
        "fra testen",
        ["40"],
        ["20"],
        ["1"],
        [""],
        [["budget_guarantee"]],
        value_ids,
        [{"type": "case-whatif-deadweight", "no": 1}],
        [{"type": "case-whatif-financing", "no": "budget_guarantee"}],
        "basis",
        BOTILBUD,
        "",
    )
    assert value == "halv-effekt-callback", text_of(message)
    assert "halv-effekt-callback" in [o["value"] for o in options]
    bad, options, value = page._save(
        1, "ny", None, ["mange"], [], ["1"], [""], [], value_ids, [], [], "basis", BOTILBUD, ""
    )
    assert "er ikke et tal" in text_of(bad)


def test_saving_on_an_adopted_case_keeps_its_frozen_evaluations(app) -> None:  # type: ignore[no-untyped-def]
    before = data.db().sql(
        "SELECT * FROM case_flows WHERE case_id = $c ORDER BY ALL", {"c": SVERIGE}
    )
    result = whatif.save_scenario(
        SVERIGE, "basis", whatif.WhatIf(values={1: 0.0}), "uden-effekt-1", "", "da"
    )
    assert result.ok and "frosset" in result.message
    after = data.db().sql(
        "SELECT * FROM case_flows WHERE case_id = $c AND scenario <> 'uden-effekt-1' ORDER BY ALL",
        {"c": SVERIGE},
    )
    assert after.equals(before)
    assert saved_home_npv(SVERIGE, "uden-effekt-1") < saved_home_npv(SVERIGE)
    status = data.db().sql(
        "SELECT status, decided_on FROM cases WHERE case_id = $c", {"c": SVERIGE}
    )
    assert status["status"][0] == "adopted"


def test_case_options_list_every_case(app) -> None:  # type: ignore[no-untyped-def]
    options = view.case_options(data.db().query("case_list", **EVERY))
    assert {o["value"] for o in options} == set(ALL_CASES)


def test_an_adopted_case_shows_its_decision_date(app) -> None:  # type: ignore[no-untyped-def]
    case = loaded(SVERIGE)
    assert view.status_text(case.row, "da") == "Vedtaget 08.10.2025"
    assert text_of(view.header(case, view.reference(), "da")).count("Vedtaget") == 1


def test_the_histogram_reads_the_simulation_stored_at_save(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Given the demo cases saved with their Monte Carlo, when the case page shows a
    scenario, then its draws come from the database (one row per case and scenario) and the
    engine is not run again."""
    rows = data.db().sql(
        "SELECT case_id, scenario, count(*) AS n, max(len(home_npv_dkk)) AS d "
        "FROM case_simulation_rows GROUP BY ALL"
    )
    scenarios = data.db().sql("SELECT DISTINCT case_id, scenario FROM case_summary")
    missing = scenarios.join(rows, on=["case_id", "scenario"], how="anti")
    assert missing.is_empty(), missing.rows()
    assert set(rows["n"]) == {1}
    assert set(rows["d"]) == {10_000}

    def no_engine(*_: object) -> np.ndarray:
        raise AssertionError("the page ran the Monte Carlo again")

    monkeypatch.setattr(uncertainty, "_npv_draws", no_engine)
    case = loaded(TIDLIG)
    for scenario in case.case.scenario_names:
        npv = view.npv_draws(case.case.with_scenario(scenario), view.reference(), scenario=scenario)
        home = view.home_row(view.payer_summary(TIDLIG, scenario, "low"), 169)
        assert home is not None
        assert np.percentile(npv, 10) == pytest.approx(home["npv_p10_dkk"], abs=0.01)


def test_the_monte_carlo_runs_once_per_scenario_for_the_three_estimates(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gevinst.cases import evaluation
    from gevinst.domain import evaluate as engine

    calls: list[str] = []
    real = engine.monte_carlo

    def counted(case, ref, draws=10_000, seed=20_260_101):  # type: ignore[no-untyped-def]
        calls.append(case.id)
        return real(case, ref, draws, seed)

    monkeypatch.setattr(evaluation, "monte_carlo", counted)
    monkeypatch.setattr(engine, "monte_carlo", counted)
    ref = bundled_reference()
    from gevinst.demo import demo_case_files

    path = next(p for p in demo_case_files() if p.stem == TIDLIG)
    case = parse_case(path.read_text(encoding="utf-8"), path.name, ref)
    results = evaluation.evaluate_variants(case, ref, case.scenario_names, draws=200)
    assert len(results) == 3 * len(case.scenario_names)
    assert len(calls) == len(case.scenario_names)
    # the three estimates of a scenario carry the same simulation
    for s in case.scenario_names:
        mine = [r for r in results if r.scenario == s]
        assert len({id(r.monte_carlo) for r in mine}) == 1


def test_three_fixed_estimates_beside_one_monte_carlo(page) -> None:  # type: ignore[no-untyped-def]
    """The estimates table has each estimate's own figures; the Monte Carlo is shown once,
    explained, and is the same whichever estimate is chosen."""
    body, _ = page._body("basis", "low", TIDLIG, "")
    estimates = find(body, "case-estimates-table")
    assert estimates is not None
    rows = estimates.children[2].children
    assert [text_of(r.children[0]) for r in rows] == ["Lavt (forsigtigt)", "Centralt", "Højt"]
    from dashboards.components.money import kr

    for row, estimate in zip(rows, ("low", "central", "high"), strict=True):
        home = view.home_row(view.payer_summary(TIDLIG, "basis", estimate), 169)
        assert home is not None
        assert text_of(row.children[1]) == kr(home["npv_dkk"], "da")
        assert text_of(row.children[2]) == kr(-home["undiscounted_net_dkk"], "da")
    assert "samme, uanset" in text_of(find(body, "case-monte-carlo-explain"))
    low_mc = text_of(find(body, "case-uncertainty-table"))
    high, _ = page._body("basis", "high", TIDLIG, "")
    assert text_of(find(high, "case-uncertainty-table")) == low_mc
    assert "Nutidsværdi" not in text_of(find(body, "case-uncertainty-table").children[1])
