"""`gevinst import FOLDER --kind benefit-weeks-results`: a `gevinst spark` run loaded, or not.

Called from `commands.importer` (the one `import` command). The folder (`gevinst spark --out`)
is checked whole before the database is opened (`store.weeks_results`); a problem rejects it
(exit 2, one line per problem naming the file). The summary names the run's provenance and,
per municipality, the import it became — or the earlier import it already is.
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst import fmt
from gevinst.errors import GevinstError
from gevinst.messages import Lang, msg, register
from gevinst.store.weeks_results import ResultsOutcome, import_results

register(
    {
        "results.cli.one_folder": {
            "da": "--kind benefit-weeks-results indlæser én mappe fra gevinst spark --out",
            "en": "--kind benefit-weeks-results loads one folder written by gevinst spark --out",
        },
        "results.cli.run": {
            "da": "{folder}: kørsel {created} (gevinst {version}, {master}), {rows} personuger "
            "fra {inputs} inputfiler, regler {rules}",
            "en": "{folder}: run {created} (gevinst {version}, {master}), {rows} person-weeks "
            "from {inputs} input files, rules {rules}",
        },
        "results.cli.written": {
            "da": "  kommune {code}: {rows} personuger indlæst som import {id} i {db}",
            "en": "  municipality {code}: {rows} person-weeks loaded as import {id} into {db}",
        },
        "results.cli.would": {
            "da": "  kommune {code}: {rows} personuger ville blive indlæst (--dry-run: intet "
            "skrevet)",
            "en": "  municipality {code}: {rows} person-weeks would be loaded (--dry-run: "
            "nothing written)",
        },
        "results.cli.already": {
            "da": "  kommune {code}: samme kørsel er allerede indlæst (import {id}); intet at gøre",
            "en": "  municipality {code}: the same run is already loaded (import {id}); nothing "
            "to do",
        },
        "results.cli.replaces_local": {
            "da": "    benefit_weeks viser nu kørslens uger for {code} i stedet for de lokalt "
            "beregnede",
            "en": "    benefit_weeks now shows the run's weeks for {code} instead of the locally "
            "computed ones",
        },
    }
)


def summary(outcome: ResultsOutcome, db: str, lang: Lang) -> str:
    manifest = outcome.checked.manifest
    lines = [
        msg(
            "results.cli.run",
            lang,
            folder=outcome.folder,
            created=manifest.created_at,
            version=manifest.gevinst_version,
            master=manifest.master,
            rows=fmt.number(manifest.rows, lang=lang),
            inputs=len(manifest.inputs),
            rules=manifest.rules_sha256[:12],
        )
    ]
    for load in outcome.loads:
        rows = fmt.number(load.rows, lang=lang)
        if outcome.dry_run:
            lines.append(msg("results.cli.would", lang, code=load.municipality_code, rows=rows))
        elif load.import_id is None:
            lines.append(
                msg("results.cli.already", lang, code=load.municipality_code, id=load.already)
            )
        else:
            lines.append(
                msg(
                    "results.cli.written",
                    lang,
                    code=load.municipality_code,
                    rows=rows,
                    id=load.import_id,
                    db=db,
                )
            )
            if load.replaces_local:
                lines.append(msg("results.cli.replaces_local", lang, code=load.municipality_code))
    return "\n".join(lines)


def import_results_folder(
    paths: tuple[Path, ...], db: Path, user: str, lang: Lang, dry_run: bool
) -> None:
    if len(paths) != 1 or not paths[0].is_dir():
        raise GevinstError(msg("results.cli.one_folder", lang))
    outcome = import_results(db, paths[0], user, lang, dry_run)
    click.echo(summary(outcome, str(db), lang))
