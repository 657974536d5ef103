"""The `gevinst` command line: one group, each command in its own module under `commands/`.

Exit codes are a public contract: 0 success; 2 rejected input (one line per problem on
stderr, `FILE: Sheet!Cell: message`, nothing written); 1 anything else, as a message. A full
disk, a file-size limit or a read-only database met while writing is a message too (exit 1,
`store.db.storage_error`); any other unexpected error stays a traceback, i.e. a bug report.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading

import click

from gevinst.errors import GevinstError, InputRejected


class _Group(click.Group):
    """Turns our errors into exit codes and messages; a traceback is never a user's answer.

    Commands are imported when they run, not all at start: `gevinst import` should not pay
    for the dashboards' and reports' imports (half a second of its start), nor should the
    reader's fork server, which imports the console script again. (`gevinst import` starts
    its reading itself, before its own modules load: `commands.importer`.)
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        from gevinst.commands import COMMANDS

        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from gevinst.commands import COMMANDS

        where = COMMANDS.get(cmd_name)
        if where is None:  # a command added with `add_command` (tests build groups that way)
            return super().get_command(ctx, cmd_name)
        module, attribute = where.split(":")
        command = getattr(importlib.import_module(f"gevinst.commands.{module}"), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name, where
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InputRejected as exc:
            for problem in exc.problems:
                click.echo(problem.line(), err=True)
            sys.exit(2)
        except GevinstError as exc:
            click.echo(f"gevinst: {exc}", err=True)
            sys.exit(1)
        except Exception as exc:
            from gevinst.store.db import storage_error

            known = storage_error(exc)
            if known is None:
                raise
            click.echo(f"gevinst: {known}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="gevinst")
def main() -> None:
    """gevinst: hvor kommer en investeret krone tilbage, til hvem og hvornår."""


def run() -> None:
    """The console script (`gevinst`, `python -m gevinst`): `main`, then a quick exit.

    Once a command has finished and its output is flushed nothing is left to do, yet Python's
    orderly shutdown still tears down every module the command imported (polars, duckdb,
    pydantic: 0,06-0,1 s, a sixth of what a whole import of a budget workbook may take).
    `os._exit` skips that, but only when no other thread that Python would wait for is alive
    (anything a command left running gets the ordinary exit) and never for an unexpected
    exception, which ends the ordinary way, with its traceback.
    """
    try:
        main()  # standalone mode: always ends in SystemExit
    except SystemExit as exc:
        code = exc.code
    else:  # pragma: no cover - click's standalone mode exits
        code = 0
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    waited_for = [
        t for t in threading.enumerate() if not t.daemon and t is not threading.main_thread()
    ]
    if waited_for:
        sys.exit(code)
    os._exit(code or 0)
