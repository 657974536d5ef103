"""Benefit weeks at register scale: gevinst's import + benefit_weeks versus a hand-written query.

Run with `pytest tests/benchmarks/test_benefit_weeks_benchmark.py --benchmark-only`. The data is
generated once per session as parquet by DuckDB (`COPY (SELECT … FROM range(n))`, no Python
objects): `GEVINST_BENCH_WEEKS_ROWS` rows (default 20.000.000), 50 weeks per person (400.000
persons at the default), spells of 10 weeks with gaps of 0–60 weeks, kontanthjælp, dagpenge,
sygedagpenge and some anden-offentlig-forsoergelse.

A = a hand-written DuckDB load (`CREATE TABLE … AS SELECT * FROM read_parquet`) plus the
consecutive-gap simplification (a new count after a gap of more than 52 weeks: lag, running
sum, row_number) written to a table. B = `gevinst import --kind benefit-weeks` as the CLI does
it: sniffing, validation of every row, the write with lineage and the exact restart rule
materialised as `benefit_weeks`, in one transaction. C = `gevinst spark --master local[2]` on the
same file (skipped without pyspark and java; no target: the point is that it runs). Each runs in
its own process, so the peak memory (`wait4` max RSS; for C the largest of the Python process
and the JVM it reaped) is its own. The ratios B/A (target ≤ 1,5, DESIGN) and C/B, the times and
the peaks go to `extra_info` and are printed; nothing is asserted about time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROWS = int(os.environ.get("GEVINST_BENCH_WEEKS_ROWS", "20000000"))
WEEKS_PER_PERSON = 50
RESULTS: dict[str, tuple[float, int]] = {}

GENERATE = """
COPY (
  SELECT
    'P' || lpad(CAST(p AS VARCHAR), 7, '0') AS person_id,
    CAST(DATE '2021-01-04' + INTERVAL (7 * (p % 13 + k + (k // 10) * ((p * 7919) % 61))) DAY
         AS DATE) AS week_start,
    CASE WHEN (p * 31 + k) % 37 = 0 THEN 'anden-offentlig-forsoergelse'
         WHEN p % 5 = 0 THEN 'dagpenge'
         WHEN p % 7 = 0 AND k >= 20 THEN 'sygedagpenge'
         ELSE 'kontanthjaelp' END AS benefit,
    CAST(2000 + (p % 31) * 100 AS DOUBLE) + 0.5 AS amount_dkk
  FROM (SELECT i // {per} AS p, i % {per} AS k FROM range({rows}) AS t (i))
) TO '{path}' (FORMAT parquet)
"""

HAND_WRITTEN = """
CREATE TABLE weeks AS SELECT * FROM read_parquet('{path}');
CREATE TABLE counted AS
WITH gaps AS (
  SELECT *, CASE WHEN lag(week_start) OVER w IS NULL
                   OR date_diff('day', lag(week_start) OVER w, week_start) > 7 * 52
             THEN 1 ELSE 0 END AS new_count
  FROM weeks WHERE benefit <> 'anden-offentlig-forsoergelse'
  WINDOW w AS (PARTITION BY person_id ORDER BY week_start)
), counts AS (
  SELECT *, sum(new_count) OVER (PARTITION BY person_id ORDER BY week_start
                                 ROWS UNBOUNDED PRECEDING) AS count_no
  FROM gaps
)
SELECT person_id, week_start, benefit, amount_dkk,
       row_number() OVER (PARTITION BY person_id, count_no ORDER BY week_start) AS counter_week
FROM counts;
"""


def run_a(parquet: str, db: str) -> None:
    con = duckdb.connect(db)
    con.execute(HAND_WRITTEN.format(path=parquet))
    con.close()


def run_c(parquet: str, out: str) -> None:
    from gevinst.services.spark_run import run_spark
    from gevinst.spark.session import SparkOptions

    run_spark([Path(parquet)], Path(out), SparkOptions("local[2]", "6g"), municipality=169)


def run_b(parquet: str, db: str) -> None:
    from gevinst.store.benefit_weeks import import_benefit_weeks

    import_benefit_weeks(Path(db), [Path(parquet)], 169, "benchmark")


def _measure(which: str, parquet: Path, db: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one run in a child process."""
    db.unlink(missing_ok=True)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, which, str(parquet), str(db)])
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, f"{which} failed"
    return seconds, usage.ru_maxrss * 1024


@pytest.fixture(scope="session")
def weeks_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench-weeks") / f"weeks-{ROWS}.parquet"
    con = duckdb.connect()
    con.execute(GENERATE.format(per=WEEKS_PER_PERSON, rows=ROWS, path=path))
    con.close()
    return path


def _report(benchmark, name: str, seconds: float, peak: int) -> None:
    RESULTS[name] = (seconds, peak)
    benchmark.extra_info.update(
        {
            "rows": ROWS,
            "persons": ROWS // WEEKS_PER_PERSON,
            "seconds": round(seconds, 2),
            "peak_rss_mb": peak // 2**20,
        }
    )
    if {"a", "b"} <= RESULTS.keys():
        ratio = RESULTS["b"][0] / RESULTS["a"][0]
        benchmark.extra_info["ratio_b_over_a"] = round(ratio, 2)
        print(
            f"\nbenefit weeks, {ROWS:,} rows: A {RESULTS['a'][0]:.1f} s "
            f"({RESULTS['a'][1] // 2**20} MB), B {RESULTS['b'][0]:.1f} s "
            f"({RESULTS['b'][1] // 2**20} MB), B/A {ratio:.2f} (target ≤ 1,5)"
        )
    if {"b", "c"} <= RESULTS.keys():
        benchmark.extra_info["ratio_c_over_b"] = round(RESULTS["c"][0] / RESULTS["b"][0], 2)
        print(
            f"\nSpark local[2] C {RESULTS['c'][0]:.1f} s ({RESULTS['c'][1] // 2**20} MB), "
            f"C/B {RESULTS['c'][0] / RESULTS['b'][0]:.2f}"
        )


def test_a_hand_written_load_and_window_query(benchmark, weeks_parquet, tmp_path):
    db = tmp_path / "a.duckdb"
    seconds, peak = benchmark.pedantic(
        _measure, args=("a", weeks_parquet, db), rounds=1, iterations=1
    )
    _report(benchmark, "a", seconds, peak)


def test_b_gevinst_import_and_benefit_weeks(benchmark, weeks_parquet, tmp_path):
    db = tmp_path / "b.duckdb"
    seconds, peak = benchmark.pedantic(
        _measure, args=("b", weeks_parquet, db), rounds=1, iterations=1
    )
    _report(benchmark, "b", seconds, peak)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM benefit_weeks").fetchone() == (ROWS,)
    finally:
        con.close()


def test_c_spark_local2(benchmark, weeks_parquet, tmp_path):
    import importlib.util
    import shutil

    if not (importlib.util.find_spec("pyspark") and shutil.which("java")):
        pytest.skip("pyspark or java not installed")
    seconds, peak = benchmark.pedantic(
        _measure, args=("c", weeks_parquet, tmp_path / "out"), rounds=1, iterations=1
    )
    _report(benchmark, "c", seconds, peak)


if __name__ == "__main__":
    {"a": run_a, "b": run_b, "c": run_c}[sys.argv[1]](sys.argv[2], sys.argv[3])
