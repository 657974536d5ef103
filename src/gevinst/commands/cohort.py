"""`gevinst cohort define|compare|list|realise`: parse the arguments, call `services.cohorts`,
print what `reports.cohort` lays out. The use cases and their rules are in the service."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.domain import cohorts
from gevinst.messages import msg, register
from gevinst.reference import bundled_reference
from gevinst.reports import cohort as report
from gevinst.services import cohorts as service
from gevinst.settings import Lang, load_settings

register(
    {
        "cohort.usage": {
            "da": 'angiv enten --ids FIL eller --filter "benefit=…,from=ÅÅÅÅ-MM-DD"',
            "en": 'give either --ids FILE or --filter "benefit=…,from=YYYY-MM-DD"',
        },
    }
)


@click.group("cohort")
def cohort_command() -> None:
    """Målgruppe mod sammenligningsgruppe: definér og sammenlign kohorter."""


@cohort_command.command("define")
@click.argument("name")
@click.option(
    "--ids",
    "ids_file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="csv eller parquet med kolonnen person_id (pseudonymer).",
)
@click.option(
    "--filter",
    "filter_text",
    default=None,
    help='Fx "benefit=kontanthjaelp,from=2024-01-01,to=2024-12-31": personer hvis '
    "første uge (på ydelsen) ligger i perioden.",
)
@click.option("--municipality", type=int, required=True, help="Kommunekode (3 cifre).")
@click.option(
    "--group",
    type=click.Choice(["target", "comparison"]),
    default="target",
    show_default=True,
    help="Hvilken gruppe i kohorten der defineres.",
)
@db_option
@lang_option
def define_command(
    name: str,
    ids_file: Path | None,
    filter_text: str | None,
    municipality: int,
    group: str,
    db: Path | None,
    lang: Lang | None,
) -> None:
    """Definér (eller erstat) en gruppe personer i kohorten NAME."""
    settings = load_settings(db, lang)
    lang_ = settings.lang
    if (ids_file is None) == (filter_text is None):
        raise click.UsageError(msg("cohort.usage", lang_))
    chosen = (
        None
        if filter_text is None
        else service.parse_filter(filter_text, sorted(bundled_reference().rules.benefits), lang_)
    )
    defined = service.define(
        settings.db, name, group, municipality, ids_file=ids_file, chosen=chosen, lang=lang_
    )
    click.echo(
        msg(
            "cohort.defined",
            lang_,
            name=name,
            group=report.group_name(group, lang_),
            n=defined.size,
            code=municipality,
            source=defined.source,
            with_weeks=defined.with_weeks,
        )
    )
    if defined.size < cohorts.MIN_GROUP_SIZE:
        click.echo(msg("cohort.small", lang_, n=cohorts.MIN_GROUP_SIZE))


@cohort_command.command("compare")
@click.option("--target", required=True, help="Kohorten med målgruppen.")
@click.option(
    "--comparison",
    default=None,
    help="Kohorten med sammenligningsgruppen (standard: samme som --target).",
)
@click.option(
    "--by",
    "period",
    type=click.Choice(["year", "quarter"]),
    default="year",
    show_default=True,
    help="Pr. år eller kvartal.",
)
@click.option("--municipality", type=int, default=None, help="Kun personer i denne kommune.")
@click.option(
    "--format", "format_", type=click.Choice(["table", "csv"]), default="table", show_default=True
)
@db_option
@lang_option
def compare_command(
    target: str,
    comparison: str | None,
    period: str,
    municipality: int | None,
    format_: str,
    db: Path | None,
    lang: Lang | None,
) -> None:
    """Sammenlign målgruppe og sammenligningsgruppe: uger på ydelse og nettoudgift pr. person."""
    settings = load_settings(db, lang)
    lang_ = settings.lang
    result = service.compare(
        settings.db,
        target,
        comparison,
        municipality,
        "quarter" if period == "quarter" else "year",
        lang_,
    )
    if format_ == "csv":
        click.echo(report.csv_text(result), nl=False)
        click.echo(cohorts.note(lang_), err=True)
        return
    click.echo("\n".join(report.table_lines(result, lang_)))


@cohort_command.command("list")
@click.option("--municipality", type=int, default=None, help="Kun denne kommune.")
@db_option
@lang_option
def list_command(municipality: int | None, db: Path | None, lang: Lang | None) -> None:
    """Vis kohorter og deres grupper (antal personer)."""
    settings = load_settings(db, lang)
    rows = service.list_cohorts(settings.db, municipality, settings.lang)
    if rows.is_empty():
        click.echo(msg("cohort.list.none", settings.lang))
    for r in rows.iter_rows(named=True):
        click.echo(
            msg(
                "cohort.list.row",
                settings.lang,
                name=r["cohort_id"],
                group=report.group_name(r["group_name"], settings.lang),
                n=report.persons_cell(r["persons"]),
                code=r["municipality_code"],
                source=r["source"],
            )
        )


@cohort_command.command("realise")
@click.option("--cohort", "cohort_name", required=True, help="Kohorten med målgruppen.")
@click.option("--case", "case_id", required=True, help="Casen, gevinsten realiseres for.")
@click.option(
    "--comparison",
    default=None,
    help="Kohorten med sammenligningsgruppen (standard: samme som --cohort).",
)
@click.option(
    "--status",
    type=click.Choice(["capacity", "harvested", "reinvested", "not-realised"]),
    default="capacity",
    show_default=True,
    help="Hvad der blev af gevinsten.",
)
@click.option(
    "--harvested-from",
    default=None,
    help="Budgetkontoen, der blev reduceret (kun med --status harvested).",
)
@click.option("--unit", default=None, help="Enheden (standard: casens første effekt på en ydelse).")
@click.option(
    "--account",
    default=None,
    help="Kontoen (standard: enhedens kommunale konto i enhedspriskataloget).",
)
@click.option(
    "--years",
    "years_text",
    default=None,
    help="Fx 2026-2027 (standard: sammenligningens år inden for casens år).",
)
@db_option
@click.option("--dry-run", is_flag=True, help="Tjek og vis linjerne; skriv intet.")
@lang_option
@click.option("--user", default=None, help="Hvem importerer (standard: $GEVINST_USER, login).")
def realise_command(
    cohort_name: str,
    case_id: str,
    comparison: str | None,
    status: str,
    harvested_from: str | None,
    unit: str | None,
    account: str | None,
    years_text: str | None,
    db: Path | None,
    dry_run: bool,
    lang: Lang | None,
    user: str | None,
) -> None:
    """Beregn en cases realiserede gevinst fra en kohortesammenligning og skriv den som
    realiseringslinjer (samme tjek og skrivning som gevinst import --kind realisation)."""
    import getpass

    from gevinst.ingest.realisation import render_summary

    settings = load_settings(db, lang)
    lang_ = settings.lang
    years = service.parse_years(years_text, lang_) if years_text else None
    request = service.RealiseRequest(
        cohort_name, case_id, comparison, status, harvested_from, unit, account, years
    )
    ref = bundled_reference()
    done = service.realise(
        settings.db, request, user or settings.user or getpass.getuser(), lang_, dry_run, ref
    )
    summary = render_summary(
        done.prepared,
        done.outcome.written,
        done.outcome.import_ids,
        done.outcome.already,
        str(settings.db),
        ref,
        lang_,
    )
    out = [
        *report.realisation_lines(done.lines, lang_),
        "",
        "NB: " + cohorts.note(lang_),
        "",
        summary,
    ]
    click.echo("\n".join(out))
