"""Every server callback, from the running app's own `/_dash-dependencies`, asked three times
by a controller of Høje-Taastrup (169) (issue 15, point 5):

* **own**: with 169's data (its case, its import, 169, `?municipality=169&case=…`) — the
  positive control: 200, an answer with outputs, no refusal. A request the app no longer
  understands (a renamed input, a changed callback) fails here, so the next check cannot
  pass by being ignored.
* **foreign**: with Herning's (657) case, import and code, and again with København's
  (101), whose case has person-level cohorts and benefit weeks;
* **missing**: with a case id and an import id that do not exist and a municipality with no
  data the user may not see (860 Hjørring).

The foreign answer must be the missing answer, byte for byte once the ids of both worlds are
blanked in both (a municipality code is public: the page refuses 657 visibly, naming it, as
it refuses 860, and shows the user's own data under either refusal): the
app must not tell another municipality's data from nothing, so no callback can leak any of
it (a removed check in the cohort callback, say, returns Herning's cohort table instead of
the refusal). The list is generated, not written down: a callback added to any page is
covered by this test the day it is registered. What is written down is only how to fill an
input: which inputs carry a case, an import, a municipality or page parameters (by the
name of the input), and values for two inputs whose layout default would not exercise the
callback. Every other input gets the value the page's own layout gives it.

The peers page is left out of the foreign check: it shows Danmarks Statistik's published
key figures of every municipality to every role (README, "Security").
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
import requests

from _dash_client import Callbacks, demo_server, log_in

WORLDS = {
    "own": {"case": "tidlig-familieindsats", "municipality": 169, "import": 7},
    # Herning: an adopted case with realised gains, a budget import
    "foreign": {"case": "sverigesmodellen-herning", "municipality": 657, "import": 8},
    # København: a case with person-level cohorts, benefit weeks (import 11)
    "foreign-101": {"case": "ips-mentor-beskaeftigelse", "municipality": 101, "import": 11},
    "missing": {"case": "ingen-saadan-case", "municipality": 860, "import": 99_999},
}
FOREIGN = ("foreign", "foreign-101")
#: pages whose data are public to every role (published key figures)
PUBLIC_PREFIXES = ("peers-",)
#: inputs by what they carry, matched on "component-id.property"
CARRIES = [
    (re.compile(r"(^|-)municipality\.value$"), "municipality"),
    (re.compile(r"(^|-)case(-\d+|-id|-select)?\.(value|data)$"), "case"),
    (re.compile(r"(^|-)import(-id|-choose)\.value$"), "import"),
    (re.compile(r"(^|-)variants\.data$"), "variants"),
    (re.compile(r"(^|\.|_)(url|location)\.search$"), "search"),
]


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


#: inputs whose layout default would leave the callback with nothing to do
EXERCISE = {
    "import-upload.contents": [_workbook_url()],
    "import-upload.filename": ["budget.xlsx"],
    # the problems of the last dry run, kept for the report download (issues 11 and 13
    # moved them from the problems table's `data` to a store of their own)
    "import-problems-store.data": [
        {"file": "budget.xlsx", "where": "A2", "message": "=x", "severity": "error"}
    ],
}
TRACE = {"type": "budget-trace", "index": "fn:5.28.21"}
FIGURE = {"type": "deferred-figure", "key": "case-jcurve"}
PATTERNS = {  # pattern inputs: the items a page would have rendered (a list for ALL, one
    # item for MATCH, with the concrete id a browser sends), and which of them changed
    '{"index":["ALL"],"type":"budget-trace"}.n_clicks': (
        [{"id": TRACE, "property": "n_clicks", "value": 1}],
        json.dumps(TRACE, separators=(",", ":")) + ".n_clicks",
    ),
    '{"key":["MATCH"],"type":"deferred-figure"}.data': (
        {
            "id": FIGURE,
            "property": "data",
            "value": {
                "figure": {"data": [{"type": "bar", "x": ["a"], "y": [3]}], "layout": {}},
                "config": {"displaylogo": False},
            },
        },
        json.dumps(FIGURE, separators=(",", ":")) + ".data",
    ),
}
WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


def _value(kind: str, world: dict[str, Any]) -> Any:
    if kind == "variants":
        return [f"{world['case']}:basis:central"]
    if kind == "search":
        return (
            f"?municipality={world['municipality']}&case={world['case']}&id={world['case']}"
            f"&import_id={world['import']}&v={world['case']}:basis:central"
        )
    return world[kind]


def _carries(key: str) -> str | None:
    for pattern, kind in CARRIES:
        if pattern.search(key):
            return kind
    return None


def _blank(text: str, *worlds: dict[str, Any]) -> str:
    """The answer with the worlds' ids blanked, so foreign and missing can be compared.

    Both answers are blanked with the ids of both worlds: an import id such as 8 or 11 is
    also a digit group of the user's own amounts (`11.802`, `8 mio. kr.`) on a page that
    refuses the foreign code and shows the user's own data; blanking it in one answer only
    would tell the two apart by the user's own figures. A foreign datum is never an id of
    the missing world, so nothing of it is hidden by this."""
    ids = sorted(
        {str(w[k]) for w in worlds for k in ("case", "municipality", "import")},
        key=len,
        reverse=True,
    )
    for value in ids:
        text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", "<id>", text)
    return text


def _refused(answer: requests.Response) -> bool:
    side = json.dumps(answer.json().get("sideUpdate", {}), ensure_ascii=False)
    return "Afvist" in side or "Refused" in side


def _walk(node: Any, found: dict[str, Any]) -> None:
    """Every component's props in a layout, as "id.prop" → value."""
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
    elif isinstance(node, dict):
        props = node.get("props") if "namespace" in node else None
        if isinstance(props, dict):
            ident = props.get("id")
            for name, value in props.items():
                if isinstance(ident, str) and name not in ("children", "id"):
                    found.setdefault(f"{ident}.{name}", value)
            _walk(props.get("children"), found)
        else:
            for value in node.values():
                _walk(value, found)


# --- the running app -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callbacks]:
    with demo_server(tmp_path_factory, "coverage", "--threads", "4") as server:
        base = f"http://127.0.0.1:{server.port}"
        yield Callbacks(base, log_in(base, "demo-controller"))


@pytest.fixture(scope="module")
def pages(app: Callbacks) -> list[str]:
    """The pages the shell links to (every registered page the user may open)."""
    header = app.post("shell-header.children", {"url.pathname": "/", "url.search": ""})
    found: dict[str, Any] = {}
    _walk(header.json(), found)
    paths = sorted(
        {
            str(v).split("?")[0]
            for k, v in found.items()
            if k.startswith("nav-") and k.endswith(".href")
        }
    )
    assert len(paths) >= 6, paths
    return paths


@pytest.fixture(scope="module")
def defaults(app: Callbacks, pages: list[str]) -> dict[str, Any]:
    """What each input holds when its page has just been laid out (in the own world)."""
    found: dict[str, Any] = {}
    search = _value("search", WORLDS["own"])
    for path in pages:
        answer = app.page(path, search)
        assert answer.status_code == 200, (path, answer.text[:300])
        _walk(answer.json(), found)
    return found


def _server_callbacks(app: Callbacks) -> list[dict]:
    return [s for s in app.specs if not s.get("clientside_function")]


def _request(
    app: Callbacks, spec: dict, world: dict[str, Any], defaults: dict[str, Any], path: str | None
) -> requests.Response:
    values: dict[str, Any] = {}
    changed = None
    for entry in spec["inputs"] + spec["state"]:
        key = f"{entry['id']}.{entry['property']}"
        if key in PATTERNS:
            values[key], trigger = PATTERNS[key]
            changed = [trigger] if entry in spec["inputs"] else changed
        elif key.endswith(".pathname") and path is not None:
            values[key] = path
        elif (kind := _carries(key)) is not None:
            values[key] = _value(kind, world)
        elif entry["property"] == "n_clicks":
            values[key] = 1
        elif key in EXERCISE:
            values[key] = EXERCISE[key]
        elif key in defaults:
            values[key] = defaults[key]
    return app.post_raw(_payload(spec, values, changed))


def _payload(spec: dict, values: dict[str, Any], changed: list[str] | None) -> dict:
    """What the page's JavaScript sends for this callback (`_dash_client.Callbacks.payload`,
    for the spec itself rather than the first callback with an output)."""
    name = spec["output"]
    sent = [
        values.get(f"{i['id']}.{i['property']}")
        for i in spec["inputs"] + spec["state"]
        if str(i["id"]).startswith("{")
    ]

    def output(declared: str) -> Any:
        ident, prop = declared.rsplit(".", 1)
        if not ident.startswith("{"):
            return {"id": ident, "property": prop}
        return _concrete_outputs(json.loads(ident), prop, sent)

    if name.startswith(".."):
        outputs: Any = [output(o) for o in name[2:-2].split("...")]
    else:
        outputs = output(name)

    def item(entry: dict) -> Any:
        key = f"{entry['id']}.{entry['property']}"
        if str(entry["id"]).startswith("{"):
            return values.get(key, [])
        found = {"id": entry["id"], "property": entry["property"]}
        if key in values:
            found["value"] = values[key]
        return found

    first = spec["inputs"][0]
    return {
        "output": name,
        "outputs": outputs,
        "inputs": [item(i) for i in spec["inputs"]],
        "state": [item(s) for s in spec["state"]],
        "changedPropIds": changed or [f"{first['id']}.{first['property']}"],
    }


def _concrete_outputs(pattern: dict, prop: str, sent: list[Any]) -> Any:
    """A pattern output as the browser names it: the concrete ids of the rendered items its
    pattern inputs stand for (their wildcard values), one for MATCH, a list for ALL."""
    fixed = {k: v for k, v in pattern.items() if v not in WILDCARDS}
    for items in sent:
        group = items if isinstance(items, list) else [items]
        ids = [
            x["id"]
            for x in group
            if isinstance(x, dict)
            and isinstance(x.get("id"), dict)
            and set(x["id"]) == set(pattern)
        ]
        if ids:
            found = [{"id": {**i, **fixed}, "property": prop} for i in ids]
            return found[0] if ["MATCH"] in pattern.values() else found
    return [] if ["ALL"] in pattern.values() else {"id": pattern, "property": prop}


def _cases(app: Callbacks, pages: list[str]) -> list[tuple[dict, str | None]]:
    cases: list[tuple[dict, str | None]] = []
    for spec in _server_callbacks(app):
        keys = [f"{i['id']}.{i['property']}" for i in spec["inputs"]]
        if any(k.endswith(".pathname") and k.startswith("_pages") for k in keys):
            cases += [(spec, path) for path in pages]  # the page layouts, one per page
        else:
            cases.append((spec, None))
    return cases


def test_every_callback_answers_its_own_data_and_tells_foreign_from_nothing(
    app: Callbacks, pages: list[str], defaults: dict[str, Any]
) -> None:
    covered, problems = [], []
    for spec, path in _cases(app, pages):
        name = spec["output"] + (f" {path}" if path else "")
        own = _request(app, spec, WORLDS["own"], defaults, path)
        if own.status_code != 200 or not own.json().get("response") or _refused(own):
            problems.append(
                f"{name}: no answer with the user's own data ({own.status_code}: {own.text[:200]})"
            )
            continue
        public = spec["output"].strip(".").startswith(PUBLIC_PREFIXES) or path == "/peers"
        if not public:
            missing = _request(app, spec, WORLDS["missing"], defaults, path)
            for world in FOREIGN:
                both = (WORLDS[world], WORLDS["missing"])
                nothing = (missing.status_code, _blank(missing.text, *both))
                foreign = _request(app, spec, WORLDS[world], defaults, path)
                if (foreign.status_code, _blank(foreign.text, *both)) != nothing:
                    problems.append(
                        f"{name}: {world} data are answered unlike nothing "
                        f"({foreign.text[:300]} vs {missing.text[:300]})"
                    )
                for marker in ("Herning", "herning-budget.xlsx", "Sverigesmodellen"):
                    if marker in foreign.text:  # every foreign answer, not just the last
                        problems.append(f"{name}: {marker} in the {world} answer")
        covered.append(name)
    print(
        f"\ncallback coverage: {len(_server_callbacks(app))} server callbacks, "
        f"{len(covered)} request sets (the page-layout callback once per page)"
    )
    assert not problems, "\n".join(problems)
    assert len(covered) == len(_cases(app, pages))


def test_the_generated_list_is_the_apps_whole_list(app: Callbacks) -> None:
    """Nothing is skipped silently: every callback the app registered is in the list, and
    only Dash's clientside ones (which never reach the server) are left out."""
    specs = app.specs
    server = _server_callbacks(app)
    assert len(server) >= 28
    assert {s["output"] for s in specs} - {s["output"] for s in server} == {
        s["output"] for s in specs if s.get("clientside_function")
    }
    outputs = " ".join(s["output"] for s in server)
    for known in (
        "realisation-cohorts.children",
        "budget-body.children",
        "import-rows",
        "case-flows.children",
        "scenarios-download.data",
        "_pages_content",
    ):
        assert known in outputs
