"""Crafted callback requests against the running server (`requests`, 127.0.0.1): without a
login, as a controller of Høje-Taastrup (169) asking for Herning's (657) data, as a
politician asking for what a politician may not see, and with junk inputs. Every one is
refused or answered with a message, never a 500 or a traceback, nothing of 657 leaks, and
the refusals are in `audit_log`.

Given the demo database: Herning (657) has the adopted case sverigesmodellen-herning, budget
import 8 (herning-budget.xlsx) and budget lines; Høje-Taastrup (169) has the draft case
tidlig-familieindsats. demo-controller and demo-direktoer see 169, demo-politiker sees 657.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator

import duckdb
import openpyxl
import pytest
import requests

from _dash_client import Callbacks, demo_server, log_in
from _server_process import Server

HERNING_CASE = "sverigesmodellen-herning"
HERNING_IMPORT = 8
#: text that only Herning's data carries (the refusal messages echo only what was sent)
HERNING_DATA = ("Herning", "herning-budget.xlsx", "Sverigesmodellen")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with demo_server(tmp_path_factory, "authz", "--threads", "4") as running:
        yield running


@pytest.fixture(scope="module")
def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.port}"


@pytest.fixture(scope="module")
def controller(base: str) -> Callbacks:
    return Callbacks(base, log_in(base, "demo-controller"))


@pytest.fixture(scope="module")
def politician(base: str) -> Callbacks:
    return Callbacks(base, log_in(base, "demo-politiker"))


@pytest.fixture(scope="module")
def director(base: str) -> Callbacks:
    return Callbacks(base, log_in(base, "demo-direktoer"))


def refused(answer: requests.Response) -> None:
    """Refused in the page: 200 with the alert as a side update, no output changed, and
    none of Herning's data in the body."""
    assert answer.status_code == 200, answer.text[:300]
    body = answer.json()
    alert = json.dumps(body.get("sideUpdate", {}).get("auth-message", {}))
    assert "Afvist" in alert or "Refused" in alert, body
    assert body.get("response", {}) == {}, body
    no_leak(answer)


def text_of(answer: requests.Response) -> str:
    """The body as sent and, for JSON, decoded and written back as UTF-8: Dash escapes `ø` as
    `\\u00f8` without orjson, which would blind a search for a name in the raw text alone."""
    try:
        decoded = json.dumps(answer.json(), ensure_ascii=False)
    except ValueError:
        return answer.text
    return answer.text + "\n" + decoded


def no_leak(answer: requests.Response) -> None:
    for marker in HERNING_DATA:
        assert marker not in text_of(answer), marker
    assert "Traceback" not in text_of(answer)


# --- without a login -----------------------------------------------------------------------


def test_without_login_every_dash_endpoint_answers_401_and_nothing_else(
    base: str, controller: Callbacks
) -> None:
    payload = controller.payload(
        "budget-body.children", {"budget-municipality.value": 657, "url.search": ""}
    )
    anonymous = requests.Session()
    for method, path, body in [
        ("post", "/_dash-update-component", payload),
        ("get", "/_dash-layout", None),
        ("get", "/_dash-dependencies", None),
    ]:
        answer = anonymous.request(
            method, base + path, json=body, allow_redirects=False, timeout=30
        )
        assert answer.status_code == 401
        assert answer.json() == {"error": "login required"}
    page = anonymous.get(base + "/budget?municipality=657", allow_redirects=False, timeout=30)
    assert page.status_code == 302
    assert page.headers["Location"] == "/login?next=%2Fbudget%3Fmunicipality%3D657"
    assert anonymous.get(base + "/healthz", timeout=30).json() == {"status": "ok"}


def test_a_forged_or_ended_session_is_no_login(base: str) -> None:
    forged = requests.Session()
    forged.cookies.set("gevinst_session", "eyJ1aWQiOiJkZW1vLWFkbWluIn0.x.y")
    assert forged.get(base + "/_dash-layout", timeout=30).status_code == 401
    client = log_in(base, "demo-direktoer")
    cookie = client.cookies.get("gevinst_session")
    token = client.get(base + "/logout", timeout=30).text.split('name="csrf_token" value="')[1]
    client.post(base + "/logout", data={"csrf_token": token.split('"')[0]}, timeout=30)
    replay = requests.Session()
    replay.cookies.set("gevinst_session", cookie)  # the cookie from before the logout
    assert replay.get(base + "/_dash-layout", timeout=30).status_code == 401


def test_login_next_goes_to_local_paths_only(base: str) -> None:
    client = requests.Session()
    page = client.get(base + "/login", timeout=30).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    for wanted in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        answer = client.post(
            base + "/login",
            data={
                "username": "demo-direktoer",
                "password": "demo",
                "csrf_token": token,
                "next": wanted,
            },
            allow_redirects=False,
            timeout=30,
        )
        assert answer.status_code == 302
        assert answer.headers["Location"] == "/"
        token = (
            client.get(base + "/login", timeout=30)
            .text.split('name="csrf_token" value="')[1]
            .split('"')[0]
        )


# --- a controller of 169 asking for 657 ----------------------------------------------------


def test_controller_of_169_cannot_read_657s_budget(controller: Callbacks) -> None:
    refused(
        controller.post(
            "budget-body.children", {"budget-municipality.value": 657, "url.search": ""}
        )
    )
    trace = {"type": "budget-trace", "index": "fn:5.28.21"}
    refused(
        controller.post(
            "budget-trace.children",
            {
                '{"index":["ALL"],"type":"budget-trace"}.n_clicks': [
                    {"id": trace, "property": "n_clicks", "value": 1}
                ],
                "budget-municipality.value": 657,
                "url.search": "",
            },
            changed=[json.dumps(trace, separators=(",", ":")) + ".n_clicks"],
        )
    )
    own = controller.post(
        "budget-body.children", {"budget-municipality.value": 169, "url.search": ""}
    )
    assert own.status_code == 200 and "budget-committee-table" in text_of(own)


def test_controller_of_169_cannot_read_657s_case(controller: Callbacks) -> None:
    body = controller.post(
        "case-body.children",
        {
            "case-scenario.value": "basis",
            "case-estimate.value": "central",
            "case-id.data": HERNING_CASE,
            "url.search": "",
        },
    )
    assert body.status_code == 200
    assert "der er ingen case 'sverigesmodellen-herning', som du har adgang til" in text_of(body)
    no_leak(body)
    page = controller.page("/case", f"?id={HERNING_CASE}")
    assert "der er ingen case 'sverigesmodellen-herning', som du har adgang til" in text_of(page)
    no_leak(page)
    flows = controller.post(
        "case-flows.children",
        {
            "case-flows-year.value": 2026,
            "case-scenario.value": "basis",
            "case-estimate.value": "central",
            "case-id.data": HERNING_CASE,
            "url.search": "",
        },
    )
    assert "der er ingen case" in text_of(flows)
    no_leak(flows)


def test_controller_of_169_cannot_list_or_pick_657s_cases(controller: Callbacks) -> None:
    options = controller.post("portfolio-municipality.options", {"url.search": ""})
    assert options.status_code == 200
    no_leak(options)
    assert "Høje-Taastrup" in text_of(options)
    refused(
        controller.post(
            "portfolio-body.children",
            {
                "portfolio-page.data": 0,
                "portfolio-municipality.value": 657,
                "portfolio-scenario.value": "basis",
                "portfolio-estimate.value": "central",
                "url.search": "",
            },
        )
    )
    refused(
        controller.post(
            "scenarios-body.children",
            {f"scenarios-case-{i}.value": HERNING_CASE if i == 1 else None for i in range(1, 5)}
            | {f"scenarios-scenario-{i}.value": "basis" for i in range(1, 5)}
            | {f"scenarios-estimate-{i}.value": "central" for i in range(1, 5)},
        )
    )
    refused(
        controller.post(
            "scenarios-download.data",
            {
                "scenarios-download-button.n_clicks": 1,
                "scenarios-variants.data": [f"{HERNING_CASE}:basis:central"],
                "url.search": "",
            },
        )
    )
    refused(
        controller.post(
            "realisation-body.children", {"realisation-case.value": HERNING_CASE, "url.search": ""}
        )
    )
    refused(
        controller.post(
            "realisation-download.data",
            {
                "realisation-download-button.n_clicks": 1,
                "realisation-case.value": HERNING_CASE,
                "realisation-share.value": 50,
            },
        )
    )
    choice = controller.post(
        "scenarios-scenario-1.options",
        {"scenarios-case-1.value": HERNING_CASE, "scenarios-scenario-1.value": None},
    )
    assert choice.json()["response"]["scenarios-scenario-1"]["options"] == []


def test_controller_of_169_cannot_read_or_write_657s_imports(controller: Callbacks) -> None:
    refused(
        controller.post(
            "import-rows.children", {"import-choose.value": HERNING_IMPORT, "url.search": ""}
        )
    )
    log = controller.post(
        "import-log.children",
        {
            "url.search": f"?import_id={HERNING_IMPORT}",
            "import-written.data": 0,
            "import-choose.value": HERNING_IMPORT,
        },
    )
    assert log.status_code == 200
    no_leak(log)
    refused(
        controller.post(
            "import-result.children",
            {
                "import-upload.contents": [_workbook_url()],
                "import-upload.filename": ["b.xlsx"],
                "import-kind.value": "budget",
                "import-municipality.value": 657,
                "import-accept.value": [],
                "url.search": "",
            },
        )
    )
    refused(
        controller.post(
            "import-outcome.children",
            {
                "import-confirm.n_clicks": 1,
                "import-upload.contents": [_workbook_url()],
                "import-upload.filename": ["b.xlsx"],
                "import-kind.value": "budget",
                "import-municipality.value": 657,
                "import-accept.value": [],
                "import-written.data": 0,
                "url.search": "",
            },
        )
    )


def _workbook_url() -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Konto", "B2026"])
    ws.append(["5.28.21", 1000])
    buffer = io.BytesIO()
    wb.save(buffer)
    return (
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
        + base64.b64encode(buffer.getvalue()).decode()
    )


# --- roles ---------------------------------------------------------------------------------


def test_a_politician_sees_adopted_cases_only_and_no_person_level_data(
    politician: Callbacks,
) -> None:
    options = politician.post("portfolio-municipality.options", {"url.search": ""})
    assert "Herning" in text_of(options) and "Høje-Taastrup" not in text_of(options)
    body = politician.post(
        "portfolio-body.children",
        {
            "portfolio-page.data": 0,
            "portfolio-municipality.value": None,
            "portfolio-scenario.value": "basis",
            "portfolio-estimate.value": "central",
            "url.search": "",
        },
    )
    assert HERNING_CASE in text_of(body)
    for draft in ("tidlig-familieindsats", "housing-first-unge"):
        assert draft not in text_of(body)
    for output in ("import-rows.children", "import-log.children", "realisation-body.children"):
        spec = politician.spec(output)
        values = {f"{i['id']}.{i['property']}": None for i in spec["inputs"] + spec["state"]}
        answer = politician.post(output, values)
        assert answer.status_code == 403, output
        assert "herning-budget.xlsx" not in text_of(answer)
    trace = {"type": "budget-trace", "index": "fn:5.28.21"}
    refused_trace = politician.post(
        "budget-trace.children",
        {
            '{"index":["ALL"],"type":"budget-trace"}.n_clicks': [
                {"id": trace, "property": "n_clicks", "value": 1}
            ],
            "budget-municipality.value": 657,
            "url.search": "",
        },
        changed=[json.dumps(trace, separators=(",", ":")) + ".n_clicks"],
    )
    assert "Afvist" in text_of(refused_trace)
    assert "budget-trace-table" not in text_of(refused_trace)
    page = politician.page("/import")
    assert "auth-page-refused" in text_of(page) and "import-upload" not in text_of(page)


def test_only_controllers_and_admins_save_scenarios(
    politician: Callbacks, director: Callbacks
) -> None:
    for who, case_id in ((politician, HERNING_CASE), (director, "tidlig-familieindsats")):
        spec = who.spec("case-save-message.children")
        values = {
            f"{i['id']}.{i['property']}": None
            for i in spec["inputs"] + spec["state"]
            if not str(i["id"]).startswith("{")
        }  # pattern inputs: none rendered
        values |= {
            "case-save.n_clicks": 1,
            "case-save-name.value": "hacked",
            "case-scenario.value": "basis",
            "case-id.data": case_id,
            "url.search": "",
        }
        refused(who.post("case-save-message.children", values))


# --- junk ----------------------------------------------------------------------------------

JUNK = [
    "169",
    1e308,
    -1,
    2**63,
    True,
    None,
    [169] * 100_000,
    {"__proto__": {"x": 1}},
    "x" * 1_000_000,
    [[[[]]]],
    {"constructor": {"prototype": 1}},
]


@pytest.mark.parametrize(
    "output, target",
    [
        ("budget-body.children", "budget-municipality.value"),
        ("portfolio-body.children", "portfolio-municipality.value"),
        ("portfolio-body.children", "portfolio-page.data"),
        ("case-body.children", "case-id.data"),
        ("case-body.children", "case-scenario.value"),
        ("case-whatif-result.children", "case-estimate.value"),
        ("import-rows.children", "import-choose.value"),
        ("import-result.children", "import-upload.contents"),
        ("peers-body.children", "peers-year.value"),
        ("peers-body.children", "peers-functions.value"),
        ("scenarios-download.data", "scenarios-variants.data"),
        ("realisation-download.data", "realisation-share.value"),
        ("shell-header.children", "url.pathname"),
        ("shell-header.children", "url.search"),
    ],
)
def test_junk_inputs_are_refused_or_answered_never_a_500(
    controller: Callbacks, output: str, target: str
) -> None:
    base = {
        "budget-municipality.value": 169,
        "portfolio-page.data": 0,
        "portfolio-scenario.value": "basis",
        "portfolio-estimate.value": "central",
        "case-id.data": "tidlig-familieindsats",
        "case-scenario.value": "basis",
        "case-estimate.value": "central",
        "import-kind.value": "budget",
        "import-municipality.value": 169,
        "import-upload.filename": ["a.xlsx"],
        "scenarios-download-button.n_clicks": 1,
        "realisation-download-button.n_clicks": 1,
        "realisation-case.value": "tidlig-familieindsats",
        "url.search": "",
        "url.pathname": "/",
        '{"no":["ALL"],"type":"case-whatif-value"}.value': [
            {"id": {"type": "case-whatif-value", "no": 1}, "property": "value", "value": "1"}
        ],
    }
    for value in JUNK:
        answer = controller.post(output, base | {target: value}, changed=[target])
        assert answer.status_code < 500, (target, str(value)[:40], answer.text[:300])
        assert "Traceback" not in text_of(answer) and 'File "' not in text_of(answer)


def test_malformed_callback_requests_are_400(controller: Callbacks) -> None:
    good = controller.payload(
        "budget-body.children", {"budget-municipality.value": 169, "url.search": ""}
    )
    bad = [
        "not json",
        [],
        {"output": 5},
        {"output": "nope.children", "outputs": {}, "inputs": []},
        {**good, "inputs": good["inputs"][:1]},
        {**good, "inputs": "x"},
        {**good, "state": [{"id": "__proto__", "property": "value"}]},
        {
            **good,
            "inputs": [{"id": "budget-municipality", "property": "__proto__"}, good["inputs"][1]],
        },
    ]
    for payload in bad:
        answer = controller.post_raw(payload)
        assert answer.status_code == 400, (payload, answer.status_code)
    deep = "[" * 100_000 + "]" * 100_000
    answer = controller.session.post(
        f"{controller.base}/_dash-update-component",
        data=deep,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code == 400
    infinity = json.dumps(good).replace('"value": 169', '"value": Infinity')
    answer = controller.session.post(
        f"{controller.base}/_dash-update-component",
        data=infinity,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code < 500
    big = controller.payload(
        "budget-body.children", {"budget-municipality.value": 169, "url.search": "x" * 3_000_000}
    )
    assert controller.post_raw(big).status_code == 413


def test_pattern_callbacks_pass_with_ids_of_their_pattern_only(controller: Callbacks) -> None:
    """A MATCH callback as a browser sends it (concrete dict ids for the pattern
    `{"key": ["MATCH"], "type": "deferred-graph"}`) is answered; ids of another pattern, with
    a key more or less, a structured wildcard value or the pattern itself are 400."""
    name = '{"key":["MATCH"],"type":"deferred-graph"}.children'
    figure = {"figure": {"data": [], "layout": {}}, "config": {"displaylogo": False}}

    def payload(out_id: object, in_id: object) -> dict:
        return {
            "output": name,
            "outputs": {"id": out_id, "property": "children"},
            "inputs": [{"id": in_id, "property": "data", "value": figure}],
            "state": [],
            "changedPropIds": [json.dumps(in_id) + ".data"],
        }

    graph = {"type": "deferred-graph", "key": "case-jcurve"}
    store = {"type": "deferred-figure", "key": "case-jcurve"}
    good = controller.post_raw(payload(graph, store))
    assert good.status_code == 200, good.text[:300]
    assert "Graph" in good.text
    for out_id, in_id in [
        ({"type": "budget-trace", "key": "x"}, store),
        (graph, {"type": "budget-trace", "key": "x"}),
        ({**graph, "index": 1}, store),
        (graph, {"type": "deferred-figure"}),
        (graph, {"type": "deferred-figure", "key": {"nested": 1}}),
        ('{"key":["MATCH"],"type":"deferred-graph"}', store),
        (graph, ["deferred-figure"]),
    ]:
        answer = controller.post_raw(payload(out_id, in_id))
        assert answer.status_code == 400, (out_id, in_id, answer.status_code)


# --- the audit log ---------------------------------------------------------------------------


def test_refusals_logins_and_failures_are_in_the_audit_log(
    server: Server, base: str, controller: Callbacks
) -> None:
    refused(
        controller.post(
            "budget-body.children", {"budget-municipality.value": 657, "url.search": ""}
        )
    )
    wrong = requests.Session()
    token = (
        wrong.get(base + "/login", timeout=30)
        .text.split('name="csrf_token" value="')[1]
        .split('"')[0]
    )
    answer = wrong.post(
        base + "/login",
        data={"username": "demo-admin", "password": "nej", "csrf_token": token},
        timeout=30,
    )
    assert answer.status_code == 401
    assert "Forkert brugernavn eller adgangskode" in text_of(answer)
    server.stop()  # the server owns the file: read it once it has written its queue and gone
    with duckdb.connect(str(server.db), read_only=True) as con:
        rows = con.execute(
            "SELECT username, action, municipality_code, object, detail, ip FROM audit_log"
        ).fetchall()
    refusals = [r for r in rows if r[1] == "refused" and r[0] == "demo-controller"]
    assert any(r[2] == 657 and "budget" in r[4] for r in refusals)
    assert any(r[2] == 657 and r[3] == HERNING_CASE for r in refusals)
    assert any(r[2] == 657 and r[3] == f"import {HERNING_IMPORT}" for r in refusals)
    assert ("demo-admin", "login_failed") in {(r[0], r[1]) for r in rows}
    assert ("demo-controller", "login") in {(r[0], r[1]) for r in rows}
    assert ("demo-direktoer", "logout") in {(r[0], r[1]) for r in rows}
    assert any(
        r[0] == "demo-politiker" and r[1] == "refused" and "import" in (r[4] or "") for r in rows
    )
    assert all(r[5] == "127.0.0.1" for r in rows)
