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
from gevinst.store.db import connect, transaction
from gevinst.store.history import frame
from gevinst.store.model import build_model


@dataclass(frozen=True)
class RealisationOutcome:
    written: bool
    already: dict[str, int]         # file name → import_id of the earlier identical import
    import_ids: tuple[int, ...]     # one per file (what was or would be assigned)
    rows: int

    @property
    def noop(self) -> bool:
        return not self.import_ids


def case_catalogue(con: duckdb.DuckDBPyConnection) -> dict[str, CaseInfo]:
    """Every saved case with its municipality, years and the units its flows use."""
    rows = con.execute(
        "SELECT c.case_id, c.municipality_code, c.base_year, c.horizon_years, "
        "list(DISTINCT f.unit_id) FILTER (WHERE f.unit_id IS NOT NULL) "
        "FROM case_registry AS c LEFT JOIN case_flow_rows AS f USING (case_id) "
        "GROUP BY ALL").fetchall()
    return {r[0]: CaseInfo(r[1], r[2], r[2] + r[3] - 1, frozenset(r[4] or ())) for r in rows}


def read_case_catalogue(db: Path) -> dict[str, CaseInfo]:
    if not Path(db).exists():
        return {}
    with connect(db, read_only=True) as con:
        has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = "
                          "'case_registry'").fetchone()
        return case_catalogue(con) if has and has[0] else {}


def read_planned_units(db: Path, case_id: str) -> list[str]:
    """The units a saved case's effects use, in the order of its effects (first effect first)."""
    if not Path(db).exists():
        return []
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT unit_id FROM case_flow_rows WHERE case_id = ? AND unit_id IS NOT NULL "
            "GROUP BY unit_id ORDER BY min(effect_no), unit_id", [case_id]).fetchall()
    return [r[0] for r in rows]


def _plan(con: duckdb.DuckDBPyConnection | None, prepared: PreparedRealisation
          ) -> RealisationOutcome:
    already: dict[str, int] = {}
    next_id = 1
    if con is not None:
        shas = [f.sha256 for f in prepared.files]
        by_sha = dict(con.execute(
            "SELECT sha256, min(import_id) FROM import_registry WHERE municipality_code = ? "
            "AND kind = ? AND list_contains(?, sha256) GROUP BY sha256",
            [prepared.municipality, KIND, shas]).fetchall())
        already = {f.display: by_sha[f.sha256] for f in prepared.files if f.sha256 in by_sha}
        next_id = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_registry"
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


def write_realisation_to(con: duckdb.DuckDBPyConnection, prepared: PreparedRealisation,
                         user: str, now: dt.datetime | None = None) -> RealisationOutcome:
    """Write the batch in one transaction on a connection the caller holds."""
    now = now or dt.datetime.now(dt.UTC)
    with transaction(con):
        outcome = _plan(con, prepared)
        if outcome.noop:
            return outcome
        registry = []
        for file_no, (file, import_id) in enumerate(zip(prepared.files, outcome.import_ids,
                                                        strict=True)):
            years = prepared.rows.filter(pl.col("file_no") == file_no).get_column("year")
            registry.append((import_id, KIND, prepared.municipality, file.display, file.sha256,
                             file.rows, now, user, "", years.min(), years.max(), 1,
                             f"{file.file_kind}: realisation (case_id, year, unit_id, account, "
                             "amount_dkk, status)", "kr."))
        con.executemany("INSERT INTO import_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?)", registry)
        rows = prepared.rows.with_columns(
            (pl.col("file_no") + outcome.import_ids[0]).alias("import_id"),
            pl.lit(prepared.municipality, pl.Int32).alias("municipality_code"))
        con.register("_realised_rows", rows)
        try:
            con.execute(
                "INSERT INTO raw_realised_gains BY NAME SELECT import_id, source_sheet, "
                "source_row, municipality_code, case_id, year, unit_id, account, amount_dkk, "
                "status, harvested_from_account FROM _realised_rows").fetchall()
        finally:
            con.unregister("_realised_rows")
    return RealisationOutcome(True, outcome.already, outcome.import_ids, outcome.rows)


def write_realisation(db: Path, prepared: PreparedRealisation, user: str,
                      now: dt.datetime | None = None) -> RealisationOutcome:
    with connect(db) as con:
        build_model(con)
        return write_realisation_to(con, prepared, user, now)


def realisation_plan(con: duckdb.DuckDBPyConnection, case_id: str) -> pl.DataFrame:
    return frame(con, "SELECT * FROM realisation_plan WHERE case_id = ? "
                      "ORDER BY year, account, unit_id", [case_id])


def harvests(con: duckdb.DuckDBPyConnection, case_id: str) -> pl.DataFrame:
    return frame(con, "SELECT * FROM realisation_harvests WHERE case_id = ? "
                      "ORDER BY year, harvested_from_account, account", [case_id])


def import_realisation_files(files: list[Path], db: Path, municipality: int, user: str,
                             lang: str, dry_run: bool = False,
                             accept_warnings: bool = False) -> str:
    """`gevinst import --kind realisation`: check every file against the saved cases, then
    write all or nothing (or, with `dry_run`, say what would be written). Returns the summary."""
    from gevinst.ingest.realisation import prepare_realisation, render_summary
    from gevinst.reference import bundled_reference

    ref = bundled_reference()
    prepared = prepare_realisation(files, municipality, read_case_catalogue(db), ref,
                                   lang, accept_warnings)  # type: ignore[arg-type]
    outcome = (plan_realisation(db, prepared) if dry_run
               else write_realisation(db, prepared, user))
    return render_summary(prepared, outcome.written, outcome.import_ids, outcome.already,
                          str(db), ref, lang)  # type: ignore[arg-type]


@dataclass(frozen=True)
class GainShareInputs:
    realised: pl.DataFrame                 # realised_gains rows + file_name (lineage)
    account_committees: dict[str, str]     # account → committee (reference `accounts`)
    investing: dict[str, str]              # case id → investing committee
    cases: pl.DataFrame                    # rows of the `cases` view


def gain_share_inputs(con: duckdb.DuckDBPyConnection, case_ids: list[str]) -> GainShareInputs:
    from gevinst.domain.gain_share import investing_committee

    realised = frame(con, "SELECT g.*, l.file_name FROM realised_gains AS g LEFT JOIN import_log "
                          "AS l USING (import_id) WHERE list_contains(?, g.case_id) "
                          "ORDER BY g.case_id, g.year, g.account, g.status", [case_ids])
    accounts = dict(con.execute("SELECT account, committee FROM accounts").fetchall())
    departments = dict(con.execute(
        "SELECT department, mode(committee) FROM accounts GROUP BY department").fetchall())
    cases = frame(con, "SELECT case_id, name, municipality_code, municipality_name, owner, "
                       "status, decided_on FROM cases WHERE list_contains(?, case_id) "
                       "ORDER BY case_id", [case_ids])
    investing = {}
    for case_id, owner in cases.select("case_id", "owner").iter_rows():
        cost_accounts = [r[0] for r in con.execute(
            "SELECT account FROM case_flow_rows WHERE case_id = ? AND flow = 'cost' AND "
            "payer_kind = 'municipality' AND scenario = 'basis' AND estimate = 'central' "
            "GROUP BY account ORDER BY sum(amount_dkk) DESC", [case_id]).fetchall()]
        investing[case_id] = investing_committee(
            owner, departments, [accounts[a] for a in cost_accounts if a in accounts])
    return GainShareInputs(realised, accounts, investing, cases)


# --- demo ------------------------------------------------------------------------------------

DEMO_CASE = "sverigesmodellen-herning"
#: DEMO: the case as the city council decided it (fictitious): 25 % deadweight on fewer
#: residential placements where the current file says 30 %, and the catalogue's price of a
#: child-year in residential care 4 % lower than today's. Illustrative, not Herning's figures.
_DEMO_DECIDED_TEXT = ("deadweight = { low = 0.40, central = 0.30, high = 0.20 }",
                      "deadweight = { low = 0.40, central = 0.25, high = 0.20 }")
_DEMO_DECIDED_UNIT = ("anbringelse-doegn-aar", 0.96)
_DEMO_DECIDED_AT = dt.datetime(2025, 10, 8, 12, 0, tzinfo=dt.UTC)
#: DEMO: how the realised net saving on residential care splits by status (shares of the plan)
_DEMO_SPLIT = (("harvested", 0.50), ("reinvested", 0.15), ("capacity", 0.15),
               ("not-realised", 0.20))
_DEMO_YEARS = (2027, 2028)


def _demo_decision_version(con: duckdb.DuckDBPyConnection, ref: object) -> None:
    """Insert the (fictitious) decision version before the demo case's current version."""
    from gevinst.cases.evaluation import evaluate_variants
    from gevinst.cases.load import parse_case
    from gevinst.cases.schema import ESTIMATES
    from gevinst.reference import Reference
    from gevinst.store.history import record_version

    assert isinstance(ref, Reference)
    row = con.execute("SELECT count(*), any_value(case_toml), any_value(status) FROM "
                      "case_version_registry WHERE case_id = ?", [DEMO_CASE]).fetchone()
    if not row or row[0] != 1 or row[2] != "adopted" or _DEMO_DECIDED_TEXT[0] not in row[1]:
        return
    text = row[1].replace(*_DEMO_DECIDED_TEXT)
    unit_id, factor = _DEMO_DECIDED_UNIT
    unit = ref.units[unit_id]
    decided_units = {unit_id: unit.model_copy(update={"gross_dkk": round(unit.gross_dkk
                                                                          * factor, 2)})}
    decided_ref = ref.model_copy(update={"units": {**ref.units, **decided_units}})
    case = parse_case(text, f"{DEMO_CASE}.toml", decided_ref)
    variants = evaluate_variants(case, decided_ref, case.scenario_names, ESTIMATES,
                                 evaluated_at=_DEMO_DECIDED_AT)
    units = {e.unit: decided_ref.units[e.unit] for e in case.effect if e.unit in ref.units}
    with transaction(con):
        for table in ("case_version_registry", "case_version_flow_rows",
                      "case_version_summary_rows"):
            con.execute(f"UPDATE {table} SET version = version + 1 WHERE case_id = ?",
                        [DEMO_CASE])
        record_version(con, case, text, f"{DEMO_CASE}.toml", variants, "demo",
                       _DEMO_DECIDED_AT, units, version=1)


def _demo_realisation_rows(con: duckdb.DuckDBPyConnection) -> list[list[object]]:
    plan = con.execute(
        "SELECT year, unit_id, account, planned_net_current_dkk FROM realisation_plan "
        "WHERE case_id = ? "
        "AND unit_id = 'anbringelse-doegn-aar' AND planned_net_dkk < 0 AND list_contains(?, year)"
        " ORDER BY year", [DEMO_CASE, list(_DEMO_YEARS)]).fetchall()
    rows: list[list[object]] = []
    for year, unit_id, account, planned in plan:
        parts = [round(float(planned) * share, -3) for _, share in _DEMO_SPLIT[:-1]]
        parts.append(round(float(planned) - sum(parts), 2))
        for (status, _), amount in zip(_DEMO_SPLIT, parts, strict=True):
            rows.append([DEMO_CASE, year, unit_id, account, f"{amount:.2f}", status,
                         account if status == "harvested" else ""])
    return rows


def add_demo_realisation(con: duckdb.DuckDBPyConnection, ref: object) -> None:
    """Demo step: a decision version of the adopted demo case, and its realised gains for
    2027–2028 imported through the real realisation import (a csv file, lineage and all)."""
    import csv
    import tempfile

    from gevinst.demo import DEMO_TIMESTAMP, DEMO_USER
    from gevinst.ingest.realisation import prepare_realisation
    from gevinst.reference import Reference

    assert isinstance(ref, Reference)
    if DEMO_CASE not in case_catalogue(con):
        return
    _demo_decision_version(con, ref)
    rows = _demo_realisation_rows(con)
    if not rows:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "herning-gevinstrealisering-demo.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["case_id", "year", "unit_id", "account", "amount_dkk", "status",
                             "harvested_from_account"])
            writer.writerows(rows)
        prepared = prepare_realisation([path], 657, case_catalogue(con), ref)
    write_realisation_to(con, prepared, DEMO_USER, DEMO_TIMESTAMP)
