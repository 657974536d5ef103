"""Every refusal leaves a row in `audit_log` (issue 15, point 3), and the smaller holes of
point 4, as crafted requests against a running server (`gevinst serve`, 127.0.0.1).

Given the demo database and its users (password "demo"): a controller of Høje-Taastrup
(169), a politician of Herning (657). Each request below is refused; after the server has
stopped (it owns the file and writes its queue on the way out) the audit log must hold one
row per kind of refusal, each saying why. Then: the CSP header, `/assets//x` without a
login, 400 for callbacks whose outputs are not theirs and for bad component-suite paths, and
the refusal rows limited per address.
"""

from __future__ import annotations

import base64
import json
import math
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import requests

from _dash_client import Callbacks, built_demo, copy_of, csrf_of, demo_server, log_in
from _server_process import Server
from dashboards.auth import REFUSAL_BURST, REFUSALS_PER_SECOND, RefusalLimiter


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with demo_server(tmp_path_factory, "refusals", "--threads", "4") as running:
        yield running


@pytest.fixture(scope="module")
def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.port}"


@pytest.fixture(scope="module")
def controller(base: str) -> Callbacks:
    return Callbacks(base, log_in(base, "demo-controller"))


def _upload(name: str, content: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(content).decode()


def _dry_run(controller: Callbacks, name: str, content: bytes) -> requests.Response:
    return controller.post(
        "import-result.children",
        {
            "import-upload.contents": [_upload(name, content)],
            "import-upload.filename": [name],
            "import-kind.value": "budget",
            "import-municipality.value": 169,
            "import-accept.value": [],
            "url.search": "",
        },
        changed=["import-upload.contents"],
    )


def _bomb(tmp: Path) -> bytes:
    from test_ingest_safety import write_bomb

    return write_bomb(tmp / "bomb.xlsx", 300).read_bytes()


def _xxe(tmp: Path) -> bytes:
    """A workbook whose sheet declares an external entity (XXE)."""
    from test_ingest_safety import MAIN, package

    sheet = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&e;</t></is></c></row></sheetData></worksheet>"
    )
    return package(tmp / "xxe.xlsx", sheets={"Budget": sheet}).read_bytes()


# --- point 4: the smaller holes ------------------------------------------------------------


def test_every_answer_has_a_content_security_policy(base: str, controller: Callbacks) -> None:
    for answer in (
        requests.get(base + "/login", timeout=30),
        controller.session.get(base + "/budget", timeout=30),
        controller.session.get(base + "/_dash-layout", timeout=30),
    ):
        policy = answer.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "default-src 'self'" in policy and "unsafe-eval" not in policy
        scripts = next(d for d in policy.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in scripts and "'sha256-" in scripts


def test_paths_are_matched_after_normalisation(base: str, controller: Callbacks) -> None:
    anonymous = requests.Session()
    for path in ("/assets//x", "/assets//../budget", "/assets/./../_dash-layout"):
        answer = anonymous.get(base + path, allow_redirects=False, timeout=30)
        assert answer.status_code in (302, 400, 401, 404), (path, answer.status_code)
        assert "_dash-renderer" not in answer.text and "DashRenderer" not in answer.text
    assert anonymous.get(base + "/assets/gevinst.css", timeout=30).status_code == 200
    for path in (
        "/_dash-component-suites/..%2f..%2fetc/passwd",
        "/_dash-component-suites/nopkg/x.js",
        "/_dash-component-suites/dash/..%2f..",
    ):
        answer = controller.session.get(base + path, timeout=30)
        assert answer.status_code == 400, (path, answer.status_code, answer.text[:200])


def test_a_callback_with_outputs_that_are_not_its_own_is_400(controller: Callbacks) -> None:
    good = controller.payload(
        "budget-body.children", {"budget-municipality.value": 169, "url.search": ""}
    )
    assert controller.post_raw(good).status_code == 200
    for outputs in (
        {"id": "import-rows", "property": "children"},
        {"id": "budget-body", "property": "style"},
        [good["outputs"]],
        None,
        {"id": {"type": "budget-body"}, "property": "children"},
    ):
        answer = controller.post_raw({**good, "outputs": outputs})
        assert answer.status_code == 400, (outputs, answer.status_code)
    many = controller.payload("portfolio-body.children", {"url.search": ""})
    assert controller.post_raw({**many, "outputs": many["outputs"][:2]}).status_code == 400


def test_an_oversized_callback_is_refused_before_its_json_is_read(controller: Callbacks) -> None:
    body = (
        b'{"inputs": [' + b"[" * 500_000 + b"]" * 500_000 + b'], "output": "budget-body'
        b'.children"}' + b" " * 2_000_000
    )
    answer = controller.session.post(
        controller.base + "/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code == 413


def test_refusal_bodies_name_nothing(controller: Callbacks) -> None:
    answer = controller.post_raw({"output": "budget-body.children", "outputs": {}, "inputs": []})
    assert answer.status_code == 400 and json.loads(answer.text) == {"error": "bad request"}


# --- point 3: every refusal in the audit log -----------------------------------------------


def test_every_kind_of_refusal_leaves_an_audit_row(
    server: Server, base: str, controller: Callbacks, tmp_path: Path
) -> None:
    anonymous = requests.Session()
    assert anonymous.get(base + "/_dash-layout", timeout=30).status_code == 401
    forged = requests.Session()
    forged.cookies.set("gevinst_session", "eyJ1aWQiOiJkZW1vLWFkbWluIn0.x.y")
    assert forged.get(base + "/_dash-layout", timeout=30).status_code == 401

    ended = log_in(base, "demo-direktoer")
    cookie = ended.cookies.get("gevinst_session")
    ended.post(
        base + "/logout",
        data={"csrf_token": csrf_of(ended.get(base + "/logout", timeout=30).text)},
        timeout=30,
    )
    replay = requests.Session()
    replay.cookies.set("gevinst_session", cookie)
    assert replay.get(base + "/_dash-layout", timeout=30).status_code == 401

    no_token = requests.Session()
    no_token.get(base + "/login", timeout=30)
    assert (
        no_token.post(
            base + "/login", data={"username": "demo-admin", "password": "demo"}, timeout=30
        ).status_code
        == 400
    )
    assert (
        controller.session.post(
            base + "/logout", data={"csrf_token": "old"}, timeout=30
        ).status_code
        == 400
    )

    for name, content in (
        ("virus.exe", b"MZ\x90\x00"),
        ("disguised.xlsx", b"hello, world\n"),
        ("bomb.xlsx", _bomb(tmp_path)),
        ("xxe.xlsx", _xxe(tmp_path)),
    ):
        answer = _dry_run(controller, name, content)
        assert answer.status_code == 200 and "import-problems" in answer.text, name

    big = controller.payload(
        "budget-body.children", {"budget-municipality.value": 169, "url.search": "x" * 3_000_000}
    )
    assert controller.post_raw(big).status_code == 413
    assert controller.post_raw({"output": 5}).status_code == 400
    assert controller.session.get(base + "/assets//x", timeout=30).status_code == 400

    page = controller.page("/budget", "?municipality=657")
    assert "du har ikke adgang til kommune 657" in page.text
    assert "Herning" not in page.text
    log = controller.post(
        "import-log.children",
        {"url.search": "?import_id=8", "import-written.data": 0, "import-choose.value": None},
    )
    assert "du har ikke adgang til import 8" in log.text

    politician = Callbacks(base, log_in(base, "demo-politiker"))
    spec = politician.spec("import-rows.children")
    assert (
        politician.post(
            "import-rows.children", {f"{i['id']}.{i['property']}": None for i in spec["inputs"]}
        ).status_code
        == 403
    )

    server.stop()
    with duckdb.connect(str(server.db), read_only=True) as con:
        rows = con.execute(
            "SELECT username, action, municipality_code, object, detail, ip "
            "FROM audit_log WHERE action = 'refused'"
        ).fetchall()
    details = [(r[0], r[3] or "", r[4] or "") for r in rows]

    def has(who: str | None, text: str, object_text: str = "") -> bool:
        return any(w == who and text in d and object_text in o for w, o, d in details)

    assert has(None, "401: no login", "/_dash-layout")
    assert has(None, "401: a cookie that is not ours")
    assert has(None, "401: an ended or expired session")
    assert has("demo-admin", "login form without its CSRF token")
    assert has("demo-controller", "logout without its CSRF token")
    for name in ("virus.exe", "disguised.xlsx", "bomb.xlsx", "xxe.xlsx"):
        assert has("demo-controller", "upload rejected", name), name
    assert has("demo-controller", "413: callback request of")
    assert has("demo-controller", "400: callback request is not a JSON object")
    assert has("demo-controller", "400: path not in normal form", "/assets//x")
    assert any(r[0] == "demo-controller" and r[2] == 657 and "budget.layout" in r[4] for r in rows)
    assert has("demo-controller", "imports._log", "import 8")
    assert has("demo-politiker", "403: role politician may not use import-rows")
    assert all(r[5] == "127.0.0.1" for r in rows)


def test_refusal_rows_are_limited_per_address_and_the_rest_counted() -> None:
    limiter = RefusalLimiter(burst=3, rate=1.0)
    admitted = [limiter.admit("10.0.0.1", now=100.0)[0] for _ in range(10)]
    assert admitted == [True] * 3 + [False] * 7
    assert limiter.admit("10.0.0.2", now=100.0) == (True, 0)  # another address is not held
    assert limiter.admit("10.0.0.1", "anna", now=100.0) == (True, 0)  # nor another user
    assert limiter.admit("10.0.0.1", now=100.5)[0] is False  # half a token
    assert limiter.admit("10.0.0.1", now=101.0) == (True, 8)  # one a second, with the count
    assert limiter.admit("10.0.0.1", now=101.0)[0] is False


def test_a_flood_of_refusals_writes_a_bounded_number_of_rows(
    tmp_path: Path, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    """400 requests without a login from one address: at most the burst plus one row a
    second of the time the flood took (measured, so the bound holds on any machine)."""
    db = copy_of(built_demo(tmp_path_factory), tmp_path)
    server = Server(db)
    try:
        server.wait_until_up()
        anonymous = requests.Session()
        started = time.monotonic()
        for _ in range(400):
            assert (
                anonymous.post(
                    f"http://127.0.0.1:{server.port}/_dash-update-component", json={}, timeout=30
                ).status_code
                == 401
            )
        took = time.monotonic() - started
    finally:
        server.stop()
    with duckdb.connect(str(db), read_only=True) as con:
        count = con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'refused' AND detail LIKE '401%'"
        ).fetchone()[0]
    assert REFUSAL_BURST <= count <= REFUSAL_BURST + math.ceil(took * REFUSALS_PER_SECOND) + 1
