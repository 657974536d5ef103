"""`gevinst cohort realise` on a copy of the demo database: the IPS case's realised figures
computed from its cohort comparison ((target − comparison) municipal net cost per person × the
target group's size) and written through the realisation import — lines in `realised_gains`
with their status and lineage, a dry run that writes nothing, a re-run that is a no-op, and
refusals (exit 2) for a cohort that does not follow the case and for a group under 5 persons.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.domain.cohort_realisation import CohortRealisationError, realised_by_year
from gevinst.services.cohorts import load_comparison
from gevinst.store import connect
from gevinst.store.reader import Database

IPS = "ips-mentor-beskaeftigelse"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, copy)
    return copy


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["cohort", "realise", *args])


def lines(db: Path) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT g.year, g.unit_id, g.account, CAST(g.amount_dkk AS DOUBLE), g.status, "
            "g.harvested_from_account, l.file_name FROM realised_gains AS g "
            "LEFT JOIN import_log AS l USING (import_id) WHERE g.case_id = ? ORDER BY g.year",
            [IPS],
        ).fetchall()


def imports(db: Path) -> int:
    with connect(db, read_only=True) as con:
        row = con.execute("SELECT count(*) FROM import_registry").fetchone()
    return int(row[0]) if row else 0


def expected(db: Path) -> dict[int, float]:
    """The cohort difference × the target group's size, straight from the comparison."""
    database = Database(db, read_only=True)
    try:
        result = load_comparison(database.query, IPS, None, 101)
    finally:
        database.close()
    table = result.table
    return {
        int(r["year"]): float(r["municipal_dkk_difference"]) * result.persons_target
        for r in table.iter_rows(named=True)
        if 2026 <= r["year"] <= 2035
    }


def test_realise_writes_the_lines_through_the_import(db: Path) -> None:
    assert lines(db) == []
    result = run("--cohort", IPS, "--case", IPS, "--db", str(db), "--user", "tester")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ikke en randomiseret kontrolgruppe" in out
    assert "× 120 personer" in out and "Skrevet til" in out
    written = lines(db)
    want = expected(db)
    assert sorted(want) == [2026, 2027] and [r[0] for r in written] == [2026, 2027]
    for year, unit, account, amount, status, harvested, file_name in written:
        assert unit == "kontanthjaelp-uge" and account == "5.57.73"
        assert status == "capacity" and harvested is None
        assert amount == pytest.approx(want[year], abs=0.01)
        assert amount < 0  # the demo's target group costs the municipality less
        assert file_name == f"cohort-{IPS}-{IPS}.csv"
    with connect(db, read_only=True) as con:
        user = con.execute(
            "SELECT imported_by FROM import_registry WHERE kind = 'realisation' "
            "ORDER BY import_id DESC LIMIT 1"
        ).fetchone()
    assert user == ("tester",)


def test_dry_run_writes_nothing_and_a_rerun_is_a_no_op(db: Path) -> None:
    before = imports(db)
    dry = run("--cohort", IPS, "--case", IPS, "--db", str(db), "--dry-run", "--lang", "en")
    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing written" in dry.stdout and "not a randomised control" in dry.stdout
    assert imports(db) == before and lines(db) == []
    first = run("--cohort", IPS, "--case", IPS, "--db", str(db))
    assert first.exit_code == 0, first.output
    after = imports(db)
    assert after == before + 1
    again = run("--cohort", IPS, "--case", IPS, "--db", str(db), "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "Already imported" in again.stdout
    assert imports(db) == after and len(lines(db)) == 2


def test_harvested_with_options(db: Path) -> None:
    refused = run("--cohort", IPS, "--case", IPS, "--status", "harvested", "--db", str(db))
    assert refused.exit_code == 2 and lines(db) == []
    result = run(
        "--cohort",
        IPS,
        "--case",
        IPS,
        "--comparison",
        IPS,
        "--status",
        "harvested",
        "--harvested-from",
        "5.57.73",
        "--unit",
        "sygedagpenge-uge",
        "--account",
        "5.57.71",
        "--years",
        "2027",
        "--db",
        str(db),
    )
    assert result.exit_code == 0, result.output
    written = lines(db)
    assert [r[:3] for r in written] == [(2027, "sygedagpenge-uge", "5.57.71")]
    assert written[0][4:6] == ("harvested", "5.57.73")
    assert written[0][3] == pytest.approx(expected(db)[2027], abs=0.01)


def test_a_cohort_that_does_not_follow_the_case_is_refused(db: Path) -> None:
    other = run("--cohort", IPS, "--case", "tidlig-familieindsats", "--db", str(db))
    assert other.exit_code == 2
    assert "kommune 169" in other.output
    unknown = run("--cohort", "ingen-saadan", "--case", IPS, "--db", str(db))
    assert unknown.exit_code == 2
    no_case = run("--cohort", IPS, "--case", "ingen-sag", "--db", str(db))
    assert no_case.exit_code == 2
    outside = run("--cohort", IPS, "--case", IPS, "--years", "2030", "--db", str(db))
    assert outside.exit_code == 2
    assert lines(db) == []


def test_a_group_under_five_persons_is_refused(db: Path, tmp_path: Path) -> None:
    with connect(db, read_only=True) as con:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT person_id FROM cohort_members WHERE cohort_id = ? AND group_name = 'target' "
                "ORDER BY person_id LIMIT 3",
                [IPS],
            ).fetchall()
        ]
    ids_file = tmp_path / "tiny.csv"
    ids_file.write_text("person_id\n" + "\n".join(ids) + "\n", encoding="utf-8")
    defined = CliRunner().invoke(
        main,
        [
            "cohort",
            "define",
            "tiny",
            "--ids",
            str(ids_file),
            "--municipality",
            "101",
            "--db",
            str(db),
        ],
    )
    assert defined.exit_code == 0, defined.output
    before = imports(db)
    result = run(
        "--cohort", "tiny", "--comparison", IPS, "--case", IPS, "--db", str(db), "--lang", "en"
    )
    assert result.exit_code == 2
    assert "fewer than 5 persons" in result.output and "<5" in result.output
    assert imports(db) == before and lines(db) == []


def test_realised_by_year_is_the_difference_times_the_target_size() -> None:
    table = pl.DataFrame(
        {
            "year": [2026, 2027],
            "persons_target": [10, 3],
            "persons_comparison": [20, 20],
            "municipal_dkk_target": [100.0, None],
            "municipal_dkk_comparison": [150.0, None],
            "municipal_dkk_difference": [-50.0, None],
        }
    )
    [row] = realised_by_year(table, [2026])
    assert row.amount_dkk == -500.0 and row.difference_per_person_dkk == -50.0
    with pytest.raises(CohortRealisationError) as small:
        realised_by_year(table)
    assert small.value.reason == "too_small"
    with pytest.raises(CohortRealisationError) as missing:
        realised_by_year(table, [2030])
    assert missing.value.reason == "no_year"
