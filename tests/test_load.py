"""Load: 20 simulated users (threads, each a logged-in `requests.Session`) browse the
dashboards on 127.0.0.1 for 60 seconds (`GEVINST_LOAD_SECONDS` shortens it) while a
controller imports a budget through the import page's dry-run and confirm callbacks.

Each step of a user is what a browser does on a page: the page GET, Dash Pages' layout
callback, and the page's main callbacks, with the payloads the app's own dependency list
describes. Expect: no 5xx, no refusals, no exceptions; p50/p95 latency and requests served
printed and written to `test-artifacts/load.json`; afterwards `budget_lines` is the state
before plus exactly the imported lines, and `import_log` has the import once.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import openpyxl
import pytest
import requests

from _dash_client import Callbacks, built_demo, copy_of, log_in
from _server_process import Server
from gevinst.reference import bundled_reference

USERS = 20
SECONDS = float(os.environ.get("GEVINST_LOAD_SECONDS", "60"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
#: who browses: mostly Høje-Taastrup's directors and controllers, some politicians of Herning
ROLES = (
    ["demo-direktoer"] * 8 + ["demo-controller"] * 6 + ["demo-politiker"] * 4 + ["demo-admin"] * 2
)
IMPORT_FILE = "load-budget-bo2031.xlsx"
IMPORT_LINES = 600


def import_workbook() -> bytes:
    """A budget for a slice Høje-Taastrup does not have yet (BO2031): only new lines."""
    accounts = sorted(a for a in bundled_reference().accounts if a.startswith(("5.", "3.")))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Konto", "Omkostningssted", "BO2031"])
    for i in range(IMPORT_LINES):
        ws.append([accounts[i % len(accounts)], f"load-{i:04d}", 1000 * (i + 1)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def timed(self, what: str, call: Callable[[], requests.Response]) -> requests.Response | None:
        start = time.perf_counter()
        try:
            answer = call()
        except Exception as exc:  # a dropped connection counts as an error, not a crash
            with self.lock:
                self.errors.append(f"{what}: {type(exc).__name__}: {exc}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latencies.append(elapsed)
            refused = "sideUpdate" in answer.text and "Afvist" in answer.text
            if answer.status_code >= 400 or refused:
                self.errors.append(f"{what}: {answer.status_code} {answer.text[:200]}")
        return answer


def steps_for(user: str) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(page path, search, [(callback output, values)]) a user of this role browses."""
    home = 657 if user == "demo-politiker" else 169
    case = "sverigesmodellen-herning" if user == "demo-politiker" else "tidlig-familieindsats"
    portfolio = {
        "portfolio-page.data": 0,
        "portfolio-municipality.value": None,
        "portfolio-scenario.value": "basis",
        "portfolio-estimate.value": "central",
        "url.search": "",
    }
    steps = [
        (
            "/",
            "",
            [
                ("portfolio-municipality.options", {"url.search": ""}),
                ("portfolio-body.children", portfolio),
            ],
        ),
        (
            "/case",
            f"?id={case}",
            [
                (
                    "case-body.children",
                    {
                        "case-scenario.value": "basis",
                        "case-estimate.value": "central",
                        "case-id.data": case,
                        "url.search": f"?id={case}",
                    },
                )
            ],
        ),
        (
            "/budget",
            "",
            [("budget-body.children", {"budget-municipality.value": home, "url.search": ""})],
        ),
        ("/scenarios", "", []),
        (
            "/peers",
            "",
            [
                (
                    "peers-body.children",
                    {
                        "peers-municipality.value": home,
                        "peers-year.value": None,
                        "peers-functions.value": None,
                        "url.search": "",
                    },
                )
            ],
        ),
    ]
    if user != "demo-politiker":
        steps.append(
            (
                "/realisation",
                "",
                [("realisation-body.children", {"realisation-case.value": case, "url.search": ""})],
            )
        )
    return steps


def browse(base: str, user: str, until: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    client = Callbacks(base, log_in(base, user))
    steps = steps_for(user)
    while time.monotonic() < until:
        path, search, callbacks = rng.choice(steps)
        stats.timed(
            f"{user} GET {path}",
            lambda p=path, s=search: client.session.get(f"{base}{p}{s}", timeout=60),
        )
        stats.timed(f"{user} layout {path}", lambda p=path, s=search: client.page(p, s))
        for output, values in callbacks:
            stats.timed(f"{user} {output}", lambda o=output, v=values: client.post(o, v))


def run_import(base: str, stats: Stats, done: dict) -> None:
    time.sleep(min(5.0, SECONDS / 4))  # the browsing is under way
    client = Callbacks(base, log_in(base, "demo-controller"))
    url = (
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
        + base64.b64encode(import_workbook()).decode()
    )
    values = {
        "import-upload.contents": [url],
        "import-upload.filename": [IMPORT_FILE],
        "import-kind.value": "budget",
        "import-municipality.value": 169,
        "import-accept.value": ["accept"],
        "url.search": "",
    }
    dry = stats.timed("import dry run", lambda: client.post("import-result.children", values))
    assert dry is not None and "Prøvekørsel: filerne er i orden" in dry.text, (
        dry.text[:500] if dry is not None else ""
    )
    done["dry_run_s"] = stats.latencies[-1]
    confirm = stats.timed(
        "import confirm",
        lambda: client.post(
            "import-outcome.children",
            values | {"import-confirm.n_clicks": 1, "import-written.data": 0},
        ),
    )
    assert confirm is not None and "import-done" in confirm.text, (
        confirm.text[:500] if confirm is not None else ""
    )
    done["confirm_s"] = stats.latencies[-1]
    done["ok"] = True


def budget_rows(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(
            con.execute(
                "SELECT municipality_code, year, budget_kind, account, coalesce(cost_centre, ''), "
                "amount_dkk, import_id FROM budget_lines"
            ).fetchall()
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def test_twenty_users_browse_for_a_minute_while_an_import_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = copy_of(built_demo(tmp_path_factory), tmp_path_factory.mktemp("load"))
    before = budget_rows(db)
    server = Server(db, "--threads", "8")
    stats, done = Stats(), {}
    try:
        server.wait_until_up()
        base = f"http://127.0.0.1:{server.port}"
        until = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=browse, args=(base, ROLES[i], until, stats, i))
            for i in range(USERS)
        ]
        failures: list[BaseException] = []

        def importer() -> None:
            try:
                run_import(base, stats, done)
            except BaseException as exc:  # reported below
                failures.append(exc)

        threads.append(threading.Thread(target=importer))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    assert not failures, failures
    assert done.get("ok"), "the import did not finish"
    report = {
        "users": USERS,
        "seconds": round(elapsed, 1),
        "requests": len(stats.latencies),
        "requests_per_second": round(len(stats.latencies) / elapsed, 1),
        "errors": len(stats.errors),
        "p50_ms": round(percentile(stats.latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(stats.latencies, 0.95) * 1000, 1),
        "max_ms": round(max(stats.latencies) * 1000, 1),
        "import_dry_run_s": round(done["dry_run_s"], 2),
        "import_confirm_s": round(done["confirm_s"], 2),
        "import_lines": IMPORT_LINES,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\nload test:", json.dumps(report))
    assert stats.errors == [], stats.errors[:10]

    after = budget_rows(db)
    with duckdb.connect(str(db), read_only=True) as con:
        logged = con.execute(
            "SELECT import_id, rows, imported_by FROM import_log WHERE file_name = ?", [IMPORT_FILE]
        ).fetchall()
    assert len(logged) == 1, logged  # imported once
    import_id, rows, who = logged[0]
    assert (rows, who) == (IMPORT_LINES, "demo-controller")
    new = [r for r in after if r[-1] == import_id]
    assert sorted(r for r in after if r[-1] != import_id) == before  # nothing else changed
    assert len(new) == IMPORT_LINES
    assert {(r[0], r[1], r[2]) for r in new} == {(169, 2031, "BO")}
    assert sorted(float(r[5]) for r in new) == [1000.0 * (i + 1) for i in range(IMPORT_LINES)]
