"""Writing a budget or accounts import: all of a batch in one DuckDB transaction, or nothing.

A batch (the files of one `gevinst import`) gets one `import_registry` row per file and its
lines in `raw_budget_lines`, each line with the version of its slice (municipality, budget
kind, year): the slice's highest earlier version + 1, so the new import becomes current there
atomically and the old lines stay queryable (`budget_line_versions`). A batch whose every file
was already imported, byte for byte, for the same municipality and kind writes nothing.
`plan_import` answers the same questions without writing, for the dry run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from gevinst.ingest.outcome import ImportOutcome
from gevinst.store.db import connect, transaction
from gevinst.store.mappings import save_mapping_on
from gevinst.store.write_ahead import WriteAhead

#: test hook: seconds to sleep inside the transaction, just before COMMIT, so a test can kill
#: the process mid-write (tests/test_import_atomic.py). Unset in normal use.
PAUSE_ENV = "GEVINST_TEST_PAUSE_BEFORE_COMMIT"


@dataclass(frozen=True)
class ImportFile:
    file_name: str
    sha256: str
    shape: str
    unit: str


@dataclass(frozen=True)
class BudgetBatch:
    """What to write: `lines` has `file_no` (index into `files`) and the raw_budget_lines columns
    except import_id and version, which the write assigns."""

    kind: str
    municipality_code: int
    imported_by: str
    files: tuple[ImportFile, ...]
    lines: pl.DataFrame
    #: the committees the files speak about; the current lines of other committees in the
    #: batch's slices are kept (carried into the new version). None: the whole slices.
    committees: tuple[str, ...] | None = None
    #: mappings to save with the import: (name, header signature, mapping as JSON)
    mappings: tuple[tuple[str, str, str], ...] = ()

    @functools.cached_property
    def slices(self) -> pl.DataFrame:
        """Lines per file, budget kind and year: what the plan and the registry need, counted
        in one pass (each grouping the 400.000 lines of a large import itself cost 10 ms)."""
        return self.lines.group_by("file_no", "budget_kind", "year").len("rows")


class _ArrowStream:
    """A polars frame offered to DuckDB through the Arrow C stream interface (no pyarrow)."""

    def __init__(self, frame: pl.DataFrame):
        self._frame = frame

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._frame.__arrow_c_stream__(requested_schema)


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN "
        "('import_registry', 'raw_budget_lines')"
    ).fetchone()
    return bool(found and found[0] == 2)


def _plan(con: duckdb.DuckDBPyConnection | None, batch: BudgetBatch) -> ImportOutcome:
    slices = batch.slices.select("budget_kind", "year").unique().sort("budget_kind", "year")
    earlier: dict[tuple[str, int], int] = {}
    already: dict[str, int] = {}
    next_id = 1
    if con is not None and _has_tables(con):
        shas = [f.sha256 for f in batch.files]
        by_sha = dict(
            con.execute(
                "SELECT sha256, min(import_id) FROM import_registry WHERE municipality_code = ? "
                "AND kind = ? AND list_contains(?, sha256) GROUP BY sha256",
                [batch.municipality_code, batch.kind, shas],
            ).fetchall()
        )
        already = {f.file_name: by_sha[f.sha256] for f in batch.files if f.sha256 in by_sha}
        next_id = con.execute(
            "SELECT coalesce(max(import_id), 0) + 1 FROM import_registry"
        ).fetchone()[0]  # type: ignore[index]  # an aggregate query always returns one row
        earlier = {
            (k, y): v
            for k, y, v in con.execute(
                "SELECT budget_kind, year, max(version) FROM raw_budget_lines "
                "WHERE municipality_code = ? GROUP BY budget_kind, year",
                [batch.municipality_code],
            ).fetchall()
        }
    if len(already) == len(batch.files) and not _others_current(con, batch, already):
        return ImportOutcome(False, already, (), {}, 0)
    versions = {(k, y): earlier.get((k, y), 0) + 1 for k, y in slices.iter_rows()}
    ids = tuple(range(next_id, next_id + len(batch.files)))
    scope = _scope_counts(con, batch) if earlier and con is not None else {}
    return ImportOutcome(False, already, ids, versions, batch.lines.height, scope)


def _others_current(
    con: duckdb.DuckDBPyConnection | None, batch: BudgetBatch, already: dict[str, int]
) -> bool:
    """Whether the current version of the batch's slices holds lines of other imports that
    this batch, importing whole slices (`--replace-all`), would replace: then importing the
    same files again is not a no-op."""
    if con is None or batch.committees is not None or not already:
        return False
    sql, params = _scope_sql(batch)
    found = con.execute(
        f"SELECT count(*) FROM ({sql}) WHERE NOT list_contains(?, import_id)",
        [*params, list(already.values())],
    ).fetchone()
    return bool(found and found[0])


def _scope_sql(batch: BudgetBatch) -> tuple[str, list]:
    """The current lines of the batch's slices, with `_kept` true for those outside its scope
    (a committee the files do not speak about). A blank committee is the committee ''."""
    kept = (
        "coalesce(l.committee, '') NOT IN (SELECT unnest(?::VARCHAR[]))"
        if batch.committees is not None
        else "false"
    )
    sql = (
        f"SELECT l.*, {kept} AS _kept FROM raw_budget_lines l "
        "JOIN (SELECT budget_kind, year, max(version) AS version FROM raw_budget_lines "
        "WHERE municipality_code = ? GROUP BY ALL) c USING (budget_kind, year, version) "
        "WHERE l.municipality_code = ? AND list_contains(?, l.budget_kind || l.year::VARCHAR)"
    )
    slices = [f"{k}{y}" for k, y in batch.slices.select("budget_kind", "year").unique().rows()]
    params = ([list(batch.committees)] if batch.committees is not None else []) + [
        batch.municipality_code,
        batch.municipality_code,
        slices,
    ]
    return sql, params


def _scope_counts(
    con: duckdb.DuckDBPyConnection, batch: BudgetBatch
) -> dict[tuple[str, int], tuple[int, int]]:
    """(budget_kind, year) → (current lines replaced, current lines kept) for the dry run."""
    sql, params = _scope_sql(batch)
    rows = con.execute(
        f"SELECT budget_kind, year, count(*) FILTER (NOT _kept), count(*) FILTER (_kept) "
        f"FROM ({sql}) GROUP BY ALL",
        params,
    ).fetchall()
    return {(k, y): (replaced, kept) for k, y, replaced, kept in rows}


def plan_import(db: Path, batch: BudgetBatch) -> ImportOutcome:
    """What `write_import` would do, read-only; a missing database is not created."""
    if not Path(db).exists():
        return _plan(None, batch)
    with connect(db, read_only=True) as con:
        return _plan(con, batch)


def _registry_rows(batch: BudgetBatch, outcome: ImportOutcome, now: dt.datetime) -> list[tuple]:
    per_file = {
        r["file_no"]: r
        for r in batch.slices.group_by("file_no")
        .agg(
            pl.col("rows").sum(),
            pl.col("budget_kind").unique().sort().str.join(",").alias("kinds"),
            pl.col("year").min().alias("first"),
            pl.col("year").max().alias("last"),
            pl.struct("budget_kind", "year").alias("slices"),
        )
        .to_dicts()
    }
    rows = []
    for file_no, (file, import_id) in enumerate(zip(batch.files, outcome.import_ids, strict=True)):
        info = per_file.get(
            file_no, {"rows": 0, "kinds": "", "first": None, "last": None, "slices": []}
        )
        version = max(
            (outcome.versions[(s["budget_kind"], s["year"])] for s in info["slices"]), default=1
        )
        rows.append(
            (
                import_id,
                batch.kind,
                batch.municipality_code,
                file.file_name,
                file.sha256,
                info["rows"],
                now,
                batch.imported_by,
                info["kinds"],
                info["first"],
                info["last"],
                version,
                file.shape,
                file.unit,
            )
        )
    return rows


def plan_import_on(con: duckdb.DuckDBPyConnection, batch: BudgetBatch) -> ImportOutcome:
    """What `write_import_to` would do, on a connection the caller holds (nothing written)."""
    return _plan(con, batch)


def write_import_to(
    con: duckdb.DuckDBPyConnection, batch: BudgetBatch, now: dt.datetime | None = None
) -> ImportOutcome:
    """Write the batch in one transaction on a held connection (the server's writer, the demo
    build); a killed process leaves the database as it was."""
    with transaction(con):
        return _write(con, batch, now)


def write_import(db: Path, batch: BudgetBatch, now: dt.datetime | None = None) -> ImportOutcome:
    """Open the database file and write the batch there."""
    with WriteAhead(db) as ahead:
        return write_import_ahead(ahead, batch, now)


def write_import_ahead(
    ahead: WriteAhead, batch: BudgetBatch, now: dt.datetime | None = None
) -> ImportOutcome:
    """Write the batch on a database the CLI opened while it read the files, and commit."""
    outcome = _write(ahead.connection(), batch, now)
    ahead.commit()
    return outcome


class PendingWrite:
    """A batch being written in a thread, on a database the CLI opened ahead, while the caller
    still checks the lines (DuckDB works outside the GIL, the checks in polars: 0,1-0,2 s of
    a large import's 0,4 s insert run meanwhile instead of before it).

    `commit()` waits for the write and commits it. Without that, nothing is committed:
    `WriteAhead` rolls back when left, and a database it created is removed again, so a
    batch the checks reject leaves no trace, as if the write had never begun. The caller
    must `wait()` (or `commit()`) before leaving the `WriteAhead`, which then rolls back a
    finished transaction rather than one still being written.
    """

    def __init__(
        self, ahead: WriteAhead, batch: BudgetBatch, now: dt.datetime | None = None
    ) -> None:
        self._ahead = ahead
        self._outcome: ImportOutcome | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(batch, now), daemon=True)
        self._thread.start()

    def _run(self, batch: BudgetBatch, now: dt.datetime | None) -> None:
        try:
            self._outcome = _write(self._ahead.connection(), batch, now)
        except BaseException as exc:  # raised again in the caller's thread by `wait`
            self._error = exc

    def wait(self) -> ImportOutcome:
        """The write's outcome once it has finished (not committed); its error, raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._outcome is not None
        return self._outcome

    def commit(self) -> ImportOutcome:
        outcome = self.wait()
        self._ahead.commit()
        return outcome


def _write(
    con: duckdb.DuckDBPyConnection, batch: BudgetBatch, now: dt.datetime | None
) -> ImportOutcome:
    """The writes of one import, inside the caller's transaction."""
    outcome = _plan(con, batch)
    if outcome.noop:
        return outcome
    con.executemany(
        "INSERT INTO import_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _registry_rows(batch, outcome, now or dt.datetime.now(dt.UTC)),
    )
    if batch.committees is not None:
        _carry_kept_lines(con, batch, outcome)
    _insert_lines(con, batch, outcome)
    for name, signature, mapping in batch.mappings:
        save_mapping_on(
            con, batch.municipality_code, name, signature, mapping, batch.imported_by, now
        )
    _pause_if_testing()
    return dataclasses.replace(outcome, written=True)


def _carry_kept_lines(
    con: duckdb.DuckDBPyConnection, batch: BudgetBatch, outcome: ImportOutcome
) -> None:
    """The current lines outside the batch's scope become part of its new version too, with
    their own import id, sheet and row (DESIGN: a partial import never deletes what its
    file does not speak about). Runs before the new lines go in, while the old version is
    still the current one."""
    sql, params = _scope_sql(batch)
    versions = pl.DataFrame(
        [(k, y, v) for (k, y), v in outcome.versions.items()],
        schema={"budget_kind": pl.String, "year": pl.Int32, "version": pl.Int32},
        orient="row",
    )
    con.register("staged_versions", _ArrowStream(versions))
    try:
        con.execute(
            "INSERT INTO raw_budget_lines BY NAME SELECT k.import_id, k.source_sheet, "
            "k.source_row, k.municipality_code, k.year, k.budget_kind, v.version, k.account, "
            "k.account_detail, k.dranst, k.art, k.committee, k.department, k.cost_centre, "
            f"k.amount_dkk, k.source_rows FROM ({sql}) k "
            "JOIN staged_versions v USING (budget_kind, year) "
            "WHERE k._kept",
            params,
        )
    finally:
        con.unregister("staged_versions")


def _insert_lines(
    con: duckdb.DuckDBPyConnection, batch: BudgetBatch, outcome: ImportOutcome
) -> None:
    """The lines with their import id and slice version, joined on by DuckDB as it inserts
    (a join in polars first costs as much again as the insert's own work)."""
    versions = pl.DataFrame(
        [(k, y, v) for (k, y), v in outcome.versions.items()],
        schema={"budget_kind": pl.String, "year": pl.Int32, "version": pl.Int32},
        orient="row",
    )
    # a posting file's lines name every row they sum (`source_rows`); a table's, one row
    rows = ", s.source_rows" if "source_rows" in batch.lines.columns else ""
    con.register("staged_budget_lines", _ArrowStream(batch.lines))
    con.register("staged_versions", _ArrowStream(versions))
    try:
        con.execute(
            "INSERT INTO raw_budget_lines BY NAME SELECT s.file_no + ? AS import_id, "
            "s.source_sheet, s.source_row, s.municipality_code, s.year, s.budget_kind, "
            "v.version, s.account, s.account_detail, s.dranst, s.art, s.committee, s.department, "
            f"s.cost_centre, s.amount_dkk{rows} FROM staged_budget_lines s "
            "JOIN staged_versions v USING (budget_kind, year)",
            [outcome.import_ids[0]],
        )
    finally:
        con.unregister("staged_budget_lines")
        con.unregister("staged_versions")


def _pause_if_testing() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        print("gevinst: paused before commit", file=sys.stderr, flush=True)
        time.sleep(float(seconds))
