"""`gevinst serve`: the dashboards, behind waitress (one process, threads) or the dev server.

The server process owns the DuckDB file for as long as it runs (DuckDB allows one writer
process), so it is one process with threads, never several workers. Responses are
compressed (plotly.js is 4,8 MB uncompressed). While it runs it keeps `<db>.server.json`
(pid, host, port, started_at) next to the database, so a CLI write refused by DuckDB's lock
can say which server holds the file; a clean exit (Ctrl+C, SIGTERM) removes it, a killed
server leaves a stale one that is ignored (`store.ownership`).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from gevinst.commands.options import db_option
from gevinst.demo import build_demo
from gevinst.settings import load_settings
from gevinst.store.ownership import remove_server_info, write_server_info

if TYPE_CHECKING:
    from dashboards.login import Security

#: test hook (tests/test_faults.py): `{"files": [...], "kind": "budget", "municipality": 169}`
#: runs that import inside the server process once it has opened the database, so a test can
#: kill the server mid-import (with GEVINST_TEST_PAUSE_BEFORE_COMMIT). Unset in normal use.
IMPORT_ON_START_ENV = "GEVINST_TEST_IMPORT_ON_START"


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option(
    "--demo",
    is_flag=True,
    help="Byg demodatabasen (med demobrugere) først (rebuild the demo first).",
)
@click.option("--dev", is_flag=True, help="Dash' udviklingsserver i stedet for waitress.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option(
    "--read-only",
    is_flag=True,
    help="Åbn databasen skrivebeskyttet (read-only): ingen import eller gem.",
)
@click.option(
    "--https-cookies",
    is_flag=True,
    envvar="GEVINST_HTTPS",
    help="Sessionscookies kun over HTTPS (Secure); også GEVINST_HTTPS=1.",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    envvar="GEVINST_BEHIND_PROXY",
    help="Stol på X-Forwarded-* fra en proxy på 127.0.0.1 (nginx, Caddy).",
)
@click.option(
    "--publish",
    "publish_to",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="GEVINST_PUBLISH",
    help="Skriv et snapshot til BI-værktøjer her efter hver ændring (gevinst publish).",
)
@click.option(
    "--oidc-issuer",
    envvar="GEVINST_OIDC_ISSUER",
    default=None,
    help="OpenID Connect-udsteder (issuer URL) for single sign-on.",
)
@click.option("--oidc-client-id", envvar="GEVINST_OIDC_CLIENT_ID", default=None)
@click.option(
    "--oidc-client-secret",
    envvar="GEVINST_OIDC_CLIENT_SECRET",
    default=None,
    help="Hellere via miljøvariablen GEVINST_OIDC_CLIENT_SECRET end på kommandolinjen.",
)
def serve_command(
    db: Path | None,
    host: str,
    port: int,
    demo: bool,
    dev: bool,
    threads: int,
    read_only: bool,
    https_cookies: bool,
    behind_proxy: bool,
    publish_to: Path | None,
    oidc_issuer: str | None,
    oidc_client_id: str | None,
    oidc_client_secret: str | None,
) -> None:
    """Start dashboards (starts the dashboards on the database)."""
    settings = load_settings(db)
    security = _security(https_cookies, oidc_issuer, oidc_client_id, oidc_client_secret)
    if demo:
        count = build_demo(settings.db)
        click.echo(f"Demodatabase bygget: {settings.db} ({count} cases)")
    elif not settings.db.exists():
        _refuse_missing(settings.db)
    is_demo = demo
    from dashboards import data, login
    from dashboards.app import create_app

    app = create_app(
        settings.db, demo=is_demo, read_only=read_only, security=security, publish_to=publish_to
    )
    write_server_info(settings.db, host, port, read_only)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        _import_on_start_if_testing(settings.db)
        click.echo(f"gevinst kører på http://{host}:{port}/  (Ctrl+C stopper)")
        if dev:
            app.run(host=host, port=port, debug=False)
            return
        from waitress import serve

        proxy = (
            {
                "trusted_proxy": "127.0.0.1",
                "trusted_proxy_count": 1,
                "trusted_proxy_headers": {
                    "x-forwarded-for",
                    "x-forwarded-proto",
                    "x-forwarded-host",
                },
                "clear_untrusted_proxy_headers": True,
            }
            if behind_proxy
            else {}
        )
        serve(app.server, host=host, port=port, threads=threads, ident="gevinst", **proxy)
    finally:
        login.flush()  # the audit rows still queued
        remove_server_info(settings.db)
        data.close()


def _refuse_missing(db: Path) -> None:
    """A mistyped path must never give a server with the demo's known passwords: only
    `--demo` builds the demo; anything else needs a database made on purpose (exit 2)."""
    click.echo(
        f"{db}: databasen findes ikke (the database does not exist). Opret en tom database "
        f"med `gevinst init --db {db}` og brugere med `gevinst user add NAVN --role admin "
        f"--db {db}`, eller start demoen med `gevinst serve --demo` "
        "(create one with `gevinst init [--db PATH]` and `gevinst user add`, or run the demo).",
        err=True,
    )
    sys.exit(2)


def _security(
    https_cookies: bool, issuer: str | None, client_id: str | None, client_secret: str | None
) -> Security:
    from dashboards.login import OidcConfig, Security

    oidc = None
    if issuer:
        if not client_id or not client_secret:
            raise click.UsageError(
                "--oidc-issuer kræver --oidc-client-id og "
                "--oidc-client-secret (or GEVINST_OIDC_CLIENT_*)"
            )
        oidc = OidcConfig(issuer, client_id, client_secret)
    return Security(
        https_cookies=https_cookies,
        secret_key=os.environ.get("GEVINST_SECRET_KEY") or None,
        oidc=oidc,
    )


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (systemd, docker stop) unwinds like Ctrl+C: info file removed, database closed."""
    raise SystemExit(0)


def _import_on_start_if_testing(db: Path) -> None:
    spec = os.environ.get(IMPORT_ON_START_ENV)
    if not spec:
        return
    wanted = json.loads(spec)

    def run() -> None:
        from gevinst.ingest.budget import ImportOptions, prepare_import
        from gevinst.reference import bundled_reference
        from gevinst.services.import_file import to_batch
        from gevinst.store.imports import write_import

        options = ImportOptions(kind=wanted["kind"], municipality=wanted["municipality"])
        prepared = prepare_import([Path(f) for f in wanted["files"]], options, bundled_reference())
        # the same DuckDB instance as the server's connection (one per file and process)
        write_import(db, to_batch(prepared, "test"))
        print("gevinst: import on start committed", file=sys.stderr, flush=True)

    threading.Thread(target=run, name="import-on-start", daemon=True).start()
