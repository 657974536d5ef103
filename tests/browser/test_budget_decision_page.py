"""Budget-decision page in a real browser, as the three users who meet it.

Controller (Høje-Taastrup): chooses the case, sees its investment and gains per committee,
downloads the workbook. Director (Høje-Taastrup): the same picture read-only, the estimate
changes the figures. Politician (Herning): adopted cases only, scenarios by their titles,
no draft of another municipality, and no link to the pages the role may not open.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.browser.conftest import log_in, new_tab, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def as_user(browser, server_url):  # type: ignore[no-untyped-def]
    tabs = []

    def open_as(username: str):  # type: ignore[no-untyped-def]
        tab = new_tab(browser, server_url)
        log_in(tab, username, "demo")
        tab.wait_for_selector("#shell-username")
        tabs.append(tab)
        return tab

    yield open_as
    for tab in tabs:
        tab.context.close()


def _footer(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("#decision-table tfoot tr > *").all_inner_texts()


def test_controller_puts_the_case_in_the_budget_and_downloads_the_workbook(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("demo-controller")
    page.goto("/budget-decision")
    page.wait_for_selector("#decision-table tbody tr")
    header = page.locator("#decision-table thead th").all_inner_texts()
    assert header[:4] == ["Udvalg", "2026 budget", "2026 gevinst", "2026 efter"]
    assert "Tidlig indsats for familier" in page.locator("#decision-cases").inner_text()
    # the investment year is a cost for the municipality: the gain column's total is negative
    assert _footer(page)[2].startswith("-")
    # the dropdowns are named by their labels (screen readers), not by their values
    assert page.get_by_label("Skøn", exact=True).count() == 1
    with page.expect_download() as download:
        page.click("#decision-download-button")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "Oversigt" and "Kilder" in book.sheetnames
    screenshot(page, "budget-decision-controller")


def test_director_reads_the_same_picture_and_the_estimate_moves_it(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("demo-direktoer")
    page.goto("/budget-decision")
    page.wait_for_selector("#decision-table tbody tr")
    central = _footer(page)
    assert page.locator("#nav-budget-decision").count() == 1
    page.click("#decision-estimate")
    page.get_by_role("option", name="Lavt (forsigtigt)").click()
    page.wait_for_function(
        "old => Array.from(document.querySelectorAll('#decision-table tfoot tr > *'))"
        ".map(c => c.innerText).join('|') !== old",
        arg="|".join(central),
    )
    assert _footer(page) != central
    assert page.locator("#decision-frames tbody tr").count() >= 4
    screenshot(page, "budget-decision-director")


def test_politician_sees_adopted_cases_by_title_and_no_refusal(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("demo-politiker")
    page.goto("/budget-decision")
    page.wait_for_selector("#decision-table tbody tr")
    cases = page.locator("#decision-cases").inner_text()
    assert (
        "Sverigesmodellen" in cases
        or "Herning" in page.locator("#decision-municipality").inner_text()
    )
    assert "Tidlig indsats" not in cases  # a draft of another municipality
    page.click("#decision-variants")
    options = page.get_by_role("option").all_inner_texts()
    assert any("Lav effekt" in o for o in options)
    assert not any("lav-effekt" in o for o in options)
    page.keyboard.press("Escape")
    # pages the role may not open are not linked; nothing on the page was refused
    assert page.locator("#nav-realisation").count() == 0
    assert page.locator("#nav-import").count() == 0
    assert page.locator("#auth-refused").count() == 0
    page.goto("/budget")
    page.wait_for_selector("#budget-committee-table tfoot", timeout=60_000)
    assert page.locator("#auth-refused").count() == 0
    assert page.get_by_role("button", name="5.28.21").count() == 0
    page.goto("/realisation")
    refusal = page.locator("#auth-page-refused")
    refusal.wait_for()
    assert "politiker" in refusal.inner_text() and "politician" not in refusal.inner_text()
    screenshot(page, "budget-decision-politician")
