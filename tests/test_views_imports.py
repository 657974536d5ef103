"""Import page views as plain functions: a dry run of a good workbook gives the summary, of a
bad one every problem with its cell; confirm writes once and again is a no-op; an upload over
the size limit is refused before it is decoded."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dashboards.views import imports as view
from gevinst.errors import Problem
from gevinst.reference import Reference
from gevinst.store.db import open_database
from gevinst.store.model import build_model

GOOD = [  # Konto, År, Beløb (kr.), Budgettype, Udvalg
    ("5.28.21", 2026, 1_200_000, "B", "Børne- og Familieudvalget"),
    ("5.28.22", 2026, 3_450_000, "B", "Børne- og Familieudvalget"),
    ("5.57.73", 2026, 8_000_000, "B", "Beskæftigelsesudvalget"),
    ("5.28.21", 2027, 1_250_000, "BO", "Børne- og Familieudvalget"),
]


def workbook(rows: list[tuple], bad_cell: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Konto", "År", "Beløb (kr.)", "Budgettype", "Udvalg"])
    for row in rows:
        ws.append(list(row))
    if bad_cell:
        ws[bad_cell] = "tolv hundrede"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def data_url(content: bytes) -> str:
    return (
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
        + base64.b64encode(content).decode()
    )


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(tmp_path / "t.duckdb")
    build_model(connection)
    yield connection
    connection.close()


def options(ref: Reference, lang: str = "da") -> view.ImportOptions:
    opts = view.options_for("budget", 169, [], lang, ref)
    assert opts is not None
    return opts


def test_dry_run_of_a_good_workbook_returns_the_summary_and_writes_nothing(con, ref) -> None:  # type: ignore[no-untyped-def]
    uploads, problems = view.decode_uploads([data_url(workbook(GOOD))], ["budget.xlsx"], "da")
    assert problems == [] and uploads[0].name == "budget.xlsx"
    result = view.dry_run(uploads, options(ref), ref, con)
    assert result.ok and result.outcome is not None and not result.outcome.noop
    assert result.outcome.lines == 4
    totals = {(y, k): v for y, k, v in view.year_totals(result.prepared.lines).rows()}
    assert totals == {(2026, "B"): 12_650_000, (2027, "BO"): 1_250_000}
    shapes = view.shape_rows(result.prepared.files, "da")
    assert shapes[0][:4] == [
        "budget.xlsx",
        "Budget",
        "lang (én række pr. år)",
        "kr. (kolonneoverskriften)",
    ]
    body = view.summary_view(result, "da")
    assert "Prøvekørsel" in body[0].children and "import 1" in body[0].children
    assert con.execute("SELECT count(*) FROM import_log").fetchone() == (0,)


def test_dry_run_of_a_bad_workbook_names_every_bad_cell(con, ref) -> None:  # type: ignore[no-untyped-def]
    content = workbook(GOOD, bad_cell="C5")
    uploads, _ = view.decode_uploads([data_url(content)], ["bad.xlsx"], "da")
    result = view.dry_run(uploads, options(ref), ref, con)
    assert not result.ok
    assert [(p.file, p.where) for p in result.problems] == [("bad.xlsx", "Budget!C5")]
    assert "bad.xlsx: Budget!C5:" in view.problems_csv(result.problems, "da")
    assert con.execute("SELECT count(*) FROM import_log").fetchone() == (0,)


def test_confirm_writes_once_and_again_is_a_no_op(con, ref) -> None:  # type: ignore[no-untyped-def]
    uploads, _ = view.decode_uploads([data_url(workbook(GOOD))], ["budget.xlsx"], "en")
    first = view.confirm(uploads, options(ref, "en"), ref, con)
    assert first.outcome is not None and first.outcome.written
    assert view.outcome_text(first, "en", written=True).startswith("Imported: 4 lines as import 1")
    again = view.confirm(uploads, options(ref, "en"), ref, con)
    assert again.outcome is not None and again.outcome.noop and not again.outcome.written
    assert view.outcome_text(again, "en", written=True).startswith("Nothing to do")
    dry = view.dry_run(uploads, options(ref, "en"), ref, con)
    assert dry.outcome is not None and dry.outcome.noop
    rows = con.execute("SELECT import_id, imported_by, rows FROM import_log").fetchall()
    assert rows == [(1, "dashboard", 4)]
    total = con.execute("SELECT sum(amount_dkk) FROM budget_lines WHERE year = 2026").fetchone()
    assert float(total[0]) == 12_650_000


def test_an_upload_over_the_limit_is_refused_before_decoding() -> None:
    assert view.MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    big = "data:text/csv;base64," + "!" * 4000  # not even base64: never decoded
    uploads, problems = view.decode_uploads([big], ["budget.csv"], "da", limit=2000)
    assert uploads == [] and "grænsen er" in problems[0].message


def test_uploads_that_are_not_what_they_claim_are_refused() -> None:
    uploads, problems = view.decode_uploads(["data:x;base64,QUJD"], ["makro.xlsm"], "en")
    assert uploads == [] and "only xlsx and csv" in problems[0].message
    for contents, names in (
        (None, None),
        ([1], ["a.xlsx"]),
        (["a"], ["a", "b"]),
        (["data:x;base64,***"], ["a.csv"]),
    ):
        uploads, problems = view.decode_uploads(contents, names, "en")
        assert uploads == [] and problems


def test_names_are_made_safe_and_unique() -> None:
    uploads, _ = view.decode_uploads(
        ["data:x;base64,QUJD"] * 2, ["../../etc/budget.csv", "budget.csv"], "da"
    )
    assert [u.name for u in uploads] == ["budget.csv", "budget (1).csv"]


def test_options_from_a_client_are_validated(ref) -> None:  # type: ignore[no-untyped-def]
    assert view.options_for("budget", 999, [], "da", ref) is None
    assert view.options_for("drop", 169, [], "da", ref) is None
    assert view.options_for("accounts", "169", [], "da", ref) is None
    assert view.options_for("accounts", 169, ["accept"], "da", ref).accept_warnings


def test_the_report_never_writes_a_formula_and_survives_the_browser_store() -> None:
    problems = [
        Problem("=evil.xlsx", "Budget!C5", "-1 er ikke et tal"),
        Problem("b.xlsx", "", "advarsel", "warning"),
    ]
    stored = view.problems_to_store(problems)
    assert view.problems_from_store(stored) == problems
    assert view.problems_from_store([{"file": 1}, "x"]) == []
    text = view.problems_csv(problems, "da")
    assert "'=evil.xlsx" in text and "'-1 er ikke et tal" in text and text.startswith("\ufeff")


def test_dry_run_says_which_current_slices_a_new_version_replaces(con, ref) -> None:  # type: ignore[no-untyped-def]
    uploads, _ = view.decode_uploads([data_url(workbook(GOOD))], ["budget.xlsx"], "da")
    view.confirm(uploads, options(ref), ref, con)
    smaller, _ = view.decode_uploads([data_url(workbook(GOOD[:1]))], ["ny.xlsx"], "da")
    result = view.dry_run(smaller, options(ref), ref, con)
    assert result.replaces == (("B", 2026, 1, 3),)
    note = view.summary_view(result, "da")[1]
    assert note.id == "import-replaces" and "B2026 (3 linjer fra import 1)" in note.children


def test_the_report_opens_in_columns_in_a_danish_excel() -> None:
    """`;`, BOM, Danish headers (what a Danish Excel splits on); English keeps `,`."""
    import csv
    import io

    problems = [Problem("a.xlsx", "Budget!C5", "teksten 'mange' er ikke et tal; brug 1.234,50")]
    text = view.problems_csv(problems, "da")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Fil", "Sted", "Type", "Besked", "Linje"] or rows[0][-1] == "Linje"
    assert len(rows[1]) == 5 and rows[1][2] and rows[1][3].endswith("brug 1.234,50")
    english = list(csv.reader(io.StringIO(view.problems_csv(problems, "en")[1:])))
    assert english[0][-1] == "Line" and len(english[1]) == 5


def test_people_csv_writes_decimal_commas_and_neutralises_text() -> None:
    from gevinst.reports.people_csv import people_csv

    text = people_csv(
        ["Konto", "Beløb"], [("=SUM(A1)", 1234.5), ("5.28.21", -12000.0), ("x", 3)], "da"
    )
    lines = text.removeprefix("\ufeff").split("\r\n")
    assert lines[:4] == ["Konto;Beløb", "'=SUM(A1);1234,5", "5.28.21;-12000", "x;3"]
    assert people_csv(["a"], [(0.25,)], "en").endswith("0.25\r\n")


def test_the_log_table_lists_the_newest_and_says_where_the_rest_are() -> None:
    """At national scale an administrator's log holds ~200 imports: the table lists the 25
    newest (mounting 200 rows took the browser tens of seconds), the caption says so, and
    the choice below the table keeps every one."""
    import datetime as dt

    import polars as pl

    n = view.LOG_SHOWN + 5
    log = pl.DataFrame(
        {
            "import_id": list(range(n, 0, -1)),
            "kind": ["budget"] * n,
            "municipality_code": [169] * n,
            "municipality_name": ["Høje-Taastrup"] * n,
            "file_name": [f"fil-{i}.xlsx" for i in range(n, 0, -1)],
            "sha256": ["ab" * 32] * n,
            "rows": [10] * n,
            "imported_at": [dt.datetime(2026, 1, 1)] * n,
            "imported_by": ["c"] * n,
            "budget_kinds": ["B"] * n,
            "first_year": [2026] * n,
            "last_year": [2026] * n,
            "version": [1] * n,
        }
    )
    shown = view.import_log_table(log, "da")
    body = shown.children[2].children
    assert len(body) == view.LOG_SHOWN
    assert f"fil-{n}.xlsx" in str(body[0]) and "fil-1.xlsx" not in str(shown)
    assert shown.children[0].children == (
        f"Importerede filer, nyeste først (de {view.LOG_SHOWN} nyeste af {n}; vælg en ældre "
        "i listen nedenfor)"
    )
    few = view.import_log_table(log.tail(3), "en")
    assert few.children[0].children == "Imported files, newest first"
    assert len(few.children[2].children) == 3
