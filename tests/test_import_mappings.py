"""Issue 11, point 7 through the CLI: a mapping given once is saved for the municipality
under a name, keyed by the header signature, used again for the next file with the same
header (the summary says which), and listed, shown and deleted with `gevinst mapping`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from _import_fixtures import budget_totals, run_import
from gevinst.cli import main


def ramme(path: Path, scale: int = 1) -> Path:
    """A budget whose headers nothing recognises: Bevillingsramme, Område, Sted, Bev 2026."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Drift"
    ws.append(["Økonomiafdelingen, budget 2026 (1.000 kr.)"])
    ws.append([])
    ws.append(["Bevillingsramme", "Område", "Sted", "Bev 2026", "Bev 2027"])
    ws.append(["6.45.51", "Økonomiudvalget", "Rådhus", 183_597 * scale, 185_432 * scale])
    ws.append(["3.22.01", "Børne- og Skoleudvalget", "Skoler", 484_101 * scale, 488_942 * scale])
    ws.append(["0.28.20", "Teknik- og Miljøudvalget", "Park", 9_918 * scale, 10_017 * scale])
    wb.save(path)
    return path


MAPPING = """[columns]
"Bevillingsramme" = "account"
"Område" = "committee"
"Sted" = "cost_centre"
"Bev 2026" = "B2026"
"Bev 2027" = "BO2027"
"""


def mapping_cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["mapping", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_mapping_given_once_is_saved_and_found_for_the_next_file(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    first = ramme(tmp_path / "ramme.xlsx")
    refused = run_import([first], db)
    assert refused.exit_code == 2 and "fandt ingen budgettabel" in refused.output
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    given = run_import([first], db, "--mapping", str(mapping), "--mapping-name", "Rammer")
    assert given.exit_code == 0, given.output
    assert "gemmes for kommunen som 'Rammer'" in given.output
    # next year's file of the same export: other amounts, same header
    second = ramme(tmp_path / "ramme-2.xlsx", scale=2)
    again = run_import([second], db, "--replace-all")
    assert again.exit_code == 0, again.output
    assert "mapping brugt: 'Rammer' (gemt for kommunen" in again.output
    assert budget_totals(db) == {
        (2026, "B"): Decimal(1_355_232_000),
        (2027, "BO"): Decimal(1_368_782_000),
    }
    # another municipality has no such mapping
    other = run_import([second], tmp_path / "other.duckdb", municipality=101)
    assert other.exit_code == 2


def test_mapping_list_show_delete(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    mapping = tmp_path / "kmd-rammer.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    assert run_import([ramme(tmp_path / "r.xlsx")], db, "--mapping", str(mapping)).exit_code == 0
    listed = mapping_cli("list", "--db", str(db))
    assert "169\tkmd-rammer\t" in listed  # named after the mapping file
    assert "bevillingsramme|omrade|sted|bevyyyy|bevyyyy" in listed
    shown = mapping_cli("show", "kmd-rammer", "--municipality", "169", "--db", str(db))
    assert '"sted" = "cost_centre"' in shown and '"bev 2026" = "B2026"' in shown
    (tmp_path / "shown.toml").write_text(shown, encoding="utf-8")  # it is a --mapping file
    dry = run_import(
        [ramme(tmp_path / "s.xlsx")],
        tmp_path / "x.duckdb",
        "--mapping",
        str(tmp_path / "shown.toml"),
        "--dry-run",
    )
    assert dry.exit_code == 0, dry.output
    assert "Slettet: kmd-rammer (169)" in mapping_cli(
        "delete", "kmd-rammer", "--municipality", "169", "--db", str(db)
    )
    assert "Ingen gemte mappings" in mapping_cli("list", "--db", str(db))
    gone = CliRunner().invoke(
        main, ["mapping", "delete", "kmd-rammer", "--municipality", "169", "--db", str(db)]
    )
    assert gone.exit_code != 0 and "ingen mapping 'kmd-rammer'" in gone.output
