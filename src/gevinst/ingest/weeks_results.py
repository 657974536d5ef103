"""A `gevinst spark` output folder checked before it is loaded (`--kind benefit-weeks-results`).

The folder holds `manifest.json` (`ingest.results_manifest`), `benefit_weeks/` and
`benefit_weeks_by_year/` as parquet partitioned `municipality_code=…/year=…/`. Nothing is
trusted because Spark wrote it: the manifest must be complete and name this database's rule
tables; every file must sit in its partition folders and have the columns of the view
`benefit_weeks` with their types; every row must be a Monday of its year folder, a known
benefit, split so that state + municipal = gross, with the state's share the rule gives its
count week (the steps written in from the reference, `model_sql.render`) and an input file the
manifest names; no person-week twice; the rows per input as the manifest says; and the sums
the same as the run's own `benefit_weeks_by_year`. Every problem names the file (and row) and
says what is wrong. The SQL runs on a connection the store opened (with `ref_benefit_rules`);
this module never opens the database itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gevinst.errors import Problem
from gevinst.ingest import results_manifest
from gevinst.ingest.results_manifest import Manifest
from gevinst.messages import Lang, msg, register
from gevinst.model_sql import render, rules_fingerprint
from gevinst.reference import Reference

if TYPE_CHECKING:
    import duckdb

WEEKS = "benefit_weeks"
BY_YEAR = "benefit_weeks_by_year"
#: column → the DuckDB types accepted for it (what Spark and DuckDB write for the view's types)
COLUMNS: dict[str, str] = {
    "person_id": r"VARCHAR",
    "week_start": r"DATE",
    "benefit": r"VARCHAR",
    "gross_dkk": r"DECIMAL\(\d+,2\)",
    "counter_week": r"TINYINT|SMALLINT|INTEGER",
    "state_share": r"DECIMAL\(\d+,4\)",
    "state_dkk": r"DECIMAL\(\d+,2\)",
    "municipal_dkk": r"DECIMAL\(\d+,2\)",
    "import_id": r"TINYINT|SMALLINT|INTEGER",
    "source_row": r"INTEGER|BIGINT",
}
_PARTITION = re.compile(r"^(municipality_code|year)=(\d+)$")

#: problem kind → a condition over a loaded row `w` and its rule `r` / manifest input `i`
ROW_CHECKS: dict[str, str] = {
    "missing": (
        "w.person_id IS NULL OR w.week_start IS NULL OR w.benefit IS NULL OR "
        "w.gross_dkk IS NULL OR w.state_dkk IS NULL OR w.municipal_dkk IS NULL OR "
        "w.import_id IS NULL OR w.source_row IS NULL"
    ),
    "year": "year(w.week_start) <> w.year",
    "monday": "isodow(w.week_start) <> 1",
    "benefit": "r.benefit IS NULL",
    "balance": "w.state_dkk + w.municipal_dkk <> w.gross_dkk",
    "counter": (
        "CASE WHEN r.uses_week_counter THEN w.counter_week IS NULL OR "
        "w.counter_week < 1 ELSE w.counter_week IS NOT NULL END"
    ),
    "share": "w.state_share IS DISTINCT FROM {{ state_share(r.rule, w.counter_week) }}",
    "state_amount": "abs(w.state_dkk - w.gross_dkk * w.state_share) > 0.005",
    "input": "i.input_no IS NULL OR i.municipality_code <> w.municipality_code",
}

register(
    {
        "results.not_folder": {
            "da": "{what} mangler: forventede en mappe fra gevinst spark --out",
            "en": "{what} is missing: expected a folder written by gevinst spark --out",
        },
        "results.unfinished": {
            "da": "_SUCCESS mangler: Spark afsluttede ikke skrivningen af {what}",
            "en": "_SUCCESS is missing: Spark did not finish writing {what}",
        },
        "results.layout": {
            "da": "ligger ikke i mapper municipality_code=NNN/year=ÅÅÅÅ",
            "en": "is not in folders municipality_code=NNN/year=YYYY",
        },
        "results.municipality_unknown": {
            "da": "kommune {code} er ikke en af de 98 kommunekoder",
            "en": "municipality {code} is not one of the 98 municipality codes",
        },
        "results.municipality_not_in_manifest": {
            "da": "kommune {code} står ikke i manifest.json",
            "en": "municipality {code} is not in manifest.json",
        },
        "results.column_missing": {
            "da": "kolonnen {column} mangler",
            "en": "the column {column} is missing",
        },
        "results.column_extra": {
            "da": "kolonnen {column} hører ikke til benefit_weeks",
            "en": "the column {column} is not one of benefit_weeks'",
        },
        "results.column_type": {
            "da": "kolonnen {column} har typen {found}, forventede {expected}",
            "en": "the column {column} has the type {found}, expected {expected}",
        },
        "results.rules": {
            "da": "kørslen brugte andre regeltabeller (rules_sha256 {found}) end databasens "
            "({expected}); kør gevinst spark igen med denne gevinsts referencedata",
            "en": "the run used other rule tables (rules_sha256 {found}) than the database's "
            "({expected}); run gevinst spark again with this gevinst's reference data",
        },
        "results.row": {
            "da": "række {row}: {what} ({rows} rækker i alt)",
            "en": "row {row}: {what} ({rows} rows in all)",
        },
        "results.duplicate": {
            "da": "person {person} uge {week} findes {n} gange ({rows} person-uger i alt); én "
            "række pr. person og uge",
            "en": "person {person} week {week} is there {n} times ({rows} person-weeks in all); "
            "one row per person and week",
        },
        "results.input_rows": {
            "da": "inputfil {input_no} ({file}): {found} rækker i resultatet, manifestet siger "
            "{expected}",
            "en": "input file {input_no} ({file}): {found} rows in the results, the manifest "
            "says {expected}",
        },
        "results.by_year": {
            "da": "{municipality} {year} {benefit}: {column} er {found} i benefit_weeks men "
            "{expected} her",
            "en": "{municipality} {year} {benefit}: {column} is {found} in benefit_weeks but "
            "{expected} here",
        },
        "results.check.missing": {"da": "et felt mangler", "en": "a field is empty"},
        "results.check.year": {
            "da": "ugen hører ikke til årsmappen",
            "en": "the week is not in its year folder",
        },
        "results.check.monday": {
            "da": "week_start er ikke en mandag",
            "en": "week_start is not a Monday",
        },
        "results.check.benefit": {"da": "ukendt ydelse", "en": "unknown benefit"},
        "results.check.balance": {
            "da": "state_dkk + municipal_dkk er ikke gross_dkk",
            "en": "state_dkk + municipal_dkk is not gross_dkk",
        },
        "results.check.counter": {
            "da": "counter_week passer ikke til ydelsen (tælleuge fra 1 for ydelser på "
            "tælleren, ellers ingen)",
            "en": "counter_week does not fit the benefit (a count week from 1 for benefits on "
            "the counter, none otherwise)",
        },
        "results.check.share": {
            "da": "state_share er ikke regeltabellens andel for tælleugen",
            "en": "state_share is not the rule table's share for the count week",
        },
        "results.check.state_amount": {
            "da": "state_dkk er ikke gross_dkk × state_share (på nær afrunding til øre)",
            "en": "state_dkk is not gross_dkk × state_share (but for rounding to øre)",
        },
        "results.check.input": {
            "da": "import_id er ikke en inputfil for kommunen i manifestet",
            "en": "import_id is not an input file of the municipality in the manifest",
        },
    }
)


@dataclass(frozen=True)
class CheckedResults:
    """A results folder that passed every check: what the store writes from."""

    folder: Path
    manifest: Manifest
    sha256: str
    files: tuple[Path, ...]
    by_municipality: dict[int, tuple[int, int, int]]  # code → (rows, first year, last year)

    @property
    def glob(self) -> str:
        return str(self.folder / WEEKS / "**" / "*.parquet")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def parquet_files(root: Path) -> list[Path]:
    """The data files Spark (or DuckDB) wrote under `root`: no `_SUCCESS`, no `.crc`."""
    return sorted(
        p for p in root.rglob("*.parquet") if p.is_file() and not p.name.startswith((".", "_"))
    )


def _layout_problems(
    root: Path, files: list[Path], manifest: Manifest, ref: Reference, lang: Lang
) -> list[Problem]:
    problems = []
    for path in files:
        parts = [_PARTITION.match(p) for p in path.relative_to(root).parts[:-1]]
        keys = [m.group(1) for m in parts if m]
        if len(parts) != 2 or keys != ["municipality_code", "year"]:
            problems.append(Problem(str(path), "", msg("results.layout", lang)))
            continue
        code = int(parts[0].group(2))  # type: ignore[union-attr]
        if code not in ref.municipalities:
            problems.append(
                Problem(str(path), "", msg("results.municipality_unknown", lang, code=code))
            )
        elif code not in manifest.municipalities:
            problems.append(
                Problem(str(path), "", msg("results.municipality_not_in_manifest", lang, code=code))
            )
    return problems


def _schema_problems(
    con: duckdb.DuckDBPyConnection, files: list[Path], lang: Lang
) -> list[Problem]:
    problems = []
    for path in files:
        found = {
            r[0]: r[1]
            for r in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({_sql_text(str(path))}, "
                "hive_partitioning = false)"
            ).fetchall()
        }
        for column, accepted in COLUMNS.items():
            if column not in found:
                problems.append(
                    Problem(str(path), "", msg("results.column_missing", lang, column=column))
                )
            elif not re.fullmatch(accepted, found[column].replace(" ", "")):
                problems.append(
                    Problem(
                        str(path),
                        "",
                        msg(
                            "results.column_type",
                            lang,
                            column=column,
                            found=found[column],
                            expected=accepted.replace("\\", "").replace("|", " / "),
                        ),
                    )
                )
        problems += [
            Problem(str(path), "", msg("results.column_extra", lang, column=c))
            for c in found
            if c not in COLUMNS
        ]
    return problems


def folder_problems(folder: Path, lang: Lang) -> list[Problem]:
    """The folder must be a finished run: both outputs, each with Spark's `_SUCCESS`."""
    problems = []
    for name in (WEEKS, BY_YEAR):
        if not (folder / name).is_dir():
            problems.append(
                Problem(str(folder / name), "", msg("results.not_folder", lang, what=name))
            )
        elif not (folder / name / "_SUCCESS").is_file() and not parquet_files(folder / name):
            problems.append(
                Problem(str(folder / name), "", msg("results.unfinished", lang, what=name))
            )
    return problems


def content_sha256(folder: Path, files: list[Path]) -> str:
    """One fingerprint of the run's person-week files and its manifest (idempotent import)."""
    digest = hashlib.sha256()
    digest.update((folder / results_manifest.NAME).read_bytes())
    for path in files:
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(results_manifest.file_sha256(path).encode("ascii"))
    return digest.hexdigest()


def check_structure(
    con: duckdb.DuckDBPyConnection, folder: Path, ref: Reference, lang: Lang
) -> tuple[Manifest | None, list[Path], list[Problem]]:
    """Manifest, rules, folders, layout and every file's columns: the checks before any row."""
    problems = folder_problems(folder, lang)
    manifest, found = results_manifest.read_manifest(folder, lang)
    problems += found
    if manifest is None or problems:
        return manifest, [], problems
    expected = rules_fingerprint(ref)
    if manifest.rules_sha256 != expected:
        problems.append(
            Problem(
                str(folder / results_manifest.NAME),
                "",
                msg(
                    "results.rules", lang, found=manifest.rules_sha256[:12], expected=expected[:12]
                ),
            )
        )
    files = parquet_files(folder / WEEKS)
    problems += _layout_problems(folder / WEEKS, files, manifest, ref, lang)
    problems += _schema_problems(con, files, lang)
    return manifest, files, problems


def _source(glob: str) -> str:
    return (
        f"read_parquet({_sql_text(glob)}, hive_partitioning = true, filename = true, "
        "file_row_number = true)"
    )


def register_inputs(con: duckdb.DuckDBPyConnection, manifest: Manifest) -> None:
    """The manifest's inputs as a temporary table `results_inputs` for the row checks."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE results_inputs (input_no INTEGER, "
        "municipality_code INTEGER, file_name VARCHAR, rows BIGINT)"
    )
    con.executemany(
        "INSERT INTO results_inputs VALUES (?, ?, ?, ?)",
        [(i.input_no, i.municipality_code, i.file, i.rows) for i in manifest.inputs],
    )


def row_problems(
    con: duckdb.DuckDBPyConnection, glob: str, ref: Reference, lang: Lang
) -> list[Problem]:
    """Every row checked in one pass: per kind the count and the first file and row."""
    flags = ", ".join(
        f"count_if({render(c, ref)}) AS {k}, "
        f"min(CASE WHEN {render(c, ref)} THEN [w.filename, CAST(w.file_row_number + 1 AS "
        f"VARCHAR)] END) AS {k}_first"
        for k, c in ROW_CHECKS.items()
    )
    row = con.execute(
        f"SELECT {flags} FROM {_source(glob)} AS w "
        "LEFT JOIN ref_benefit_rules AS r ON r.benefit = w.benefit "
        "LEFT JOIN results_inputs AS i ON i.input_no = w.import_id"
    ).fetchone()
    problems = []
    for n, kind in enumerate(ROW_CHECKS):
        count, first = row[2 * n], row[2 * n + 1]  # type: ignore[index]
        if count:
            problems.append(
                Problem(
                    first[0],
                    "",
                    msg(
                        "results.row",
                        lang,
                        row=first[1],
                        what=msg(f"results.check.{kind}", lang),
                        rows=count,
                    ),
                )
            )
    return problems


def duplicate_problems(con: duckdb.DuckDBPyConnection, glob: str, lang: Lang) -> list[Problem]:
    row = con.execute(
        f"SELECT count(*), sum(n), min([filename, person_id, CAST(week_start AS VARCHAR), "
        f"CAST(n AS VARCHAR)]) FROM (SELECT municipality_code, person_id, week_start, "
        f"count(*) AS n, min(filename) AS filename FROM {_source(glob)} "
        "GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    if not row or not row[0]:
        return []
    file, person, week, n = row[2]
    return [
        Problem(
            file,
            "",
            msg("results.duplicate", lang, person=person, week=week, n=n, rows=int(row[1])),
        )
    ]


def input_problems(
    con: duckdb.DuckDBPyConnection, glob: str, folder: Path, lang: Lang
) -> list[Problem]:
    """Rows per input file as the manifest says (a lost or doubled partition shows here)."""
    rows = con.execute(
        f"SELECT i.input_no, i.file_name, i.rows, coalesce(w.n, 0) FROM results_inputs AS i "
        f"LEFT JOIN (SELECT import_id, count(*) AS n FROM {_source(glob)} GROUP BY ALL) AS w "
        "ON w.import_id = i.input_no WHERE coalesce(w.n, 0) <> i.rows "
        "ORDER BY i.input_no"
    ).fetchall()
    where = str(folder / results_manifest.NAME)
    return [
        Problem(
            where,
            "",
            msg("results.input_rows", lang, input_no=n, file=name, found=found, expected=expected),
        )
        for n, name, expected, found in rows
    ]


_BY_YEAR_COLUMNS = ("persons", "weeks", "gross_dkk", "state_dkk", "municipal_dkk")


def by_year_problems(
    con: duckdb.DuckDBPyConnection, glob: str, folder: Path, lang: Lang
) -> list[Problem]:
    """The rows' sums per municipality, year and benefit are the run's own by-year output."""
    other = _sql_text(str(folder / BY_YEAR / "**" / "*.parquet"))
    sums = ", ".join(f"d.{c} AS d_{c}, y.{c} AS y_{c}" for c in _BY_YEAR_COLUMNS)
    differs = " OR ".join(f"d.{c} IS DISTINCT FROM y.{c}" for c in _BY_YEAR_COLUMNS)
    rows = con.execute(
        f"WITH d AS (SELECT CAST(municipality_code AS INTEGER) AS municipality_code, "
        f"CAST(year AS INTEGER) AS year, benefit, count(DISTINCT person_id) AS persons, "
        f"count(*) AS weeks, sum(gross_dkk) AS gross_dkk, sum(state_dkk) AS state_dkk, "
        f"sum(municipal_dkk) AS municipal_dkk FROM {_source(glob)} GROUP BY ALL), "
        f"y AS (SELECT CAST(municipality_code AS INTEGER) AS municipality_code, "
        f"CAST(year AS INTEGER) AS year, benefit, persons, weeks, gross_dkk, state_dkk, "
        f"municipal_dkk FROM read_parquet({other}, hive_partitioning = true)) "
        f"SELECT municipality_code, year, benefit, {sums} FROM d FULL OUTER JOIN y "
        f"USING (municipality_code, year, benefit) WHERE {differs} ORDER BY 1, 2, 3 "
        "LIMIT 5"
    ).fetchall()
    problems = []
    for code, year, benefit, *values in rows:
        column = next(
            c for n, c in enumerate(_BY_YEAR_COLUMNS) if values[2 * n] != values[2 * n + 1]
        )
        n = _BY_YEAR_COLUMNS.index(column)
        problems.append(
            Problem(
                str(folder / BY_YEAR),
                "",
                msg(
                    "results.by_year",
                    lang,
                    municipality=code,
                    year=year,
                    benefit=benefit,
                    column=column,
                    found=values[2 * n],
                    expected=values[2 * n + 1],
                ),
            )
        )
    return problems


def municipality_totals(
    con: duckdb.DuckDBPyConnection, glob: str
) -> dict[int, tuple[int, int, int]]:
    """Rows, first and last year per municipality (what each results import covers)."""
    rows = con.execute(
        f"SELECT CAST(municipality_code AS INTEGER), count(*), min(year), max(year) "
        f"FROM read_parquet({_sql_text(glob)}, hive_partitioning = true) GROUP BY 1 "
        "ORDER BY 1"
    ).fetchall()
    return {int(c): (int(n), int(f), int(last)) for c, n, f, last in rows}
