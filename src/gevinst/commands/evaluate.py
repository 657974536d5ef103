"""`gevinst evaluate CASE.toml…`: who pays, who gains, net of refusion, and when."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.cases.evaluation import evaluate_variants, load_cases, scenario_names
from gevinst.cases.schema import ESTIMATES
from gevinst.commands.options import db_option, lang_option, progress
from gevinst.domain.params import MONTE_CARLO_DRAWS
from gevinst.errors import GevinstError
from gevinst.reports import serialise, table, workbook
from gevinst.services.case_evaluation import reference_for, save_cases
from gevinst.settings import Lang, load_settings


@click.command("evaluate")
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.option(
    "--estimate",
    type=click.Choice([*ESTIMATES, "all"]),
    default="central",
    show_default=True,
    help="low (pessimistisk), central, high eller all.",
)
@click.option(
    "--scenario",
    default="basis",
    show_default=True,
    help="Scenariets navn, eller all for alle casens scenarier.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Skriv til en fil i stedet for skærmen (påkrævet for xlsx).",
)
@click.option("--save", is_flag=True, help="Gem casen med alle scenarier og skøn i databasen.")
@click.option(
    "--draws",
    type=click.IntRange(0, 1_000_000),
    default=MONTE_CARLO_DRAWS,
    show_default=True,
    help="Monte Carlo-trækninger (0 = ingen).",
)
@lang_option
def evaluate_command(
    cases: tuple[Path, ...],
    db: Path | None,
    estimate: str,
    scenario: str,
    output_format: str,
    output: Path | None,
    save: bool,
    draws: int,
    lang: Lang | None,
) -> None:
    """Beregn cases: udgifter og gevinster pr. betaler og år, netto efter refusion."""
    settings = load_settings(db, lang)
    ref = reference_for(db)
    loaded = load_cases(list(cases), ref, settings.lang)
    estimates = list(ESTIMATES) if estimate == "all" else [estimate]
    results = []
    with progress(loaded, "Beregner") as items:
        for item in items:
            names = scenario_names(item.case, scenario, str(item.path), settings.lang)
            # mypy: click.Choice keeps the estimates to Estimate's literals
            results.extend(evaluate_variants(item.case, ref, names, estimates, draws))  # type: ignore[arg-type]
    if output_format == "xlsx":
        if output is None:
            raise GevinstError("--format xlsx kræver -o FIL.xlsx (needs -o FILE.xlsx)")
        workbook.write_workbook(results, ref, output, settings.lang)
    else:
        text = {
            "table": lambda: table.render(results, ref, settings.lang),
            "json": lambda: serialise.to_json(results),
            "csv": lambda: serialise.flows_csv(results),
        }[output_format]()
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
    if save:
        save_cases(settings.db, loaded, ref, settings.user or "cli", draws)
        click.echo(f"Gemt i {settings.db} ({len(loaded)} case(s))", err=True)
