"""First render of every page as a user feels it: headless Chromium, median of 5 loads.

For the demo database and a national-scale one (98 municipalities, 200 cases), a real server
(`gevinst serve`) is started on a copy, an administrator logs in once, and each page is
loaded five times after one warm-up load; a load is timed from `goto` until the page's main
figure or table is on screen (the selector below). Targets (DESIGN): 2 s on the demo
database, 3 s at national scale. Medians are reported in `extra_info`, never asserted: the
machine is shared. Run with `pytest tests/benchmarks/test_first_render_benchmark.py
--benchmark-only`.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.benchmarks.test_dashboard_benchmark import _wait_for

ROUNDS = 5
#: path and query of each page, and the selector of its main figure or table
PAGES = {
    "portfolio": ("/", "#portfolio-table tbody tr"),
    "case": ("/case?id={case_id}", "#case-kpis"),
    "scenarios": ("/scenarios", "#scenarios-key"),
    "budget": ("/budget", "#budget-committee-table"),
    "budget-decision": ("/budget-decision", "#decision-table"),
    "realisation": ("/realisation", "#realisation-years"),
    "peers": ("/peers", "#peers-table"),
    "import": ("/import", "#import-upload"),
}
TARGET_S = {"demo": 2, "national": 3}


def _build(kind: str, path: Path) -> str:
    """Build the database; the id of a case to open on the case page."""
    import duckdb

    if kind == "demo":
        from gevinst.demo import build_demo

        build_demo(path)
    else:
        from tests.benchmarks.national import build_national

        build_national(path)
    with duckdb.connect(str(path), read_only=True) as con:
        found = con.execute("SELECT min(case_id) FROM case_registry").fetchone()
    assert found is not None
    return str(found[0])


@pytest.fixture(scope="module", params=["demo", "national"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, str, str]]:
    """(kind, base url, case id) of a server on a fresh database of that kind."""
    from tests.browser.conftest import CHROMIUM, _free_port

    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed")
    kind = request.param
    path = tmp_path_factory.mktemp(f"render-{kind}") / "db.duckdb"
    case_id = _build(kind, path)
    subprocess.run([sys.executable, "-m", "gevinst", "user", "add", "bench", "--role", "admin",
                    "--password-stdin", "--db", str(path)], input="bench-password\n",
                   text=True, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gevinst", "serve", "--db", str(path),
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        yield kind, f"http://127.0.0.1:{port}", case_id
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(path.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def context(served):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    _, url, _ = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        ctx = browser.new_context()
        login = ctx.new_page()
        login.goto(f"{url}/login")
        login.fill("#login-username", "bench")
        login.fill("#login-password", "bench-password")
        login.click("#login-submit")
        login.wait_for_selector("#shell-username")
        login.close()
        yield ctx
        browser.close()


@pytest.mark.parametrize("page_name", list(PAGES))
def test_first_render(benchmark, served, context, page_name):  # type: ignore[no-untyped-def]
    kind, url, case_id = served
    path, selector = PAGES[page_name]
    address = url + path.format(case_id=case_id)
    times: list[float] = []

    def load() -> None:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(address)
        page.wait_for_selector(selector, timeout=60_000)
        times.append(time.perf_counter() - start)
        page.close()

    try:
        load()  # warm: the server's first request for the page fills its caches
    except Exception as exc:  # a page this version does not have: nothing to measure
        pytest.skip(f"{page_name} did not render: {exc}")
    times.clear()
    benchmark.group = f"first-render-{kind}"
    benchmark.pedantic(load, rounds=ROUNDS, iterations=1)
    median = statistics.median(times)
    benchmark.extra_info.update({"median_s": round(median, 2), "rounds": ROUNDS,
                                 "target_s": TARGET_S[kind], "database": kind})
    print(f"\nfirst render {kind:8s} {page_name:16s} median {median:.2f} s "
          f"({', '.join(f'{t:.2f}' for t in times)})")
