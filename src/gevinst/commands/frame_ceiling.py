"""`gevinst frame-ceiling set|list|delete`: the municipality's ceiling on a budget frame.

The economy agreement sets the frames for the municipalities as a whole; a municipality's
own ceiling (from KL's budget coordination or its adopted budget) is entered here with its
source, and the budget-decision page compares the budget after the chosen cases with it.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from gevinst import fmt
from gevinst.commands.options import db_option, lang_option
from gevinst.errors import GevinstError
from gevinst.services import frame_ceilings
from gevinst.settings import load_settings


@click.group("frame-ceiling")
def frame_ceiling_command() -> None:
    """Kommunens loft pr. budgetramme og år (the municipality's frame ceilings)."""


@frame_ceiling_command.command("set")
@click.option("--municipality", type=int, required=True, help="Kommunekode, fx 169.")
@click.option("--year", type=int, required=True, help="Budgetår, fx 2027.")
@click.option(
    "--frame",
    "frame",
    default="service",
    show_default=True,
    help="Ramme: " + ", ".join(frame_ceilings.FRAMES),
)
@click.option(
    "--amount",
    required=True,
    help="Loftet i kr., fx 1.234.567.000 (udgifter positive, som i budgettet).",
)
@click.option(
    "--source", required=True, help='Kilden, fx "KL: teknisk serviceramme 2027, udmeldt 20.6.2026".'
)
@db_option
@lang_option
def set_command(
    municipality: int,
    year: int,
    frame: str,
    amount: str,
    source: str,
    db: Path | None,
    lang: str | None,
) -> None:
    """Indtast eller ret et loft (enter or replace a ceiling)."""
    settings = load_settings(db, lang)  # type: ignore[arg-type]
    if not settings.db.exists():
        raise GevinstError(f"databasen {settings.db} findes ikke (gevinst init)")
    from gevinst.reference import bundled_reference
    from gevinst.store.db import connect
    from gevinst.store.reference import read_reference

    with connect(settings.db, read_only=True) as con:
        ref = read_reference(con) or bundled_reference()
    ceiling, replaced = frame_ceilings.enter(
        settings.db,
        ref,
        municipality,
        year,
        frame,
        amount,
        source,
        getpass.getuser(),
        settings.lang,
    )
    verb = "Rettet" if replaced else "Gemt"
    click.echo(
        f"{verb}: {ceiling.municipality_code} {ceiling.year} {ceiling.budget_frame} "
        f"{fmt.kr(ceiling.ceiling_dkk, lang=settings.lang)} ({ceiling.source})"
    )


@frame_ceiling_command.command("list")
@click.option("--municipality", type=int, default=None, help="Kun denne kommune.")
@db_option
def list_command(municipality: int | None, db: Path | None) -> None:
    """Vis de indtastede lofter (list the entered ceilings)."""
    found = frame_ceilings.listed(load_settings(db).db, municipality)
    if not found:
        click.echo("Ingen indtastede rammelofter (no frame ceilings entered).")
    for c in found:
        click.echo(
            f"{c.municipality_code}\t{c.year}\t{c.budget_frame}\t"
            f"{fmt.kr(c.ceiling_dkk)}\t{c.source}\t{c.entered_by}\t"
            f"{c.entered_at:%Y-%m-%d %H:%M}"
        )


@frame_ceiling_command.command("delete")
@click.option("--municipality", type=int, required=True)
@click.option("--year", type=int, required=True)
@click.option("--frame", "frame", default="service", show_default=True)
@db_option
def delete_command(municipality: int, year: int, frame: str, db: Path | None) -> None:
    """Slet et loft (delete a ceiling)."""
    if not frame_ceilings.delete(load_settings(db).db, municipality, year, frame):
        raise GevinstError(
            f"intet loft for {municipality} {year} {frame} "
            f"(no ceiling for {municipality} {year} {frame})"
        )
    click.echo(f"Slettet: {municipality} {year} {frame}")
