"""The peers page in a real browser: Høje-Taastrup's real 2024 REGK31 figures next to its
DST group's mean and the country, and the switch to English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gevinst.ingest.key_figures import read_key_figures
from tests.browser.conftest import screenshot
from tests.conftest import shared_path

pytestmark = pytest.mark.browser

EXTRACT = "marieleth__marieleth--hvad-bruger-din-kommune-pengene-paa__2024.csv"


def hovedstad_mean_5_28_21() -> float:
    """The plain mean of the 24 Hovedstadskommuner on 5.28.21, from the file itself."""
    from gevinst.reference import bundled_reference

    ref = bundled_reference()
    rows = read_key_figures(shared_path("real-data", EXTRACT), ref).rows
    group = [m.code for m in ref.municipalities.values() if m.dst_group == 1]
    amounts = rows.filter((rows["function"] == "5.28.21") & rows["municipality_code"].is_in(group))[
        "amount_per_inhabitant_dkk"
    ]
    assert amounts.len() == 24
    return float(amounts.mean())  # type: ignore[arg-type]


def test_peers_shows_hoeje_taastrup_next_to_its_group_and_the_country(page):
    mean = hovedstad_mean_5_28_21()
    page.goto("/peers")
    row = page.locator("#peers-table tbody tr", has_text="5.28.21")
    row.wait_for()
    # the cells are read once they show (a loading state hides them: innerText '')
    expect(row.locator("td").first).to_have_text("2.441", timeout=60_000)
    cells = row.locator("td").all_inner_texts()
    # Høje-Taastrup 2.441 kr. per inhabitant (DST 2024), the group's mean, Hele landet 1.351
    assert cells[:3] == ["2.441", f"{round(mean):,}".replace(",", "."), "1.351"]
    assert "Høje-Taastrup" in page.inner_text("#peers-table caption")
    assert "Hovedstadskommuner" in page.inner_text("#peers-table thead")
    assert "Danmarks Statistik" in page.inner_text("#peers-about")
    page.wait_for_selector("#peers-chart .main-svg")
    screenshot(page, "peers-da")

    page.click("#lang-switch")
    page.wait_for_url(re.compile(r"lang=en"))
    page.wait_for_selector("text=Peers: net spend per inhabitant")
    row = page.locator("#peers-table tbody tr", has_text="5.28.21")
    row.wait_for()
    expect(row.locator("td").first).to_have_text("2,441", timeout=60_000)
    assert "Mean Hovedstadskommuner (24 municipalities)" in page.inner_text("#peers-table")
    page.wait_for_selector("#peers-chart .main-svg")
    screenshot(page, "peers")
