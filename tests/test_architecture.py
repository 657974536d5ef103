"""Rules of the tree that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

import gevinst

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(gevinst.__file__).parent


def test_only_store_opens_duckdb():
    opens = re.compile(r"duckdb\.connect\(")
    offenders = [
        str(p.relative_to(ROOT))
        for base in (PACKAGE, ROOT / "dashboards")
        for p in base.rglob("*.py")
        if opens.search(p.read_text(encoding="utf-8")) and "store" not in p.relative_to(base).parts
    ]
    assert offenders == []


def test_the_domain_knows_nothing_of_files_sql_or_dash():
    forbidden = re.compile(
        r"^\s*(import|from)\s+(duckdb|dash|flask|openpyxl|fastexcel)\b", re.MULTILINE
    )
    offenders = [
        p.name
        for p in (PACKAGE / "domain").rglob("*.py")
        if forbidden.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_public_surface():
    assert set(gevinst.__all__) == {"GevinstError", "InputRejected", "Problem", "__version__"}


def test_every_command_module_is_listed_and_loads_under_its_name():
    import click

    from gevinst.cli import main
    from gevinst.commands import COMMANDS

    modules = {p.stem for p in (PACKAGE / "commands").glob("*.py")} - {"__init__"}
    listed = {where.split(":")[0] for where in COMMANDS.values()}
    assert modules - listed == _HELPERS
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
    assert main.get_command(context, "no-such-command") is None


# command modules that hold shared pieces, not a command of their own
_HELPERS = {"import_key_figures", "import_results", "options"}


def test_the_cli_starts_without_importing_any_command():
    """`gevinst import` pays for its own imports only, and so does the reader's fork server,
    which imports the console script again."""
    import subprocess
    import sys

    code = (
        "import sys; import gevinst.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('gevinst.commands.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_the_console_script_flushes_its_output_and_keeps_the_exit_code(tmp_path):
    """`run` leaves with `os._exit` (no interpreter teardown), so it must flush first: output
    to a pipe is block-buffered and would otherwise be lost."""
    import subprocess
    import sys

    version = subprocess.run(
        [sys.executable, "-m", "gevinst", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and "version" in version.stdout
    bad = tmp_path / "b.csv"
    bad.write_text("Konto;År;Budgettype;Beløb\n5.28.21;2026;B;mange\n", encoding="utf-8")
    rejected = subprocess.run(
        [
            sys.executable,
            "-m",
            "gevinst",
            "import",
            str(bad),
            "--kind",
            "budget",
            "--municipality",
            "169",
            "--db",
            str(tmp_path / "g.duckdb"),
        ],
        capture_output=True,
        text=True,
    )
    assert rejected.returncode == 2
    assert "b.csv: D2:" in rejected.stderr
    assert not (tmp_path / "g.duckdb").exists()


def test_the_layer_contracts_hold() -> None:
    """DESIGN "Layers" as `import-linter` contracts (pyproject.toml), the same check
    `.ci/run` runs as `lint-imports`: no domain → store, store → demo, ingest → store, nothing
    but the CLI → commands, no import circles inside a package."""
    import subprocess
    import sys

    code = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports({str(ROOT / 'pyproject.toml')!r}, no_cache=True, "
        "no_logo=True))"
    )
    checked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-2000:]
