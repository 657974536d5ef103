"""The `gevinst` command line: one group, each command in its own module under `commands/`.

Exit codes are a public contract: 0 success; 2 rejected input (one line per problem on
stderr, `FILE: Sheet!Cell: message`, nothing written); 1 anything else, as a message. A full
disk, a file-size limit or a read-only database met while writing is a message too (exit 1,
`store.db.storage_error`); any other unexpected error stays a traceback, i.e. a bug report.
"""

from __future__ import annotations

import sys

import click

from gevinst.errors import GevinstError, InputRejected


class _Group(click.Group):
    """Turns our errors into exit codes and messages; a traceback is never a user's answer."""

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


def _register() -> None:
    from gevinst.commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register()
