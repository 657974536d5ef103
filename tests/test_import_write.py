"""The write: idempotent re-import, versions, dry run, a kill mid-write, the template round trip
and the documented views."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from _import_fixtures import (
    Line,
    budget_totals,
    db_content,
    lines_fixture,
    long_workbook,
    run_import,
    totals,
    wide_workbook,
)
from gevinst.cli import main
from gevinst.store import build_model

LINES = lines_fixture()


def test_reimporting_identical_content_is_a_noop_that_says_so(tmp_path: Path) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", LINES)
    db = tmp_path / "g.duckdb"
    assert run_import([path], db).exit_code == 0
    before = db_content(db)
    again = run_import([path], db)
    assert again.exit_code == 0
    assert (
        "Intet at gøre: b.xlsx er allerede importeret for kommune 169 (budget) som import 1"
        in again.output
    )
    assert db_content(db) == before


def test_a_new_version_replaces_the_old_which_stays_queryable(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], db).exit_code == 0
    revised = [Line(x.account, x.year, x.kind, x.amount + 1000, x.committee) for x in LINES]
    result = run_import([wide_workbook(tmp_path / "v2.xlsx", revised)], db)
    assert result.exit_code == 0, result.output
    assert "B2026 bliver version 2" in result.output
    assert budget_totals(db) == totals(revised)
    with duckdb.connect(str(db), read_only=True) as con:
        old = con.execute(
            "SELECT year, budget_kind, sum(amount_dkk) FROM budget_line_versions "
            "WHERE version = 1 AND NOT is_current GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        log = con.execute(
            "SELECT import_id, file_name, rows, version, budget_kinds, imported_by "
            "FROM import_log ORDER BY import_id"
        ).fetchall()
        current = con.execute("SELECT DISTINCT version, import_id FROM budget_lines").fetchall()
    assert {(y, k): Decimal(t) for y, k, t in old} == totals(LINES)
    assert log == [(1, "v1.xlsx", 6, 1, "B,BO", "test"), (2, "v2.xlsx", 6, 2, "B,BO", "test")]
    assert current == [(2, 2)]


def test_a_budget_and_its_accounts_live_side_by_side(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "b.xlsx", LINES)], db).exit_code == 0
    accounts = [Line("5.28.21", 2025, "R", Decimal("1199999.99"))]
    assert (
        run_import([long_workbook(tmp_path / "r.xlsx", accounts)], db, kind="accounts").exit_code
        == 0
    )
    assert budget_totals(db) == {**totals(LINES), (2025, "R"): Decimal("1199999.99")}


def test_dry_run_writes_nothing_and_does_not_create_the_database(tmp_path: Path) -> None:
    path = wide_workbook(tmp_path / "b.xlsx", LINES)
    db = tmp_path / "g.duckdb"
    result = run_import([path], db, "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        "Prøvekørsel (--dry-run): intet er skrevet. Ville skrive import 1, 6 linjer"
        in result.output
    )
    assert "B2026 bliver version 1" in result.output
    assert not db.exists()
    assert run_import([path], db).exit_code == 0
    before = db_content(db)
    revised = [Line(x.account, x.year, x.kind, x.amount + 1, x.committee) for x in LINES]
    dry = run_import([wide_workbook(tmp_path / "v2.xlsx", revised)], db, "--dry-run")
    assert "Ville skrive import 2" in dry.output and "B2026 bliver version 2" in dry.output
    assert db_content(db) == before


def test_a_killed_import_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], db).exit_code == 0
    before = db_content(db)
    revised = [Line(x.account, x.year, x.kind, x.amount * 2, x.committee) for x in LINES]
    v2 = wide_workbook(tmp_path / "v2.xlsx", revised)
    env = {**os.environ, "GEVINST_TEST_PAUSE_BEFORE_COMMIT": "30"}
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from gevinst.cli import main; main()",
            "import",
            str(v2),
            "--kind",
            "budget",
            "--municipality",
            "169",
            "--db",
            str(db),
        ],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stderr is not None
        assert "paused before commit" in child.stderr.readline()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert db_content(db) == before
    result = run_import([v2], db)
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == totals(revised)


def test_a_write_begun_before_the_checks_is_undone_when_they_reject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI writes the lines while their last checks run (`PendingWrite`); a batch those
    checks reject leaves the database as it was and a database it created is removed."""
    import gevinst.services.import_file as service
    from gevinst.store.imports import BudgetBatch, PendingWrite
    from gevinst.store.write_ahead import WriteAhead

    begun: list[PendingWrite] = []

    class Watched(PendingWrite):
        def __init__(self, ahead: WriteAhead, batch: BudgetBatch) -> None:
            super().__init__(ahead, batch)
            begun.append(self)

    monkeypatch.setattr(service, "PendingWrite", Watched)
    fresh = tmp_path / "fresh.duckdb"
    too_large = run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], fresh, "--max-amount", "1")
    assert too_large.exit_code == 2 and "1 kr." in too_large.output, too_large.output
    assert len(begun) == 1 and not fresh.exists()
    db = tmp_path / "g.duckdb"
    assert run_import([wide_workbook(tmp_path / "v1.xlsx", LINES)], db).exit_code == 0
    before = db_content(db)
    revised = [Line(x.account, x.year, x.kind, x.amount * 2, x.committee) for x in LINES]
    v2 = wide_workbook(tmp_path / "v2.xlsx", revised)
    assert run_import([v2], db, "--max-amount", "1").exit_code == 2
    assert len(begun) == 3 and db_content(db) == before  # v1's own write, then v2's
    assert run_import([v2], db).exit_code == 0
    assert budget_totals(db) == totals(revised)


def test_a_filled_in_template_imports_without_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    result = CliRunner().invoke(main, ["template", "budget", "-o", str(path)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    ws = wb["Budget"]
    assert [c.value for c in ws[1]][:3] == ["År", "Budgettype", "Konto"]
    assert "Vejledning" in wb.sheetnames
    assert len(ws.data_validations.dataValidation) >= 4
    rows = [
        (
            2026,
            "B",
            "5.28.21",
            1,
            4,
            "Børne- og Familieudvalget",
            "Børn og Familie",
            "1001",
            '=HYPERLINK("x")',
            1_500_000,
        ),
        (2027, "BO", "52822", 1, 4, "Børne- og Familieudvalget", None, None, None, 250_000.5),
    ]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"
    wb.save(path)
    db = tmp_path / "g.duckdb"
    imported = run_import([path], db)
    assert imported.exit_code == 0, imported.output
    assert budget_totals(db) == {
        (2026, "B"): Decimal(1_500_000),
        (2027, "BO"): Decimal("250000.50"),
    }


def test_the_accounts_template_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    assert CliRunner().invoke(main, ["template", "accounts", "-o", str(path)]).exit_code == 0
    db = tmp_path / "g.duckdb"
    assert run_import([path], db, kind="accounts").exit_code == 0
    assert budget_totals(db) == {(2026, "R"): Decimal(1_200_000)}


def test_import_views_are_the_contract_and_documented() -> None:
    con = duckdb.connect()
    build_model(con)

    def columns(view: str) -> list[str]:
        return [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [view],
            ).fetchall()
        ]

    assert columns("budget_lines") == [
        "municipality_code",
        "year",
        "budget_kind",
        "version",
        "account",
        "dranst",
        "art",
        "committee",
        "department",
        "cost_centre",
        "amount_dkk",
        "import_id",
        "source_file",
        "source_sheet",
        "source_row",
        "source_rows",  # issue 11: a line summed from a posting file names every row it sums
    ]
    assert columns("import_log")[:8] == [
        "import_id",
        "kind",
        "municipality_code",
        "file_name",
        "sha256",
        "rows",
        "imported_at",
        "imported_by",
    ]
    undocumented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN "
        "('budget_lines', 'budget_line_versions', 'import_log') AND comment IS NULL"
    ).fetchall()
    assert undocumented == []
