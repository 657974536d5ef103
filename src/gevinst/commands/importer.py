"""`gevinst import FILE… --kind budget|accounts --municipality CODE`: check, then write or not.

(`--kind benefit-weeks-results FOLDER` loads a `gevinst spark` run: `commands.import_results`.)

Reads and checks every file first (`ingest.budget.prepare_import`); a single problem rejects
the batch (exit 2, one line per problem, nothing written). Then writes it in one transaction
(`store.imports.write_import`), or with `--dry-run` reports exactly what would be written
without touching, or even creating, the database.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gevinst.commands.options import db_option, lang_option, progress
from gevinst.errors import GevinstError
from gevinst.ingest.read_ahead import cancel_read_ahead
from gevinst.ingest.sandbox import warm_up
from gevinst.ingest.vocabulary import UNIT_FACTORS
from gevinst.messages import DEFAULT_LANG, Lang, msg, register

if TYPE_CHECKING:
    from gevinst.ingest.budget import ImportOptions
    from gevinst.ingest.mapping import Mapping
    from gevinst.reference import Reference
    from gevinst.settings import Settings

register(
    {
        "ingest.cli.unknown_municipality": {
            "da": "--municipality {code} er ikke en af de 98 kommunekoder (fx 101, 151, 169, 657)",
            "en": "--municipality {code} is not one of the 98 municipality codes "
            "(e.g. 101, 151, 169, 657)",
        },
        "ingest.cli.reading": {"da": "Læser og tjekker", "en": "Reading and checking"},
    }
)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--kind",
    required=True,
    type=click.Choice(
        [
            "budget",
            "accounts",
            "key-figures",
            "benefit-weeks",
            "realisation",
            "benefit-weeks-results",
        ]
    ),
    help="budget (B, BO, KB), accounts (regnskab, R), key-figures (DST REGK31), benefit-weeks, "
    "realisation eller benefit-weeks-results (en mappe fra gevinst spark --out).",
)
@click.option(
    "--municipality",
    type=int,
    help="Kommunekode, fx 169 (ikke til key-figures; uden: den kommune filen nævner).",
)
@click.option("--year", type=int, help="Året for key-figures, når filnavnet ikke siger det.")
@db_option
@click.option("--dry-run", is_flag=True, help="Vis hvad der ville blive skrevet; skriv intet.")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="TOML-fil der siger hvad kolonnerne betyder, når det ikke kan genkendes.",
)
@click.option(
    "--posting-map",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="csv/xlsx: nøglekolonne (fx Artskonto) → Funktion (og Dranst), så en posteringsfil "
    "summeres til funktioner (debet +, kredit −). Gemmes med mappingen.",
)
@click.option(
    "--mapping-name",
    help="Navnet mappingen gemmes under for kommunen (standard: mappingfilens navn).",
)
@click.option(
    "--accept-warnings",
    is_flag=True,
    help="Importér trods advarsler (fx konti der ikke findes i kontoplanen).",
)
@click.option(
    "--max-amount",
    type=float,
    default=50e9,
    show_default=True,
    help="Største tilladte beløb pr. linje i kr. (fanger fejl i enheden).",
)
@click.option(
    "--unit",
    type=click.Choice(list(UNIT_FACTORS)),
    help="Beløbenes enhed, når filen ikke selv siger det (titel, overskrift, PRISENHED).",
)
@click.option(
    "--budget-year",
    type=int,
    help="Budgetåret (B); senere år er overslagsår (BO). Standard: filens første år.",
)
@click.option(
    "--replace-all",
    is_flag=True,
    help="Erstat hele den gældende version af årene, ikke kun filens udvalg.",
)
@lang_option
@click.option("--user", default=None, help="Hvem importerer (standard: $GEVINST_USER, login).")
def import_command(
    files: tuple[Path, ...],
    kind: str,
    municipality: int | None,
    year: int | None,
    db: Path | None,
    dry_run: bool,
    mapping: Path | None,
    posting_map: Path | None,
    mapping_name: str | None,
    accept_warnings: bool,
    max_amount: float,
    unit: str | None,
    budget_year: int | None,
    replace_all: bool,
    lang: Lang | None,
    user: str | None,
) -> None:
    """Importér budget- eller regnskabsfiler (xlsx, csv) efter tjek af hver celle."""
    try:
        budget = kind in ("budget", "accounts")
        if not budget:  # their workbooks go to the fork server's reader: its start overlaps ours
            warm_up()
        # the first workbook's scan and read begin before even the settings load
        # (pydantic-settings: ~0,15 s), where the language is plain without them
        early = _known_lang(lang) if budget else None
        forked = _read_ahead(files, early) if early else False
        from gevinst.settings import load_settings

        settings = load_settings(db, lang)
        lang = settings.lang
        # each kind imports its own modules: a budget import should not wait for the others'
        if kind == "benefit-weeks-results":
            from gevinst.commands.import_results import import_results_folder

            return import_results_folder(
                files, settings.db, user or settings.user or getpass.getuser(), lang, dry_run
            )
        if any(f.is_dir() for f in files):
            raise click.UsageError(f"--kind {kind} reads files, not folders")
        if kind == "key-figures":
            from gevinst.commands.import_key_figures import import_key_figures

            user = user or settings.user or getpass.getuser()
            return import_key_figures(
                files, settings.db, user, lang, year, municipality, dry_run, accept_warnings
            )
        if kind == "realisation":
            from gevinst.store.realisation import import_realisation_files

            return click.echo(
                import_realisation_files(
                    list(files),
                    settings.db,
                    _required(municipality, kind),
                    user or settings.user or getpass.getuser(),
                    lang,
                    dry_run,
                    accept_warnings,
                )
            )
        if kind == "benefit-weeks":
            return _import_benefit_weeks(files, municipality, settings, user, dry_run)
        if early is None:  # a GEVINST_LANG only the settings could read
            forked = _read_ahead(files, lang)
        if not forked or len(files) > 1 or mapping or posting_map:
            warm_up()  # for the reads not begun ahead (a later file, a mapping's own sheets)
        # imported once the read has begun: these modules' ~0,5 s then overlaps it
        from gevinst.ingest.budget import FROM_FILE, ImportOptions
        from gevinst.reference import bundled_reference

        reference = bundled_reference()
        _check_municipality(municipality, reference, lang)
        options = ImportOptions(
            kind=kind,  # type: ignore[arg-type]  # click.Choice keeps it to ImportKind, typed str
            municipality=FROM_FILE if municipality is None else municipality,
            lang=lang,
            mapping=_mapping(mapping, posting_map, lang),
            accept_warnings=accept_warnings,
            max_abs_amount_dkk=max_amount,
            unit=unit,
            budget_year=budget_year,
            replace_all=replace_all,
            mapping_name=_mapping_name(mapping_name, mapping, posting_map),
        )
        _import_budget(
            files, options, settings, user or settings.user or getpass.getuser(), dry_run
        )
    finally:
        cancel_read_ahead()  # what was begun ahead and not adopted, however this ended


def _known_lang(lang: Lang | None) -> Lang | None:
    """The language the settings will give, where it is plain without loading them: `--lang`,
    or their default where no `GEVINST_LANG` is set (in any case, as pydantic-settings reads
    environment names); None where only the settings can tell."""
    if lang is not None:
        return lang
    if any(name.upper() == "GEVINST_LANG" for name in os.environ):
        return None
    return DEFAULT_LANG


def _read_ahead(files: tuple[Path, ...], lang: Lang) -> bool:
    """Start the scan and sandboxed read of the first file now, if it is a workbook, before
    the import's own modules load (~0,5 s of polars, DuckDB, pydantic and the reference
    data on this core, while the children have the other): `ingest.read_ahead`. Only the
    first: one reader at a time, as the import reads its files one by one; `read_file`
    adopts them, or they are stopped at the end. True if they were forked from this process
    (then no fork server is needed for that file)."""
    from gevinst.ingest.limits import Limits
    from gevinst.ingest.read_ahead import start_read_ahead
    from gevinst.ingest.sandbox import can_fork_now

    first = files[0] if files else None
    if first is None or first.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    forked = can_fork_now()  # else the fork server's children (a caller with polars loaded)
    return start_read_ahead(first, first.name, Limits(), lang) and forked


def _check_municipality(municipality: int | None, reference: Reference, lang: Lang) -> None:
    if municipality is not None and municipality not in reference.municipalities:
        raise GevinstError(msg("ingest.cli.unknown_municipality", lang, code=municipality))


def _import_benefit_weeks(
    files: tuple[Path, ...],
    municipality: int | None,
    settings: Settings,
    user: str | None,
    dry_run: bool,
) -> None:
    from gevinst.ingest.benefit_weeks import render_outcome
    from gevinst.reference import bundled_reference
    from gevinst.store.benefit_weeks import import_benefit_weeks

    reference = bundled_reference()
    _check_municipality(municipality, reference, settings.lang)
    weeks = import_benefit_weeks(
        settings.db,
        files,
        _required(municipality, "benefit-weeks"),
        user or settings.user or getpass.getuser(),
        settings.lang,
        dry_run,
        reference,
    )
    click.echo(render_outcome(weeks, str(settings.db), settings.lang))


def _import_budget(
    files: tuple[Path, ...], options: ImportOptions, settings: Settings, user: str, dry_run: bool
) -> None:
    from gevinst.ingest.summary import render_summary
    from gevinst.reference import bundled_reference
    from gevinst.services.import_file import import_budget_files

    reference = bundled_reference()
    with progress(files, msg("ingest.cli.reading", options.lang)) as items:
        prepared, outcome = import_budget_files(
            settings.db, items, options, user, dry_run, reference
        )
    click.echo(render_summary(prepared, outcome, str(settings.db), reference, options.lang))


def _required(municipality: int | None, kind: str) -> int:
    """Realisation and benefit-weeks files do not name their municipality: the option must."""
    if municipality is None:
        raise click.UsageError(f"--municipality is required for --kind {kind}")
    return municipality


def _mapping(path: Path | None, posting_map: Path | None, lang: Lang) -> Mapping | None:
    """The `--mapping` file's mapping, with the `--posting-map` as its `[postings]`."""
    if path is None and posting_map is None:
        return None
    from gevinst.ingest.mapping import Mapping, load_mapping  # pydantic: only when needed

    given = load_mapping(path, lang) if path is not None else Mapping()
    if posting_map is None:
        return given
    from gevinst.ingest.posting_map import load_posting_map

    return given.model_copy(update={"postings": load_posting_map(posting_map, lang)})


def _mapping_name(name: str | None, mapping: Path | None, posting_map: Path | None) -> str | None:
    """The name a given mapping is saved under: --mapping-name, else its file's stem."""
    given = mapping or posting_map
    return (name or given.stem) if given else None
