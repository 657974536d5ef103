"""`gevinst serve`: the dashboards, behind waitress (one process, threads) or the dev server.

The server process owns the DuckDB file for as long as it runs (DuckDB allows one writer
process), so it is one process with threads, never several workers. Responses are
compressed (plotly.js is 4,8 MB uncompressed).
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option
from gevinst.demo import build_demo
from gevinst.settings import load_settings


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option("--demo", is_flag=True, help="Byg demodatabasen først (rebuild the demo first).")
@click.option("--dev", is_flag=True, help="Dash' udviklingsserver i stedet for waitress.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve_command(db: Path | None, host: str, port: int, demo: bool, dev: bool,
                  threads: int) -> None:
    """Start dashboards (starts the dashboards on the database)."""
    settings = load_settings(db)
    is_demo = demo or not settings.db.exists()
    if is_demo:
        count = build_demo(settings.db)
        click.echo(f"Demodatabase bygget: {settings.db} ({count} cases)")
    from dashboards.app import create_app

    app = create_app(settings.db, demo=is_demo)
    click.echo(f"gevinst kører på http://{host}:{port}/  (Ctrl+C stopper)")
    if dev:
        app.run(host=host, port=port, debug=False)
        return
    from waitress import serve

    serve(app.server, host=host, port=port, threads=threads, ident="gevinst")
