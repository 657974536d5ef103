"""The municipality's frame ceiling: entered with its source, shown against the budget after.

The economy agreement sets the frames for the municipalities as a whole; a municipality's own
ceiling is entered by a controller (`gevinst frame-ceiling set`). Given the demo database
and København's (101) IPS case chosen for the budget, when a service-frame ceiling of
2.000.000.000 kr. is entered for 2026, expect the budget-decision frames to show it, the room
= ceiling − budget after, its source, on the page and in the workbook; without a ceiling the
page says why there is none and how to enter it. Bad input is refused with every problem at
once (exit 2) and nothing is written.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from dashboards import data
from dashboards.views import budget_decision as view
from gevinst.cli import main
from gevinst.reports.budget_decision_workbook import budget_decision_workbook
from gevinst.services import budget_decision as service
from gevinst.services.budget_decision import Choice, with_ceilings

KK = 101
IPS = "ips-mentor-beskaeftigelse"
SOURCE = "Test: KL teknisk serviceramme 2026 (indtastet af controller)"


@pytest.fixture
def db_path(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, copy)
    return copy


def cli(*args: str) -> object:
    return CliRunner().invoke(main, ["frame-ceiling", *args])


def test_set_list_replace_delete(db_path: Path) -> None:
    db = str(db_path)
    first = cli(
        "set",
        "--municipality",
        "101",
        "--year",
        "2026",
        "--amount",
        "1.900.000.000",
        "--source",
        SOURCE,
        "--db",
        db,
    )
    assert first.exit_code == 0, first.output
    assert "Gemt: 101 2026 service 1.900.000.000 kr." in first.output
    again = cli(
        "set",
        "--municipality",
        "101",
        "--year",
        "2026",
        "--amount",
        "2000000000",
        "--source",
        SOURCE,
        "--db",
        db,
    )
    assert "Rettet" in again.output
    listed = cli("list", "--db", db)
    assert listed.output.count("101\t2026\tservice") == 1
    assert "2.000.000.000 kr." in listed.output and SOURCE in listed.output
    assert cli("delete", "--municipality", "101", "--year", "2026", "--db", db).exit_code == 0
    assert "Ingen indtastede" in cli("list", "--db", db).output
    assert cli("delete", "--municipality", "101", "--year", "2026", "--db", db).exit_code == 1


def test_bad_input_is_refused_with_every_problem_and_nothing_written(db_path: Path) -> None:
    result = cli(
        "set",
        "--municipality",
        "999",
        "--year",
        "1999",
        "--frame",
        "servce",
        "--amount",
        "-5",
        "--source",
        " ",
        "--db",
        str(db_path),
    )
    assert result.exit_code == 2
    for place in ("--municipality", "--year", "--frame", "--amount", "--source"):
        assert f"gevinst frame-ceiling: {place}:" in result.output, place
    assert "kommunekoden 999 findes ikke" in result.output
    assert "Ingen indtastede" in cli("list", "--db", str(db_path)).output
    english = cli(
        "set",
        "--municipality",
        "101",
        "--year",
        "2026",
        "--amount",
        "abc",
        "--source",
        "x",
        "--db",
        str(db_path),
        "--lang",
        "en",
    )
    assert english.exit_code == 2 and "is not an amount in DKK" in english.output


def test_with_ceilings_room_is_ceiling_minus_budget_after() -> None:
    frames = pl.DataFrame(
        {
            "budget_frame": ["service", "service"],
            "year": [2026, 2027],
            "budget_dkk": [100.0, 110.0],
            "gain_dkk": [-10.0, 5.0],
            "after_dkk": [110.0, 105.0],
        }
    )
    ceilings = pl.DataFrame(
        {
            "budget_frame": ["service", "construction", "service"],
            "year": [2026, 2027, 2031],
            "ceiling_dkk": [120.0, 50.0, 1.0],
            "source": ["a", "b", "c"],
        }
    )
    got = with_ceilings(frames, ceilings)
    service_2026 = got.filter((pl.col("budget_frame") == "service") & (pl.col("year") == 2026))
    assert service_2026["room_dkk"][0] == pytest.approx(10.0)  # 120 − 110: under the ceiling
    assert service_2026["ceiling_source"][0] == "a"
    assert (
        got.filter((pl.col("budget_frame") == "service") & (pl.col("year") == 2027))["ceiling_dkk"][
            0
        ]
        is None
    )
    # a ceiling for a frame without budget or flows in the period is shown, not dropped
    construction = got.filter(pl.col("budget_frame") == "construction")
    assert construction["room_dkk"][0] == pytest.approx(50.0)
    assert 2031 not in got["year"].to_list()  # outside the budget period


@pytest.fixture
def served(db_path: Path) -> Iterator[object]:
    result = cli(
        "set",
        "--municipality",
        "101",
        "--year",
        "2026",
        "--amount",
        "2.000.000.000",
        "--source",
        SOURCE,
        "--db",
        str(db_path),
    )
    assert result.exit_code == 0, result.output
    database = data.open_for_app(db_path, read_only=True)
    yield database
    data.close()


def test_page_and_workbook_show_the_ceiling_and_the_room(served) -> None:  # type: ignore[no-untyped-def]
    d = service.decide(served, KK, [Choice(IPS)])
    row = d.frames.filter((pl.col("budget_frame") == "service") & (pl.col("year") == 2026))
    after = row["after_dkk"][0]
    assert row["ceiling_dkk"][0] == pytest.approx(2_000_000_000)
    assert row["room_dkk"][0] == pytest.approx(2_000_000_000 - after, abs=0.01)
    text = str(view.frames_table(d, "da"))
    assert "2.000.000" in text and SOURCE in text  # 1.000 kr., with its source
    assert "ikke indtastet" in text  # 2027–2029 have none
    assert "gevinst frame-ceiling set --municipality 101" in str(view.ceiling_note(d, "da"))
    book = openpyxl.load_workbook(io.BytesIO(budget_decision_workbook(d, "København", "da")))
    cells = [c.value for r in book["Oversigt"].iter_rows() for c in r]
    assert "Loft (kr.)" in cells and SOURCE in cells and 2_000_000_000 in cells


def test_without_a_ceiling_the_page_says_how_to_enter_one(demo_db: Path) -> None:
    database = data.open_for_app(demo_db, read_only=True)
    try:
        d = service.decide(database, KK, [Choice(IPS)])
    finally:
        data.close()
    assert d.frames["ceiling_dkk"].null_count() == d.frames.height
    note = str(view.ceiling_note(d, "da"))
    assert "kommunerne under ét" in note and "gevinst frame-ceiling set" in note
    assert "is not public data per municipality" in str(view.ceiling_note(d, "en"))
