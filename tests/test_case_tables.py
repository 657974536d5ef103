"""One case table definition: a case's registry, flows and summary are stored once, per
version; the current case is its latest version; a database of the older layout (the current
rows in tables of their own) is moved to the versions when opened, without losing a case."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gevinst.cases.evaluation import evaluate_variants
from gevinst.cases.load import parse_case
from gevinst.demo import demo_case_files
from gevinst.paths import models_dir
from gevinst.reference import Reference
from gevinst.store import build_model, connect
from gevinst.store.cases import save_case
from gevinst.store.reference import write_reference

#: the current-case tables as models/schema/cases.sql created them before this layout
#: (commit 567d657), kept here verbatim: a database made by that code must still open
OLD_CASE_TABLES = """
CREATE TABLE IF NOT EXISTS case_registry (
    case_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    municipality_code INTEGER NOT NULL,
    owner VARCHAR NOT NULL,
    base_year INTEGER NOT NULL,
    horizon_years INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    decided_on DATE,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    case_toml VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    saved_by VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS case_flow_rows (
    case_id VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    estimate VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    payer_kind VARCHAR NOT NULL,
    payer_code INTEGER,
    department VARCHAR,
    account VARCHAR,
    budget_frame VARCHAR,
    flow VARCHAR NOT NULL,
    amount_dkk DECIMAL(18, 2) NOT NULL,
    unit_id VARCHAR,
    effect_no INTEGER,
    rule VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    evaluated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS case_summary_rows (
    case_id VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    estimate VARCHAR NOT NULL,
    payer_kind VARCHAR NOT NULL,
    payer_code INTEGER,
    undiscounted_net_dkk DECIMAL(18, 2) NOT NULL,
    npv_dkk DECIMAL(18, 2) NOT NULL,
    payback_year INTEGER,
    payback_year_discounted INTEGER,
    npv_p10_dkk DECIMAL(18, 2),
    npv_p50_dkk DECIMAL(18, 2),
    npv_p90_dkk DECIMAL(18, 2),
    p_payback_budget_period DOUBLE,
    p_payback_horizon DOUBLE,
    break_even_effect_budget_period DOUBLE,
    break_even_effect_horizon DOUBLE
);
"""

LEGACY = "tidlig-familieindsats"  # saved before versions existed: no version at all
REEVALUATED = "sverigesmodellen-herning"  # its current rows differ from its latest version


def _save(con: duckdb.DuckDBPyConnection, ref: Reference, case_id: str) -> int | None:
    path = next(p for p in demo_case_files() if p.stem == case_id)
    text = path.read_text(encoding="utf-8")
    case = parse_case(text, path.name, ref)
    variants = evaluate_variants(case, ref, ["basis"], ["central"], draws=0)
    return save_case(con, case, text, path.name, variants, "tester", ref=ref)


def _current(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall()
        for view in ("cases", "case_flows", "case_summary")
    }


def _to_old_layout(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite a database of this layout into the old one, as the old code would have left it."""
    con.execute(OLD_CASE_TABLES)
    for old, current in (
        ("case_registry", "int_case_registry"),
        ("case_flow_rows", "int_case_flow_rows"),
        ("case_summary_rows", "int_case_summary_rows"),
    ):
        con.execute(f"INSERT INTO {old} BY NAME SELECT * FROM {current}")
    for table in ("case_version_registry", "case_version_flow_rows", "case_version_summary_rows"):
        con.execute(f"DELETE FROM {table} WHERE case_id = ?", [LEGACY])
    # a same-content save under other rules replaced the current rows, not the version's
    con.execute(
        "UPDATE case_flow_rows SET amount_dkk = amount_dkk * 2 WHERE case_id = ?", [REEVALUATED]
    )
    con.execute(
        "UPDATE case_summary_rows SET npv_dkk = npv_dkk * 2, "
        "undiscounted_net_dkk = undiscounted_net_dkk * 2 WHERE case_id = ?",
        [REEVALUATED],
    )
    for view in ("int_case_registry", "int_case_flow_rows", "int_case_summary_rows"):
        con.execute(f"DROP VIEW {view}")
    con.execute("DROP VIEW int_case_current")
    for mart in ("cases", "case_flows", "case_summary"):  # the old views over the old tables
        text = (models_dir() / "marts" / f"{mart}.sql").read_text(encoding="utf-8")
        con.execute(text.replace("int_case_", "case_"))


@pytest.fixture
def old_db(tmp_path: Path, ref: Reference) -> Path:
    path = tmp_path / "old.duckdb"
    with connect(path) as con:
        build_model(con)
        write_reference(con, ref)
        for case_id in (LEGACY, REEVALUATED, "housing-first-unge"):
            assert _save(con, ref, case_id) == 1
        _to_old_layout(con)
    return path


def test_an_old_layout_database_is_moved_to_versions_without_losing_a_case(old_db: Path) -> None:
    with duckdb.connect(str(old_db), read_only=True) as con:
        before = _current(con)  # the old code's views over its own tables
    assert len(before["cases"]) == 3 and before["case_flows"]
    with connect(old_db) as con:
        build_model(con)
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert not tables & {"case_registry", "case_flow_rows", "case_summary_rows"}
        assert _current(con) == before
        versions = con.execute(
            "SELECT case_id, version, is_current FROM case_versions ORDER BY ALL"
        ).fetchall()
        assert versions == sorted(
            [
                ("housing-first-unge", 1, True),
                (LEGACY, 1, True),
                (REEVALUATED, 1, False),
                (REEVALUATED, 2, True),
            ]
        )
        # the version it had keeps its own figures: nothing of the history is lost either
        first = con.execute(
            "SELECT sum(amount_dkk) FROM case_flows_history WHERE case_id = ? AND version = 1",
            [REEVALUATED],
        ).fetchone()
        now = con.execute(
            "SELECT sum(amount_dkk) FROM case_flows WHERE case_id = ?", [REEVALUATED]
        ).fetchone()
        assert first and now and now[0] == 2 * first[0]
        build_model(con)  # a second build finds nothing more to move
        assert _current(con) == before


def test_an_old_layout_database_opened_read_only_shows_its_cases(old_db: Path) -> None:
    # read-only nothing is moved; the page's header still reads the case file's text
    from gevinst.store.reader import Database

    database = Database(old_db, read_only=True)
    try:
        header = database.query("case_header", case_id=REEVALUATED)
        flows = database.query(
            "case_flow_lines", case_id=REEVALUATED, scenario="basis", estimate="central"
        )
    finally:
        database.close()
    assert header.height == 1 and "[[effect]]" in header["case_toml"][0]
    assert flows.height > 0


def test_a_failed_move_leaves_the_old_layout(old_db: Path) -> None:
    with connect(old_db) as con:
        con.execute("DROP TABLE case_version_summary_rows")  # the move cannot write there
        con.execute("CREATE VIEW case_version_summary_rows AS SELECT 1 AS x")
        with pytest.raises(duckdb.Error, match="case_version_summary_rows") as failed:
            build_model(con)
        assert any(entry.name == "_keep_as_version" for entry in failed.traceback)
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert {"case_registry", "case_flow_rows", "case_summary_rows"} <= tables
        left = con.execute(
            "SELECT count(*) FROM case_version_registry WHERE case_id = ?", [LEGACY]
        ).fetchone()
        assert left == (0,)


def test_a_save_of_unchanged_content_changes_no_case_row(tmp_path: Path, ref: Reference) -> None:
    with connect(tmp_path / "c.duckdb") as con:
        build_model(con)
        write_reference(con, ref)
        assert _save(con, ref, LEGACY) == 1
        rows = _current(con) | {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("case_department_rows", "case_scenario_rows", "case_simulation_rows")
        }
        assert _save(con, ref, LEGACY) is None
        again = _current(con) | {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in rows
            if t.startswith("case_") and t.endswith("_rows")
        }
        assert again == rows


def test_no_two_stored_tables_repeat_one_definition() -> None:
    """A table that is another plus a version column is the same definition written twice."""
    con = duckdb.connect()
    build_model(con)
    definitions: dict[tuple, list[str]] = {}
    for table, columns in con.execute(
        "SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index) "
        "FILTER (WHERE column_name <> 'version') FROM duckdb_columns() WHERE table_name IN "
        "(SELECT table_name FROM duckdb_tables()) GROUP BY table_name"
    ).fetchall():
        definitions.setdefault(tuple(columns), []).append(table)
    assert [t for t in definitions.values() if len(t) > 1] == []
    for old in ("case_registry", "case_flow_rows", "case_summary_rows"):
        assert f"int_{old}" in {
            r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()
        }


def test_the_model_built_in_a_callers_transaction_joins_it(old_db: Path) -> None:
    """A BEGIN inside an open transaction fails and aborts it in DuckDB: build_model and the
    layout move must join the caller's transaction, and its rollback undoes the move too."""
    with connect(old_db) as con:
        con.execute("BEGIN TRANSACTION")
        build_model(con)
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (3,)
        con.execute("ROLLBACK")
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "case_registry" in tables  # rolled back with the caller: the old layout is still there


def test_the_same_file_under_other_rules_is_a_new_version(tmp_path: Path, ref: Reference) -> None:
    """Unchanged file and unit costs, but a new discount rate in the reference data: the NPVs
    change, so the save adds a version and the current summary shows the new figures."""
    other_rules = ref.rules.model_copy(
        update={"discount": tuple(b.model_copy(update={"rate": 0.07}) for b in ref.rules.discount)}
    )
    other = ref.model_copy(update={"rules": other_rules})
    with connect(tmp_path / "c.duckdb") as con:
        build_model(con)
        write_reference(con, ref)
        assert _save(con, ref, LEGACY) == 1
        before = _current(con)
        assert _save(con, other, LEGACY) == 2
        after = _current(con)
        assert after["case_flows"] == before["case_flows"]  # the same flows …
        assert after["case_summary"] != before["case_summary"]  # … discounted otherwise
        assert _save(con, other, LEGACY) is None  # and once saved, unchanged again
