"""Versioned assumptions: every save of a changed case is kept, with who and when.

`record_version` runs inside `save_case`'s transaction. A version is the case file's text plus
the unit costs (catalogue entries) it used: saving the same text with the same unit costs adds
no version, so re-running `gevinst demo` or `evaluate --save` on an unchanged file is a no-op
for the history. Versions are never updated or deleted: the evaluation saved with an adopted
case's decision (`case_versions.is_decision`) stays frozen whatever is saved later.
`record_unit_costs` keeps the history of the database's unit-cost catalogue the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from gevinst.cases.schema import Case
from gevinst.domain.evaluate import Evaluation
from gevinst.domain.versions import Change, Explanation
from gevinst.reference import Reference, Unit


@dataclass(frozen=True)
class StoredVersion:
    case_id: str
    version: int
    status: str
    decided_on: dt.date | None
    case_toml: str
    unit_costs: dict[str, Unit]
    saved_at: dt.datetime
    saved_by: str
    is_current: bool
    is_decision: bool


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    """A query as a polars frame (DuckDB 2.0 has no `.pl()`); money as float."""
    result = pl.from_arrow(con.sql(sql, params=params or None).to_arrow_table())
    assert isinstance(result, pl.DataFrame)
    return result.with_columns(pl.col(pl.Decimal).cast(pl.Float64))


def units_used(case: Case, ref: Reference | None) -> dict[str, Unit]:
    """The catalogue units the case's effects refer to (local [[unit]]s are in the file)."""
    if ref is None:
        return {}
    local = {u.id for u in case.unit}
    return {
        e.unit: ref.units[e.unit]
        for e in case.effect
        if e.unit in ref.units and e.unit not in local
    }


def _units_json(units: dict[str, Unit]) -> str:
    return json.dumps(
        {k: units[k].model_dump(mode="json") for k in sorted(units)},
        ensure_ascii=False,
        sort_keys=True,
    )


def record_version(
    con: duckdb.DuckDBPyConnection,
    case: Case,
    case_toml: str,
    file_name: str,
    evaluations: Sequence[Evaluation],
    saved_by: str,
    saved_at: dt.datetime,
    units: dict[str, Unit],
    version: int | None = None,
) -> int | None:
    """Append a version (and its evaluation) unless the latest one has the same content.
    Returns the new version number, or None when nothing changed. Call inside a transaction.
    `version` forces the number (the demo inserts a history before the current version)."""
    sha = hashlib.sha256(case_toml.encode()).hexdigest()
    units_text = _units_json(units)
    units_sha = hashlib.sha256(units_text.encode()).hexdigest()
    latest = con.execute(
        "SELECT version, sha256, unit_costs_sha256 FROM case_version_registry "
        "WHERE case_id = ? ORDER BY version DESC LIMIT 1",
        [case.id],
    ).fetchone()
    if (
        version is None
        and latest
        and latest[1] == sha
        and latest[2] == units_sha
        and _same_evaluation(con, case.id, latest[0], evaluations)
    ):
        return None
    version = version or (latest[0] if latest else 0) + 1
    con.execute(
        "INSERT INTO case_version_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)",
        [
            case.id,
            version,
            case.name,
            case.municipality,
            case.owner,
            case.base_year,
            case.horizon_years,
            case.status,
            case.decided_on,
            case.source,
            file_name,
            case_toml,
            sha,
            units_text,
            units_sha,
            saved_at,
            saved_by,
        ],
    )
    for table, attribute in (
        ("case_version_flow_rows", "flows"),
        ("case_version_summary_rows", "summary"),
    ):
        frames = [getattr(e, attribute) for e in evaluations]
        rows = pl.concat(frames, how="vertical") if frames else pl.DataFrame()
        if rows.is_empty():
            continue
        rows = rows.with_columns(pl.lit(version, pl.Int32).alias("version"))
        con.register("_version_rows", rows)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _version_rows").fetchall()
        finally:
            con.unregister("_version_rows")
    return version


#: what an evaluation is compared on (not when it ran): the flows and the payers' summary
_COMPARED = {
    "case_version_flow_rows": ("flows", "evaluated_at"),
    "case_version_summary_rows": ("summary", None),
}


def _same_evaluation(
    con: duckdb.DuckDBPyConnection, case_id: str, version: int, evaluations: Sequence[Evaluation]
) -> bool:
    """Whether `evaluations` give the rows the stored version has. The same file and unit costs
    evaluated under other rules (a new year's refusion or equalisation in the reference data)
    give other figures: that is a new version, or the pages would go on showing the old ones."""
    for table, (attribute, ignored) in _COMPARED.items():
        frames = [getattr(e, attribute) for e in evaluations]
        if not frames or all(f.is_empty() for f in frames):
            continue
        # both sides cast to the stored types, so float noise below the øre is no change
        typed = ", ".join(
            f"CAST({name} AS {kind}) AS {name}"
            for name, kind in con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE database_name = current_database() AND table_name = ? "
                "AND column_name NOT IN ('version', ?) ORDER BY column_index",
                [table, ignored or ""],
            ).fetchall()
        )
        stored = f"SELECT {typed} FROM {table} WHERE case_id = ? AND version = ?"
        con.register("_new_rows", pl.concat(frames, how="vertical"))
        try:
            differing = con.execute(
                f"SELECT count(*) FROM ((SELECT {typed} FROM _new_rows EXCEPT ALL {stored}) "
                f"UNION ALL ({stored} EXCEPT ALL SELECT {typed} FROM _new_rows))",
                [case_id, version, case_id, version],
            ).fetchall()
        finally:
            con.unregister("_new_rows")
        if differing[0][0]:
            return False
    return True


def record_unit_costs(
    con: duckdb.DuckDBPyConnection, ref: Reference, by: str, at: dt.datetime
) -> int:
    """Append a version for every catalogue unit whose values differ from its last recorded
    version (or that was never recorded). Returns how many were recorded."""
    last = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT unit_id, gross_dkk, price_year, rule, payers FROM unit_cost_history "
            "QUALIFY row_number() OVER (PARTITION BY unit_id ORDER BY version DESC) = 1"
        ).fetchall()
    }
    versions = dict(
        con.execute(
            "SELECT unit_id, max(version) FROM unit_cost_history GROUP BY unit_id"
        ).fetchall()
    )
    rows = []
    for unit in ref.units.values():
        payers = json.dumps([p.model_dump() for p in unit.payers], ensure_ascii=False)
        values = (unit.gross_dkk, unit.price_year, unit.rule, payers)
        if last.get(unit.id) == values:
            continue
        rows.append(
            (
                unit.id,
                versions.get(unit.id, 0) + 1,
                unit.name,
                unit.per,
                *values,
                unit.source,
                at,
                by,
            )
        )
    if rows:
        con.executemany(
            "INSERT INTO unit_cost_history (unit_id, version, name, per, gross_dkk, "
            "price_year, rule, payers, source, recorded_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def versions(con: duckdb.DuckDBPyConnection, case_id: str) -> list[StoredVersion]:
    rows = con.execute(
        "SELECT case_id, version, status, decided_on, case_toml, unit_costs_json, saved_at, "
        "saved_by, is_current, is_decision FROM case_versions WHERE case_id = ? "
        "ORDER BY version",
        [case_id],
    ).fetchall()
    return [
        StoredVersion(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            {k: Unit.model_validate(v) for k, v in json.loads(r[5]).items()},
            r[6],
            r[7],
            r[8],
            r[9],
        )
        for r in rows
    ]


def decided_vs_now(
    con: duckdb.DuckDBPyConnection, case_id: str, scenario: str = "basis", estimate: str = "central"
) -> pl.DataFrame:
    """Per payer and year: as decided, now, and the difference (view case_decided_vs_now)."""
    return frame(
        con,
        "SELECT payer_kind, payer_code, year, decided_dkk, now_dkk, "
        "difference_dkk FROM case_decided_vs_now WHERE case_id = ? AND scenario = ? "
        "AND estimate = ? ORDER BY payer_kind = 'municipality' DESC, payer_kind, "
        "payer_code, year",
        [case_id, scenario, estimate],
    )


@dataclass(frozen=True)
class CaseComparison:
    """An adopted case as decided and now: versions, what changed, and why the NPV moved."""

    case_id: str
    decision: StoredVersion
    current: StoredVersion
    by_year: pl.DataFrame  # payer_kind, payer_code, year, decided/now/difference_dkk
    changes: list[Change]
    explanation: Explanation


def stored_npv(
    con: duckdb.DuckDBPyConnection, case_id: str, version: int, scenario: str, estimate: str
) -> dict:
    """A stored version's present value per payer (the figures as saved, not recomputed)."""
    rows = con.execute(
        "SELECT payer_kind, payer_code, npv_dkk FROM case_version_summary_rows "
        "WHERE case_id = ? AND version = ? AND scenario = ? AND estimate = ?",
        [case_id, version, scenario, estimate],
    ).fetchall()
    return {(k, c): float(v) for k, c, v in rows}
