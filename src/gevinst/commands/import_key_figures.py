"""`gevinst import FILE… --kind key-figures`: DST REGK31 extracts, checked, then written or not.

Called from `commands.importer` (the one `import` command). Every file is read and checked
before anything is written; a single error rejects the batch (exit 2, one line per problem,
`2024.csv: række 17: …`). Each file is then its own transaction (its own import_log row).
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.errors import InputRejected
from gevinst.fmt import number
from gevinst.ingest.key_figures import KeyFigureFile, read_key_figures
from gevinst.messages import Lang, msg, register
from gevinst.reference import bundled_reference
from gevinst.store.key_figures import KeyFigureOutcome, plan_key_figures, write_key_figures

register(
    {
        "kf.cli.written": {
            "da": "{file}: {rows} nøgletal for {year} ({areas} områder, {functions} funktioner) "
            "importeret som import {id} i {db}",
            "en": "{file}: {rows} key figures for {year} ({areas} areas, {functions} functions) "
            "imported as import {id} into {db}",
        },
        "kf.cli.would": {
            "da": "{file}: {rows} nøgletal for {year} ({areas} områder, {functions} funktioner) "
            "ville blive importeret (--dry-run: intet skrevet)",
            "en": "{file}: {rows} key figures for {year} ({areas} areas, {functions} functions) "
            "would be imported (--dry-run: nothing written)",
        },
        "kf.cli.already": {
            "da": "{file}: samme indhold er allerede importeret (import {id}); intet at gøre",
            "en": "{file}: the same content was already imported (import {id}); nothing to do",
        },
        "kf.cli.superseded": {
            "da": "  erstatter en tidligere import af {year} i key_figures (version {version})",
            "en": "  supersedes an earlier import of {year} in key_figures (version {version})",
        },
    }
)


def summary(
    prepared: KeyFigureFile, outcome: KeyFigureOutcome, db: str, lang: Lang, dry_run: bool
) -> str:
    rows = prepared.rows
    if outcome.version == 0:
        return msg("kf.cli.already", lang, file=prepared.file_name, id=outcome.import_id)
    values = {
        "file": prepared.file_name,
        "rows": number(rows.height, 0, lang),
        "year": prepared.year,
        "areas": rows["area_name"].n_unique(),
        "functions": rows["function"].n_unique(),
        "id": outcome.import_id,
        "db": db,
    }
    lines = [msg("kf.cli.would" if dry_run else "kf.cli.written", lang, **values)]
    if outcome.version > 1:
        lines.append(msg("kf.cli.superseded", lang, year=prepared.year, version=outcome.version))
    lines += [p.line() for p in prepared.warnings]
    return "\n".join(lines)


def import_key_figures(
    files: tuple[Path, ...],
    db: Path,
    user: str,
    lang: Lang,
    year: int | None = None,
    municipality: int | None = None,
    dry_run: bool = False,
    accept_warnings: bool = False,
) -> None:
    """Check every file, then write each (or plan, with `dry_run`) and echo a summary."""
    reference = bundled_reference()
    prepared, problems = [], []
    for path in files:
        try:
            prepared.append(
                read_key_figures(path, reference, year, lang, accept_warnings, municipality)
            )
        except InputRejected as exc:
            problems += exc.problems
    if problems:
        raise InputRejected(problems)
    for item in prepared:
        outcome = plan_key_figures(db, item) if dry_run else write_key_figures(db, item, user)
        click.echo(summary(item, outcome, str(db), lang, dry_run))
