"""Import page in a real browser: a good workbook made here → summary → confirm → in the
import log; a bad one → the report names the cell and downloads as CSV; English works."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def workbook(path: Path, bad_cell: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Budget 2026 for Odense (kr.)"])
    ws.append([])
    ws.append(["Konto", "Udvalg", "Art", "B2026", "BO2027"])
    ws.append(["5.28.21", "Børne- og Familieudvalget", 4, 1_234_000, 1_250_000])
    ws.append(["5.57.73", "Beskæftigelsesudvalget", 5, 8_000_000, 7_900_000])
    ws.append(["6.45.51", "Økonomiudvalget", 1, 2_500_000, 2_500_000])
    if bad_cell:
        ws[bad_cell] = "mange penge"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_good_workbook_dry_run_then_confirm_then_in_the_log(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = workbook(tmp_path / "browser-budget.xlsx")
    page.goto("/import?municipality=461")
    page.wait_for_selector("#import-log-table")
    page.set_input_files("#import-upload input[type=file]", str(good))
    status = page.wait_for_selector("#import-status-text")
    assert status.inner_text().startswith("Prøvekørsel: filerne er i orden")
    assert "11.734.000" in page.locator("#import-year-totals").inner_text()
    assert "B2026, BO2027" in page.locator("#import-shapes").inner_text()
    screenshot(page, "import")
    page.click("#import-confirm")
    done = page.wait_for_selector("#import-done")
    assert done.inner_text().startswith("Importeret: 6 linjer")
    page.wait_for_selector("#import-log-table td:has-text('browser-budget.xlsx')")
    row = page.locator("#import-log-table tbody tr", has_text="browser-budget.xlsx")
    assert "demo-admin" in row.inner_text()  # who imported it: the logged-in user
    row.get_by_role("link").click()
    page.wait_for_selector("#import-rows-table tbody tr")
    assert page.locator("#import-rows-table tbody tr").count() == 6


def test_bad_workbook_names_the_cell_and_downloads_the_report(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = workbook(tmp_path / "bad-budget.xlsx", bad_cell="D5")
    page.goto("/import?municipality=461")
    page.wait_for_selector("#import-upload")
    page.set_input_files("#import-upload input[type=file]", str(bad))
    page.wait_for_selector("#import-problems")
    report = page.locator("#import-problems").inner_text()
    assert "Budget!D5" in report and "bad-budget.xlsx" in report
    assert page.locator("#import-confirm").is_disabled()
    screenshot(page, "import-error")
    with page.expect_download() as download:
        page.click("#import-download-button")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "bad-budget.xlsx: Budget!D5:" in text


def test_switch_language(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/import")
    page.wait_for_selector("#lang-switch")
    page.click("#lang-switch")
    page.wait_for_url("**/import?lang=en")
    page.wait_for_selector("text=Import budget and accounts")
    page.wait_for_selector("#import-log-table")
    assert "Imported files, newest first" in page.locator("#import-log-table caption").inner_text()
