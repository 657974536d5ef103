"""`gevinst backup -o FILE` and `gevinst restore FILE [--force]`: the database in a zip with a
manifest, and back (`services.backup`).

Exit codes: 0 done; 2 the backup file is rejected (not a zip, damaged, checksum or row counts
off: one line on stderr, nothing restored); 1 anything else as a message, among them a
target database that exists without `--force` and a database held by a running server.
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.messages import msg, register
from gevinst.services import backup as service
from gevinst.settings import Lang, load_settings

register(
    {
        "backup.written": {
            "da": "Backup skrevet: {path} ({tables} tabeller, {rows} rækker, sha256 {sha})",
            "en": "Backup written: {path} ({tables} tables, {rows} rows, sha256 {sha})",
        },
        "backup.restored": {
            "da": "Gendannet: {db} fra {path} (lavet {created} af gevinst {version}; {tables} "
            "tabeller, {rows} rækker)",
            "en": "Restored: {db} from {path} (made {created} by gevinst {version}; {tables} "
            "tables, {rows} rows)",
        },
    }
)


@click.command("backup")
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Zip-filen (standard: gevinst-backup-<db>-<tidspunkt>.zip her).",
)
@click.option("--force", is_flag=True, help="Overskriv en eksisterende fil.")
@lang_option
def backup_command(db: Path | None, output: Path | None, force: bool, lang: Lang | None) -> None:
    """Tag en backup af databasen (a consistent snapshot with a manifest)."""
    settings = load_settings(db, lang)
    written = service.backup(settings.db, output, force, settings.lang)
    manifest = written.manifest
    click.echo(
        msg(
            "backup.written",
            settings.lang,
            path=written.path,
            tables=len(manifest.tables),
            rows=sum(manifest.tables.values()),
            sha=manifest.sha256[:12],
        )
    )


@click.command("restore")
@click.argument("backup", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@db_option
@click.option("--force", is_flag=True, help="Erstat en eksisterende database.")
@lang_option
def restore_command(backup: Path, db: Path | None, force: bool, lang: Lang | None) -> None:
    """Gendan databasen fra en backup (checked whole, then swapped in atomically)."""
    settings = load_settings(db, lang)
    manifest = service.restore(backup, settings.db, force, settings.lang)
    click.echo(
        msg(
            "backup.restored",
            settings.lang,
            db=settings.db,
            path=backup,
            created=manifest.created_at,
            version=manifest.gevinst_version,
            tables=len(manifest.tables),
            rows=sum(manifest.tables.values()),
        )
    )
