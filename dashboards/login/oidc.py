"""Single Sign-On with OpenID Connect (authlib's Flask client), when `gevinst serve` is given
an issuer."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str


def oidc_client(server: Flask, config: OidcConfig) -> object:
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(server)
    return oauth.register(
        name="sso",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )
