"""Writing a realisation import and reading the realisation plan.

All files of one `gevinst import --kind realisation` are written in one transaction: an
`import_registry` row per file (kind `realisation`) and the lines in `raw_realised_gains`.
A batch whose every file was already imported, byte for byte, for the same municipality and
kind writes nothing. `realised_gains` shows, for each case and year, the latest import's lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from gevinst.ingest.realisation import KIND, CaseInfo, PreparedRealisation
from gevinst.messages import Lang
from gevinst.store.db import connect, transaction
from gevinst.store.history import frame
from gevinst.store.model import build_model


@dataclass(frozen=True)
class RealisationOutcome:
    written: bool
    already: dict[str, int]  # file name → import_id of the earlier identical import
    import_ids: tuple[int, ...]  # one per file (what was or would be assigned)
    rows: int

    @property
    def noop(self) -> bool:
        return not self.import_ids


def case_catalogue(con: duckdb.DuckDBPyConnection) -> dict[str, CaseInfo]:
    """Every saved case with its municipality, years and the units its flows use."""
    rows = con.execute(
        "SELECT c.case_id, c.municipality_code, c.base_year, c.horizon_years, "
        "list(DISTINCT f.unit_id) FILTER (WHERE f.unit_id IS NOT NULL) "
        "FROM cases AS c LEFT JOIN case_flows AS f USING (case_id) "
        "GROUP BY ALL"
    ).fetchall()
    return {r[0]: CaseInfo(r[1], r[2], r[2] + r[3] - 1, frozenset(r[4] or ())) for r in rows}


def read_case_catalogue(db: Path) -> dict[str, CaseInfo]:
    if not Path(db).exists():
        return {}
    with connect(db, read_only=True) as con:
        has = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = 'cases'"
        ).fetchone()
        return case_catalogue(con) if has and has[0] else {}


def read_planned_units(db: Path, case_id: str) -> list[str]:
    """The units a saved case's effects use, in the order of its effects (first effect first)."""
    if not Path(db).exists():
        return []
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT unit_id FROM case_flows WHERE case_id = ? AND unit_id IS NOT NULL "
            "GROUP BY unit_id ORDER BY min(effect_no), unit_id",
            [case_id],
        ).fetchall()
    return [r[0] for r in rows]


def _plan(
    con: duckdb.DuckDBPyConnection | None, prepared: PreparedRealisation
) -> RealisationOutcome:
    already: dict[str, int] = {}
    next_id = 1
    if con is not None:
        shas = [f.sha256 for f in prepared.files]
        by_sha = dict(
            con.execute(
                "SELECT sha256, min(import_id) FROM import_registry WHERE municipality_code = ? "
                "AND kind = ? AND list_contains(?, sha256) GROUP BY sha256",
                [prepared.municipality, KIND, shas],
            ).fetchall()
        )
        already = {f.display: by_sha[f.sha256] for f in prepared.files if f.sha256 in by_sha}
        next_id = con.execute(
            "SELECT coalesce(max(import_id), 0) + 1 FROM import_registry"
            # mypy: an aggregate query always returns one row
        ).fetchone()[0]  # type: ignore[index]
    if len(already) == len(prepared.files):
        return RealisationOutcome(False, already, (), 0)
    ids = tuple(range(next_id, next_id + len(prepared.files)))
    return RealisationOutcome(False, already, ids, prepared.rows.height)


def plan_realisation(db: Path, prepared: PreparedRealisation) -> RealisationOutcome:
    """What `write_realisation` would do, read-only (the dry run)."""
    if not Path(db).exists():
        return _plan(None, prepared)
    with connect(db, read_only=True) as con:
        return _plan(con, prepared)


def write_realisation_to(
    con: duckdb.DuckDBPyConnection,
    prepared: PreparedRealisation,
    user: str,
    now: dt.datetime | None = None,
) -> RealisationOutcome:
    """Write the batch in one transaction on a connection the caller holds."""
    now = now or dt.datetime.now(dt.UTC)
    with transaction(con):
        outcome = _plan(con, prepared)
        if outcome.noop:
            return outcome
        registry = []
        for file_no, (file, import_id) in enumerate(
            zip(prepared.files, outcome.import_ids, strict=True)
        ):
            years = prepared.rows.filter(pl.col("file_no") == file_no).get_column("year")
            registry.append(
                (
                    import_id,
                    KIND,
                    prepared.municipality,
                    file.display,
                    file.sha256,
                    file.rows,
                    now,
                    user,
                    "",
                    years.min(),
                    years.max(),
                    1,
                    f"{file.file_kind}: realisation (case_id, year, unit_id, account, "
                    "amount_dkk, status)",
                    "kr.",
                )
            )
        con.executemany(
            "INSERT INTO import_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            registry,
        )
        rows = prepared.rows.with_columns(
            (pl.col("file_no") + outcome.import_ids[0]).alias("import_id"),
            pl.lit(prepared.municipality, pl.Int32).alias("municipality_code"),
        )
        con.register("_realised_rows", rows)
        try:
            con.execute(
                "INSERT INTO raw_realised_gains BY NAME SELECT import_id, source_sheet, "
                "source_row, municipality_code, case_id, year, unit_id, account, amount_dkk, "
                "status, harvested_from_account FROM _realised_rows"
            ).fetchall()
        finally:
            con.unregister("_realised_rows")
    return RealisationOutcome(True, outcome.already, outcome.import_ids, outcome.rows)


def write_realisation(
    db: Path, prepared: PreparedRealisation, user: str, now: dt.datetime | None = None
) -> RealisationOutcome:
    with connect(db) as con:
        build_model(con)
        return write_realisation_to(con, prepared, user, now)


def realisation_plan(con: duckdb.DuckDBPyConnection, case_id: str) -> pl.DataFrame:
    return frame(
        con,
        "SELECT * FROM realisation_plan WHERE case_id = ? ORDER BY year, account, unit_id",
        [case_id],
    )


def harvests(con: duckdb.DuckDBPyConnection, case_id: str) -> pl.DataFrame:
    return frame(
        con,
        "SELECT * FROM realisation_harvests WHERE case_id = ? "
        "ORDER BY year, harvested_from_account, account",
        [case_id],
    )


def import_realisation_files(
    files: list[Path],
    db: Path,
    municipality: int,
    user: str,
    lang: Lang,
    dry_run: bool = False,
    accept_warnings: bool = False,
) -> str:
    """`gevinst import --kind realisation`: check every file against the saved cases, then
    write all or nothing (or, with `dry_run`, say what would be written). Returns the summary."""
    from gevinst.ingest.realisation import prepare_realisation, render_summary
    from gevinst.reference import bundled_reference

    ref = bundled_reference()
    prepared = prepare_realisation(
        files, municipality, read_case_catalogue(db), ref, lang, accept_warnings
    )
    outcome = plan_realisation(db, prepared) if dry_run else write_realisation(db, prepared, user)
    return render_summary(
        prepared, outcome.written, outcome.import_ids, outcome.already, str(db), ref, lang
    )


@dataclass(frozen=True)
class GainShareInputs:
    realised: pl.DataFrame  # realised_gains rows + file_name (lineage)
    account_committees: dict[str, str]  # account → committee (reference `accounts`)
    investing: dict[str, str]  # case id → investing committee
    cases: pl.DataFrame  # rows of the `cases` view


def gain_share_inputs(con: duckdb.DuckDBPyConnection, case_ids: list[str]) -> GainShareInputs:
    from gevinst.domain.gain_share import investing_committee

    realised = frame(
        con,
        "SELECT g.*, l.file_name FROM realised_gains AS g LEFT JOIN import_log "
        "AS l USING (import_id) WHERE list_contains(?, g.case_id) "
        "ORDER BY g.case_id, g.year, g.account, g.status",
        [case_ids],
    )
    accounts = dict(con.execute("SELECT account, committee FROM accounts").fetchall())
    departments = dict(
        con.execute(
            "SELECT department, mode(committee) FROM accounts GROUP BY department"
        ).fetchall()
    )
    cases = frame(
        con,
        "SELECT case_id, name, municipality_code, municipality_name, owner, "
        "status, decided_on FROM cases WHERE list_contains(?, case_id) "
        "ORDER BY case_id",
        [case_ids],
    )
    investing = {}
    for case_id, owner in cases.select("case_id", "owner").iter_rows():
        cost_accounts = [
            r[0]
            for r in con.execute(
                "SELECT account FROM case_flows WHERE case_id = ? AND flow = 'cost' AND "
                "payer_kind = 'municipality' AND scenario = 'basis' AND estimate = 'central' "
                "GROUP BY account ORDER BY sum(amount_dkk) DESC",
                [case_id],
            ).fetchall()
        ]
        investing[case_id] = investing_committee(
            owner, departments, [accounts[a] for a in cost_accounts if a in accounts]
        )
    return GainShareInputs(realised, accounts, investing, cases)
