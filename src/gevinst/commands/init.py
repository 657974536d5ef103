"""`gevinst init`: an empty database with the reference data and no users (then `gevinst user
add`). The way to start a real installation; only the demo creates demo users."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option
from gevinst.settings import load_settings
from gevinst.store.init import init_database


@click.command("init")
@db_option
def init_command(db: Path | None) -> None:
    """Opret en tom database med referencedata og ingen brugere (create an empty database)."""
    settings = load_settings(db)
    init_database(settings.db)
    click.echo(
        f"Database oprettet: {settings.db} (referencedata, ingen brugere). "
        f"Tilføj brugere med: gevinst user add NAVN --role admin --db {settings.db}"
    )
