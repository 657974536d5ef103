"""`gevinst spark FILE|FOLDER… --out DIR [--check]`: the benefit-weeks model on Apache Spark.

Parses the options and prints; the run is `services.spark_run.run_spark`. Exit 0 when the run
(and the check) succeeded, 2 when the input was refused (one line per problem), 1 when Spark and
DuckDB disagree (after the first rows that differ) or anything else went wrong.
"""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import lang_option
from gevinst.messages import msg, register
from gevinst.settings import Lang, load_settings

register(
    {
        "spark.done": {
            "da": "Spark ({master}): {rows} personuger fra {files} filer på {seconds} s → {out}",
            "en": "Spark ({master}): {rows} person-weeks from {files} files in {seconds} s → {out}",
        },
        "spark.year": {
            "da": "  {year}: {rows} uger, brutto {gross}, stat {state}, kommune {municipal}",
            "en": "  {year}: {rows} weeks, gross {gross}, state {state}, municipality {municipal}",
        },
        "spark.check_ok": {
            "da": "Tjek mod DuckDB: alle {rows} rækker ens (højst 0,005 kr. pr. række og "
            "betaler; DuckDB {seconds} s)",
            "en": "Check against DuckDB: all {rows} rows agree (at most 0.005 kr. per row and "
            "payer; DuckDB {seconds} s)",
        },
        "spark.check_rows": {
            "da": "Første rækker der afviger (DuckDB mod Spark):",
            "en": "First rows that differ (DuckDB against Spark):",
        },
    }
)


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Mappe til resultatet (parquet pr. kommune og år).",
)
@click.option(
    "--municipality",
    type=int,
    default=None,
    help="Kommunekode for filer uden for en mappe municipality_code=NNN.",
)
@click.option(
    "--master",
    default="local[*]",
    show_default=True,
    help="Spark master: local[*] på én maskine, spark://host:7077 eller yarn i drift.",
)
@click.option(
    "--driver-memory", default="4g", show_default=True, help="Hukommelse til Spark-driveren."
)
@click.option("--executor-memory", default=None, help="Hukommelse pr. executor (klynge).")
@click.option(
    "--partitions",
    type=int,
    default=None,
    help="Shuffle-partitioner (standard: 2 × kerner lokalt, ellers Sparks).",
)
@click.option(
    "--check", is_flag=True, help="Kør de samme filer gennem DuckDB og sammenlign hver række."
)
@lang_option
def spark_command(
    inputs: tuple[Path, ...],
    out: Path,
    municipality: int | None,
    master: str,
    driver_memory: str,
    executor_memory: str | None,
    partitions: int | None,
    check: bool,
    lang: Lang | None,
) -> None:
    """Kør benefit-weeks-modellen på Apache Spark (og tjek den mod DuckDB med --check)."""
    from gevinst import fmt
    from gevinst.services.spark_run import check_failed, run_spark
    from gevinst.spark.session import SparkOptions

    settings = load_settings(None, lang)
    lang_ = settings.lang
    options = SparkOptions(master, driver_memory, executor_memory, partitions)
    run = run_spark(list(inputs), out, options, municipality, check, lang=lang_)
    click.echo(
        msg(
            "spark.done",
            lang_,
            master=master,
            rows=fmt.number(run.rows, lang=lang_),
            files=len(run.files),
            seconds=f"{run.spark_seconds:.0f}",
            out=out,
        )
    )
    for year, rows, gross, state, municipal in run.by_year:
        click.echo(
            msg(
                "spark.year",
                lang_,
                year=year,
                rows=fmt.number(rows, lang=lang_),
                gross=fmt.kr(gross, 0, lang_),
                state=fmt.kr(state, 0, lang_),
                municipal=fmt.kr(municipal, 0, lang_),
            )
        )
    comparison = run.comparison
    if comparison is None:
        return
    if comparison.equal:
        click.echo(
            msg(
                "spark.check_ok",
                lang_,
                rows=fmt.number(comparison.duckdb_rows, lang=lang_),
                seconds=f"{comparison.duckdb_seconds:.0f}",
            )
        )
        return
    from gevinst.store.weeks_check import COLUMNS

    click.echo(msg("spark.check_rows", lang_), err=True)
    click.echo("  " + " | ".join(COLUMNS), err=True)
    for row in comparison.first:
        click.echo("  " + " | ".join("" if v is None else str(v) for v in row), err=True)
    raise check_failed(comparison, lang_)
