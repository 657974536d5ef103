"""Logging in and out in a real browser, and the politician's restricted view.

Given the demo's users (password "demo"): a wrong password says so and logs nobody in; the
right one opens the page asked for; logging out ends the session (the old page no longer
loads); the login page switches language; a politician of Herning (657) sees only the
adopted case, no import link, and the import page refuses them.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_wrong_password_then_right_then_logout(anonymous_page) -> None:  # type: ignore[no-untyped-def]
    page = anonymous_page
    page.goto("/budget")
    page.wait_for_selector("#login-username")
    assert "/login?next=%2Fbudget" in page.url
    assert page.locator("#login-demo").is_visible()  # the demo says it is one, with its users
    assert "demo-politiker" in page.locator("#login-demo").inner_text()
    log_in_here(page, "demo-direktoer", "forkert")
    message = page.wait_for_selector("#login-message")
    assert "/login" in page.url
    assert message.inner_text() == "Forkert brugernavn eller adgangskode."
    assert page.input_value("#login-username") == "demo-direktoer"
    page.fill("#login-password", "demo")
    page.click("#login-submit")
    page.wait_for_selector("#budget-committee-table")  # back on the page asked for
    assert page.locator("#shell-username").inner_text() == "demo-direktoer"
    assert "direktør" in page.locator("#shell-user").inner_text()
    assert page.locator("#demo-banner").is_visible()
    assert "demo-controller" in page.locator("#demo-banner").inner_text()
    assert page.locator("#nav-import").count() == 0  # directors do not import
    screenshot(page, "logged-in")
    page.click("#shell-logout")
    page.wait_for_selector("#login-message")
    assert page.locator("#login-message").inner_text() == "Du er logget ud."
    page.goto("/budget")
    page.wait_for_selector("#login-username")  # the session is gone
    assert "/login" in page.url


def test_the_login_page_switches_language(anonymous_page) -> None:  # type: ignore[no-untyped-def]
    page = anonymous_page
    page.goto("/login?next=/peers")
    assert page.locator("h1").inner_text() == "gevinst · Log ind"
    assert page.locator("html").get_attribute("lang") == "da"
    page.click("#login-lang-switch")
    page.wait_for_selector("label[for=login-username]:text('User name')")
    assert page.locator("h1").inner_text() == "gevinst · Log in"
    assert page.locator("html").get_attribute("lang") == "en"
    log_in_here(page, "demo-controller", "wrong")
    assert page.locator("#login-message").inner_text() == "Wrong user name or password."
    page.click("#login-lang-switch")
    assert page.locator("h1").inner_text() == "gevinst · Log ind"


def log_in_here(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#login-username", username)
    page.fill("#login-password", password)
    page.click("#login-submit")
    page.wait_for_selector("#login-message")


def test_a_politician_sees_only_adopted_cases_and_no_import(anonymous_page) -> None:  # type: ignore[no-untyped-def]
    page = anonymous_page
    log_in(page, "demo-politiker", "demo")
    page.wait_for_selector("#portfolio-table tbody tr")
    rows = page.locator("#portfolio-table tbody tr")
    assert rows.count() == 1
    assert "Sverigesmodellen" in rows.first.inner_text()
    assert "politiker" in page.locator("#shell-user").inner_text()
    assert page.locator("#nav-import").count() == 0
    assert page.locator("#nav-realisation").count() == 0
    screenshot(page, "politician")
    page.goto("/import")
    refused = page.wait_for_selector("#auth-page-refused")
    assert "politiker" in refused.inner_text()
    assert page.locator("#import-upload").count() == 0
    page.goto("/case?id=tidlig-familieindsats")  # a draft of another municipality
    message = page.wait_for_selector("#case-message")
    assert "der er ingen case 'tidlig-familieindsats'" in message.inner_text()  # = unknown
    page.goto("/case?id=sverigesmodellen-herning")
    page.wait_for_selector("#case-body")
    assert not page.locator("#case-save-section").is_visible()  # read-only: no saving
