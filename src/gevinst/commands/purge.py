"""`gevinst purge --import-id N … | --older-than DATE`: delete person-level benefit-week rows.

Retention rules say how long person-level data may be kept. A purge deletes the rows of whole
benefit-week imports, keeps the import's `import_log` row, notes who purged it and when
(`benefit_weeks_purged`) and rebuilds the municipality's `benefit_weeks`, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.messages import msg, register
from gevinst.settings import Lang, load_settings
from gevinst.store.benefit_weeks import purge

register(
    {
        "purge.none": {"da": "Intet at slette.", "en": "Nothing to purge."},
        "purge.done": {
            "da": "Slettet {rows} personrækker fra import {ids} i {db}; noteret i "
            "benefit_weeks_purged.",
            "en": "Purged {rows} person rows of import {ids} in {db}; noted in "
            "benefit_weeks_purged.",
        },
        "purge.dry_run": {
            "da": "Tørkørsel: {rows} personrækker fra import {ids} ville blive slettet.",
            "en": "Dry run: {rows} person rows of import {ids} would be purged.",
        },
        "purge.usage": {
            "da": "angiv --import-id eller --older-than",
            "en": "give --import-id or --older-than",
        },
    }
)


@click.command("purge")
@click.option(
    "--import-id",
    "import_ids",
    type=int,
    multiple=True,
    help="Importen der skal slettes (kan gentages).",
)
@click.option(
    "--older-than",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Slet alle benefit-weeks-importer foretaget før denne dato (ÅÅÅÅ-MM-DD).",
)
@click.option(
    "--municipality", type=int, default=None, help="Kun denne kommunes importer (med --older-than)."
)
@db_option
@click.option("--dry-run", is_flag=True, help="Vis hvad der ville blive slettet; slet intet.")
@lang_option
@click.option("--user", default=None, help="Hvem sletter (standard: $GEVINST_USER, login).")
def purge_command(
    import_ids: tuple[int, ...],
    older_than: dt.datetime | None,
    municipality: int | None,
    db: Path | None,
    dry_run: bool,
    lang: Lang | None,
    user: str | None,
) -> None:
    """Slet personhenførbare ugedata for hele importer (opbevaringsregler)."""
    settings = load_settings(db, lang)
    lang = settings.lang
    if not import_ids and older_than is None:
        raise click.UsageError(msg("purge.usage", lang))
    outcome = purge(
        settings.db,
        user or settings.user or getpass.getuser(),
        import_ids,
        older_than.date() if older_than else None,
        municipality,
        dry_run,
        lang,
    )
    if not outcome.import_ids:
        click.echo(msg("purge.none", lang))
        return
    ids = ", ".join(str(i) for i in outcome.import_ids)
    key = "purge.dry_run" if dry_run else "purge.done"
    click.echo(msg(key, lang, rows=outcome.rows_deleted, ids=ids, db=settings.db))
