"""The Scenarios page in a real browser: pick two variants, read them side by side with the
present value the database holds, download the workbook, print, and switch language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from dashboards.components.money import mio
from gevinst.reports.plain_language import money
from gevinst.store.reader import Database
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

TIDLIG = "Tidlig indsats for familier med små børn (Høje-Taastrup)"
PICKED = "?v=tidlig-familieindsats:basis:central&v=tidlig-familieindsats:halv-maalgruppe:central"


@pytest.fixture(scope="module")
def npv_tidlig(demo_db: Path) -> Iterator[float]:
    """The investing municipality's present value for Tidlig indsats, basis, central, from a
    demo database built by the same code as the server's (the server owns its own file)."""
    database = Database(demo_db, read_only=True)
    yield float(
        database.sql(
            "SELECT s.npv_dkk FROM case_summary s JOIN cases c USING (case_id) "
            "WHERE case_id = 'tidlig-familieindsats' AND scenario = 'basis' "
            "AND estimate = 'central' AND payer_kind = 'municipality' "
            "AND payer_code = c.municipality_code"
        ).item()
    )
    database.close()


def choose(page, dropdown_id: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=option, exact=True).click()


def test_pick_two_variants_and_download_them(page, npv_tidlig, tmp_path):
    page.goto("/scenarios")
    page.wait_for_selector("#scenarios-summary-1")
    choose(page, "scenarios-case-1", TIDLIG)
    page.wait_for_url(re.compile(r"v=tidlig-familieindsats:basis:central"))
    choose(page, "scenarios-case-2", TIDLIG)  # keeps its scenario, halv-maalgruppe
    page.wait_for_url(re.compile(r"v=tidlig-familieindsats:halv-maalgruppe:central"))
    page.click("#scenarios-case-3 .dash-dropdown-clear")
    page.wait_for_function(  # a function, not an expression: no eval under the CSP
        "() => document.querySelectorAll('#scenarios-key thead th').length === 3"
    )
    assert page.url.endswith(PICKED)

    headers = page.locator("#scenarios-key thead th").all_inner_texts()
    assert "Basis" in headers[1] and "Halv målgruppe" in headers[2]  # titles, not ids
    summary = page.inner_text("#scenarios-summary-1")
    assert f"gevinst på {money(npv_tidlig, 'da')} for kommunen" in summary
    assert "Kommunen har tjent investeringen hjem i 2031" in summary
    assert mio(npv_tidlig, "da") in page.inner_text("#scenarios-key")
    assert page.locator("#scenarios-years-2").is_visible()
    page.wait_for_selector("#scenarios-npv .main-svg")
    screenshot(page, "scenarios")

    with page.expect_download() as info:
        page.click("#scenarios-download-button")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Sammenfatning",
        "Udvalg og år",
        "Budgetrammer",
        "Strømme 1",
        "Strømme 2",
        "Kilder",
    ]
    assert "hjem i 2031" in str(wb["Sammenfatning"]["A5"].value)


def test_printable_page_has_everything_but_the_controls(page, npv_tidlig):
    page.goto("/scenarios" + PICKED)
    page.wait_for_selector("#scenarios-print-link")
    page.click("#scenarios-print-link")
    page.wait_for_selector(".scenarios-print #scenarios-summary-2")
    assert "print=1" in page.url
    assert page.locator("#scenarios-case-1").count() == 0
    assert page.locator(".site-header nav").is_hidden()
    assert money(npv_tidlig, "da") in page.inner_text("#scenarios-summary-1")
    assert page.locator("#scenarios-years-1 tbody tr").count() >= 3
    page.wait_for_selector("#scenarios-npv .main-svg")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert page.locator("#scenarios-print-button").is_hidden()
    assert page.locator("#scenarios-sources ul li").first.is_visible()
    screenshot(page, "scenarios-print")


def test_switch_to_english(page):
    page.goto("/scenarios" + PICKED)
    page.wait_for_selector("#scenarios-summary-1")
    page.click("#lang-switch")
    page.wait_for_url(re.compile(r"lang=en"))
    page.wait_for_selector("text=Scenarios side by side")
    # the shell's switch keeps the first `v` only (app.lang_switch takes v[0] of each
    # parameter); the first variant is kept
    assert "tidlig-familieindsats" in page.url
    assert "has earned the investment back in 2031" in page.inner_text("#scenarios-summary-1")
    assert "Present value" in page.inner_text("#scenarios-key")
    screenshot(page, "scenarios-en")
