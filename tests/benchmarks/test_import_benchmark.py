"""Import of a 100.000-row budget workbook versus reading it with polars/calamine alone.

Run with `pytest tests/benchmarks --benchmark-only`. A = `polars.read_excel(engine="calamine")`
of the file; B = the whole import as `gevinst import` does it (container scan, sandboxed read,
shape recognition, normalisation, validation and the DuckDB write into a fresh database). The
ratio B/A (target ≤ 2) and the peak memory of the import's processes (target < 1 GB) go to
`extra_info` and are printed; they are reported, never asserted.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from gevinst.commands.importer import to_batch
from gevinst.ingest.budget import ImportOptions, prepare_import
from gevinst.store.imports import write_import

ROWS = 100_000
ACCOUNTS = ["3.22.01", "5.28.21", "5.28.22", "5.38.45", "5.57.73", "5.68.90"]


@pytest.fixture(scope="session")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`Konto | Dranst | Art | Udvalg | Omkostningssted | Tekst | B2026 | BO2027 | BO2028 |
    BO2029` under a title row naming 1.000 kr.: the common export, 10 columns."""
    path = tmp_path_factory.mktemp("bench") / "budget-100000.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Budget")
    ws.append(["Budget 2026-2029, Høje-Taastrup Kommune (1.000 kr.)"])
    ws.append([])
    ws.append(
        [
            "Konto",
            "Dranst",
            "Art",
            "Udvalg",
            "Omkostningssted",
            "Tekst",
            "B2026",
            "BO2027",
            "BO2028",
            "BO2029",
        ]
    )
    for i in range(ROWS):
        base = (i * 7919) % 50_000 / 10
        ws.append(
            [
                ACCOUNTS[i % len(ACCOUNTS)],
                1,
                (1, 2, 4, 5)[i % 4],
                "Børne- og Familieudvalget",
                f"{i:06d}",
                "Forebyggende indsats",
                base,
                base + 1.5,
                base + 2.5,
                base + 3.5,
            ]
        )
    wb.save(path)
    return path


def _import(path: Path, db: Path) -> int:
    db.unlink(missing_ok=True)
    prepared = prepare_import([path], ImportOptions("budget", 169))
    return write_import(db, to_batch(prepared, "benchmark")).lines


def test_a_read_with_polars_calamine(benchmark, workbook: Path) -> None:
    frame = benchmark.pedantic(
        pl.read_excel,
        args=(workbook,),
        kwargs={"engine": "calamine"},
        rounds=3,
        iterations=1,
        warmup_rounds=1,
    )
    assert frame.height >= ROWS


def test_b_full_import(benchmark, workbook: Path, tmp_path: Path) -> None:
    db = tmp_path / "bench.duckdb"
    lines = benchmark.pedantic(
        _import, args=(workbook, db), rounds=3, iterations=1, warmup_rounds=1
    )
    assert lines == 4 * ROWS
    start = time.perf_counter()
    pl.read_excel(workbook, engine="calamine")
    baseline = time.perf_counter() - start
    best = benchmark.stats.stats.min
    benchmark.extra_info["ratio_to_calamine_read"] = round(best / baseline, 2)
    # the CLI in its own process: process start included, and its peak memory (the CLI and
    # the sandboxed reader are both waited-for descendants, so RUSAGE_CHILDREN covers them)
    cli_db = tmp_path / "cli.duckdb"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from gevinst.cli import main; main()",
            "import",
            str(workbook),
            "--kind",
            "budget",
            "--municipality",
            "169",
            "--db",
            str(cli_db),
        ],
        check=True,
        capture_output=True,
    )
    cli_seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    benchmark.extra_info["cli_seconds"] = round(cli_seconds, 2)
    benchmark.extra_info["cli_ratio_to_calamine_read"] = round(cli_seconds / baseline, 2)
    benchmark.extra_info["peak_memory_mb"] = round(peak_mb)
    print(
        f"\nimport {best:.2f} s, calamine read {baseline:.2f} s, ratio {best / baseline:.2f}; "
        f"CLI with process start {cli_seconds:.2f} s (ratio {cli_seconds / baseline:.2f}); "
        f"peak memory {peak_mb:.0f} MB"
    )
