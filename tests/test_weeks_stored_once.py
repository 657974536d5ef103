"""Each imported person-week is stored once: in benefit_weeks_rows, beside what the model computed.

The import's model reads the files' rows from the files (the view stg_benefit_weeks_incoming,
redefined inside the transaction); a later import or a purge rebuilds a municipality from the
stored rows. Both paths give the same rows; a database of the older layout (a raw table beside
the rows) is moved to this one without losing a row; the audit notices a row that is not stored.
"""

from __future__ import annotations

import duckdb
import pytest

from gevinst.errors import GevinstError
from gevinst.store import benefit_weeks as store
from gevinst.store import build_model, run_audits
from gevinst.store.benefit_weeks import import_benefit_weeks, materialise, purge
from tests._weeks_fixtures import generated_weeks, worked_weeks

COLUMNS = (
    "municipality_code, person_id, week_start, benefit, gross_dkk, counter_week, state_share, "
    "state_dkk, municipal_dkk, source_row"
)
HEADER = "person_id;week_start;benefit;amount_dkk;counter_week_at_start\n"


def query(db, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def weeks_of(db, import_id: int) -> list[tuple]:
    return query(
        db, f"SELECT {COLUMNS} FROM benefit_weeks WHERE import_id = {import_id} ORDER BY ALL"
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stored-once")
    generated, worked = folder / "generated.parquet", folder / "worked.csv"
    generated_weeks(generated, persons=400, span=200, seed=5)
    worked_weeks(worked)
    return generated, worked


def test_an_import_stores_each_row_once_and_leaves_no_incoming_view(tmp_path, files):
    generated, _ = files
    db = tmp_path / "g.duckdb"
    import_benefit_weeks(db, [generated], 169, "test")
    file_rows = query(db, f"SELECT count(*) FROM read_parquet('{generated}')")[0][0]
    tables = {r[0] for r in query(db, "SELECT table_name FROM duckdb_tables()")}
    assert "raw_benefit_weeks" not in tables
    assert query(db, "SELECT count(*) FROM benefit_weeks_rows") == [(file_rows,)]
    assert query(db, "SELECT count(*) FROM stg_benefit_weeks_incoming") == [(0,)]
    # the view shows the file's fields as the file gave them, row for row
    assert query(
        db,
        "SELECT person_id, week_start, benefit, amount_dkk FROM raw_benefit_weeks ORDER BY ALL",
    ) == query(
        db,
        f"SELECT person_id, week_start, benefit, amount_dkk FROM read_parquet('{generated}') "
        "ORDER BY ALL",
    )


def test_read_from_the_file_or_rebuilt_from_storage_the_rows_are_the_same(tmp_path, files):
    generated, worked = files
    alone, both = tmp_path / "alone.duckdb", tmp_path / "both.duckdb"
    import_benefit_weeks(alone, [generated], 169, "test")
    import_benefit_weeks(both, [worked], 169, "test")
    # the second import rebuilds the municipality: the worked examples from storage, the new
    # file's rows read from the file
    import_benefit_weeks(both, [generated], 169, "test")
    assert weeks_of(both, 2) == weeks_of(alone, 1)
    # a purge rebuilds from storage alone
    purge(both, "test", import_ids=[1])
    assert weeks_of(both, 2) == weeks_of(alone, 1)
    assert query(both, "SELECT count(*) FROM raw_benefit_weeks WHERE import_id = 1") == [(0,)]


def test_a_file_changed_during_the_import_is_refused_and_nothing_written(tmp_path, monkeypatch):
    db = tmp_path / "g.duckdb"
    path = tmp_path / "w.csv"
    path.write_text(HEADER + "a1;2026-01-05;kontanthjaelp;3000;\n", encoding="utf-8")
    totals = store._totals_by_year

    def rewrite_then_total(con, import_ids):
        path.write_text(HEADER + "a1;2026-01-05;kontanthjaelp;-9000;\n", encoding="utf-8")
        return totals(con, import_ids)

    monkeypatch.setattr(store, "_totals_by_year", rewrite_then_total)
    with pytest.raises(GevinstError, match="blev ændret under importen"):
        import_benefit_weeks(db, [path], 169, "test")
    assert query(db, "SELECT count(*) FROM benefit_weeks_rows") == [(0,)]
    assert query(db, "SELECT count(*) FROM import_registry") == [(0,)]
    assert query(db, "SELECT count(*) FROM stg_benefit_weeks_incoming") == [(0,)]


def test_the_audit_notices_a_stored_row_gone(tmp_path, files):
    _, worked = files
    db = tmp_path / "g.duckdb"
    import_benefit_weeks(db, [worked], 169, "test")
    with duckdb.connect(str(db)) as con:
        assert run_audits(con) == {}
        con.execute("DELETE FROM benefit_weeks_rows WHERE source_row = 2")
        failures = run_audits(con)
    assert [r[0] for r in failures["benefit_weeks_counted"]] == ["missing"]


def test_a_database_of_the_older_layout_keeps_every_row(tmp_path):
    db = tmp_path / "old.duckdb"
    path = tmp_path / "w.csv"
    path.write_text(
        HEADER + "a1;2026-01-05;kontanthjaelp;3000;30\n"
        "a1;2026-01-12;kontanthjaelp;3000;\nb1;2026-01-05;dagpenge;2500,50;\n",
        encoding="utf-8",
    )
    import_benefit_weeks(db, [path], 169, "test")
    before = weeks_of(db, 1)
    with duckdb.connect(str(db)) as con:
        # the older layout: the file's rows in a table of their own, the derived rows without
        # counter_week_at_start — and one raw row whose derived row is missing
        con.execute("CREATE TABLE old_raw AS SELECT * FROM raw_benefit_weeks")
        con.execute("DROP VIEW raw_benefit_weeks")
        con.execute("DROP VIEW stg_benefit_weeks_incoming")
        con.execute("ALTER TABLE old_raw RENAME TO raw_benefit_weeks")
        con.execute("ALTER TABLE benefit_weeks_rows DROP COLUMN counter_week_at_start")
        con.execute("DELETE FROM benefit_weeks_rows WHERE person_id = 'b1'")
        con.execute("ALTER TABLE benefit_weeks_scope DROP COLUMN reads_stored")
    with duckdb.connect(str(db)) as con:
        build_model(con)
        kinds = con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = 'raw_benefit_weeks'"
        ).fetchall()
        assert kinds == [("VIEW",)]
        assert con.execute(
            "SELECT person_id, source_row, counter_week_at_start FROM raw_benefit_weeks "
            "ORDER BY source_row"
        ).fetchall() == [("a1", 2, 30), ("a1", 3, None), ("b1", 4, None)]
        # the kept row is stored but not yet computed, and the audits say so
        failures = run_audits(con)
        assert [r[2] for r in failures["benefit_weeks_counted"]] == ["b1"]
        assert [r[1] for r in failures["benefit_weeks_conservation"]] == ["b1"]
        materialise(con, [169])
        assert run_audits(con) == {}
    assert weeks_of(db, 1) == before
