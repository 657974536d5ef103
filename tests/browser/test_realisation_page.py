"""The realisation page in a real browser on the demo database: the adopted demo case's plan
as decided, its realised gains by status with the budget line harvested from, the decision
compared with now, and the gain-share workbook downloaded and opened."""

from __future__ import annotations

import openpyxl
import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_realisation_page_shows_plan_status_comparison_and_download(page, tmp_path):
    page.goto("/realisation?case=sverigesmodellen-herning")
    page.wait_for_selector("#realisation-years tbody tr")
    assert "Vedtaget 08.10.2025" in page.inner_text("#realisation-status")
    years = page.inner_text("#realisation-years")
    assert "2027" in years and "Hjemtaget" in years
    # the plan in the case's 2026 prices, realised amounts in current prices, said on the page
    assert "2026-priser" in years and "løbende priser" in years
    assert "løbende priser" in page.inner_text("#realisation-prices")
    lines = page.inner_text("#realisation-lines")
    assert "hjemtaget" in lines and "kun kapacitet" in lines and "ikke realiseret" in lines
    harvests = page.inner_text("#realisation-harvests")
    assert "5.28.23" in harvests and "BO" in harvests
    assert "enhedspris anbringelse-doegn-aar" in page.inner_text("#realisation-causes")
    assert "effect[1].deadweight" in page.inner_text("#realisation-changes")
    with page.expect_download() as info:
        page.click("#realisation-download-button")
    path = tmp_path / "forslag.xlsx"
    info.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Indstilling", "Overførsler", "Realiserede gevinster"]
    screenshot(page, "realisation")


def test_realisation_page_in_english(page):
    page.goto("/realisation?case=sverigesmodellen-herning&lang=en")
    page.wait_for_selector("#realisation-years tbody tr")
    assert "Adopted 2025-10-08" in page.inner_text("#realisation-status")
    assert "Benefit realisation" in page.inner_text("h1")
    assert "unit cost anbringelse-doegn-aar" in page.inner_text("#realisation-causes")
