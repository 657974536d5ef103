"""The realisation page's cohort section in a real browser on the demo database: the IPS case
(København) shows its target group against the comparison group with the note that a
comparison group is not a randomised control, a chart and a table per quarter; a politician
gets neither the page nor, asking by hand, the section's callback."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

IPS = "ips-mentor-beskaeftigelse"


def test_the_ips_case_shows_target_against_comparison_group(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/realisation?case={IPS}")
    note = page.wait_for_selector("#cohort-note")
    assert "ikke en randomiseret kontrolgruppe" in note.inner_text()
    page.wait_for_selector("#cohort-chart .main-svg")
    assert page.locator("#cohort-chart .scatterlayer .trace").count() == 4
    assert page.locator("#cohort-table tbody tr").count() == 16
    assert "120 / 240" in page.inner_text("#cohort-table")
    assert "Målgruppe mod sammenligningsgruppe" in page.inner_text("#cohort-section h2")
    page.locator("#cohort-section").scroll_into_view_if_needed()
    screenshot(page, "cohorts")


def test_a_politician_is_refused(anonymous_page) -> None:  # type: ignore[no-untyped-def]
    page = anonymous_page
    log_in(page, "demo-politiker", "demo")
    page.wait_for_selector("#shell-username")
    page.goto(f"/realisation?case={IPS}")
    refused = page.wait_for_selector("#auth-page-refused")
    assert "politiker" in refused.inner_text()
    assert page.locator("#cohort-note").count() == 0
    assert page.locator("#cohort-chart").count() == 0
    answer = page.request.post(
        "/_dash-update-component",
        data={
            "output": "realisation-cohorts.children",
            "outputs": {"id": "realisation-cohorts", "property": "children"},
            "inputs": [
                {"id": "realisation-case", "property": "value", "value": IPS},
                {"id": "url", "property": "search", "value": ""},
            ],
            "state": [],
            "changedPropIds": ["realisation-case.value"],
        },
    )
    assert answer.status == 403
    assert "randomiseret" not in answer.text() and "P000" not in answer.text()
