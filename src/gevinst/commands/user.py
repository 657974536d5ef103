"""`gevinst user add|list|disable`: the dashboards' logins (admin commands).

They write through the store like every other command: while a server holds the database,
they stop with "database in use" (stop the server, add the user, start it again).
Passwords are read twice from the terminal without echo, or once from standard input with
`--password-stdin`; they never appear on the command line or in the shell's history.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gevinst.commands.options import db_option
from gevinst.errors import GevinstError
from gevinst.reference import bundled_reference
from gevinst.settings import load_settings
from gevinst.store.db import connect, transaction
from gevinst.store.model import build_model
from gevinst.store.users import ROLES, add_user, list_users, set_disabled


@click.group("user")
def user_command() -> None:
    """Brugere til dashboards (users of the dashboards): add, list, disable."""


def _password(from_stdin: bool, sso_only: bool) -> str | None:
    if sso_only:
        return None
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise GevinstError("ingen adgangskode på standard input (no password on stdin)")
        return line
    if not sys.stdin.isatty():
        raise GevinstError(
            "brug --password-stdin uden terminal (use --password-stdin when not on a terminal)"
        )
    return str(
        click.prompt(
            "Adgangskode (password)",
            hide_input=True,
            confirmation_prompt="Gentag adgangskoden (repeat)",
        )
    )


@user_command.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--municipality",
    "municipalities",
    type=int,
    multiple=True,
    help="Kommunekode brugeren må se (kan gentages; admin: alle).",
)
@click.option("--password-stdin", is_flag=True, help="Læs adgangskoden fra standard input.")
@click.option(
    "--sso-only",
    is_flag=True,
    help="Ingen adgangskode: brugeren logger kun ind med single sign-on.",
)
@db_option
def add_command(
    name: str,
    role: str,
    municipalities: tuple[int, ...],
    password_stdin: bool,
    sso_only: bool,
    db: Path | None,
) -> None:
    """Tilføj en bruger (add a user)."""
    settings = load_settings(db)
    password = _password(password_stdin, sso_only)
    with connect(settings.db) as con:
        build_model(con)
        with transaction(con):
            user = add_user(con, name, role, municipalities, password, bundled_reference())
    where = ", ".join(str(c) for c in user.municipalities) or "alle (all)"
    click.echo(f"Bruger {user.username} tilføjet: {user.role}, kommuner {where}")


@user_command.command("list")
@db_option
def list_command(db: Path | None) -> None:
    """Vis brugerne (list the users); never their password hashes."""
    settings = load_settings(db)
    with connect(settings.db) as con:
        build_model(con)
        users = list_users(con)
    for user in users:
        where = ",".join(str(c) for c in user.municipalities) or "*"
        state = "disabled" if user.disabled else "active"
        login = "sso" if user.password_hash is None else "password"
        click.echo(f"{user.username}\t{user.role}\t{where}\t{state}\t{login}")


@user_command.command("disable")
@click.argument("name")
@db_option
def disable_command(name: str, db: Path | None) -> None:
    """Spær en bruger (disable a user); their sessions end."""
    settings = load_settings(db)
    with connect(settings.db) as con:
        build_model(con)
        with transaction(con):
            set_disabled(con, name)
    click.echo(f"Bruger {name.strip().lower()} er spærret (disabled)")
