"""Logging out ends the session at once, for every later request, whatever the database's one
writer is doing (issue 15, point 1).

Given the demo's director (demo-direktoer, password "demo") logged in through the form and
their cookie kept: after `POST /logout`, the same cookie sent again is no login (401 for a
Dash endpoint) — right away, and also while another thread holds the database's writer the
way an import does, so the `user_sessions` update is still waiting in the queue.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from _dash_client import built_demo
from dashboards import data
from dashboards.login import Security, flush


@pytest.fixture
def served(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "served.duckdb"
    shutil.copy(built_demo(tmp_path_factory), copy)
    yield copy
    flush()
    data.close()


def _client(path: Path):  # type: ignore[no-untyped-def]
    from dashboards.app import create_app

    return create_app(path, demo=True, security=Security()).server.test_client()


def _token(client, path: str = "/login") -> str:  # type: ignore[no-untyped-def]
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def _logged_in(client) -> str:  # type: ignore[no-untyped-def]
    answer = client.post(
        "/login",
        data={"username": "demo-direktoer", "password": "demo", "csrf_token": _token(client)},
    )
    assert answer.status_code == 302
    assert client.get("/_dash-layout").status_code == 200
    cookie = client.get_cookie("gevinst_session")
    assert cookie is not None
    return cookie.value


def _log_out(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/logout", data={"csrf_token": _token(client, "/logout")})
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login?out=1")


def _replay(client, cookie: str) -> int:  # type: ignore[no-untyped-def]
    client.set_cookie("gevinst_session", cookie)
    return client.get("/_dash-layout").status_code


def test_a_replayed_cookie_right_after_logout_is_no_login(served: Path) -> None:
    client = _client(served)
    cookie = _logged_in(client)
    flush()  # the session row is in the database, as it is a moment after any login
    _log_out(client)
    assert [_replay(client, cookie) for _ in range(3)] == [401, 401, 401]


def test_logout_holds_while_an_import_holds_the_writer(served: Path) -> None:
    client = _client(served)
    cookie = _logged_in(client)
    flush()
    holding, release = threading.Event(), threading.Event()

    def hold_the_writer() -> None:  # what an import does for seconds
        with data.db().writer():
            holding.set()
            release.wait(60)

    holder = threading.Thread(target=hold_the_writer)
    holder.start()
    try:
        assert holding.wait(30)
        _log_out(client)
        # the database still says the session is open: the update waits behind the writer
        assert (
            data.db()
            .query("auth_session", session_hash=_session_hash(served), username="demo-direktoer")
            .height
            == 1
        )
        assert [_replay(client, cookie) for _ in range(3)] == [401, 401, 401]
    finally:
        release.set()
        holder.join(30)
    flush()
    assert _replay(client, cookie) == 401
    assert (
        data.db()
        .query("auth_session", session_hash=_session_hash(served), username="demo-direktoer")
        .height
        == 0
    )


def _session_hash(served: Path) -> str:
    rows = data.db().sql(
        "SELECT session_id FROM user_sessions WHERE username = "
        "'demo-direktoer' ORDER BY created_at DESC LIMIT 1"
    )
    return str(rows["session_id"][0])


def test_a_session_ended_while_its_row_is_read_stays_ended() -> None:
    """The lookup after a restart reads the database; an end in between must win."""
    from dashboards.auth import Principal
    from dashboards.login import Sessions

    sessions = Sessions(None)
    sid = sessions.start(Principal("anna", "director", (169,)))
    assert sessions.principal(sid, "anna") is not None
    sessions.end(sid)
    assert sessions.is_ended(sid)
    assert sessions.principal(sid, "anna") is None
    sessions.end("an-id-this-process-never-saw")  # after a restart: ended all the same
    assert sessions.principal("an-id-this-process-never-saw", "anna") is None
