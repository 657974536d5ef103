"""Double counting: two cases claiming the same unit, municipality and year are flagged, and
the portfolio total is shown with and without the overlap."""

from __future__ import annotations

import shutil

import polars as pl
import pytest
from click.testing import CliRunner

from gevinst.cli import main
from gevinst.domain.overlap import find_overlaps
from gevinst.store import connect
from gevinst.store.overlap import add_case_persons, claims, persons


def _claims() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "case_id": ["a", "b", "a", "b", "c"],
            "unit_id": ["kontanthjaelp-uge"] * 4 + ["hospital-sengedag"],
            "municipality_code": [169, 169, 169, 169, 169],
            "year": [2027, 2027, 2028, 2029, 2027],
            "claimed_dkk": [-600_000.0, -400_000.0, -100_000.0, -50_000.0, -70_000.0],
        },
        schema_overrides={"municipality_code": pl.Int32, "year": pl.Int32},
    )


def test_same_unit_municipality_and_year_is_flagged_and_the_smaller_claim_removed():
    result = find_overlaps(_claims())
    assert result.pairs.select("year", "kept_case", "other_case", "removed_dkk").rows() == [
        (2027, "a", "b", 400_000.0)
    ]
    totals = {r["year"]: r for r in result.totals.iter_rows(named=True)}
    assert totals[2027]["claimed_dkk"] == -1_070_000.0
    assert totals[2027]["without_overlap_dkk"] == -670_000.0
    assert totals[2028]["without_overlap_dkk"] == -100_000.0  # one case only: no overlap


def test_known_persons_decide_how_much_is_double():
    people = pl.DataFrame(
        {
            "case_id": ["a"] * 4 + ["b"] * 4,
            "person_id": ["p1", "p2", "p3", "p4", "p3", "p4", "p5", "p6"],
        }
    )
    result = find_overlaps(_claims(), people)
    pair = result.pairs.row(0, named=True)
    assert pair["shared_persons"] == 2 and pair["persons_known"]
    assert pair["removed_dkk"] == pytest.approx(200_000.0)  # half of b's persons are a's
    apart = people.with_columns(pl.col("person_id") + pl.col("case_id"))
    assert not find_overlaps(_claims(), apart).any  # distinct persons: no overlap


def test_the_view_and_the_command_find_an_overlap_built_for_the_test(tmp_path, demo_db):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    with connect(db) as con:
        # a copy of a demo case under another id claims exactly the same savings
        for table in ("case_version_registry", "case_version_flow_rows"):
            con.execute(
                f"CREATE TEMP TABLE t AS SELECT * FROM {table} "
                "WHERE case_id = 'tidlig-familieindsats'"
            )
            con.execute("UPDATE t SET case_id = 'tidlig-familieindsats-kopi'")
            con.execute(f"INSERT INTO {table} SELECT * FROM t")
            con.execute("DROP TABLE t")
        pairs = con.execute("SELECT DISTINCT case_a, case_b FROM case_unit_overlaps").fetchall()
        assert pairs == [("tidlig-familieindsats", "tidlig-familieindsats-kopi")]
        result = find_overlaps(claims(con), persons(con))
        claimed = float(result.totals["claimed_dkk"].sum())
        without = float(result.totals["without_overlap_dkk"].sum())
        copy = con.execute(
            "SELECT sum(claimed_dkk) FROM case_unit_claims WHERE case_id = "
            "'tidlig-familieindsats-kopi'"
        ).fetchone()[0]
        assert without == pytest.approx(claimed - float(copy))
        add_case_persons(con, "tidlig-familieindsats", ["x1", "x2"], "test")
        add_case_persons(con, "tidlig-familieindsats-kopi", ["y1"], "test")
        assert con.execute("SELECT count(*) FROM case_unit_overlaps").fetchone() == (0,)
    out = CliRunner().invoke(main, ["overlaps", "--db", str(db)])
    assert out.exit_code == 0 and "Ingen cases" in out.output
