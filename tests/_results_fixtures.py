"""A results folder as `gevinst spark --out` writes it, made by DuckDB for tests without Spark.

The same layout (`benefit_weeks/` and `benefit_weeks_by_year/` partitioned
`municipality_code=…/year=…/`, `_SUCCESS`, `manifest.json` last) from a DuckDB import of the
same files, so the load (`gevinst import --kind benefit-weeks-results`) is tested everywhere;
tests/test_spark.py loads a real Spark run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gevinst import __version__
from gevinst.ingest import results_manifest
from gevinst.model_sql import model_fingerprint, parameters, rules_fingerprint
from gevinst.reference import bundled_reference
from gevinst.store.benefit_weeks import import_benefit_weeks
from gevinst.store.db import connect


def duckdb_results(groups: list[tuple[int, Path]], work: Path) -> Path:
    """`groups` (municipality, file) imported into a scratch database in order (import i =
    input i), written out as a Spark run would: returns the output folder."""
    ref = bundled_reference()
    db, out = work / "scratch.duckdb", work / "out"
    inputs = []
    for number, (code, path) in enumerate(groups, start=1):
        outcome = import_benefit_weeks(db, [path], code, "test", ref=ref)
        assert outcome.files[0].import_id == number
        inputs.append(
            results_manifest.InputFile(
                input_no=number,
                file=str(path),
                municipality_code=code,
                sha256=results_manifest.file_sha256(path),
                rows=outcome.files[0].rows,
            )
        )
    out.mkdir()
    with connect(db, read_only=True) as con:
        for view in ("benefit_weeks", "benefit_weeks_by_year"):
            year = ", year(week_start) AS year" if view == "benefit_weeks" else ""
            target = str(out / view).replace("'", "''")
            con.execute(
                f"COPY (SELECT *{year} FROM {view}) TO '{target}' "
                "(FORMAT parquet, PARTITION_BY (municipality_code, year))"
            )
            (out / view / "_SUCCESS").touch()
    results_manifest.write_manifest(
        out,
        results_manifest.Manifest(
            format=results_manifest.FORMAT,
            format_version=results_manifest.FORMAT_VERSION,
            gevinst_version=__version__,
            created_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC).isoformat(),
            master="duckdb (test)",
            rules_sha256=rules_fingerprint(ref),
            model_sha256=model_fingerprint(ref),
            rule_parameters=parameters(ref),
            municipalities=sorted({c for c, _p in groups}),
            rows=sum(i.rows for i in inputs),
            inputs=inputs,
        ),
    )
    return out
