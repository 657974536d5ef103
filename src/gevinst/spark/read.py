"""Person-week files → the rows of `raw_benefit_weeks`, read and typed by Spark itself.

The files are the ones `gevinst import --kind benefit-weeks` reads (csv or parquet; DESIGN
"Benefit-week files"), found by the same column names (`ingest.benefit_weeks.match_columns`)
and read the same way: `week_start` a date, the Monday in `2026-01-05`, `05-01-2026`,
`05.01.2026` or `05/01/2026`, or an ISO week `2026-W02`; `amount_dkk` a number or text with a
decimal point or Danish decimals (`1.234,50`), an optional `kr.`; `benefit` lower-cased.
xlsx is not read here (Excel holds at most 1.048.576 rows: import it into DuckDB instead).

Reading is not checking cell by cell: `problem_counts` counts, per file, the rows the import
would reject (missing or unreadable fields, a week that is not a Monday, an unknown benefit, a
negative or implausible amount, a person id that looks like a CPR number), so a run refuses
such input; `gevinst import FILE --kind benefit-weeks --dry-run` names every cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gevinst.ingest.benefit_weeks import (
    MAX_COUNTER_WEEK,
    MAX_PERSON_ID_CHARS,
    MAX_WEEKLY_DKK,
    YEARS,
    match_columns,
)
from gevinst.ingest.cpr import CPR_PATTERN as _CPR

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class WeekFile:
    """One input file: its path, csv or parquet, the municipality it holds and its number in
    the run (the `import_id` of its rows in the output)."""

    path: Path
    kind: str
    municipality: int
    file_no: int


def _text(column: str) -> str:
    return f"nullif(trim(CAST(`{column}` AS STRING)), '')"


_ISO = r"'^[0-9]{4}-?[Ww][0-9]{1,2}$'"
_YEAR = "CAST(left(week_text, 4) AS INT)"
_NO = r"CAST(regexp_extract(week_text, '([0-9]{1,2})$', 1) AS INT)"
_JAN4 = f"make_date({_YEAR}, 1, 4)"
#: Monday of ISO week 1 = 4 January minus its ISO weekday − 1 (dayofweek: 1 = Sunday)
_MONDAY = f"date_add({_JAN4}, 7 * ({_NO} - 1) - ((dayofweek({_JAN4}) + 5) % 7))"
_DATED = (
    "coalesce("
    + ", ".join(
        f"try_to_date(regexp_replace(week_text, '[ T]00:00(:00(\\\\.0+)?)?$', ''), '{f}')"
        for f in ("yyyy-MM-dd", "dd-MM-yyyy", "dd.MM.yyyy", "dd/MM/yyyy")
    )
    + ")"
)
_WEEK = (
    f"CASE WHEN week_text RLIKE {_ISO} THEN CASE WHEN {_NO} BETWEEN 1 AND 53 "
    f"AND extract(YEAROFWEEK FROM {_MONDAY}) = {_YEAR} THEN {_MONDAY} END "
    f"ELSE {_DATED} END"
)
_CLEAN = (
    "trim(regexp_replace(regexp_replace(replace(replace(amount_text, char(160), ''), "
    "char(8239), ''), '(?i)\\\\s*(kr\\\\.?|dkk)$', ''), '\\\\s', ''))"
)
_DANISH_VALUE = f"try_cast(replace(replace({_CLEAN}, '.', ''), ',', '.') AS DECIMAL(18, 2))"
_AMOUNT = (
    f"CASE WHEN {_CLEAN} RLIKE '^-?[0-9]{{1,3}}\\\\.[0-9]{{3}}$' THEN {_DANISH_VALUE} "
    f"WHEN {_CLEAN} RLIKE '^-?[0-9]+(\\\\.[0-9]+)?$' "
    f"THEN try_cast({_CLEAN} AS DECIMAL(18, 2)) "
    f"WHEN {_CLEAN} RLIKE '^-?([0-9]{{1,3}}(\\\\.[0-9]{{3}})+|[0-9]+)(,[0-9]+)?$' "
    f"THEN {_DANISH_VALUE} END"
)

_NUMERIC = (
    "ByteType",
    "ShortType",
    "IntegerType",
    "LongType",
    "FloatType",
    "DoubleType",
    "DecimalType",
)


def _separator(path: Path) -> str:
    """The csv's separator, from its header line (DuckDB sniffs; Spark must be told)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline()
    return max((";", ",", "\t", "|"), key=header.count)


def read_file(spark: SparkSession, file: WeekFile) -> DataFrame:
    """One file as typed rows: source_row, person_id, week_start, benefit, amount_dkk,
    counter_week_at_start, plus the texts the checks need."""
    if file.kind == "parquet":
        frame = spark.read.parquet(str(file.path)).select("*", "_metadata.row_index")
        frame = frame.withColumnRenamed("row_index", "_gevinst_row")
        offset = 1  # parquet: the record number, from 1
    else:
        raw = (
            spark.read.option("header", True)
            .option("encoding", "UTF-8")
            .option("sep", _separator(file.path))
            .csv(str(file.path))
        )
        indexed = raw.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1]))
        frame = spark.createDataFrame(indexed, [*raw.columns, "_gevinst_row"])
        offset = 2  # csv: the spreadsheet row, header = row 1
    columns = match_columns([c for c in frame.columns if c != "_gevinst_row"])
    missing = [f for f in ("person_id", "week_start", "benefit", "amount_dkk") if f not in columns]
    if missing:
        raise ValueError(f"{file.path.name}: {', '.join(missing)}")
    types = {f.name: type(f.dataType).__name__ for f in frame.schema.fields}
    week_col, amount_col = columns["week_start"], columns["amount_dkk"]
    temporal = types[week_col] in ("DateType", "TimestampType", "TimestampNTZType")
    numeric = types[amount_col] in _NUMERIC
    counter = columns.get("counter_week_at_start")
    texts = frame.selectExpr(
        f"CAST(_gevinst_row + {offset} AS BIGINT) AS source_row",
        f"{_text(columns['person_id'])} AS person_id",
        f"{_text(week_col)} AS week_text",
        f"`{week_col}` AS src_week",
        f"lower({_text(columns['benefit'])}) AS benefit",
        f"{_text(amount_col)} AS amount_text",
        f"`{amount_col}` AS src_amount",
        (
            f"{_text(counter)} AS counter_text"
            if counter
            else "CAST(NULL AS STRING) AS counter_text"
        ),
    )
    week = "to_date(src_week)" if temporal else _WEEK
    amount = (
        "CAST(round(CAST(src_amount AS DOUBLE), 2) AS DECIMAL(18, 2))"
        if numeric and types[amount_col] != "DecimalType"
        else "CAST(src_amount AS DECIMAL(18, 2))"
        if numeric
        else _AMOUNT
    )
    return texts.selectExpr(
        "source_row",
        "person_id",
        "week_text",
        "benefit",
        "amount_text",
        "counter_text",
        f"{week} AS week_start",
        f"{amount} AS amount_dkk",
        "CASE WHEN counter_text RLIKE '^[0-9]{1,9}(\\\\.0+)?$' "
        "THEN CAST(CAST(counter_text AS DOUBLE) AS INT) END AS counter_week_at_start",
    ).selectExpr("*", f"{file.file_no} AS import_id", f"{file.municipality} AS municipality_code")


#: problem kind → a condition over read_file's columns (the import's CHECKS, for Spark)
CHECKS: dict[str, str] = {
    "person_missing": "person_id IS NULL",
    "person_cpr": (
        f"coalesce(length(person_id) >= 10 AND person_id RLIKE '{_CPR}' AND "
        f"try_to_date(regexp_extract(person_id, '{_CPR}', 2), 'ddMMyy') "
        "IS NOT NULL, FALSE)"
    ),
    "person_long": f"length(person_id) > {MAX_PERSON_ID_CHARS}",
    "week_missing": "week_text IS NULL",
    "week_invalid": "week_text IS NOT NULL AND week_start IS NULL",
    "week_not_monday": "dayofweek(week_start) <> 2",
    "week_year": f"year(week_start) NOT BETWEEN {YEARS[0]} AND {YEARS[1]}",
    "benefit_missing": "benefit IS NULL",
    "benefit_unknown": "benefit IS NOT NULL AND NOT benefit_known",
    "amount_missing": "amount_text IS NULL",
    "amount_invalid": "amount_text IS NOT NULL AND amount_dkk IS NULL",
    "amount_negative": "amount_dkk < 0",
    "amount_large": f"amount_dkk > {MAX_WEEKLY_DKK}",
    "counter_invalid": (
        f"counter_text IS NOT NULL AND (counter_week_at_start IS NULL OR "
        f"counter_week_at_start NOT BETWEEN 1 AND {MAX_COUNTER_WEEK})"
    ),
}


def problem_counts(spark: SparkSession, typed: DataFrame) -> list[tuple[int, str, int, int]]:
    """(file_no, kind, rows, first source_row) for every kind of problem found, in one pass.

    `typed` is the union of `read_file` frames; `ref_benefit_rules` must be registered."""
    typed.createOrReplaceTempView("gevinst_typed_weeks")
    flagged = ", ".join(
        f"count_if({condition}) AS {name}, min(CASE WHEN {condition} THEN source_row END) "
        f"AS {name}_first"
        for name, condition in CHECKS.items()
    )
    rows = spark.sql(
        f"SELECT t.import_id, {flagged} FROM (SELECT w.*, r.benefit IS NOT NULL AS "
        f"benefit_known FROM gevinst_typed_weeks AS w LEFT JOIN ref_benefit_rules AS r "
        f"ON r.benefit = w.benefit) AS t GROUP BY t.import_id"
    ).collect()
    found = []
    for row in rows:
        for name in CHECKS:
            if row[name]:
                found.append(
                    (int(row["import_id"]), name, int(row[name]), int(row[f"{name}_first"]))
                )
    return sorted(found)


def raw_rows(typed: DataFrame) -> DataFrame:
    """The columns of `raw_benefit_weeks` (models/staging/raw_benefit_weeks.sql), in its order."""
    return typed.selectExpr(
        "CAST(import_id AS INT) AS import_id",
        "source_row",
        "CAST(municipality_code AS INT) AS municipality_code",
        "person_id",
        "week_start",
        "benefit",
        "amount_dkk",
        "counter_week_at_start",
    )
