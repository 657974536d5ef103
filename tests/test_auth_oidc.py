"""Single sign-on with OpenID Connect, against a stub provider on 127.0.0.1 started here.

The stub is a tiny Flask app: discovery (`/.well-known/openid-configuration`), `/authorize`
(consents at once and redirects back with a code), `/token` (an RS256 id_token signed with a
key generated here by joserfc, the JOSE library authlib's client itself verifies with) and
`/jwks`. The server runs `gevinst serve --oidc-issuer …`; a `requests.Session` follows the
redirects like a browser. Users are matched to the users table by `preferred_username`, then
e-mail; roles stay local.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import duckdb
import pytest
import requests
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

from _dash_client import demo_server
from _server_process import Server, free_port

CLIENT_ID = "gevinst-test"
CLIENT_SECRET = secrets.token_urlsafe(16)


class StubProvider:
    """An OpenID provider that knows one person at a time (`person`) and always consents."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "stub-1", "use": "sig"})
        self.person: dict[str, str] = {}
        self.codes: dict[str, dict] = {}
        self.tokens_issued = 0
        app = Flask("stub-oidc")
        app.add_url_rule("/.well-known/openid-configuration", "discovery", self.discovery)
        app.add_url_rule("/authorize", "authorize", self.authorize)
        app.add_url_rule("/token", "token", self.token, methods=["POST"])
        app.add_url_rule(
            "/jwks", "jwks", lambda: jsonify({"keys": [self.key.as_dict(private=False)]})
        )
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def discovery(self) -> object:
        return jsonify(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "scopes_supported": ["openid", "email", "profile"],
            }
        )

    def authorize(self) -> object:
        assert request.args["client_id"] == CLIENT_ID
        assert request.args["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": request.args.get("nonce"),
            "redirect_uri": request.args["redirect_uri"],
            "person": dict(self.person),
        }
        return redirect(
            request.args["redirect_uri"]
            + "?"
            + urlencode({"code": code, "state": request.args["state"]})
        )

    def token(self) -> object:
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
            return jsonify({"error": "invalid_client"}), 401
        grant = self.codes.pop(request.form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != request.form.get("redirect_uri"):
            return jsonify({"error": "invalid_grant"}), 400
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["person"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "stub-1"}, claims, self.key)
        self.tokens_issued += 1
        return jsonify(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )


@pytest.fixture(scope="module")
def provider() -> Iterator[StubProvider]:
    stub = StubProvider()
    stub.thread.start()
    yield stub
    stub.server.shutdown()


@pytest.fixture(scope="module")
def server(provider: StubProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with demo_server(
        tmp_path_factory,
        "oidc",
        "--oidc-issuer",
        provider.issuer,
        "--oidc-client-id",
        CLIENT_ID,
        env={"GEVINST_OIDC_CLIENT_SECRET": CLIENT_SECRET, "AUTHLIB_INSECURE_TRANSPORT": "1"},
    ) as running:  # http on 127.0.0.1
        yield running


def sso(base: str, next_path: str = "/") -> requests.Response:
    client = requests.Session()
    login = client.get(f"{base}/login?next={next_path}", timeout=30)
    assert "Log ind med Single Sign-On" in login.text
    answer = client.get(f"{base}/login/sso?" + urlencode({"next": next_path}), timeout=30)
    answer.session = client  # type: ignore[attr-defined]
    return answer


def test_a_known_user_logs_in_through_the_provider_with_a_local_role(
    provider: StubProvider, server: Server
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    provider.person = {
        "sub": "abc-123",
        "preferred_username": "demo-controller",
        "email": "controller@htk.example",
    }
    answer = sso(base, "/budget")
    assert answer.status_code == 200
    assert answer.url == f"{base}/budget"  # redirects followed: provider, callback, page
    client: requests.Session = answer.session  # type: ignore[attr-defined]
    assert client.get(f"{base}/_dash-layout", timeout=30).status_code == 200
    assert provider.tokens_issued >= 1


def test_matching_by_e_mail_when_the_user_name_differs(
    provider: StubProvider, server: Server
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    provider.person = {"sub": "x-9", "preferred_username": "ADM\\jens", "email": "demo-direktoer"}
    answer = sso(base)
    assert answer.url == f"{base}/"
    client: requests.Session = answer.session  # type: ignore[attr-defined]
    assert client.get(f"{base}/_dash-layout", timeout=30).status_code == 200


def test_an_unknown_person_is_not_let_in(provider: StubProvider, server: Server) -> None:
    base = f"http://127.0.0.1:{server.port}"
    provider.person = {
        "sub": "y-1",
        "preferred_username": "stranger",
        "email": "stranger@example.org",
    }
    answer = sso(base)
    assert answer.status_code == 403
    assert "ikke oprettet som bruger" in answer.text
    client: requests.Session = answer.session  # type: ignore[attr-defined]
    assert client.get(f"{base}/_dash-layout", timeout=30).status_code == 401


def test_a_forged_callback_is_a_failed_login(server: Server) -> None:
    base = f"http://127.0.0.1:{server.port}"
    answer = requests.get(f"{base}/login/sso/callback?code=made-up&state=made-up", timeout=30)
    assert answer.status_code == 401
    assert "Single Sign-On mislykkedes" in answer.text
    server.stop()
    with duckdb.connect(str(server.db), read_only=True) as con:
        rows = con.execute("SELECT username, action, detail FROM audit_log").fetchall()
    assert ("demo-controller", "login", "sso") in rows
    assert ("demo-direktoer", "login", "sso") in rows
    assert ("stranger", "login_failed", "sso: no enabled local user") in rows
    assert any(a == "login_failed" and d.startswith("sso: ") and u is None for u, a, d in rows)
