"""`gevinst demo`: (re)build the demo database."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option
from gevinst.demo import build_demo
from gevinst.settings import load_settings


@click.command("demo")
@db_option
def demo_command(db: Path | None) -> None:
    """Byg demodatabasen: referencedata og demo-cases (rebuilds the demo database)."""
    settings = load_settings(db)
    count = build_demo(settings.db)
    click.echo(f"Demodatabase bygget: {settings.db} ({count} cases)")
