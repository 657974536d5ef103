"""Benefit-week files (`--kind benefit-weeks`): what the file is, where its columns are, and every
problem in it, found with SQL over DuckDB's own readers so 20 million rows never become Python
objects.

A file (csv, parquet or xlsx; DESIGN "Import rules" → "Benefit-week files") has one row per
person and week: `person_id` (a pseudonym), `week_start` (the Monday `2026-01-05` or the ISO week
`2026-W02`), `benefit` (a benefit of rules.toml `[benefits]`), `amount_dkk` (plain or Danish
decimals) and optionally `counter_week_at_start` (the count week of the person's first counted
week, when the count began before the file). csv and parquet are read by `read_csv`/
`read_parquet`; xlsx (at most Excel's 1.048.576 rows) goes through the container scan and the
sandboxed reader like budget workbooks and reaches DuckDB as an Arrow table.

`source_sql` gives one typed row per file row (`source_row`, the five fields and a flag per
problem); `check_file` counts the flags in one pass and names the first rows of each kind;
`duplicate_problems` and `counter_problems` read what the model computed inside the import's
transaction (a person-week imported twice, a conflicting `counter_week_at_start`). This module
runs SQL on a connection the store opened; it never opens the database itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from gevinst.errors import Problem
from gevinst.ingest.budget import sha256_of
from gevinst.ingest.cells import address
from gevinst.ingest.container import scan_file
from gevinst.ingest.cpr import CPR_PATTERN as _CPR
from gevinst.ingest.limits import Limits
from gevinst.ingest.numbers import AMBIGUOUS as _AMBIGUOUS
from gevinst.ingest.numbers import DANISH as _DANISH
from gevinst.ingest.readers import read_file
from gevinst.messages import Lang, msg, register

if TYPE_CHECKING:
    from datetime import date

    import duckdb

#: problems named per kind; the rest are counted ("… and 1.234 more")
MAX_EXAMPLES = 20
#: a weekly amount above this is a unit error (øre, or a yearly figure), not a benefit
MAX_WEEKLY_DKK = 1_000_000
MAX_PERSON_ID_CHARS = 64
MAX_COUNTER_WEEK = 5_000
YEARS = (1980, 2100)

FIELDS = ("person_id", "week_start", "benefit", "amount_dkk", "counter_week_at_start")
REQUIRED = FIELDS[:4]
_ALIASES: dict[str, tuple[str, ...]] = {
    "person_id": ("person_id", "person", "personid", "pseudonym", "person_pseudonym"),
    "week_start": ("week_start", "week", "uge", "ugestart", "uge_start", "week_monday"),
    "benefit": ("benefit", "ydelse", "ydelsestype"),
    "amount_dkk": (
        "amount_dkk",
        "amount",
        "beloeb",
        "beløb",
        "belob",
        "beløb_kr",
        "amount_kr",
        "beloeb_kr",
    ),
    "counter_week_at_start": (
        "counter_week_at_start",
        "uge_i_taelling_ved_start",
        "taelleruge_ved_start",
    ),
}

register(
    {
        "ingest.weeks.kind": {
            "da": "benefit-weeks-filer skal være csv, parquet eller xlsx",
            "en": "benefit-weeks files must be csv, parquet or xlsx",
        },
        "ingest.weeks.unreadable": {
            "da": "filen kan ikke læses som {kind} ({detail})",
            "en": "the file cannot be read as {kind} ({detail})",
        },
        "ingest.weeks.missing_column": {
            "da": "kolonnen {column} mangler; fandt: {found}",
            "en": "the column {column} is missing; found: {found}",
        },
        "ingest.weeks.no_rows": {
            "da": "filen indeholder ingen rækker",
            "en": "the file holds no rows",
        },
        "ingest.weeks.person_missing": {
            "da": "person_id mangler",
            "en": "person_id is missing",
        },
        "ingest.weeks.person_cpr": {
            "da": "person_id ligner et CPR-nummer ({value}); brug et pseudonym — "
            "filen afvises, intet er gemt",
            "en": "person_id looks like a CPR number ({value}); use a pseudonym — "
            "the file is rejected, nothing is stored",
        },
        "ingest.weeks.person_long": {
            "da": "person_id er længere end {limit} tegn",
            "en": "person_id is longer than {limit} characters",
        },
        "ingest.weeks.week_missing": {
            "da": "week_start mangler",
            "en": "week_start is missing",
        },
        "ingest.weeks.week_invalid": {
            "da": "'{value}' er hverken en dato (2026-01-05) eller en ISO-uge (2026-W02)",
            "en": "'{value}' is neither a date (2026-01-05) nor an ISO week (2026-W02)",
        },
        "ingest.weeks.week_not_monday": {
            "da": "{value} er ikke en mandag; week_start skal være ugens mandag "
            "(fx 2026-01-05) eller ISO-ugen (2026-W02)",
            "en": "{value} is not a Monday; week_start must be the week's Monday "
            "(e.g. 2026-01-05) or the ISO week (2026-W02)",
        },
        "ingest.weeks.week_year": {
            "da": "ugen {value} ligger uden for årene {first}–{last}",
            "en": "the week {value} lies outside the years {first}–{last}",
        },
        "ingest.weeks.benefit_missing": {
            "da": "benefit mangler",
            "en": "benefit is missing",
        },
        "ingest.weeks.benefit_unknown": {
            "da": "ukendt ydelse '{value}'; kendte: {known}",
            "en": "unknown benefit '{value}'; known: {known}",
        },
        "ingest.weeks.amount_missing": {
            "da": "amount_dkk mangler",
            "en": "amount_dkk is missing",
        },
        "ingest.weeks.amount_invalid": {
            "da": "'{value}' er ikke et beløb",
            "en": "'{value}' is not an amount",
        },
        "ingest.weeks.amount_ambiguous": {
            "da": "'{value}' kan læses både som {dot} og som {danish}, fordi kolonnen også har "
            "punktum som decimaltegn; skriv beløbet uden tusindtalsseparator",
            "en": "'{value}' reads both as {dot} and as {danish} because the column also uses "
            "a decimal point; write the amount without a thousands separator",
        },
        "ingest.weeks.amount_negative": {
            "da": "beløbet {value} er negativt; importér rettelser som en rettet fil",
            "en": "the amount {value} is negative; import corrections as a corrected file",
        },
        "ingest.weeks.amount_large": {
            "da": "beløbet {value} er over {limit} kr. for én uge (enhedsfejl?)",
            "en": "the amount {value} exceeds DKK {limit} for one week (a unit error?)",
        },
        "ingest.weeks.counter_invalid": {
            "da": "counter_week_at_start '{value}' skal være et helt tal fra 1 til {limit}",
            "en": "counter_week_at_start '{value}' must be a whole number from 1 to {limit}",
        },
        "ingest.weeks.duplicate": {
            "da": "samme person og uge ({week}) som {other}; én række pr. person og uge",
            "en": "the same person and week ({week}) as {other}; one row per person and week",
        },
        "ingest.weeks.duplicate_row": {"da": "række {row}", "en": "row {row}"},
        "ingest.weeks.duplicate_import": {
            "da": "række {row} i import {import_id} ({file}); slet den med gevinst purge, "
            "hvis den skal erstattes",
            "en": "row {row} of import {import_id} ({file}); purge it with gevinst purge to "
            "replace it",
        },
        "ingest.weeks.counter_conflict": {
            "da": "counter_week_at_start {value} gælder kun personens første tællende uge "
            "({week}), hvor den er {first}",
            "en": "counter_week_at_start {value} applies to the person's first counted week "
            "only ({week}), where it is {first}",
        },
        "ingest.weeks.more": {
            "da": "… og {count} flere af samme slags",
            "en": "… and {count} more of the same kind",
        },
        "ingest.weeks.row": {"da": "række {row}", "en": "row {row}"},
    }
)


@dataclass(frozen=True)
class BenefitWeekFile:
    """One file, recognised: where each field's column is and how to read it with DuckDB."""

    path: Path
    display: str
    sha256: str
    kind: str  # csv, parquet, xlsx
    relation: str  # a FROM item with `source_row` and the file's columns
    columns: dict[str, str]  # field → the file's column name
    types: dict[str, str]  # field → DuckDB type of that column
    positions: dict[str, int]  # field → 1-based column position (for cell addresses)
    sheet: str | None = None
    frame: pl.DataFrame | None = None  # xlsx cells, registered as `relation` by the caller
    #: the file as it was opened (`file_signature`); the store refuses to commit if it changed
    signature: tuple[int, ...] = ()


def file_signature(path: Path) -> tuple[int, ...]:
    """Device, inode, size and modification time: what changes when a file is rewritten
    (empty if the file is gone)."""
    try:
        st = path.stat()
    except OSError:
        return ()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _normal(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().lstrip("\ufeff").lower()).strip("_")


def _match_columns(names: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        for field, aliases in _ALIASES.items():
            if _normal(name) in aliases and field not in found:
                found[field] = name
    return found


def match_columns(names: list[str]) -> dict[str, str]:
    """field → the column of `names` that holds it (also for `gevinst spark`'s reader)."""
    return _match_columns(names)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_no: int,
    lang: Lang = "da",
    limits: Limits | None = None,
) -> tuple[BenefitWeekFile | None, list[Problem]]:
    """Sniff the file (never trusting its extension), find its columns; problems as data."""
    limits = limits or Limits()
    display = path.name
    signature = file_signature(path)
    opened, problems = _open(con, path, file_no, display, lang, limits)
    return (replace(opened, signature=signature) if opened else None), problems


def _open(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_no: int,
    display: str,
    lang: Lang,
    limits: Limits,
) -> tuple[BenefitWeekFile | None, list[Problem]]:
    scan = scan_file(path, display_name=display, lang=lang, limits=limits)
    if not scan.ok:
        return None, list(scan.problems)
    if scan.kind == "xlsx":
        return _open_xlsx(path, file_no, display, lang, limits)
    if scan.kind == "parquet":
        relation = (
            f"(SELECT file_row_number + 1 AS source_row, * EXCLUDE (file_row_number) "
            f"FROM read_parquet({_literal(str(path))}, file_row_number = true))"
        )
    elif scan.kind == "csv":
        relation = _csv_relation(con, path)
    else:
        return None, [Problem(display, "", msg("ingest.weeks.kind", lang))]
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    except Exception as exc:  # a reader's error on a damaged file is an answer, not a crash
        detail = str(exc).splitlines()[0][:200]
        return None, [
            Problem(
                display, "", msg("ingest.weeks.unreadable", lang, kind=scan.kind, detail=detail)
            )
        ]
    names = [row[0] for row in described if row[0] != "source_row"]
    kinds = {row[0]: str(row[1]) for row in described}
    return _recognised(path, display, scan.kind, relation, names, kinds, lang, None, None)


def _csv_relation(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """read_csv as text; the streaming `row_number() OVER ()` keeps file order (header = row 1)."""
    encoding = "utf-8"
    try:
        con.execute(
            f"SELECT * FROM read_csv({_literal(str(path))}, all_varchar = true, "
            "header = true) LIMIT 1"
        ).fetchall()
    except Exception:
        encoding = "latin-1"  # Windows-1252 exports; DuckDB reads Latin-1 natively
    return (
        f"(SELECT row_number() OVER () + 1 AS source_row, * FROM "
        f"read_csv({_literal(str(path))}, all_varchar = true, header = true, "
        f"encoding = {_literal(encoding)}))"
    )


def _open_xlsx(
    path: Path, file_no: int, display: str, lang: Lang, limits: Limits
) -> tuple[BenefitWeekFile | None, list[Problem]]:
    read = read_file(path, display, lang, limits)
    problems = [p for p in read.problems if p.severity == "error"]
    if problems or not read.sheets:
        return None, problems or [Problem(display, "", msg("ingest.weeks.no_rows", lang))]
    sheet = read.sheets[0]
    cells = sheet.cells
    header = [str(v) if v is not None else "" for v in cells.row(0)] if cells.height else []
    names = [h or f"column{i + 1}" for i, h in enumerate(header)]
    body = cells.slice(1).rename(dict(zip(cells.columns, names, strict=True)))
    frame = body.with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + sheet.first_row + 1).alias("source_row")
    )
    kinds = {name: "VARCHAR" for name in names}
    relation = f"bw_xlsx_{file_no}"
    return _recognised(
        path,
        display,
        "xlsx",
        relation,
        names,
        kinds,
        lang,
        sheet.name,
        frame,
        first_col=sheet.first_col,
    )


def _recognised(
    path: Path,
    display: str,
    kind: str,
    relation: str,
    names: list[str],
    kinds: dict[str, str],
    lang: Lang,
    sheet: str | None,
    frame: pl.DataFrame | None,
    first_col: int = 1,
) -> tuple[BenefitWeekFile | None, list[Problem]]:
    columns = _match_columns(names)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        found = ", ".join(names) or "-"
        return None, [
            Problem(display, "", msg("ingest.weeks.missing_column", lang, column=f, found=found))
            for f in missing
        ]
    positions = {f: names.index(c) + first_col for f, c in columns.items()}
    types = {f: kinds[c] for f, c in columns.items()}
    return BenefitWeekFile(
        path, display, sha256_of(path), kind, relation, columns, types, positions, sheet, frame
    ), []


# --- typed rows and their problems, as SQL ---------------------------------------------------

_NUMERIC = re.compile(
    r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|"
    r"UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$"
)
_TEMPORAL = re.compile(r"^(DATE|TIMESTAMP.*)$")

_ISO_WEEK = r"^[0-9]{4}-?[Ww][0-9]{1,2}$"
_PLAIN = r"^-?[0-9]+(\.[0-9]+)?$"


def _text(column: str) -> str:
    return f"nullif(trim(CAST({_quote(column)} AS VARCHAR)), '')"


def _week_sql(file: BenefitWeekFile) -> tuple[str, str]:
    """(week_text, week_start) expressions; ISO weeks become their Monday."""
    column = file.columns["week_start"]
    text = _text(column)
    if _TEMPORAL.match(file.types["week_start"]):
        return text, "CAST(src_week AS DATE)"
    iso_year = "CAST(left(week_text, 4) AS INTEGER)"
    iso_no = "CAST(regexp_extract(week_text, '[0-9]{1,2}$') AS INTEGER)"
    jan4 = f"make_date({iso_year}, 1, 4)"
    iso_monday = f"({jan4} - CAST(isodow({jan4}) - 1 AS INTEGER) + 7 * ({iso_no} - 1))"
    dated = (
        "CAST(try_strptime(regexp_replace(week_text, '[ T]00:00(:00(\\.0+)?)?$', ''), "
        "['%Y-%m-%d', '%d-%m-%Y', '%d.%m.%Y', '%d/%m/%Y']) AS DATE)"
    )
    week = (
        f"CASE WHEN regexp_matches(week_text, '{_ISO_WEEK}') THEN "
        f"CASE WHEN {iso_no} BETWEEN 1 AND 53 AND isoyear({iso_monday}) = {iso_year} "
        f"THEN {iso_monday} END ELSE {dated} END"
    )
    return text, week


def _amount_sql(file: BenefitWeekFile) -> tuple[str, str, str, str]:
    """(amount_text, amount_dkk, is_ambiguous, is_dot_decimal) expressions."""
    column = file.columns["amount_dkk"]
    kind = file.types["amount_dkk"]
    text = _text(column)
    if _NUMERIC.match(kind):
        value = (
            "CAST(src_amount AS DECIMAL(18, 2))"
            if kind.startswith("DECIMAL")
            else "CAST(round(CAST(src_amount AS DOUBLE), 2) AS DECIMAL(18, 2))"
        )
        return text, value, "FALSE", "FALSE"
    cleaned = (
        "trim(regexp_replace(regexp_replace(replace(replace(amount_text, chr(160), ''), "
        "chr(8239), ''), '(?i)\\s*(kr\\.?|dkk)$', ''), '\\s', '', 'g'))"
    )
    danish = f"TRY_CAST(replace(replace({cleaned}, '.', ''), ',', '.') AS DECIMAL(18, 2))"
    value = (
        f"CASE WHEN regexp_matches({cleaned}, '{_AMBIGUOUS}') THEN {danish} "
        f"WHEN regexp_matches({cleaned}, '{_PLAIN}') "
        f"THEN TRY_CAST({cleaned} AS DECIMAL(18, 2)) "
        f"WHEN regexp_matches({cleaned}, '{_DANISH}') THEN {danish} END"
    )
    ambiguous = f"coalesce(regexp_matches({cleaned}, '{_AMBIGUOUS}'), FALSE)"
    dot = (
        f"coalesce(regexp_matches({cleaned}, '^-?[0-9]+\\.[0-9]+$') "
        f"AND NOT regexp_matches({cleaned}, '{_AMBIGUOUS}'), FALSE)"
    )
    return text, value, ambiguous, dot


def _counter_sql(file: BenefitWeekFile) -> tuple[str, str]:
    column = file.columns.get("counter_week_at_start")
    if column is None:
        return "CAST(NULL AS VARCHAR)", "CAST(NULL AS INTEGER)"
    text = _text(column)
    value = (
        "CASE WHEN regexp_matches(counter_text, '^[0-9]{1,9}(\\.0+)?$') THEN "
        "CAST(CAST(counter_text AS DOUBLE) AS INTEGER) END"
    )
    return text, value


def source_sql(file: BenefitWeekFile) -> str:
    """One typed row per file row: the fields, the texts they came from, a flag per problem.

    Three layers so that each expression is computed once per row: texts, then values, then
    flags. `ref_benefit_rules` (written from rules.toml by the store) decides known benefits.
    """
    person = _text(file.columns["person_id"])
    week_text, week = _week_sql(file)
    amount_text, amount, ambiguous, dot = _amount_sql(file)
    counter_text, counter = _counter_sql(file)
    texts = (
        f"SELECT source_row, {person} AS person_id, {week_text} AS week_text, "
        f"{_quote(file.columns['week_start'])} AS src_week, "
        f"lower({_text(file.columns['benefit'])}) AS benefit, {amount_text} AS amount_text, "
        f"{_quote(file.columns['amount_dkk'])} AS src_amount, "
        f"{counter_text} AS counter_text FROM {file.relation}"
    )
    cpr_date = f"try_strptime(regexp_extract(person_id, '{_CPR}', 2), '%d%m%y')"
    values = (
        f"SELECT t.* EXCLUDE (src_week, src_amount), {week} AS week_start, "
        f"{amount} AS amount_dkk, {ambiguous} AS amount_ambiguous, "
        f"{dot} AS amount_dot_decimal, {counter} AS counter_week_at_start, "
        # CASE, not AND: the pattern and the date are tried only on ids long enough to hold a
        # CPR number (an AND evaluates them on every row: a third of a 20-million-row check)
        f"CASE WHEN length(person_id) < 10 OR NOT regexp_matches(person_id, '{_CPR}') "
        f"THEN FALSE ELSE coalesce({cpr_date} IS NOT NULL, FALSE) END AS person_cpr, "
        f"r.benefit IS NOT NULL AS benefit_known FROM ({texts}) AS t "
        f"LEFT JOIN ref_benefit_rules AS r ON r.benefit = t.benefit"
    )
    return values


#: problem kind → (condition over source_sql's columns, field it names, value shown)
CHECKS: dict[str, tuple[str, str, str]] = {
    "person_missing": ("person_id IS NULL", "person_id", "''"),
    "person_cpr": ("person_cpr", "person_id", "regexp_replace(person_id, '[0-9]', 'X', 'g')"),
    "person_long": (f"length(person_id) > {MAX_PERSON_ID_CHARS}", "person_id", "''"),
    "week_missing": ("week_text IS NULL", "week_start", "''"),
    "week_invalid": ("week_text IS NOT NULL AND week_start IS NULL", "week_start", "week_text"),
    "week_not_monday": (
        "isodow(week_start) <> 1",
        "week_start",
        "CAST(week_start AS VARCHAR) || ' ' || CAST(isodow(week_start) AS VARCHAR)",
    ),
    "week_year": (
        f"isodow(week_start) = 1 AND year(week_start) NOT BETWEEN {YEARS[0]} AND {YEARS[1]}",
        "week_start",
        "CAST(week_start AS VARCHAR)",
    ),
    "benefit_missing": ("benefit IS NULL", "benefit", "''"),
    "benefit_unknown": ("benefit IS NOT NULL AND NOT benefit_known", "benefit", "benefit"),
    "amount_missing": ("amount_text IS NULL", "amount_dkk", "''"),
    "amount_invalid": (
        "amount_text IS NOT NULL AND amount_dkk IS NULL",
        "amount_dkk",
        "amount_text",
    ),
    "amount_negative": ("amount_dkk < 0", "amount_dkk", "amount_text"),
    "amount_large": (f"amount_dkk > {MAX_WEEKLY_DKK}", "amount_dkk", "amount_text"),
    "counter_invalid": (
        f"counter_text IS NOT NULL AND (counter_week_at_start IS NULL OR "
        f"counter_week_at_start NOT BETWEEN 1 AND {MAX_COUNTER_WEEK})",
        "counter_week_at_start",
        "counter_text",
    ),
}


@dataclass(frozen=True)
class FileCheck:
    """What one pass over a file found: its size, weeks, and the problems (at most a few each)."""

    rows: int
    persons: int
    first_week: date | None
    last_week: date | None
    problems: tuple[Problem, ...]


def _where(file: BenefitWeekFile, field: str, row: int, lang: Lang) -> str:
    if file.kind == "parquet":
        return f"{msg('ingest.weeks.row', lang, row=row)} ({file.columns.get(field, field)})"
    cell = address(row, file.positions.get(field, 1))
    return f"{file.sheet}!{cell}" if file.sheet else cell


def check_file(
    con: duckdb.DuckDBPyConnection, file: BenefitWeekFile, lang: Lang = "da"
) -> FileCheck:
    """Count every problem in one pass; for the kinds found, name the first rows."""
    rows_sql = source_sql(file)
    counts = ", ".join(
        f"count(*) FILTER (WHERE {cond}) AS {name}" for name, (cond, _f, _v) in CHECKS.items()
    )
    head = con.execute(
        f"SELECT count(*), count(DISTINCT person_id), min(week_start), max(week_start), "
        f"count(*) FILTER (WHERE amount_ambiguous), count(*) FILTER (WHERE amount_dot_decimal), "
        f"{counts} FROM ({rows_sql})"
    ).fetchone()
    assert head is not None
    rows, persons, first, last, ambiguous, dot = head[:6]
    found = dict(zip(CHECKS, head[6:], strict=True))
    checks = dict(CHECKS)
    if ambiguous and dot:
        found["amount_ambiguous"] = ambiguous
        checks["amount_ambiguous"] = ("amount_ambiguous", "amount_dkk", "amount_text")
    problems: list[tuple[int, int, Problem]] = []
    if rows == 0:
        problems.append((0, 0, Problem(file.display, "", msg("ingest.weeks.no_rows", lang))))
    known = None
    for name, count in found.items():
        if not count:
            continue
        condition, field, shown = checks[name]
        examples = con.execute(
            f"SELECT source_row, {shown} FROM ({rows_sql}) WHERE {condition} "
            f"ORDER BY source_row LIMIT {MAX_EXAMPLES}"
        ).fetchall()
        if name == "benefit_unknown" and known is None:
            known = ", ".join(
                r[0]
                for r in con.execute(
                    "SELECT benefit FROM ref_benefit_rules ORDER BY benefit"
                ).fetchall()
            )
        for row, value in examples:
            shown = _weekday(value, lang) if name == "week_not_monday" else value
            text = msg(
                f"ingest.weeks.{name}",
                lang,
                value=shown,
                known=known,
                limit=_limit(name),
                first=YEARS[0],
                last=YEARS[1],
                dot=_dot_reading(value),
                danish=_danish_reading(value),
            )
            where = _where(file, field, row, lang)
            problems.append((row, file.positions.get(field, 0), Problem(file.display, where, text)))
        if count > MAX_EXAMPLES:
            more = msg("ingest.weeks.more", lang, count=count - MAX_EXAMPLES)
            problems.append((2**62, 0, Problem(file.display, "", f"{field}: {more}")))
    ordered = tuple(p for _r, _c, p in sorted(problems, key=lambda t: (t[0], t[1])))
    return FileCheck(rows, persons, first, last, ordered)


register(
    {
        "ingest.weeks.weekday.1": {"da": "mandag", "en": "Monday"},
        "ingest.weeks.weekday.2": {"da": "tirsdag", "en": "Tuesday"},
        "ingest.weeks.weekday.3": {"da": "onsdag", "en": "Wednesday"},
        "ingest.weeks.weekday.4": {"da": "torsdag", "en": "Thursday"},
        "ingest.weeks.weekday.5": {"da": "fredag", "en": "Friday"},
        "ingest.weeks.weekday.6": {"da": "lørdag", "en": "Saturday"},
        "ingest.weeks.weekday.7": {"da": "søndag", "en": "Sunday"},
    }
)


def _weekday(value: object, lang: Lang) -> str:
    """`2026-01-06 2` (date and ISO weekday) → `2026-01-06 (tirsdag)`."""
    date, _, day = str(value).partition(" ")
    return (
        f"{date} ({msg(f'ingest.weeks.weekday.{int(day)}', lang)})"
        if day.isdigit() and 1 <= int(day) <= 7
        else str(value)
    )


def _limit(name: str) -> object:
    return {
        "person_long": MAX_PERSON_ID_CHARS,
        "amount_large": f"{MAX_WEEKLY_DKK:,}".replace(",", "."),
        "counter_invalid": MAX_COUNTER_WEEK,
    }.get(name, "")


def _dot_reading(value: object) -> str:
    return str(value).lstrip("-").replace(".", ",") if isinstance(value, str) else ""


def _danish_reading(value: object) -> str:
    return str(value).replace(".", "") if isinstance(value, str) else ""


# --- problems the model finds inside the import's transaction --------------------------------


def duplicate_problems(
    con: duckdb.DuckDBPyConnection, files: dict[int, BenefitWeekFile], lang: Lang = "da"
) -> list[Problem]:
    """Person-weeks given twice, in a file or against an earlier import (model: kind=duplicate)."""
    ids = ", ".join(str(i) for i in files)
    rows = con.execute(
        f"SELECT c.import_id, c.source_row, c.previous_import_id, c.previous_source_row, "
        f"CAST(DATE '1970-01-05' + 7 * c.week_no AS VARCHAR) "
        f"FROM benefit_weeks_candidates AS c WHERE c.kind = 'duplicate' "
        f"AND (c.import_id IN ({ids}) OR c.previous_import_id IN ({ids})) "
        f"ORDER BY c.import_id, c.source_row LIMIT {MAX_EXAMPLES + 1}"
    ).fetchall()
    names = dict(con.execute("SELECT import_id, file_name FROM import_registry").fetchall())
    problems = []
    for import_id, row, other_id, other_row, week in rows[:MAX_EXAMPLES]:
        mine, theirs = (import_id, row), (other_id, other_row)
        if import_id not in files:  # the earlier import's row sorted second: name the new one
            mine, theirs = theirs, mine
        file = files[mine[0]]
        if theirs[0] == mine[0]:
            other = msg("ingest.weeks.duplicate_row", lang, row=theirs[1])
        else:
            name = files[theirs[0]].display if theirs[0] in files else names.get(theirs[0])
            other = msg(
                "ingest.weeks.duplicate_import", lang, row=theirs[1], import_id=theirs[0], file=name
            )
        problems.append(
            Problem(
                file.display,
                _where(file, "person_id", mine[1], lang),
                msg("ingest.weeks.duplicate", lang, week=week, other=other),
            )
        )
    if len(rows) > MAX_EXAMPLES:
        total = con.execute(
            f"SELECT count(*) FROM benefit_weeks_candidates WHERE kind = "
            f"'duplicate' AND import_id IN ({ids})"
        ).fetchone()
        extra = (total[0] if total else 0) - MAX_EXAMPLES
        if extra > 0:
            problems.append(Problem("", "", msg("ingest.weeks.more", lang, count=extra)))
    return problems


def counter_problems(
    con: duckdb.DuckDBPyConnection, files: dict[int, BenefitWeekFile], lang: Lang = "da"
) -> list[Problem]:
    """counter_week_at_start given on a later week with another value than the first week's."""
    ids = ", ".join(str(i) for i in files if "counter_week_at_start" in files[i].columns)
    if not ids:
        return []
    rows = con.execute(
        f"SELECT w.import_id, w.source_row, w.counter_week_at_start, "
        f"CAST(DATE '1970-01-05' + 7 * c.week_no AS VARCHAR), coalesce(c.counter_week_at_start, 1) "
        f"FROM raw_benefit_weeks AS w INNER JOIN benefit_weeks_candidates AS c "
        f"ON c.municipality_code = w.municipality_code AND c.person_id = w.person_id "
        f"AND c.kind = 'first' WHERE w.import_id IN ({ids}) "
        f"AND w.counter_week_at_start IS NOT NULL "
        f"AND w.counter_week_at_start <> coalesce(c.counter_week_at_start, 1) "
        f"ORDER BY w.import_id, w.source_row LIMIT {MAX_EXAMPLES}"
    ).fetchall()
    return [
        Problem(
            files[i].display,
            _where(files[i], "counter_week_at_start", row, lang),
            msg("ingest.weeks.counter_conflict", lang, value=value, week=week, first=first),
        )
        for i, row, value, week, first in rows
    ]


# --- the summary people read -----------------------------------------------------------------

register(
    {
        "ingest.weeks.summary.written": {"da": "Importeret til {db}:", "en": "Imported into {db}:"},
        "ingest.weeks.summary.dry_run": {
            "da": "Tørkørsel — intet er skrevet til {db}; dette ville blive importeret:",
            "en": "Dry run — nothing written to {db}; this would be imported:",
        },
        "ingest.weeks.summary.noop": {
            "da": "Intet at gøre: filerne er allerede importeret til {db}.",
            "en": "Nothing to do: the files were already imported into {db}.",
        },
        "ingest.weeks.summary.file": {
            "da": "  {file} → import {import_id}: {rows} rækker, {persons} personer, "
            "uger {first}–{last}",
            "en": "  {file} → import {import_id}: {rows} rows, {persons} persons, "
            "weeks {first}–{last}",
        },
        "ingest.weeks.summary.already": {
            "da": "  {file}: allerede importeret som import {import_id} (samme indhold) — "
            "springes over",
            "en": "  {file}: already imported as import {import_id} (same content) — skipped",
        },
        "ingest.weeks.summary.header": {
            "da": "  År   rækker   brutto   stat (refusion)   kommune (netto)",
            "en": "  Year   rows   gross   state (refusion)   municipality (net)",
        },
    }
)


def render_outcome(outcome: object, db: str, lang: Lang = "da") -> str:
    """The import's summary: one line per file, then rows and kroner per year by payer."""
    from gevinst import fmt  # people's number formats; a leaf module

    files = getattr(outcome, "files", ())
    if getattr(outcome, "noop", False) and not getattr(outcome, "dry_run", False):
        lines = [msg("ingest.weeks.summary.noop", lang, db=db)]
    else:
        key = "dry_run" if getattr(outcome, "dry_run", False) else "written"
        lines = [msg(f"ingest.weeks.summary.{key}", lang, db=db)]
    for f in files:
        if f.import_id is None:
            lines.append(
                msg("ingest.weeks.summary.already", lang, file=f.display, import_id=f.already)
            )
            continue
        lines.append(
            msg(
                "ingest.weeks.summary.file",
                lang,
                file=f.display,
                import_id=f.import_id,
                rows=fmt.number(f.rows, lang=lang),
                persons=fmt.number(f.persons, lang=lang),
                first=fmt.date(f.first_week, lang) if f.first_week else "-",
                last=fmt.date(f.last_week, lang) if f.last_week else "-",
            )
        )
    by_year = getattr(outcome, "by_year", ())
    if by_year:
        lines.append(msg("ingest.weeks.summary.header", lang))
        for year, rows, gross, state, municipal in by_year:
            lines.append(
                f"  {year}  {fmt.number(rows, lang=lang):>9}  "
                f"{fmt.kr(gross, 0, lang):>16}  {fmt.kr(state, 0, lang):>16}  "
                f"{fmt.kr(municipal, 0, lang):>16}"
            )
    return "\n".join(lines)
