"""`gevinst history CASE_ID`: a case's saved versions, and for an adopted case the figures as
decided next to the figures now, with the difference explained by cause (`services.history`,
laid out by `reports.history`)."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.reports.history import render
from gevinst.services.history import case_history
from gevinst.settings import Lang, load_settings


@click.command("history")
@click.argument("case_id")
@db_option
@lang_option
def history_command(case_id: str, db: Path | None, lang: Lang | None) -> None:
    """Vis en cases versioner, og for en vedtaget case tallene som besluttet og nu."""
    settings = load_settings(db, lang)
    found = case_history(settings.db, case_id, settings.lang)
    click.echo(render(case_id, found.versions, found.comparison, settings.lang), nl=False)
