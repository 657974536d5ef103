"""`gevinst mapping list|show|delete`: the import mappings saved per municipality.

A mapping is saved when an import is given one (`gevinst import --mapping FILE`, or chosen on
the import page) and used again for files whose header row has the same signature.
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option
from gevinst.errors import GevinstError
from gevinst.services import mappings
from gevinst.settings import load_settings


@click.group("mapping")
def mapping_command() -> None:
    """Gemte import-mappings pr. kommune (saved import mappings): list, show, delete."""


@mapping_command.command("list")
@click.option("--municipality", type=int, help="Kun denne kommunes mappings.")
@db_option
def list_command(municipality: int | None, db: Path | None) -> None:
    """Vis de gemte mappings (list the saved mappings)."""
    settings = load_settings(db)
    found = mappings.listed(settings.db, None if municipality is None else [municipality])
    if not found:
        click.echo("Ingen gemte mappings (no saved mappings).")
    for m in found:
        click.echo(
            f"{m.municipality_code}\t{m.name}\t{m.saved_at:%Y-%m-%d %H:%M}\t"
            f"{m.saved_by}\t{m.signature}"
        )


@mapping_command.command("show")
@click.argument("name")
@click.option("--municipality", type=int, required=True)
@db_option
def show_command(name: str, municipality: int, db: Path | None) -> None:
    """Vis en mapping som TOML, som en --mapping-fil (show one as a --mapping file)."""
    saved = mappings.shown(load_settings(db).db, municipality, name)
    if saved is None:
        raise GevinstError(
            f"ingen mapping '{name}' for kommune {municipality} "
            f"(no mapping '{name}' for municipality {municipality})"
        )
    click.echo(mappings.as_toml(saved))


@mapping_command.command("delete")
@click.argument("name")
@click.option("--municipality", type=int, required=True)
@db_option
def delete_command(name: str, municipality: int, db: Path | None) -> None:
    """Slet en gemt mapping (delete a saved mapping)."""
    if not mappings.delete(load_settings(db).db, municipality, name):
        raise GevinstError(
            f"ingen mapping '{name}' for kommune {municipality} "
            f"(no mapping '{name}' for municipality {municipality})"
        )
    click.echo(f"Slettet: {name} ({municipality})")
