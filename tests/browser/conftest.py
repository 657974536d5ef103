"""Browser tests: the real server (waitress) on the demo database, driven by Debian's chromium.

Under CI=true these are required: a missing chromium or Playwright fails the run instead of
skipping it. Screenshots of every page go to `test-artifacts/` for people to look at.

Every route needs a login: `page` is a tab logged in as the demo's administrator (logged in
once through the real login form, its cookie reused), `anonymous_page` one that is not.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _required() -> bool:
    return os.environ.get("CI") == "true"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("server") / "demo.duckdb"
    port = _free_port()
    log = (tmp_path_factory.getbasetemp() / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gevinst", "serve", "--db", str(db), "--port", str(port), "--demo"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped: see {log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("server did not start within 90 s")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if _required():
            pytest.fail("playwright is required under CI=true")
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if _required():
            pytest.fail("/usr/bin/chromium is required under CI=true (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


ADMIN = ("demo-admin", "demo")


#: counts every Content-Security-Policy violation the page reports, whatever logs it
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '')));
"""


def new_tab(browser, server_url, **context_args):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=server_url,
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
        locale="da-DK",
        **context_args,
    )
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.csp_console = []  # type: ignore[attr-defined]
    tab.on(
        "console",
        lambda message: (
            tab.csp_console.append(message.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return tab


def csp_violations(tab) -> list[str]:  # type: ignore[no-untyped-def]
    """What the browser refused under the CSP in this tab: console lines and events."""
    try:
        events = tab.evaluate("window.__cspViolations || []")
    except Exception:  # a closed or navigating page: the console has them too
        events = []
    return [*tab.csp_console, *events]


def log_in(tab, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto("/login")
    tab.fill("#login-username", username)
    tab.fill("#login-password", password)
    tab.click("#login-submit")


@pytest.fixture(scope="session")
def admin_state(browser, server_url):  # type: ignore[no-untyped-def]
    """The demo administrator's logged-in cookies, made once through the login form."""
    tab = new_tab(browser, server_url)
    log_in(tab, *ADMIN)
    tab.wait_for_selector("#shell-username")
    state = tab.context.storage_state()
    tab.context.close()
    return state


@pytest.fixture
def page(browser, server_url, admin_state):  # type: ignore[no-untyped-def]
    """A logged-in tab; the test fails if the page broke the Content-Security-Policy."""
    tab = new_tab(browser, server_url, storage_state=admin_state)
    yield tab
    violations = csp_violations(tab)
    tab.context.close()
    assert not violations, violations


@pytest.fixture
def anonymous_page(browser, server_url):  # type: ignore[no-untyped-def]
    tab = new_tab(browser, server_url)
    yield tab
    violations = csp_violations(tab)
    tab.context.close()
    assert not violations, violations


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
