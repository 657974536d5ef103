"""Benefit weeks in the database: the import's write, the model's materialisation, purge, export.

An import is one DuckDB transaction: an `import_registry` row per file, then the derived tables
of the municipality rebuilt from the SQL model (`MATERIALISED`, in order) — or nothing, if any
file or the model finds a problem. The files' rows reach the model through the view
`stg_benefit_weeks_incoming`, redefined inside the transaction as the files read by DuckDB's own
readers (never through Python), and are stored once: in `benefit_weeks_rows`, beside what the
model computed (`raw_benefit_weeks` is a view of them). The same file imported again for the same
municipality is a no-op; a dry run does all of it in an in-memory copy and rolls back. The rule
parameters come from rules.toml through `write_rule_steps`, never from literals in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from gevinst.errors import GevinstError, InputRejected, Problem
from gevinst.ingest import benefit_weeks as ingest
from gevinst.ingest.limits import Limits
from gevinst.messages import Lang, msg, register
from gevinst.model_sql import COUNTER_RULES, read_model, rule_step_rows
from gevinst.paths import models_dir
from gevinst.reference import Reference, bundled_reference
from gevinst.store.db import connect, transaction
from gevinst.store.imports import _pause_if_testing
from gevinst.store.model import build_model

KIND = "benefit-weeks"
#: a `gevinst spark` run loaded home: person-level rows too, so purged the same way
RESULTS_KIND = "benefit-weeks-results"
#: derived tables and the core view each is rebuilt from, in order; each view reads only the
#: municipalities in `benefit_weeks_scope` and the tables before it
MATERIALISED: tuple[tuple[str, str], ...] = (
    ("benefit_weeks_candidates", "int_benefit_weeks_candidates"),
    ("benefit_weeks_periods", "int_benefit_weeks_periods"),
    ("benefit_weeks_rows", "int_benefit_weeks_rows"),
)
#: the derived table that also holds the model's input (raw_benefit_weeks is a view of it)
ROWS_TABLE = "benefit_weeks_rows"
#: where the store puts the files an import is writing (models/staging/raw_benefit_weeks.sql)
INCOMING_MODEL = ("staging", "raw_benefit_weeks.sql")

register(
    {
        "store.weeks.not_weeks": {
            "da": "import {import_id} er ikke en benefit-weeks-import ({kind}); kun "
            "personhenførbare data kan slettes med purge",
            "en": "import {import_id} is not a benefit-weeks import ({kind}); only "
            "person-level data can be purged",
        },
        "store.weeks.unknown_import": {
            "da": "import {import_id} findes ikke",
            "en": "import {import_id} does not exist",
        },
        "store.weeks.file_changed": {
            "da": "{file} blev ændret under importen; intet er gemt — importér filen igen, "
            "når den er skrevet færdig",
            "en": "{file} changed during the import; nothing is stored — import it again once "
            "it is completely written",
        },
        "store.weeks.already_purged": {
            "da": "import {import_id} er allerede slettet ({purged_at} af {purged_by})",
            "en": "import {import_id} was already purged ({purged_at} by {purged_by})",
        },
    }
)


# --- reference ---------------------------------------------------------------------------------


def write_rule_steps(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Replace ref_rule_steps and ref_benefit_rules with the reference's (caller's transaction)."""
    con.execute("DELETE FROM ref_rule_steps")
    con.executemany("INSERT INTO ref_rule_steps VALUES (?, ?, ?, ?, ?, ?, ?)", rule_step_rows(ref))
    con.execute("DELETE FROM ref_benefit_rules")
    con.executemany(
        "INSERT INTO ref_benefit_rules VALUES (?, ?, ?)",
        [(b, r, r in COUNTER_RULES) for b, r in sorted(ref.rules.benefits.items())],
    )


def materialise(
    con: duckdb.DuckDBPyConnection,
    municipalities: Iterable[int],
    until: str | None = None,
    start: str | None = None,
) -> None:
    """Rebuild the derived tables of `municipalities` from the model (caller's transaction).

    `until`/`start` name a table to stop after or start from, so an import can check the
    candidates (duplicates) before paying for the rest."""
    codes = sorted(set(municipalities))
    con.execute("DELETE FROM benefit_weeks_scope")
    con.executemany(
        f"INSERT INTO benefit_weeks_scope SELECT ?, EXISTS (SELECT 1 FROM {ROWS_TABLE} "
        "WHERE municipality_code = ?)",
        [(c, c) for c in codes],
    )
    names = [t for t, _ in MATERIALISED]
    first = names.index(start) if start else 0
    last = names.index(until) if until else len(names) - 1
    in_scope = "WHERE municipality_code IN (SELECT municipality_code FROM benefit_weeks_scope)"
    for table, view in MATERIALISED[first : last + 1]:
        if table == ROWS_TABLE and _reads_stored(con):
            # the stored rows are the model's input too: computed aside before they are replaced
            con.execute(f"CREATE TEMP TABLE benefit_weeks_rebuilt AS SELECT * FROM {view}")
            con.execute(f"DELETE FROM {table} {in_scope}")
            con.execute(f"INSERT INTO {table} SELECT * FROM benefit_weeks_rebuilt")
            con.execute("DROP TABLE benefit_weeks_rebuilt")
            continue
        con.execute(f"DELETE FROM {table} {in_scope}")
        con.execute(f"INSERT INTO {table} SELECT * FROM {view}")
    if until is None or last == len(names) - 1:
        con.execute("DELETE FROM benefit_weeks_scope")


def _reads_stored(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT bool_or(reads_stored) FROM benefit_weeks_scope").fetchall()
    return bool(row and row[0][0])


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileOutcome:
    display: str
    import_id: int | None  # None: already imported (see `already`)
    already: int | None
    rows: int
    persons: int
    first_week: dt.date | None
    last_week: dt.date | None


@dataclass(frozen=True)
class WeeksOutcome:
    """What an import did (or, for a dry run, would do)."""

    written: bool
    dry_run: bool
    files: tuple[FileOutcome, ...]
    by_year: tuple[tuple[int, int, float, float, float], ...] = field(default=())
    # (year, rows, gross, state, municipal) over the municipality's new rows

    @property
    def noop(self) -> bool:
        return all(f.import_id is None for f in self.files)


def _next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_registry").fetchone()
    return int(row[0]) if row else 1


def _already(con: duckdb.DuckDBPyConnection, municipality: int, sha: str) -> int | None:
    row = con.execute(
        "SELECT min(import_id) FROM import_registry WHERE municipality_code = ? AND kind = ? "
        "AND sha256 = ? AND import_id NOT IN (SELECT import_id FROM benefit_weeks_purge_log)",
        [municipality, KIND, sha],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _copy_stored(con: duckdb.DuckDBPyConnection, db: Path, municipality: int) -> None:
    """For a dry run: what the database holds that the import's checks need, copied read-only.

    The municipality's person-weeks as their files gave them (`raw_benefit_weeks`, a table in a
    database of the older layout, a view now: the same columns); the model recomputes the rest."""
    con.execute(f"ATTACH '{str(db).replace(chr(39), chr(39) * 2)}' AS stored (READ_ONLY)")
    try:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'stored'"
            ).fetchall()
        }
        if "import_registry" in tables:
            con.execute("INSERT INTO import_registry SELECT * FROM stored.import_registry")
        if "benefit_weeks_purge_log" in tables:
            con.execute(
                "INSERT INTO benefit_weeks_purge_log SELECT * FROM stored.benefit_weeks_purge_log"
            )
        if "benefit_weeks_rows" in tables:
            con.execute(
                "INSERT INTO benefit_weeks_rows (import_id, source_row, municipality_code, "
                "person_id, week_start, benefit, gross_dkk, counter_week_at_start) "
                "SELECT * FROM stored.raw_benefit_weeks WHERE municipality_code = ?",
                [municipality],
            )
    finally:
        con.execute("DETACH stored")


def import_benefit_weeks(
    db: Path,
    paths: Sequence[Path],
    municipality: int,
    imported_by: str,
    lang: Lang = "da",
    dry_run: bool = False,
    ref: Reference | None = None,
    limits: Limits | None = None,
    now: dt.datetime | None = None,
) -> WeeksOutcome:
    """Check every file, then write them all in one transaction; `InputRejected` if anything
    is wrong (nothing written). A dry run works on an in-memory copy and never opens `db` for
    writing, nor creates it."""
    ref = ref or bundled_reference()
    now = now or dt.datetime.now(dt.UTC)
    files, checks = _check_files(paths, lang, ref, limits)
    if dry_run:
        con = duckdb.connect(":memory:")
        try:
            build_model(con, ref=ref)
            if Path(db).exists():
                _copy_stored(con, Path(db), municipality)
            return _write(con, files, checks, municipality, imported_by, lang, ref, now, True)
        finally:
            con.close()
    with connect(db) as con:
        build_model(con, ref=ref)
        return _write(con, files, checks, municipality, imported_by, lang, ref, now, False)


def _check_files(
    paths: Sequence[Path],
    lang: Lang,
    ref: Reference,
    limits: Limits | None,
) -> tuple[list[ingest.BenefitWeekFile], list[ingest.FileCheck]]:
    """Read and check every file in an in-memory database: the real one is not opened (nor
    created) for a file that is rejected."""
    con = duckdb.connect(":memory:")
    try:
        # the checks read only the rule tables (which benefits exist): not the whole model
        con.execute(read_model(models_dir() / "schema" / "rule_steps.sql", ref))
        write_rule_steps(con, ref)
        files: list[ingest.BenefitWeekFile] = []
        checks: list[ingest.FileCheck] = []
        problems: list[Problem] = []
        for file_no, path in enumerate(paths):
            opened, found = ingest.open_file(con, Path(path), file_no, lang, limits)
            problems += found
            if opened is None:
                continue
            if opened.frame is not None:
                con.register(opened.relation, opened.frame.to_arrow())
            checked = ingest.check_file(con, opened, lang)
            problems += checked.problems
            files.append(opened)
            checks.append(checked)
        if problems:
            raise InputRejected(problems)
        return files, checks
    finally:
        con.close()


# C901 exception: one transaction read top to bottom: write, check, commit
def _write(  # noqa: C901
    con: duckdb.DuckDBPyConnection,
    files: list[ingest.BenefitWeekFile],
    checks: list[ingest.FileCheck],
    municipality: int,
    imported_by: str,
    lang: Lang,
    ref: Reference,
    now: dt.datetime,
    dry_run: bool,
) -> WeeksOutcome:
    outcomes: list[FileOutcome] = []
    written: dict[int, ingest.BenefitWeekFile] = {}
    by_year: tuple = ()
    for file in files:
        if file.frame is not None:
            con.register(file.relation, file.frame.to_arrow())
    con.execute("BEGIN TRANSACTION")
    try:
        write_rule_steps(con, ref)
        next_id = _next_import_id(con)
        for file, checked in zip(files, checks, strict=True):
            earlier = _already(con, municipality, file.sha256)
            if earlier is None and any(f.sha256 == file.sha256 for f in written.values()):
                earlier = next(i for i, f in written.items() if f.sha256 == file.sha256)
            if earlier is not None:
                outcomes.append(
                    FileOutcome(
                        file.display, None, earlier, checked.rows, checked.persons, None, None
                    )
                )
                continue
            import_id = next_id
            next_id += 1
            _register_file(con, file, checked, import_id, municipality, imported_by, now)
            written[import_id] = file
            outcomes.append(
                FileOutcome(
                    file.display,
                    import_id,
                    None,
                    checked.rows,
                    checked.persons,
                    checked.first_week,
                    checked.last_week,
                )
            )
        if written:
            _show_incoming(con, written, municipality)
            materialise(con, [municipality], until="benefit_weeks_candidates")
            found = ingest.duplicate_problems(con, written, lang)
            found += ingest.counter_problems(con, written, lang)
            if found:
                raise InputRejected(found)
            materialise(con, [municipality], start="benefit_weeks_periods")
            by_year = _totals_by_year(con, list(written))
            _refuse_changed(written.values(), lang)
            con.execute(read_model(models_dir().joinpath(*INCOMING_MODEL), ref))
            _pause_if_testing()
        con.execute("ROLLBACK" if dry_run or not written else "COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for file in files:
            if file.frame is not None:
                con.unregister(file.relation)
    return WeeksOutcome(bool(written) and not dry_run, dry_run, tuple(outcomes), by_year)


def _register_file(
    con: duckdb.DuckDBPyConnection,
    file: ingest.BenefitWeekFile,
    checked: ingest.FileCheck,
    import_id: int,
    municipality: int,
    imported_by: str,
    now: dt.datetime,
) -> None:
    first = checked.first_week.year if isinstance(checked.first_week, dt.date) else None
    last = checked.last_week.year if isinstance(checked.last_week, dt.date) else None
    con.execute(
        "INSERT INTO import_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            KIND,
            municipality,
            file.display,
            file.sha256,
            checked.rows,
            now,
            imported_by,
            "",
            first,
            last,
            1,
            f"person-weeks ({file.kind})",
            "kr.",
        ],
    )


def _show_incoming(
    con: duckdb.DuckDBPyConnection, written: dict[int, ingest.BenefitWeekFile], municipality: int
) -> None:
    """Redefine `stg_benefit_weeks_incoming` as the files' rows, read by DuckDB from the files
    (caller's transaction, which restores the empty view before it commits). The model reads
    them there in its passes; the rows are written once, by the last pass, with what it
    computed. The types are the stored table's, so the view's columns never change."""
    selects = [
        f"SELECT CAST({import_id} AS INTEGER) AS import_id, CAST(source_row AS BIGINT) AS "
        f"source_row, CAST({int(municipality)} AS INTEGER) AS municipality_code, "
        f"CAST(person_id AS VARCHAR) AS person_id, CAST(week_start AS DATE) AS week_start, "
        f"CAST(benefit AS VARCHAR) AS benefit, CAST(amount_dkk AS DECIMAL(18, 2)) AS amount_dkk, "
        f"CAST(counter_week_at_start AS INTEGER) AS counter_week_at_start "
        f"FROM ({ingest.source_sql(file)})"
        for import_id, file in written.items()
    ]
    con.execute(
        "CREATE OR REPLACE VIEW stg_benefit_weeks_incoming AS " + " UNION ALL ".join(selects)
    )


def _refuse_changed(files: Iterable[ingest.BenefitWeekFile], lang: Lang) -> None:
    """The model read each file more than once: refuse the import if one changed meanwhile
    (size, modification time or inode differ from when it was checked)."""
    for file in files:
        if file.frame is None and ingest.file_signature(file.path) != file.signature:
            raise GevinstError(msg("store.weeks.file_changed", lang, file=file.display))


def _totals_by_year(
    con: duckdb.DuckDBPyConnection, import_ids: list[int]
) -> tuple[tuple[int, int, float, float, float], ...]:
    ids = ", ".join(str(i) for i in import_ids)
    rows = con.execute(
        f"SELECT year(week_start), count(*), sum(gross_dkk), sum(state_dkk), sum(municipal_dkk) "
        f"FROM benefit_weeks_rows WHERE import_id IN ({ids}) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return tuple((int(y), int(n), float(g), float(s), float(m)) for y, n, g, s, m in rows)


# --- purge -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeOutcome:
    import_ids: tuple[int, ...]
    rows_deleted: int
    written: bool


def purge(
    db: Path,
    purged_by: str,
    import_ids: Sequence[int] = (),
    older_than: dt.date | None = None,
    municipality: int | None = None,
    dry_run: bool = False,
    lang: Lang = "da",
    now: dt.datetime | None = None,
) -> PurgeOutcome:
    """Delete the person-level rows of benefit-week imports, note who and when, in one
    transaction; the municipality's derived tables are rebuilt from what is left.

    `older_than` selects every benefit-week import imported before that date (not yet purged),
    optionally of one municipality."""
    now = now or dt.datetime.now(dt.UTC)
    with connect(db, read_only=dry_run) as con:
        if not dry_run:
            build_model(con)
        chosen = _purge_targets(con, list(import_ids), older_than, municipality, lang)
        if not chosen:
            return PurgeOutcome((), 0, False)
        ids = ", ".join(str(i) for i, _m in chosen)
        counts = dict(
            con.execute(
                f"SELECT import_id, count(*) FROM (SELECT import_id FROM raw_benefit_weeks "
                f"UNION ALL SELECT import_id FROM benefit_weeks_results) WHERE import_id IN ({ids}) "
                "GROUP BY import_id"
            ).fetchall()
        )
        total = sum(counts.values())
        if dry_run:
            return PurgeOutcome(tuple(i for i, _m in chosen), total, False)
        reason = (
            f"--import-id {' '.join(str(i) for i in import_ids)}"
            if import_ids
            else f"--older-than {older_than}"
        )
        with transaction(con):
            con.execute(f"DELETE FROM {ROWS_TABLE} WHERE import_id IN ({ids})")
            # a purged run's municipality shows its locally computed rows again, if any
            con.execute(f"DELETE FROM benefit_weeks_results WHERE import_id IN ({ids})")
            con.execute(f"DELETE FROM benefit_weeks_results_current WHERE import_id IN ({ids})")
            con.executemany(
                "INSERT INTO benefit_weeks_purge_log VALUES (?, ?, ?, ?, ?, ?)",
                [(i, m, counts.get(i, 0), now, purged_by, reason) for i, m in chosen],
            )
            materialise(con, {m for _i, m in chosen})
        return PurgeOutcome(tuple(i for i, _m in chosen), total, True)


def _purge_targets(
    con: duckdb.DuckDBPyConnection,
    import_ids: list[int],
    older_than: dt.date | None,
    municipality: int | None,
    lang: Lang,
) -> list[tuple[int, int]]:
    purged = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT import_id, purged_at, purged_by FROM benefit_weeks_purge_log"
        ).fetchall()
    }
    chosen: list[tuple[int, int]] = []
    for import_id in import_ids:
        row = con.execute(
            "SELECT kind, municipality_code FROM import_registry WHERE import_id = ?", [import_id]
        ).fetchone()
        if row is None:
            raise GevinstError(msg("store.weeks.unknown_import", lang, import_id=import_id))
        if row[0] not in (KIND, RESULTS_KIND):
            raise GevinstError(msg("store.weeks.not_weeks", lang, import_id=import_id, kind=row[0]))
        if import_id in purged:
            at, by = purged[import_id]
            raise GevinstError(
                msg(
                    "store.weeks.already_purged",
                    lang,
                    import_id=import_id,
                    purged_at=at,
                    purged_by=by,
                )
            )
        chosen.append((import_id, int(row[1])))
    if older_than is not None:
        rows = con.execute(
            "SELECT import_id, municipality_code FROM import_registry WHERE kind IN (?, ?) "
            "AND CAST(imported_at AS DATE) < ? AND (? IS NULL OR municipality_code = ?) "
            "ORDER BY import_id",
            [KIND, RESULTS_KIND, older_than, municipality, municipality],
        ).fetchall()
        chosen += [(int(i), int(m)) for i, m in rows if i not in purged and (i, m) not in chosen]
    return chosen


# --- export ------------------------------------------------------------------------------------

#: view → (the partition columns' select list, the source): municipality_code and year
EXPORTS: dict[str, str] = {
    "benefit_weeks": "SELECT *, year(week_start) AS year FROM benefit_weeks",
    "budget_lines": "SELECT * FROM budget_lines",
    "case_flows": "SELECT f.*, c.municipality_code FROM case_flows AS f "
    "INNER JOIN cases AS c USING (case_id)",
}


def export_parquet(db: Path, target: Path, views: Sequence[str] = tuple(EXPORTS)) -> dict[str, int]:
    """Write each view as parquet under `target/<view>/municipality_code=…/year=…/`.

    Returns rows written per view. Existing files of a view are replaced, so the directory
    always mirrors the database (DuckDB `COPY … PARTITION_BY … OVERWRITE`)."""
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with connect(db, read_only=True) as con:
        for view in views:
            exists = con.execute(
                "SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [view]
            ).fetchone()
            if not exists or not exists[0]:
                continue
            count = con.execute(f"SELECT count(*) FROM ({EXPORTS[view]})").fetchone()
            written[view] = int(count[0]) if count else 0
            if not written[view]:
                continue
            where = str(target / view).replace("'", "''")
            con.execute(
                f"COPY ({EXPORTS[view]}) TO '{where}' (FORMAT parquet, "
                "PARTITION_BY (municipality_code, year), OVERWRITE)"
            )
    return written


# --- cohorts -----------------------------------------------------------------------------------


def define_cohort(
    con: duckdb.DuckDBPyConnection,
    cohort_id: str,
    group: str,
    municipality: int,
    *,
    ids_file: Path | None = None,
    benefit: str | None = None,
    first_week_from: dt.date | None = None,
    first_week_to: dt.date | None = None,
    now: dt.datetime | None = None,
) -> int:
    """(Re)define one group of a cohort, from a file of pseudonyms (csv/parquet with a
    `person_id` column) or a filter: persons of `municipality` whose first week on `benefit`
    (any benefit if None) lies in [first_week_from, first_week_to]. Returns the group's size.
    """
    if group not in ("target", "comparison"):
        raise GevinstError(f"group must be target or comparison, not {group!r}")
    now = now or dt.datetime.now(dt.UTC)
    if ids_file is not None:
        reader = "read_parquet" if ids_file.suffix == ".parquet" else "read_csv"
        path = str(ids_file).replace("'", "''")
        source = (
            f"SELECT DISTINCT trim(CAST(person_id AS VARCHAR)) AS person_id FROM {reader}('{path}')"
        )
        params: list = []
        label = f"ids: {ids_file.name}"
    else:
        source = (
            "SELECT person_id FROM benefit_weeks WHERE municipality_code = ? "
            "AND (? IS NULL OR benefit = ?) GROUP BY person_id "
            "HAVING (? IS NULL OR min(week_start) >= ?) "
            "AND (? IS NULL OR min(week_start) <= ?)"
        )
        params = [
            municipality,
            benefit,
            benefit,
            first_week_from,
            first_week_from,
            first_week_to,
            first_week_to,
        ]
        label = f"filter: benefit={benefit or 'any'}, first week {first_week_from}…{first_week_to}"
    with transaction(con):
        con.execute(
            "DELETE FROM cohort_members WHERE cohort_id = ? AND group_name = ?", [cohort_id, group]
        )
        con.execute(
            f"INSERT INTO cohort_members SELECT ?, ?, ?, person_id, ?, ? FROM ({source})",
            [cohort_id, group, municipality, label, now, *params],
        )
        row = con.execute(
            "SELECT count(*) FROM cohort_members WHERE cohort_id = ? AND group_name = ?",
            [cohort_id, group],
        ).fetchone()
    return int(row[0]) if row else 0


def cohort_frames(con: duckdb.DuckDBPyConnection, cohort_id: str) -> tuple:
    """(members, person-quarter figures) of a cohort as polars frames for domain.cohorts."""
    import polars as pl

    def frame(sql: str) -> pl.DataFrame:
        result = pl.from_arrow(con.sql(sql, params=[cohort_id]).to_arrow_table())
        assert isinstance(result, pl.DataFrame)
        return result.with_columns(pl.col(pl.Decimal).cast(pl.Float64))

    members = frame("SELECT group_name, person_id FROM cohort_members WHERE cohort_id = ?")
    quarters = frame(
        "SELECT group_name, person_id, year, quarter, weeks_on_benefit, gross_dkk, "
        "state_dkk, municipal_dkk FROM cohort_person_quarters WHERE cohort_id = ?"
    )
    return members, quarters
