"""`gevinst template KIND -o FILE`: a fillable, documented file to start an import (or a case).

Kinds dispatch through `TEMPLATES`, so adding one (the case template) is one entry."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import click

from gevinst.cases.template import write_case_template
from gevinst.templates import write_import_template

TEMPLATES: dict[str, Callable[[Path], None]] = {
    "budget": partial(write_import_template, "budget"),
    "accounts": partial(write_import_template, "accounts"),
    "case": write_case_template,
}


@click.command("template")
@click.argument("kind", type=click.Choice(sorted(TEMPLATES)))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Filen der skal skrives, fx budget.xlsx eller case.toml.",
)
def template_command(kind: str, output: Path) -> None:
    """Skriv en skabelon: budget, accounts (xlsx) eller case (TOML)."""
    TEMPLATES[kind](output)
    click.echo(str(output))
