"""Loading a `gevinst spark` run into the database (`gevinst import --kind benefit-weeks-results`).

Everything is checked first in an in-memory database (`ingest.weeks_results`): the real one is
not opened, nor created, for a folder that is refused. Then one transaction writes, per
municipality of the run, an `import_registry` row (kind benefit-weeks-results), the run's
provenance (`benefit_weeks_result_runs`, `…_inputs`) and its rows (`benefit_weeks_results`,
`INSERT … SELECT` straight from DuckDB's parquet reader), replacing that municipality's earlier
loaded results; `benefit_weeks_results_current` then makes the view `benefit_weeks` (and every
mart over it) show them instead of the municipality's locally computed rows. The same folder
loaded again is a no-op that says so. The view is not a second copy of the model: it shows
what the model computed, here or on Spark, for each municipality from one computation only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gevinst.errors import InputRejected
from gevinst.ingest import weeks_results as checks
from gevinst.ingest.weeks_results import CheckedResults
from gevinst.messages import Lang
from gevinst.reference import Reference, bundled_reference
from gevinst.store.benefit_weeks import RESULTS_KIND, write_rule_steps
from gevinst.store.db import connect
from gevinst.store.imports import _pause_if_testing
from gevinst.store.model import build_model

KIND = RESULTS_KIND


@dataclass(frozen=True)
class MunicipalityLoad:
    """One municipality of the run: its import (None: already loaded as `already`), its rows
    and whether benefit_weeks showed locally computed rows for it before."""

    municipality_code: int
    import_id: int | None
    already: int | None
    rows: int
    replaces_local: bool


@dataclass(frozen=True)
class ResultsOutcome:
    folder: Path
    written: bool
    dry_run: bool
    checked: CheckedResults
    loads: tuple[MunicipalityLoad, ...]

    @property
    def noop(self) -> bool:
        return all(m.import_id is None for m in self.loads)


def check_results(folder: Path, ref: Reference, lang: Lang = "da") -> CheckedResults:
    """Every check of `ingest.weeks_results`, in memory; `InputRejected` with all problems."""
    con = duckdb.connect(":memory:")
    try:
        build_model(con, ref=ref)
        write_rule_steps(con, ref)
        manifest, files, problems = checks.check_structure(con, folder, ref, lang)
        if problems or manifest is None:
            raise InputRejected(problems)
        glob = str(folder / checks.WEEKS / "**" / "*.parquet")
        checks.register_inputs(con, manifest)
        problems = checks.row_problems(con, glob, ref, lang)
        problems += checks.duplicate_problems(con, glob, lang)
        problems += checks.input_problems(con, glob, folder, lang)
        if not problems:
            problems = checks.by_year_problems(con, glob, folder, lang)
        if problems:
            raise InputRejected(problems)
        return CheckedResults(
            folder,
            manifest,
            checks.content_sha256(folder, files),
            tuple(files),
            checks.municipality_totals(con, glob),
        )
    finally:
        con.close()


def import_results(
    db: Path,
    folder: Path,
    imported_by: str,
    lang: Lang = "da",
    dry_run: bool = False,
    ref: Reference | None = None,
    now: dt.datetime | None = None,
) -> ResultsOutcome:
    """Check the run's output folder, then load it in one transaction (or, dry, only check)."""
    ref = ref or bundled_reference()
    checked = check_results(Path(folder), ref, lang)
    if dry_run:
        loads = tuple(
            MunicipalityLoad(c, None, None, n, False)
            for c, (n, _f, _l) in checked.by_municipality.items()
        )
        return ResultsOutcome(Path(folder), False, True, checked, loads)
    with connect(db) as con:
        build_model(con, ref=ref)
        loads = _write(con, checked, imported_by, now or dt.datetime.now(dt.UTC))
    return ResultsOutcome(Path(folder), any(m.import_id for m in loads), False, checked, loads)


def _already(con: duckdb.DuckDBPyConnection, municipality: int, sha: str) -> int | None:
    row = con.execute(
        "SELECT min(import_id) FROM import_registry WHERE kind = ? AND "
        "municipality_code = ? AND sha256 = ? AND import_id NOT IN "
        "(SELECT import_id FROM benefit_weeks_purge_log)",
        [KIND, municipality, sha],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _write(
    con: duckdb.DuckDBPyConnection, checked: CheckedResults, imported_by: str, now: dt.datetime
) -> tuple[MunicipalityLoad, ...]:
    loads: list[MunicipalityLoad] = []
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_registry").fetchone()
        next_id = int(row[0]) if row else 1
        for code, (rows, first, last) in checked.by_municipality.items():
            earlier = _already(con, code, checked.sha256)
            current = con.execute(
                "SELECT import_id FROM benefit_weeks_results_current WHERE municipality_code = ?",
                [code],
            ).fetchone()
            if earlier is not None and current is not None and current[0] == earlier:
                loads.append(MunicipalityLoad(code, None, earlier, rows, False))
                continue
            local = con.execute(
                "SELECT count(*) FROM benefit_weeks_rows WHERE municipality_code = ?", [code]
            ).fetchone()
            _write_municipality(con, checked, code, next_id, rows, first, last, imported_by, now)
            loads.append(
                MunicipalityLoad(
                    code, next_id, None, rows, bool(local and local[0] and current is None)
                )
            )
            next_id += 1
        _pause_if_testing()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return tuple(loads)


def _write_municipality(
    con: duckdb.DuckDBPyConnection,
    checked: CheckedResults,
    code: int,
    import_id: int,
    rows: int,
    first: int,
    last: int,
    imported_by: str,
    now: dt.datetime,
) -> None:
    """One municipality's rows and provenance, replacing its earlier loaded results."""
    manifest = checked.manifest
    con.execute(
        "INSERT INTO import_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            KIND,
            code,
            str(checked.folder),
            checked.sha256,
            rows,
            now,
            imported_by,
            "",
            first,
            last,
            1,
            f"gevinst spark results (parquet, {manifest.master})",
            "kr.",
        ],
    )
    con.execute(
        "INSERT INTO benefit_weeks_result_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            code,
            str(checked.folder),
            manifest.gevinst_version,
            manifest.created_at,
            manifest.master,
            manifest.rules_sha256,
            manifest.model_sha256,
            manifest.model_dump_json(),
        ],
    )
    con.executemany(
        "INSERT INTO benefit_weeks_result_inputs VALUES (?, ?, ?, ?, ?, ?)",
        [
            (import_id, i.input_no, i.file, i.municipality_code, i.sha256, i.rows)
            for i in manifest.inputs
            if i.municipality_code == code
        ],
    )
    con.execute("DELETE FROM benefit_weeks_results WHERE municipality_code = ?", [code])
    glob = str(checked.folder / checks.WEEKS / f"municipality_code={code}" / "**" / "*.parquet")
    con.execute(
        "INSERT INTO benefit_weeks_results SELECT ?, person_id, week_start, benefit, gross_dkk, "
        "counter_week, state_share, state_dkk, municipal_dkk, ?, import_id, source_row "
        "FROM read_parquet(?, hive_partitioning = false)",
        [code, import_id, glob],
    )
    con.execute(
        "INSERT OR REPLACE INTO benefit_weeks_results_current VALUES (?, ?)", [code, import_id]
    )
