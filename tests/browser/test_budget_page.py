"""Budget page in a real browser: the committee total equals budget_lines in the database,
a function's source lines open with file, sheet and row, the gains section shows the case."""

from __future__ import annotations

import pytest

from dashboards.components.money import thousands
from gevinst.demo_budget import generate, totals
from gevinst.reference import bundled_reference
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_budget_page_shows_the_committee_total_of_the_database(page) -> None:  # type: ignore[no-untyped-def]
    # the demo database's budget_lines reproduce the generator (tests/test_demo_budget.py)
    expected = totals(generate(bundled_reference(), [101]))[(101, 2026, "B")]
    page.goto("/budget")
    page.wait_for_selector("#budget-committee-table tfoot")
    header = page.locator("#budget-committee-table thead th").all_inner_texts()
    column = header.index("B2026")
    footer = page.locator("#budget-committee-table tfoot tr > *").all_inner_texts()
    assert footer[column] == thousands(round(expected / 1000))
    assert page.locator("#budget-vs-note").inner_text().startswith("KB2025 (budget) mod R2025")
    page.get_by_role("button", name="5.57.73").first.click()
    page.wait_for_selector("#budget-trace-table tbody tr")
    trace = page.locator("#budget-trace-table tbody tr").first.inner_text()
    assert "kk-" in trace  # the demo's København workbooks
    page.wait_for_selector("#budget-gains-ips-mentor-beskaeftigelse")
    screenshot(page, "budget")


def test_budget_page_in_english_for_another_municipality(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/budget?lang=en&municipality=169")
    page.wait_for_selector("#budget-gains-tidlig-familieindsats")
    assert page.locator("h1").inner_text() == "Budget and accounts"
    page.wait_for_selector("#budget-municipality :text('Høje-Taastrup (169)')")
