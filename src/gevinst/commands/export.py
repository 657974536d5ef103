"""`gevinst export-parquet --to DIR`: the public views as parquet, partitioned for other engines.

Writes `DIR/<view>/municipality_code=…/year=…/*.parquet` for benefit_weeks, budget_lines and
case_flows (case_flows by the investing municipality): the exchange format for running the same
SQL models on Spark or Trino (README "Beyond one machine"). The database is opened read-only.
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.messages import msg, register
from gevinst.settings import Lang, load_settings
from gevinst.store.benefit_weeks import EXPORTS, export_parquet

register(
    {
        "export.view": {
            "da": "  {view}: {rows} rækker → {path}",
            "en": "  {view}: {rows} rows → {path}",
        },
        "export.done": {
            "da": "Parquet skrevet til {dir} (opdelt efter municipality_code og year):",
            "en": "Parquet written to {dir} (partitioned by municipality_code and year):",
        },
    }
)


@click.command("export-parquet")
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Mappe at skrive til.",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    type=click.Choice(sorted(EXPORTS)),
    help="Kun disse views (standard: alle).",
)
@db_option
@lang_option
def export_command(
    target: Path, views: tuple[str, ...], db: Path | None, lang: Lang | None
) -> None:
    """Skriv benefit_weeks, budget_lines og case_flows som parquet pr. kommune og år."""
    settings = load_settings(db, lang)
    written = export_parquet(settings.db, target, views or tuple(EXPORTS))
    click.echo(msg("export.done", settings.lang, dir=target))
    for view, rows in written.items():
        click.echo(msg("export.view", settings.lang, view=view, rows=rows, path=target / view))
