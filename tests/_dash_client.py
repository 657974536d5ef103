"""A client of the running dashboards as a browser is one, with `requests`: log in through the
login form, and post Dash callback requests built from the server's own
`/_dash-dependencies` (the same JSON the page's JavaScript sends), or crafted by hand.

Used by the crafted-request tests, the OIDC test and the load test.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from _server_process import Server, running_server

DEMO_PASSWORD = "demo"


def built_demo(tmp_path_factory: Any) -> Path:  # a pytest TempPathFactory
    """The demo database (with its demo users), built once per test session."""
    root = tmp_path_factory.getbasetemp() / "auth-demo"
    path = root / "demo.duckdb"
    if not path.exists():
        from gevinst.demo import build_demo

        root.mkdir(exist_ok=True)
        build_demo(path)
    return path


def copy_of(source: Path, target_dir: Path) -> Path:
    target = target_dir / "served.duckdb"
    shutil.copy(source, target)
    return target


@contextmanager
def demo_server(
    tmp_path_factory: Any, label: str, *args: str, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """`gevinst serve` on a private copy of the demo database, so a test module may write to
    it (sessions, audit rows) without touching the shared build."""
    db = copy_of(built_demo(tmp_path_factory), tmp_path_factory.mktemp(label))
    with running_server(db, *args, env=env) as server:
        yield server


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the login page has no CSRF token"
    return found.group(1)


def log_in(
    base: str, username: str, password: str = DEMO_PASSWORD, session: requests.Session | None = None
) -> requests.Session:
    """A session logged in through the form; fails the test if the login does not work."""
    client = session or requests.Session()
    token = csrf_of(client.get(f"{base}/login", timeout=30).text)
    answer = client.post(
        f"{base}/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, (username, answer.status_code, answer.text[:300])
    return client


class Callbacks:
    """Builds callback requests from the app's dependency list."""

    def __init__(self, base: str, session: requests.Session):
        self.base = base
        self.session = session
        answer = session.get(f"{base}/_dash-dependencies", timeout=30)
        answer.raise_for_status()
        self.specs: list[dict] = answer.json()

    def spec(self, output: str) -> dict:
        """The callback that writes `output` (e.g. "budget-body.children")."""
        found = [s for s in self.specs if output in s["output"].strip(".").split("...")]
        # an output another callback also writes (allow_duplicate) carries "@<hash>"
        found = found or [s for s in self.specs if f"{output}@" in s["output"]]
        assert found, f"no callback with output {output}"
        return found[0]

    def payload(
        self, output: str, values: dict[str, Any], changed: list[str] | None = None
    ) -> dict:
        """`values` by "component-id.property"; a pattern input's value is its list."""
        spec = self.spec(output)
        name = spec["output"]
        if name.startswith(".."):
            outputs: Any = [
                dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
                for o in name.strip(".").split("...")
            ]
        else:
            outputs = dict(zip(("id", "property"), name.rsplit(".", 1), strict=True))

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

    def post(
        self, output: str, values: dict[str, Any], changed: list[str] | None = None
    ) -> requests.Response:
        return self.post_raw(self.payload(output, values, changed))

    def post_raw(self, payload: Any) -> requests.Response:
        answer = self.session.post(f"{self.base}/_dash-update-component", json=payload, timeout=120)
        answer.encoding = "utf-8"  # JSON is UTF-8; requests would guess from the bytes
        return answer

    def page(self, pathname: str, search: str = "") -> requests.Response:
        """What a page's navigation asks for: Dash Pages' layout callback."""
        return self.post(
            "_pages_content.children",
            {"_pages_location.pathname": pathname, "_pages_location.search": search},
        )
