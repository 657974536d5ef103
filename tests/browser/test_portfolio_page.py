"""The portfolio page in a real browser: key figures equal the engine's, links and language."""

from __future__ import annotations

import re

import pytest

from dashboards.components.money import kr
from gevinst.cases import load_case
from gevinst.demo import demo_case_files
from gevinst.domain.evaluate import evaluate
from gevinst.reference import bundled_reference
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def engine_npv(case_id: str) -> float:
    ref = bundled_reference()
    path = next(p for p in demo_case_files() if p.stem.startswith(case_id[:10]))
    case = load_case(path, ref)
    summary = evaluate(case, ref, draws=0).summary
    home = summary.filter(
        (summary["payer_kind"] == "municipality") & (summary["payer_code"] == case.municipality)
    )
    return float(home["npv_dkk"][0])


def test_portfolio_shows_every_case_with_the_engines_figures(page):
    page.goto("/")
    page.wait_for_selector("#portfolio-table tbody tr")
    rows = page.locator("#portfolio-table tbody tr")
    assert rows.count() == len(demo_case_files())
    assert page.locator("#demo-banner").is_visible()
    row = page.locator("#portfolio-table tbody tr", has_text="Sverigesmodellen")
    assert kr(engine_npv("sverigesmodellen-herning"), "da") in row.inner_text()
    page.wait_for_selector("#portfolio-sankey .main-svg")
    page.wait_for_selector("#portfolio-matrix .main-svg")
    screenshot(page, "portfolio")


def test_language_switch_keeps_the_page(page):
    page.goto("/")
    page.wait_for_selector("#portfolio-table")
    page.click("#lang-switch")
    page.wait_for_url(re.compile(r"lang=en"))
    page.wait_for_selector("text=Portfolio of investment cases")
    page.wait_for_selector("#portfolio-table th >> text=PV municipality")
    assert "Showing 1–" in page.inner_text("#portfolio-pager")
    screenshot(page, "portfolio-en")
