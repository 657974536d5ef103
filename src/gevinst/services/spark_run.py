"""Use case `gevinst spark`: the benefit-weeks model on Apache Spark, optionally checked
against DuckDB.

From person-week files (csv or parquet; files or folders, as `gevinst import --kind
benefit-weeks` reads them) and the rule tables of the reference data — never from columns
gevinst computed before — Spark reads and types the rows (`gevinst.spark.read`), refuses input
the import would refuse (counted per kind, with the first row; duplicates of a person-week and
conflicting `counter_week_at_start` too), runs the SQL files of `models/` translated by SQLGlot
(`gevinst.spark.model`) and writes `benefit_weeks` and `benefit_weeks_by_year` as parquet under
`OUT/<view>/municipality_code=…/year=…/` (the layout of `gevinst export-parquet`) and, last,
`OUT/manifest.json` with the run's provenance (`ingest.results_manifest`: inputs with their
SHA-256 and rows, the rule tables' and the model's fingerprints, the gevinst version), which
`gevinst import --kind benefit-weeks-results` reads to load the run. With `check`
the same files go through DuckDB's import and model in memory and every row is compared
(`store.weeks_check`).

The municipality of a file is the `municipality_code=NNN` folder it lies in (Hive layout, so a
national delivery is one folder), else `--municipality`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gevinst.errors import GevinstError, InputRejected, Problem
from gevinst.ingest import results_manifest
from gevinst.messages import Lang, msg, register
from gevinst.model_sql import (
    COUNTER_RULES,
    model_fingerprint,
    parameters,
    rule_step_rows,
    rules_fingerprint,
)
from gevinst.reference import Reference, bundled_reference
from gevinst.spark.read import WeekFile
from gevinst.spark.session import SparkOptions
from gevinst.store.weeks_check import WeeksComparison

register(
    {
        "spark.no_files": {
            "da": "{path}: ingen csv- eller parquet-filer",
            "en": "{path}: no csv or parquet files",
        },
        "spark.kind": {
            "da": "gevinst spark læser csv og parquet (xlsx: brug gevinst import)",
            "en": "gevinst spark reads csv and parquet (xlsx: use gevinst import)",
        },
        "spark.no_municipality": {
            "da": "kommunen er ukendt: læg filen i en mappe municipality_code=NNN eller angiv "
            "--municipality",
            "en": "the municipality is unknown: put the file in a folder municipality_code=NNN "
            "or give --municipality",
        },
        "spark.unknown_municipality": {
            "da": "{code} er ikke en af de 98 kommunekoder",
            "en": "{code} is not one of the 98 municipality codes",
        },
        "spark.missing_column": {
            "da": "kolonnen {column} mangler",
            "en": "the column {column} is missing",
        },
        "spark.problem": {
            "da": "{rows} rækker: {kind} (første: række {row}); gevinst import FIL --kind "
            "benefit-weeks --dry-run viser hver celle",
            "en": "{rows} rows: {kind} (first: row {row}); gevinst import FILE --kind "
            "benefit-weeks --dry-run shows every cell",
        },
        "spark.duplicate": {
            "da": "række {row}: samme person og uge ({week}) som {other_file} række {other_row}; "
            "én række pr. person og uge",
            "en": "row {row}: the same person and week ({week}) as {other_file} row "
            "{other_row}; one row per person and week",
        },
        "spark.check_failed": {
            "da": "Spark og DuckDB er uenige i {n} rækker (over 0,005 kr. eller en anden tælleuge)",
            "en": "Spark and DuckDB disagree on {n} rows (above 0.005 kr. or another count week)",
        },
        "spark.counter_conflict": {
            "da": "række {row}: counter_week_at_start gælder kun personens første tællende uge",
            "en": "row {row}: counter_week_at_start applies to the person's first counted "
            "week only",
        },
    }
)

_HIVE = re.compile(r"^municipality_code=(\d+)$")


def collect_inputs(
    paths: Sequence[Path], municipality: int | None, ref: Reference, lang: Lang = "da"
) -> list[WeekFile]:
    """Every csv/parquet file under `paths`, with its municipality and number (from 1)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in (".csv", ".parquet")
            )
            if not inside:
                problems.append(Problem(str(path), "", msg("spark.no_files", lang, path=path)))
            found += inside
        elif path.suffix.lower() in (".csv", ".parquet"):
            found.append(path)
        else:
            problems.append(Problem(str(path), "", msg("spark.kind", lang)))
    files: list[WeekFile] = []
    for number, path in enumerate(found, start=1):
        code = next(
            (int(m.group(1)) for part in path.parts if (m := _HIVE.match(part))), municipality
        )
        if code is None:
            problems.append(Problem(str(path), "", msg("spark.no_municipality", lang)))
            continue
        if code not in ref.municipalities:
            problems.append(
                Problem(str(path), "", msg("spark.unknown_municipality", lang, code=code))
            )
            continue
        files.append(WeekFile(path, path.suffix.lower().lstrip("."), code, number))
    if problems:
        raise InputRejected(problems)
    return files


@dataclass(frozen=True)
class SparkRun:
    """What a run did: files, rows, where it wrote, totals per year, and the check."""

    files: tuple[WeekFile, ...]
    rows: int
    output: Path
    spark_seconds: float
    by_year: tuple[tuple[int, int, float, float, float], ...]  # year, weeks, gross, state, munic.
    comparison: WeeksComparison | None


def run_spark(
    paths: Sequence[Path],
    out: Path,
    options: SparkOptions | None = None,
    municipality: int | None = None,
    check: bool = False,
    ref: Reference | None = None,
    lang: Lang = "da",
) -> SparkRun:
    """Run the benefit-weeks model on Spark (and, with `check`, compare with DuckDB)."""
    from gevinst.spark.session import start

    ref = ref or bundled_reference()
    options = options or SparkOptions()
    files = collect_inputs(paths, municipality, ref, lang)
    began = time.perf_counter()
    (out / results_manifest.NAME).unlink(missing_ok=True)  # a manifest marks a finished run
    spark = start(options, lang)
    try:
        rows, by_year, per_input = _run(spark, files, out, ref, lang)
    finally:
        spark.stop()
    seconds = time.perf_counter() - began
    results_manifest.write_manifest(out, _manifest(files, per_input, options, ref))
    comparison = None
    if check:
        from gevinst.store.weeks_check import compare_with_duckdb

        groups: dict[int, list[Path]] = {}
        for f in files:
            groups.setdefault(f.municipality, []).append(f.path)
        comparison = compare_with_duckdb(sorted(groups.items()), out / "benefit_weeks", ref, lang)
    return SparkRun(tuple(files), rows, out, seconds, by_year, comparison)


def _manifest(
    files: Sequence[WeekFile], per_input: dict[int, int], options: SparkOptions, ref: Reference
) -> results_manifest.Manifest:
    """The run's provenance: every input with its SHA-256 and rows, the rules and the model."""
    import datetime as dt

    from gevinst import __version__

    inputs = [
        results_manifest.InputFile(
            input_no=f.file_no,
            file=str(f.path.resolve()),
            municipality_code=f.municipality,
            sha256=results_manifest.file_sha256(f.path),
            rows=per_input.get(f.file_no, 0),
        )
        for f in files
    ]
    return results_manifest.Manifest(
        format=results_manifest.FORMAT,
        format_version=results_manifest.FORMAT_VERSION,
        gevinst_version=__version__,
        created_at=dt.datetime.now(dt.UTC).isoformat(),
        master=options.master,
        rules_sha256=rules_fingerprint(ref),
        model_sha256=model_fingerprint(ref),
        rule_parameters=parameters(ref),
        municipalities=sorted({f.municipality for f in files}),
        rows=sum(i.rows for i in inputs),
        inputs=inputs,
    )


def _register_reference(spark, ref: Reference) -> None:
    """ref_benefit_rules and ref_rule_steps as models/schema/rule_steps.sql declares them."""
    rules = [(b, r, r in COUNTER_RULES) for b, r in sorted(ref.rules.benefits.items())]
    spark.createDataFrame(
        rules, "benefit STRING, rule STRING, uses_week_counter BOOLEAN"
    ).createOrReplaceTempView("ref_benefit_rules")
    steps = [(r, f, t, float(s), float(m), p, src) for r, f, t, s, m, p, src in rule_step_rows(ref)]
    spark.createDataFrame(
        steps,
        "rule STRING, from_week INT, to_week INT, state_share DOUBLE, "
        "municipal_share DOUBLE, rounded_payer STRING, source STRING",
    ).selectExpr(
        "rule",
        "from_week",
        "to_week",
        "CAST(state_share AS DECIMAL(5, 4)) AS state_share",
        "CAST(municipal_share AS DECIMAL(5, 4)) AS municipal_share",
        "rounded_payer",
        "source",
    ).createOrReplaceTempView("ref_rule_steps")
    # the view benefit_weeks also shows loaded results (none in a run: it computes them all)
    spark.createDataFrame([], "municipality_code INT, import_id INT").createOrReplaceTempView(
        "benefit_weeks_results_current"
    )
    spark.createDataFrame(
        [],
        (
            "municipality_code INT, person_id STRING, week_start DATE, benefit STRING, "
            "gross_dkk DECIMAL(18, 2), counter_week INT, state_share DECIMAL(5, 4), "
            "state_dkk DECIMAL(18, 2), municipal_dkk DECIMAL(18, 2), import_id INT, "
            "input_no INT, source_row BIGINT"
        ),
    ).createOrReplaceTempView("benefit_weeks_results")


def _run(
    spark, files: list[WeekFile], out: Path, ref: Reference, lang: Lang
) -> tuple[int, tuple, dict[int, int]]:
    from functools import reduce

    from pyspark import StorageLevel

    from gevinst.spark import model, read

    _register_reference(spark, ref)
    problems: list[Problem] = []
    frames = []
    for f in files:
        try:
            frames.append(read.read_file(spark, f))
        except ValueError as exc:  # a required column is missing
            missing = str(exc).split(": ", 1)[1]
            problems += [
                Problem(str(f.path), "", msg("spark.missing_column", lang, column=c))
                for c in missing.split(", ")
            ]
    if problems:
        raise InputRejected(problems)
    typed = reduce(lambda a, b: a.unionByName(b), frames).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        by_number = {f.file_no: f for f in files}
        found = read.problem_counts(spark, typed)
        if found:
            raise InputRejected(
                [
                    Problem(
                        str(by_number[n].path),
                        "",
                        msg("spark.problem", lang, rows=rows, kind=kind, row=first),
                    )
                    for n, kind, rows, first in found
                ]
            )
        read.raw_rows(typed).createOrReplaceTempView("raw_benefit_weeks")
        codes = sorted({f.municipality for f in files})
        spark.createDataFrame(
            [(c,) for c in codes], "municipality_code INT"
        ).createOrReplaceTempView("benefit_weeks_scope")
        model.create_views(spark, ref, [model.STAGING])
        model.materialise(spark, ref, "benefit_weeks_candidates")
        _refuse_duplicates(spark, by_number, lang)
        model.materialise(spark, ref, "benefit_weeks_periods")
        model.materialise(spark, ref, "benefit_weeks_rows")
        model.create_views(spark, ref, model.MARTS[:1])
        weeks = out / "benefit_weeks"
        spark.sql("SELECT *, year(week_start) AS year FROM benefit_weeks").write.partitionBy(
            "municipality_code", "year"
        ).mode("overwrite").parquet(str(weeks))
    finally:
        typed.unpersist()
    # the aggregate reads the rows just written, not the model again
    written = spark.read.parquet(str(weeks))
    per_input = {
        int(r["import_id"]): int(r["count"]) for r in written.groupBy("import_id").count().collect()
    }
    written.drop("year").createOrReplaceTempView("benefit_weeks_rows")
    model.create_views(spark, ref, model.MARTS)
    by_year_frame = spark.sql("SELECT * FROM benefit_weeks_by_year")
    by_year_frame.write.partitionBy("municipality_code", "year").mode("overwrite").parquet(
        str(out / "benefit_weeks_by_year")
    )
    totals = (
        spark.read.parquet(str(out / "benefit_weeks_by_year"))
        .groupBy("year")
        .agg({"weeks": "sum", "gross_dkk": "sum", "state_dkk": "sum", "municipal_dkk": "sum"})
        .orderBy("year")
        .collect()
    )
    by_year = tuple(
        (
            int(r["year"]),
            int(r["sum(weeks)"]),
            float(r["sum(gross_dkk)"]),
            float(r["sum(state_dkk)"]),
            float(r["sum(municipal_dkk)"]),
        )
        for r in totals
    )
    return sum(r[1] for r in by_year), by_year, per_input


def _refuse_duplicates(spark, files: dict[int, WeekFile], lang: Lang) -> None:
    """A person-week twice, or counter_week_at_start off the first counted week: refused, as
    the import refuses them (model: candidates of kind duplicate / first)."""
    rows = spark.sql(
        "SELECT import_id, source_row, previous_import_id, previous_source_row, "
        "CAST(date_add(DATE '1970-01-05', 7 * week_no) AS STRING) AS week "
        "FROM benefit_weeks_candidates WHERE kind = 'duplicate' "
        "ORDER BY import_id, source_row LIMIT 20"
    ).collect()
    problems = [
        Problem(
            str(files[r["import_id"]].path),
            "",
            msg(
                "spark.duplicate",
                lang,
                row=r["source_row"],
                week=r["week"],
                other_file=files[r["previous_import_id"]].path.name,
                other_row=r["previous_source_row"],
            ),
        )
        for r in rows
    ]
    conflicts = spark.sql(
        "SELECT w.import_id, w.source_row FROM raw_benefit_weeks AS w "
        "INNER JOIN benefit_weeks_candidates AS c ON c.municipality_code = w.municipality_code "
        "AND c.person_id = w.person_id AND c.kind = 'first' "
        "WHERE w.counter_week_at_start IS NOT NULL "
        "AND w.counter_week_at_start <> coalesce(c.counter_week_at_start, 1) "
        "ORDER BY w.import_id, w.source_row LIMIT 20"
    ).collect()
    problems += [
        Problem(
            str(files[r["import_id"]].path),
            "",
            msg("spark.counter_conflict", lang, row=r["source_row"]),
        )
        for r in conflicts
    ]
    if problems:
        raise InputRejected(problems)


def check_failed(comparison: WeeksComparison, lang: Lang = "da") -> GevinstError:
    """The error a failed check ends with (the command prints the first rows before it)."""
    return GevinstError(msg("spark.check_failed", lang, n=comparison.differing))
