"""Dashboard speed on a national-scale database (98 municipalities, 200 cases).

Each page's main callback (the view function its callback calls) is timed in-process over 50
calls and the p95 reported; the portfolio page is timed to fully rendered in headless
Chromium. Figures are reported in `extra_info` (targets: p95 < 200 ms, first page < 2 s),
never asserted. Run with `pytest tests/benchmarks --benchmark-only`.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gevinst.reference import bundled_reference
from tests.benchmarks.national import build_national

#: the list queries' scope for a user who sees every municipality and case
EVERY = {"allowed": sorted(bundled_reference().municipalities), "adopted_only": False}  # all cases

CALLS = 50


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("national") / "national.duckdb"
    build_national(path)
    return path


@pytest.fixture(scope="module")
def app_on(national: Path):  # type: ignore[no-untyped-def]
    from dashboards import data
    from dashboards.app import create_app

    create_app(national)
    yield data.db()
    data.close()


def _p95(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(times, n=20)[-1], statistics.median(times)


def _main_callbacks(database):  # type: ignore[no-untyped-def]
    from dashboards.views import budget, case, peers, portfolio, realisation, scenarios

    case_id = database.sql("SELECT case_id FROM cases ORDER BY case_id LIMIT 1")["case_id"][0]
    loaded = case.load(case_id)
    municipality = int(database.sql("SELECT min(municipality_code) AS m FROM budget_lines")["m"][0])
    variants = [
        scenarios.Variant(case_id, "basis", "central"),
        scenarios.Variant(case_id, loaded.case.scenario_names[-1], "central"),
    ]
    return {
        "portfolio": lambda: portfolio.portfolio_body(None, None, "basis", "central", "da", 0),
        "case": lambda: case.case_body(case.load(case_id), "basis", "central", "da"),
        "scenarios": lambda: scenarios.scenarios_body(variants, "da"),
        "budget": lambda: budget.budget_body(municipality, "da"),
        "peers": lambda: peers.peers_body(None, 169, None, "da"),
        "realisation": lambda: realisation.realisation_body(case_id, "da"),
        "import-log": lambda: database.query("import_log_recent", allowed=EVERY["allowed"]),
    }


@pytest.mark.parametrize(
    "page", ["portfolio", "case", "scenarios", "budget", "peers", "realisation", "import-log"]
)
def test_page_callback_p95(benchmark, app_on, page):
    fn = _main_callbacks(app_on)[page]
    fn()  # warm: first call compiles queries and loads plotly templates
    benchmark.group = "dashboard-callbacks"
    p95, median = _p95(fn)
    benchmark.extra_info.update(
        {
            "p95_ms": round(p95, 1),
            "median_ms": round(median, 1),
            "calls": CALLS,
            "target_p95_ms": 200,
        }
    )
    benchmark.pedantic(fn, rounds=5, iterations=1)


def test_first_page_render_in_chromium(benchmark, national, tmp_path):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port

    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    # the server must own its file: a copy, since this process holds the original open
    served = tmp_path / "served.duckdb"
    shutil.copy(national, served)
    # every page needs a login: an administrator for the benchmark, logged in once below
    subprocess.run(
        [
            sys.executable,
            "-m",
            "gevinst",
            "user",
            "add",
            "bench",
            "--role",
            "admin",
            "--password-stdin",
            "--db",
            str(served),
        ],
        input="bench-password\n",
        text=True,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gevinst", "serve", "--db", str(served), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context()
            login = context.new_page()
            login.goto(f"http://127.0.0.1:{port}/login")
            login.fill("#login-username", "bench")
            login.fill("#login-password", "bench-password")
            login.click("#login-submit")
            login.wait_for_selector("#shell-username")
            login.close()

            def render() -> None:
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("#portfolio-table tbody tr", timeout=30_000)
                page.wait_for_selector("#portfolio-sankey .main-svg", timeout=30_000)
                page.close()

            render()  # the server's first request warms its caches
            benchmark.group = "first-page"
            benchmark.extra_info["target_s"] = 2
            benchmark.pedantic(render, rounds=5, iterations=1)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int) -> None:
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")
