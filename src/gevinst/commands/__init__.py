"""CLI commands, one module each; `COMMANDS` names them for `gevinst.cli`, which imports a
command's module only when that command runs (or when `--help` lists them all)."""

from __future__ import annotations

#: command name → "module:attribute" under `gevinst.commands`
COMMANDS: dict[str, str] = {
    "backup": "backup:backup_command",
    "cohort": "cohort:cohort_command",
    "compare": "compare:compare_command",
    "demo": "demo:demo_command",
    "evaluate": "evaluate:evaluate_command",
    "export-parquet": "export:export_command",
    "frame-ceiling": "frame_ceiling:frame_ceiling_command",
    "gain-share": "gain_share:gain_share_command",
    "history": "history:history_command",
    "import": "importer:import_command",
    "init": "init:init_command",
    "mapping": "mapping:mapping_command",
    "overlaps": "overlaps:overlaps_command",
    "publish": "publish:publish_command",
    "purge": "purge:purge_command",
    "restore": "backup:restore_command",
    "serve": "serve:serve_command",
    "spark": "spark:spark_command",
    "template": "template:template_command",
    "user": "user:user_command",
}
