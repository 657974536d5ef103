"""Users, passwords, roles and the login gate, as plain functions and through Flask's test
client (the crafted requests against a running server are in test_authz_requests.py).

Given the demo database: demo-admin (all), demo-direktoer and demo-controller (169),
demo-politiker (657), password "demo"; the cases ips-mentor and botilbud (101, draft),
housing-first (151, draft), tidlig-familieindsats (169, draft), sverigesmodellen (657,
adopted).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from _dash_client import built_demo
from _server_process import holding_process
from dashboards import data
from dashboards.auth import Principal
from dashboards.gate import safe_next
from dashboards.login import FailureLimiter, Security, flush
from gevinst.cli import main
from gevinst.errors import GevinstError
from gevinst.store import build_model, public_views
from gevinst.store.users import add_user, get_user, hash_password, verify_password


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_demo(tmp_path_factory)


# --- passwords and users -------------------------------------------------------------------


def test_passwords_are_argon2id_and_only_the_right_one_of_an_enabled_user_passes(ref) -> None:
    con = duckdb.connect()
    build_model(con)
    user = add_user(con, "Anna", "controller", [169], "et langt kodeord", ref)
    assert user.username == "anna"  # login names are lower-case
    stored = get_user(con, "ANNA")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert "et langt kodeord" not in stored.password_hash
    assert verify_password(stored, "et langt kodeord")
    assert not verify_password(stored, "et langt kodeorD")
    assert not verify_password(None, "et langt kodeord")  # unknown: checked against a dummy
    con.execute("UPDATE users SET disabled = true")
    assert not verify_password(get_user(con, "anna"), "et langt kodeord")
    assert hash_password("x") != hash_password("x")  # salted


@pytest.mark.parametrize(
    "name, role, codes, password, problem",
    [
        ("bo", "chief", [169], "langt-nok", "ukendt rolle"),
        ("bo", "director", [], "langt-nok", "mindst én --municipality"),
        ("bo", "director", [999], "langt-nok", "ukendt kommunekode"),
        ("bo", "director", [169], "kort", "for kort"),
        ("Bo Bo", "director", [169], "langt-nok", "ugyldigt brugernavn"),
        ("<script>", "director", [169], "langt-nok", "ugyldigt brugernavn"),
    ],
)
def test_bad_users_are_refused_with_a_message(ref, name, role, codes, password, problem) -> None:
    con = duckdb.connect()
    build_model(con)
    with pytest.raises(GevinstError, match=problem):
        add_user(con, name, role, codes, password, ref)


def test_no_public_view_shows_users_sessions_or_secrets(demo: Path) -> None:
    with duckdb.connect(str(demo), read_only=True) as con:
        views = public_views(con)
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name IN "
                f"({', '.join('?' for _ in views)})",
                views,
            ).fetchall()
        }
        assert "audit_log" in views
        assert not {"users", "user_sessions", "app_secrets"} & set(views)
        assert not {"password_hash", "session_id", "value"} & columns
        users = con.execute(
            "SELECT username, role, municipalities FROM users ORDER BY username"
        ).fetchall()
    assert users == [
        ("demo-admin", "admin", []),
        ("demo-controller", "controller", [169]),
        ("demo-direktoer", "director", [169]),
        ("demo-politiker", "politician", [657]),
    ]


# --- the command line ----------------------------------------------------------------------


def test_user_add_list_disable(tmp_path: Path) -> None:
    db = str(tmp_path / "u.duckdb")
    runner = CliRunner()
    added = runner.invoke(
        main,
        [
            "user",
            "add",
            "Karen",
            "--role",
            "controller",
            "--municipality",
            "169",
            "--municipality",
            "151",
            "--password-stdin",
            "--db",
            db,
        ],
        input="hemmeligt ord\n",
    )
    assert added.exit_code == 0, added.output
    assert "hemmeligt" not in added.output
    assert added.output.strip() == "Bruger karen tilføjet: controller, kommuner 151, 169"
    again = runner.invoke(
        main,
        ["user", "add", "karen", "--role", "admin", "--password-stdin", "--db", db],
        input="hemmeligt ord\n",
    )
    assert again.exit_code == 1 and "findes allerede" in again.output
    sso = runner.invoke(
        main,
        [
            "user",
            "add",
            "per@htk.dk",
            "--role",
            "politician",
            "--municipality",
            "169",
            "--sso-only",
            "--db",
            db,
        ],
    )
    assert sso.exit_code == 0, sso.output
    listed = runner.invoke(main, ["user", "list", "--db", db])
    assert listed.output.splitlines() == [
        "karen\tcontroller\t151,169\tactive\tpassword",
        "per@htk.dk\tpolitician\t169\tactive\tsso",
    ]
    assert "$argon2" not in listed.output
    disabled = runner.invoke(main, ["user", "disable", "KAREN", "--db", db])
    assert disabled.exit_code == 0
    assert (
        "karen\tcontroller\t151,169\tdisabled"
        in runner.invoke(main, ["user", "list", "--db", db]).output
    )
    no_tty = runner.invoke(main, ["user", "add", "x1", "--role", "admin", "--db", db])
    assert no_tty.exit_code == 1 and "--password-stdin" in no_tty.output


def test_user_add_while_another_process_holds_the_database(tmp_path: Path) -> None:
    db = tmp_path / "held.duckdb"
    duckdb.connect(str(db)).close()
    with holding_process(db):
        result = CliRunner().invoke(
            main,
            ["user", "add", "y1", "--role", "admin", "--password-stdin", "--db", str(db)],
            input="langt-nok\n",
        )
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "gevinst:" in result.output


# --- rules ---------------------------------------------------------------------------------


def test_role_and_municipality_rules() -> None:
    controller = Principal("c", "controller", (169,))
    politician = Principal("p", "politician", (657,))
    admin = Principal("a", "admin", ())
    assert controller.may_see_case(169, "draft") and not controller.may_see_case(657, "adopted")
    assert politician.may_see_case(657, "adopted") and not politician.may_see_case(657, "draft")
    assert admin.may_see_case(101, "draft")
    assert not controller.may_see_municipality("169") and not controller.may_see_municipality(True)


def test_the_list_queries_filter_like_the_rule(demo: Path) -> None:
    database = data.open_for_app(demo, read_only=True)
    try:
        cases = database.sql("SELECT case_id, municipality_code, status FROM cases")
        for who in (
            Principal("c", "controller", (169,)),
            Principal("p", "politician", (657,)),
            Principal("d", "director", (101, 151)),
        ):
            scope = {"allowed": list(who.municipalities), "adopted_only": who.role == "politician"}
            expected = {
                r["case_id"]
                for r in cases.iter_rows(named=True)
                if who.may_see_case(r["municipality_code"], r["status"])
            }
            for query, extra in [
                ("portfolio_cases", {"scenario": "basis", "estimate": "central"}),
                ("portfolio_silo_flows", {"scenario": "basis", "estimate": "central"}),
                ("case_list", {}),
                ("case_scenarios", {}),
                ("scenarios_variants", {}),
                ("realisation_cases", {}),
            ]:
                seen = set(database.query(query, **scope, **extra)["case_id"])
                assert seen == expected, (who.role, query)
            codes = set(
                database.query("budget_municipalities", allowed=scope["allowed"])[
                    "municipality_code"
                ]
            )
            assert codes == set(who.municipalities)
            imports = database.query("import_log_recent", allowed=scope["allowed"])
            assert set(imports["municipality_code"]) == set(who.municipalities)
    finally:
        data.close()


@pytest.mark.parametrize(
    "wanted, expected",
    [
        ("/budget?municipality=169", "/budget?municipality=169"),
        ("/", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        (None, "/"),
        (["/"], "/"),
    ],
)
def test_next_is_a_local_path(wanted: object, expected: str) -> None:
    assert safe_next(wanted) == expected


def test_five_failures_a_minute_block_a_name_and_address() -> None:
    limiter = FailureLimiter()
    for _ in range(5):
        assert not limiter.blocked("anna", "10.0.0.1")
        limiter.failed("anna", "10.0.0.1")
    assert limiter.blocked("anna", "10.0.0.1")
    assert not limiter.blocked("anna", "10.0.0.2") and not limiter.blocked("bo", "10.0.0.1")


# --- the gate, through Flask's test client -------------------------------------------------


@pytest.fixture
def served(demo: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "served.duckdb"
    shutil.copy(demo, copy)
    yield copy
    flush()  # the audit rows still queued, before the database closes
    data.close()


def _client(path: Path, **security: object):  # type: ignore[no-untyped-def]
    from dashboards.app import create_app

    return create_app(path, demo=True, security=Security(**security)).server.test_client()


def _token(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_cookies_are_httponly_samesite_and_secure_behind_https(served: Path) -> None:
    client = _client(served, https_cookies=True)
    answer = client.post(
        "/login", data={"username": "demo-admin", "password": "demo", "csrf_token": _token(client)}
    )
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_login_needs_the_form_token_and_stops_after_five_failures(served: Path) -> None:
    client = _client(served)
    no_token = client.post("/login", data={"username": "demo-admin", "password": "demo"})
    assert no_token.status_code == 400 and "/_dash-layout" not in no_token.get_data(as_text=True)
    token = _token(client)
    statuses = [
        client.post(
            "/login", data={"username": "demo-admin", "password": "nej", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    blocked = client.post(
        "/login", data={"username": "demo-admin", "password": "demo", "csrf_token": token}
    )
    assert blocked.status_code == 429  # even the right password, for a minute
    assert "Vent et minut" in blocked.get_data(as_text=True)


def test_the_session_key_is_kept_in_the_database_unless_given(served: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dashboards.app import create_app

    first = create_app(served).server.secret_key
    flush()
    data.close()
    assert create_app(served).server.secret_key == first  # kept: sessions survive a restart
    flush()
    data.close()
    given = create_app(served, security=Security(secret_key="k" * 64)).server.secret_key
    assert given == "k" * 64
    assert first not in Path(__file__).read_text()
