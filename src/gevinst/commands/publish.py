"""`gevinst publish --to DIR`: a read-only snapshot of the public views for BI tools."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option
from gevinst.services.publish import publish
from gevinst.settings import load_settings


@click.command("publish")
@db_option
@click.option(
    "--to",
    "directory",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Mappen snapshottet skrives i (gevinst-public.duckdb).",
)
@click.option(
    "--include-person-level",
    is_flag=True,
    help="Tag også persondata og auditlog med (benefit_weeks, audit_log …).",
)
def publish_command(db: Path | None, directory: Path, include_person_level: bool) -> None:
    """Skriv et skrivebeskyttet snapshot af de offentlige views til BI-værktøjer."""
    settings = load_settings(db)
    path, views = publish(settings.db, directory, include_person_level)
    click.echo(f"{path}: {len(views)} views ({', '.join(views)})")
