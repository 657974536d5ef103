"""CLI commands, one module each; `COMMANDS` is what `gevinst.cli` registers."""

from __future__ import annotations

import click

from gevinst.commands.backup import backup_command, restore_command
from gevinst.commands.cohort import cohort_command
from gevinst.commands.compare import compare_command
from gevinst.commands.demo import demo_command
from gevinst.commands.evaluate import evaluate_command
from gevinst.commands.export import export_command
from gevinst.commands.gain_share import gain_share_command
from gevinst.commands.history import history_command
from gevinst.commands.importer import import_command
from gevinst.commands.overlaps import overlaps_command
from gevinst.commands.publish import publish_command
from gevinst.commands.purge import purge_command
from gevinst.commands.serve import serve_command
from gevinst.commands.template import template_command
from gevinst.commands.user import user_command

COMMANDS: list[click.Command] = [compare_command, demo_command, evaluate_command,
                                 import_command, serve_command, template_command,
                                 gain_share_command, history_command, overlaps_command,
                                 purge_command, publish_command, export_command, backup_command,
                                 restore_command, user_command, cohort_command]
