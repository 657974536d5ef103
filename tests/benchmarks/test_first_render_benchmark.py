"""First render of every page as a user feels it: headless Chromium, median of 5 loads.

For the demo database and a national-scale one (98 municipalities, 200 cases), a real server
(`gevinst serve`) is started on a copy, an administrator logs in once, and each page is
loaded five times after one warm-up load; a load is timed from `goto` until the page's main
figure or table is on screen (the selector below). Targets (DESIGN): 2 s on the demo
database, 3 s at national scale. Medians are reported in `extra_info`, never asserted: the
machine is shared.

On a loaded machine wall time says little on its own, so each load also records where the
time went: the server process's CPU seconds (user + system, from /proc, Linux only) and the
page's main-thread task time in Chromium (CDP `Performance.getMetrics` TaskDuration: script,
layout, paint). A page that is slow with little of either waits on something else.

Run all pages, or one page or database with -k, `-s` to see the per-page line:
    pytest tests/benchmarks/test_first_render_benchmark.py --benchmark-only -s
    pytest tests/benchmarks/test_first_render_benchmark.py --benchmark-only -s \
        -k "national and import" --benchmark-json=first-render.json
`GEVINST_RENDER_NATIONAL_DB=PATH` (or `..._DEMO_DB`) serves a copy of an existing database
instead of building one (the national build takes about a minute).
"""

from __future__ import annotations

import os
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
        found = con.execute("SELECT min(case_id) FROM cases").fetchone()
    assert found is not None
    return str(found[0])


def _prepared(kind: str, path: Path) -> str:
    """Copy the database named by GEVINST_RENDER_<KIND>_DB, else build one; a case id."""
    import duckdb

    given = os.environ.get(f"GEVINST_RENDER_{kind.upper()}_DB")
    if not given:
        return _build(kind, path)
    shutil.copy(given, path)
    with duckdb.connect(str(path), read_only=True) as con:
        found = con.execute("SELECT min(case_id) FROM cases").fetchone()
    assert found is not None
    return str(found[0])


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (all its threads), None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module", params=["demo", "national"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, str]]:
    """(kind, base url, case id) of a server on a fresh database of that kind."""
    from tests.browser.conftest import CHROMIUM, _free_port

    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed")
    kind = request.param
    path = tmp_path_factory.mktemp(f"render-{kind}") / "db.duckdb"
    case_id = _prepared(kind, path)
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
            str(path),
        ],
        input="bench-password\n",
        text=True,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gevinst", "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield kind, f"http://127.0.0.1:{port}", case_id, server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(path.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def context(served):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    _, url, _, _ = served
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
    kind, url, case_id, pid = served
    path, selector = PAGES[page_name]
    address = url + path.format(case_id=case_id)
    times: list[float] = []
    server_cpu: list[float] = []
    browser_task: list[float] = []

    def load() -> None:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cpu_before = _cpu_seconds(pid)
        start = time.perf_counter()
        page.goto(address)
        page.wait_for_selector(selector, timeout=60_000)
        times.append(time.perf_counter() - start)
        cpu_after = _cpu_seconds(pid)
        if cpu_before is not None and cpu_after is not None:
            server_cpu.append(cpu_after - cpu_before)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        browser_task.append(metrics.get("TaskDuration", 0.0))
        page.close()

    try:
        load()  # warm: the server's first request for the page fills its caches
    except Exception as exc:  # a page this version does not have: nothing to measure
        pytest.skip(f"{page_name} did not render: {exc}")
    times.clear()
    server_cpu.clear()
    browser_task.clear()
    benchmark.group = f"first-render-{kind}"
    benchmark.pedantic(load, rounds=ROUNDS, iterations=1)
    median = statistics.median(times)
    cpu = statistics.median(server_cpu) if server_cpu else None
    task = statistics.median(browser_task)
    benchmark.extra_info.update(
        {
            "median_s": round(median, 2),
            "rounds": ROUNDS,
            "target_s": TARGET_S[kind],
            "database": kind,
            "page": page_name,
            "times_s": [round(t, 2) for t in times],
            "server_cpu_median_s": None if cpu is None else round(cpu, 2),
            "browser_main_thread_median_s": round(task, 2),
        }
    )
    print(
        f"\nfirst render {kind:8s} {page_name:16s} median {median:5.2f} s "
        f"(target {TARGET_S[kind]} s; {', '.join(f'{t:.2f}' for t in times)}); "
        f"server CPU {'-' if cpu is None else f'{cpu:.2f}'} s, "
        f"browser main thread {task:.2f} s"
    )
