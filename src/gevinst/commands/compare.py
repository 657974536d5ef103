"""`gevinst compare CASE.toml…`: cases, scenarios or estimates side by side."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gevinst.cases.evaluation import evaluate_variants, load_cases, scenario_names
from gevinst.cases.schema import ESTIMATES
from gevinst.commands.options import db_option, lang_option
from gevinst.domain.params import MONTE_CARLO_DRAWS
from gevinst.reports import compare
from gevinst.services.case_evaluation import reference_for
from gevinst.settings import Lang, load_settings


@click.command("compare")
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.option(
    "--scenario",
    default="all",
    show_default=True,
    help="Scenariets navn, eller all for alle casens scenarier.",
)
@click.option(
    "--estimate", type=click.Choice([*ESTIMATES, "all"]), default="central", show_default=True
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--draws", type=click.IntRange(0, 1_000_000), default=MONTE_CARLO_DRAWS, show_default=True
)
@lang_option
def compare_command(
    cases: tuple[Path, ...],
    db: Path | None,
    scenario: str,
    estimate: str,
    output_format: str,
    draws: int,
    lang: Lang | None,
) -> None:
    """Sammenlign cases, scenarier eller skøn side om side."""
    settings = load_settings(db, lang)
    ref = reference_for(db)
    estimates = list(ESTIMATES) if estimate == "all" else [estimate]
    results = []
    for item in load_cases(list(cases), ref, settings.lang):
        names = scenario_names(item.case, scenario, str(item.path), settings.lang)
        # mypy: click.Choice keeps the estimates to Estimate's literals
        results.extend(evaluate_variants(item.case, ref, names, estimates, draws))  # type: ignore[arg-type]
    if output_format == "json":
        click.echo(json.dumps(compare.comparison_rows(results), ensure_ascii=False, indent=2))
    else:
        click.echo(compare.render(results, settings.lang), nl=False)
