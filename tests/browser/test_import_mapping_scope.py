"""Import page in a real browser, issue 11 points 7 and 8: a file nothing recognises is mapped
on the page (a role per column; the dry run and totals follow each choice), the mapping is
saved on confirm and used for the next file with the same header; a committee's file replaces
that committee only, as the dry run says, unless "replace all" is ticked."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

MAPPED = 851  # Aalborg, no demo budget: the tests do not meet the demo's lines
SCOPED = 751  # Aarhus


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def ramme(path: Path, scale: int = 1) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Drift"
    ws.append(["Budget 2026 (1.000 kr.)"])
    ws.append([])
    ws.append(["Bevillingsramme", "Område", "Bev 2026", "Bev 2027"])
    ws.append(["6.45.51", "Økonomiudvalget", 1_000 * scale, 1_100 * scale])
    ws.append(["3.22.01", "Børne- og Skoleudvalget", 4_000 * scale, 4_100 * scale])
    return save(wb, path)


def committees(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Budget 2026 (mio. kr.)"])  # Aarhus-sized: the REGK31 check finds no fault
    ws.append(["Udvalg", "Konto", "B2026"])
    for row in rows:
        ws.append(list(row))
    return save(wb, path)


def role(page, header: str, value: str) -> None:  # type: ignore[no-untyped-def]
    ident = json.dumps(
        {"index": header, "type": "import-role"}, separators=(",", ":"), ensure_ascii=False
    )
    page.locator(f"[id='{ident}']").click()
    page.get_by_role("option", name=value, exact=True).click()


def test_a_file_is_mapped_on_the_page_saved_and_found_again(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/import?municipality={MAPPED}")
    page.wait_for_selector("#import-log-table, #import-log p")
    page.set_input_files("#import-upload input[type=file]", str(ramme(tmp_path / "ramme.xlsx")))
    page.wait_for_selector("#import-problems")
    assert "fandt ingen budgettabel" in page.locator("#import-problems").inner_text()
    page.click("#import-mapping-panel summary")
    page.wait_for_selector("text=Rolle for 'Bevillingsramme'")
    role(page, "Bevillingsramme", "account")
    role(page, "Område", "committee")
    role(page, "Bev 2026", "B2026")
    # the totals follow each choice: B2026 (1.000 + 4.000 in 1.000 kr.), then BO2027 too
    page.wait_for_selector("#import-year-totals:has-text('5.000.000')")
    assert "BO" not in page.locator("#import-year-totals").inner_text()
    role(page, "Bev 2027", "BO2027")
    page.wait_for_selector("#import-year-totals:has-text('5.200.000')")
    page.fill("#import-mapping-name", "Rammer fra siden")
    page.keyboard.press("Enter")
    screenshot(page, "import-mapping")
    page.click("#import-confirm")
    page.wait_for_selector("#import-done")
    page.wait_for_selector("#import-mappings-table td:has-text('Rammer fra siden')")
    # the next file of the same export: found by its header, no choices made
    page.goto(f"/import?municipality={MAPPED}")
    page.wait_for_selector("#import-upload")
    page.set_input_files(
        "#import-upload input[type=file]", str(ramme(tmp_path / "ramme-2027.xlsx", scale=2))
    )
    used = page.wait_for_selector("#import-mapping-used")
    assert "ramme-2027.xlsx: Rammer fra siden" in used.inner_text()
    page.wait_for_selector("#import-year-totals:has-text('10.400.000')")


def test_a_committees_file_replaces_that_committee_only_unless_replace_all(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    whole = committees(
        tmp_path / "hele.xlsx",
        [
            ("Økonomiudvalget", "6.45.51", 1_000),
            ("Økonomiudvalget", "6.42.41", 200),
            ("Børne- og Skoleudvalget", "3.22.01", 4_000),
            ("Teknik- og Miljøudvalget", "0.28.20", 300),
        ],
    )
    page.goto(f"/import?municipality={SCOPED}")
    page.wait_for_selector("#import-upload")
    page.set_input_files("#import-upload input[type=file]", str(whole))
    page.wait_for_selector("#import-status-text")
    page.click("#import-confirm")
    page.wait_for_selector("#import-done")
    part = committees(
        tmp_path / "oeu.xlsx",
        [("Økonomiudvalget", "6.45.51", 1_500), ("Økonomiudvalget", "6.42.41", 250)],
    )
    page.goto(f"/import?municipality={SCOPED}")
    page.wait_for_selector("#import-upload")
    page.set_input_files("#import-upload input[type=file]", str(part))
    scope = page.wait_for_selector("#import-scope")
    assert (
        "Omfang: erstatter 2 linjer af Økonomiudvalget B2026; beholder 2 linjer af andre udvalg"
    ) in scope.inner_text()
    screenshot(page, "import-scope")
    page.get_by_label("Erstat hele den gældende version").check()
    page.wait_for_selector("#import-scope:has-text('erstatter hele B2026 (4 linjer)')")
    page.get_by_label("Erstat hele den gældende version").uncheck()
    page.wait_for_selector("#import-scope:has-text('beholder 2 linjer')")
    page.click("#import-confirm")
    done = page.wait_for_selector("#import-done")
    assert done.inner_text().startswith("Importeret: 2 linjer")
