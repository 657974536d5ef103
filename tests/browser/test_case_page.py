"""The case page in a real browser: opened from the portfolio, the saved NPV as `case_summary`
has it, a trace, a what-if that moves the NPV, a saved scenario in the selector, English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboards.components.money import kr
from gevinst.demo import build_demo
from gevinst.store.reader import Database
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

CASE = "tidlig-familieindsats"


@pytest.fixture(scope="module")
def summary_npv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, float]]:
    """`case_summary` for basis/central of a demo database built the same way as the server's
    (the server owns its file, so the test reads its own copy; the demo is deterministic)."""
    path: Path = tmp_path_factory.mktemp("case-browser") / "demo.duckdb"
    build_demo(path, draws=0)
    database = Database(path)
    rows = database.sql(
        "SELECT s.case_id, s.npv_dkk FROM case_summary AS s JOIN cases AS c USING (case_id) "
        "WHERE s.scenario = 'basis' AND s.estimate = 'central' "
        "AND s.payer_kind = 'municipality' AND s.payer_code = c.municipality_code"
    )
    database.close()
    yield dict(zip(rows["case_id"], rows["npv_dkk"], strict=True))


def test_case_opens_from_the_portfolio_with_the_saved_npv_and_a_trace(page, summary_npv):  # type: ignore[no-untyped-def]
    page.goto("/")
    page.click(f"#portfolio-open-{CASE}")
    page.wait_for_url(re.compile(rf"/case\?id={CASE}"))
    page.wait_for_selector("#case-npv-home")
    assert page.inner_text("#case-npv-home") == kr(summary_npv[CASE], "da")
    assert "Tidlig indsats for familier" in page.inner_text("#case-name")
    page.wait_for_selector("#case-jcurve .main-svg")
    page.wait_for_selector("#case-histogram .main-svg")
    page.wait_for_selector("#case-leak-table")
    # open the trace of a gain and read its unit and source
    row = page.locator("#case-flows-table tbody tr", has_text="Gevinst (brutto)").first
    row.locator("summary").click()
    trace = row.locator(".case-trace")
    trace.wait_for(state="visible")
    text = trace.inner_text()
    assert re.search(r"Effekt \d: [a-z-]+", text)
    assert "Enhedspris" in text and "Kilde:" in text and "Regel:" in text
    screenshot(page, "case")


def test_what_if_changes_the_npv_and_saves_a_scenario(page):  # type: ignore[no-untyped-def]
    page.goto(f"/case?id={CASE}")
    page.wait_for_selector("#case-whatif-npv")
    saved = page.inner_text("#case-npv-home")
    assert page.inner_text("#case-whatif-npv") == saved
    field = page.get_by_label(re.compile(r"Effekt 1 \(.*\): ændring pr\. person"))
    field.fill("-0,12")
    field.press("Enter")
    # the result is drawn anew (npv, delta and payback together): wait for the new one whole,
    # not for the old one to go
    page.wait_for_function(
        """before => {
            const npv = document.querySelector('#case-whatif-npv');
            const delta = document.querySelector('#case-whatif-delta');
            return npv && delta && npv.innerText !== before && delta.innerText !== '';
        }""",
        arg=saved,
    )
    changed = page.inner_text("#case-whatif-npv")
    assert page.inner_text("#case-whatif-delta").startswith("+")  # a bigger effect gains
    page.fill("#case-save-name", "browser-stoerre-effekt")
    page.locator("#case-section-whatif").scroll_into_view_if_needed()
    screenshot(page, "case-whatif")
    page.click("#case-save")
    page.wait_for_selector("#case-save-done")
    page.wait_for_selector("#case-scenario-value:has-text('browser-stoerre-effekt')")
    # the page now shows the saved scenario, whose NPV is the what-if's
    page.wait_for_function(
        "want => document.querySelector('#case-npv-home')?.innerText === want", arg=changed
    )
    page.click("#case-scenario")
    options = page.locator("[role=option]").all_inner_texts()
    assert "browser-stoerre-effekt" in options and "Basis" in options  # titles, not ids
    page.keyboard.press("Escape")


def test_the_case_page_switches_to_english(page, summary_npv):  # type: ignore[no-untyped-def]
    page.goto(f"/case?id={CASE}")
    page.wait_for_selector("#case-npv-home")
    page.click("#lang-switch")
    page.wait_for_url(re.compile(r"lang=en"))
    page.wait_for_selector("text=What if?")
    page.wait_for_selector("#case-flows-table")
    assert page.inner_text("#case-npv-home") == kr(summary_npv[CASE], "en")
    assert "Trace" in page.inner_text("#case-flows-table")


def test_without_an_id_the_page_offers_a_case_picker(page):  # type: ignore[no-untyped-def]
    page.goto("/case")
    page.click("#case-select")
    page.locator("[role=option]", has_text="Sverigesmodellen").click()
    page.wait_for_url(re.compile(r"id=sverigesmodellen-herning"))
    page.wait_for_selector("#case-status:has-text('Vedtaget 08.10.2025')")


def _npv_with(switched: dict[str, bool]) -> float:
    """The engine's central NPV for IPS in København with financing mechanisms switched."""
    from gevinst.cases import load_case
    from gevinst.domain.evaluate import evaluate
    from gevinst.paths import demo_dir
    from gevinst.reference import bundled_reference

    ref = bundled_reference()
    case = load_case(demo_dir() / "cases" / "ips-mentor-beskaeftigelse.toml", ref)
    data = case.model_dump()
    data["assumptions"].update(switched)
    changed = type(case).model_validate(data)
    summary = evaluate(changed, ref, draws=0).summary
    return summary.filter(summary["payer_code"] == 101)["npv_dkk"][0]


def _frames_of(stem: str):  # type: ignore[no-untyped-def]
    """The service-frame consequences of a demo case's basis/central for its budget period."""
    from gevinst.cases import load_case
    from gevinst.domain.evaluate import evaluate
    from gevinst.paths import demo_dir
    from gevinst.reference import bundled_reference
    from gevinst.reports.frame_consequences import budget_period, frame_consequences

    ref = bundled_reference()
    case = load_case(demo_dir() / "cases" / f"{stem}.toml", ref)
    return frame_consequences(
        evaluate(case, ref, draws=0).flows, case.municipality, budget_period(case.base_year)
    )


def test_the_case_page_shows_the_financing_and_switches_each_mechanism_off(page):  # type: ignore[no-untyped-def]
    """IPS in København: its kontanthjælp and sygedagpenge savings and (since 17) its
    5.68.90 operating costs are under the budget guarantee, net an extra cost of which it
    gets only its block-grant share back, and its tax gain arrives three years late. The page
    says so, and the what-if switches each mechanism off (the employment grant too: this
    case has no dagpenge, so that switch changes nothing, which the page shows as the same
    NPV)."""
    page.goto("/case?id=ips-mentor-beskaeftigelse")
    # the first view computes the case's Monte Carlo draws: allow a loaded machine its time
    page.wait_for_selector("#case-financing-budget-guarantee", timeout=120_000)
    guarantee = page.text_content("#case-financing-budget-guarantee") or ""
    assert "Budgetgaranti: af en merudgift på" in guarantee and "Kommunen bærer selv" in guarantee
    assert "Skat og udligning (statsgaranti, illustrativt valg, 3 år)" in (
        page.text_content("#case-financing-tax-timing") or ""
    )
    # the service-frame consequences of the budget period 2026–2029: the table and its sentence,
    # as gevinst.reports.frame_consequences computes them from the engine's flows
    frames = _frames_of("ips-mentor-beskaeftigelse")
    table = page.locator("#case-frame-consequences-table")
    table.wait_for()
    grant_row = table.locator("tbody tr", has_text="↳ bloktilskuddet (budgetgarantien)")
    assert grant_row.count() == 1
    shown_total = grant_row.locator("td").last.inner_text()
    want_total = frames.row("transfers-guaranteed", "budget-guarantee").total / 1000
    assert abs(int(shown_total.replace(".", "").replace("−", "-")) - want_total) <= 1
    assert table.locator("tbody tr").first.locator("th").inner_text() == "Serviceudgifter"
    from gevinst.reports.frame_consequences import summary_sentence

    assert page.inner_text("#case-frame-consequences-summary") == summary_sentence(frames, "da")
    page.wait_for_selector("#case-whatif-npv", timeout=120_000)
    saved = page.inner_text("#case-npv-home")
    assert page.inner_text("#case-whatif-npv") == saved
    steps = [
        ({"budget_guarantee": False}, "Budgetgaranti"),
        ({"budget_guarantee": False, "employment_grant": False}, "Beskæftigelsestilskud"),
        (
            {"budget_guarantee": False, "employment_grant": False, "tax_timing": False},
            "Skattens og udligningens forsinkelse",
        ),
    ]
    for switched, label in steps:
        box = page.get_by_label(label, exact=True)
        assert box.is_checked()
        box.uncheck()
        want = kr(_npv_with(switched), "da")
        # waited for even when the switch changes nothing: while the callback runs the figure
        # is hidden (innerText ''), so reading it straight away could catch it mid-update
        page.wait_for_function(
            "want => document.querySelector('#case-whatif-npv')?.innerText === want",
            arg=want,
            timeout=120_000,
        )
        assert not box.is_checked()
    # without the budget guarantee København keeps more of its transfer savings
    # switched off, København carries the whole extra cost on the guaranteed frame
    assert _npv_with({"budget_guarantee": False}) < _npv_with({})
    page.locator("#case-section-financing").scroll_into_view_if_needed()
    screenshot(page, "case-financing")
