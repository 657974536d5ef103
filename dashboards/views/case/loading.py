"""Loading a saved case for the page: the reference data the database was built with, the
case parsed once per content, access checked (and refusals audit-logged), and the query
frames of its flows and summary. The only part of the page that reads the database, with
`saved_draws` and `body.case_body`'s budget period."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboards import auth, data
from dashboards.i18n import t
from gevinst.cases import parse_case
from gevinst.cases.schema import Case
from gevinst.errors import InputRejected
from gevinst.reference import Reference, bundled_reference


@dataclass(frozen=True)
class LoadedCase:
    """A saved case: its `cases` row (with the file's text) and the parsed case as written."""

    row: dict
    case: Case

    @property
    def home(self) -> int:
        return self.case.municipality

    @property
    def municipality_name(self) -> str:
        return self.row["municipality_name"] or str(self.home)


_PARSED: dict[tuple[str, int], Case] = {}
_REFERENCE: dict[tuple[int, str], Reference] = {}


def reference() -> Reference:
    """The reference data the database was built with, read once per open database.

    Read through a query file rather than `data.reference()`: that one's reader fetches one
    row with `fetchone()`, which in DuckDB 2.0 leaves an unfinished result on the thread's
    cursor, and every later query on that thread fails.
    """
    database = data.db()
    key = (id(database), str(database.path))
    if key not in _REFERENCE:
        rows = database.query("case_reference")
        _REFERENCE.clear()
        _REFERENCE[key] = (
            Reference.model_validate_json(rows["reference_json"][0])
            if rows.height
            else bundled_reference()
        )
    return _REFERENCE[key]


def parse_saved(row: dict, ref: Reference) -> Case:
    """The case as stored, parsed once per file content and reference (raises InputRejected).
    Filled at request time, never at import; a saved scenario changes the sha and the key."""
    key = (row["sha256"], id(ref))
    if key not in _PARSED:
        if len(_PARSED) > 256:
            _PARSED.clear()
        _PARSED[key] = parse_case(row["case_toml"], row["file_name"], ref)
    return _PARSED[key]


def load(case_id: object, ref: Reference | None = None) -> LoadedCase | str:
    """The saved case, or a message key (`case.unknown` / `case.forbidden` /
    `case.unreadable: …`). A case of a municipality the user may not see (or, for a
    politician, one not adopted) is refused and the refusal audit-logged; so is an id that
    does not exist, and `load_message` words both alike."""
    if not isinstance(case_id, str) or not case_id or len(case_id) > auth.MAX_ID:
        return "case.unknown"
    rows = data.db().query("case_header", case_id=case_id)
    if rows.is_empty():  # refused like another municipality's case: one answer for both
        auth.record_refusal(
            auth.Refused("auth.reason.case", object=case_id, id=case_id), "case.load"
        )
        return "case.unknown"
    row = rows.row(0, named=True)
    if not auth.user().may_see_case(row["municipality_code"], row["status"]):
        auth.record_refusal(
            auth.Refused(
                "auth.reason.case",
                object=case_id,
                municipality=row["municipality_code"],
                id=case_id,
            ),
            "case.load",
        )
        return "case.forbidden"
    try:
        return LoadedCase(row, parse_saved(row, ref or reference()))
    except InputRejected as exc:
        return "case.unreadable:" + "; ".join(str(p) for p in exc.problems)


def load_message(result: str, case_id: object, lang: str) -> str:
    if result.startswith("case.unreadable:"):
        return t("case.page.unreadable", lang).format(detail=result.split(":", 1)[1])
    # an unknown id and another municipality's case get the same answer (no enumeration)
    return auth.Refused("auth.reason.case", id=str(case_id)[:80]).message(lang)


def case_options(cases: pl.DataFrame) -> list[dict]:
    return [
        {"label": f"{r['name']} ({r['municipality_name']})", "value": r["case_id"]}
        for r in cases.iter_rows(named=True)
    ]


def scenario_options(case_id: str) -> list[dict]:
    """The case's scenarios by the title people see (the id stays the value, in the URL)."""
    rows = data.db().query("case_scenario_names", case_id=case_id)
    return [{"label": r["title"], "value": r["scenario"]} for r in rows.iter_rows(named=True)]


def flow_lines(case_id: str, scenario: str, estimate: str) -> pl.DataFrame:
    return data.db().query("case_flow_lines", case_id=case_id, scenario=scenario, estimate=estimate)


def payer_summary(case_id: str, scenario: str, estimate: str) -> pl.DataFrame:
    return data.db().query(
        "case_payer_summary", case_id=case_id, scenario=scenario, estimate=estimate
    )


def home_row(summary: pl.DataFrame, home: int) -> dict | None:
    rows = summary.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home))
    return rows.row(0, named=True) if rows.height else None
