"""Import of a 100.000-row budget workbook versus reading it with polars/calamine alone.

Run with `pytest tests/benchmarks --benchmark-only`. The import is the whole of what `gevinst
import` does (container scan, sandboxed read, shape recognition, normalisation, validation and
the DuckDB write into a fresh database); the baseline is `polars.read_excel(engine="calamine")`
of the same file, measured in the same run. Two pairs: in process (the import as the dashboard
runs it, against the read in the same interpreter) and as processes (the `gevinst import` CLI,
process start and sandboxed children included, against `python -c` doing the read; the CLI is
also set against the in-process read). Ratios (target ≤ 2) and the peak memory of the CLI's
process tree (target < 1 GB) go to `extra_info` and are printed; reported, never asserted.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from gevinst.ingest.budget import ImportOptions
from gevinst.services.import_file import import_budget_files

ROWS = 100_000
ACCOUNTS = ["3.22.01", "5.28.21", "5.28.22", "5.38.45", "5.57.73", "5.68.90"]


@pytest.fixture(scope="session")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`Konto | Dranst | Art | Udvalg | Omkostningssted | Tekst | B2026 | BO2027 | BO2028 |
    BO2029` under a title row naming kr.: the common export, 10 columns."""
    path = tmp_path_factory.mktemp("bench") / "budget-100000.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Budget")
    # kr.: the amounts (up to 5.000 a row, 400.000 lines) are then a budget of Høje-Taastrup's
    # size, as the import's REGK31 plausibility check wants (in 1.000 kr. they were 600 times it)
    ws.append(["Budget 2026-2029, Høje-Taastrup Kommune (kr.)"])
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
    _, outcome = import_budget_files(db, [path], ImportOptions("budget", 169), "benchmark")
    return outcome.lines


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
    """In-process, as the dashboard's upload runs it: its fork server is already up."""
    db = tmp_path / "bench.duckdb"
    lines = benchmark.pedantic(
        _import, args=(workbook, db), rounds=3, iterations=1, warmup_rounds=1
    )
    assert lines == 4 * ROWS
    baseline = _best_of(3, lambda: pl.read_excel(workbook, engine="calamine"))
    best = benchmark.stats.stats.min
    benchmark.extra_info["calamine_read_seconds"] = round(baseline, 3)
    benchmark.extra_info["ratio_to_calamine_read"] = round(best / baseline, 2)
    print(
        f"\nin-process import {best:.2f} s, calamine read {baseline:.2f} s, "
        f"ratio {best / baseline:.2f}"
    )


def test_c_cli_import(benchmark, workbook: Path, tmp_path: Path) -> None:
    """`gevinst import` as a user runs it, process start and sandboxed children included,
    against the same read as a process of its own (`python -c "…pl.read_excel(…)"`) and
    against the read inside an already started interpreter. Peak memory is that of the whole
    process tree (the CLI and its sandboxed scan and reader, or the fork server's), sampled
    from /proc."""
    db = tmp_path / "cli.duckdb"
    command = [
        *_gevinst(),
        "import",
        str(workbook),
        "--kind",
        "budget",
        "--municipality",
        "169",
        "--db",
        str(db),
    ]

    def cli() -> None:
        db.unlink(missing_ok=True)
        subprocess.run(command, check=True, capture_output=True)

    benchmark.pedantic(cli, rounds=3, iterations=1, warmup_rounds=1)
    read = [
        sys.executable,
        "-c",
        f"import polars as pl; pl.read_excel({str(workbook)!r}, engine='calamine')",
    ]
    process_read = _best_of(3, lambda: subprocess.run(read, check=True))
    in_process_read = _best_of(3, lambda: pl.read_excel(workbook, engine="calamine"))
    db.unlink(missing_ok=True)
    peak_mb = _peak_tree_rss_mb(command)
    best = benchmark.stats.stats.min
    info = benchmark.extra_info
    info["cli_seconds"] = round(best, 3)
    info["process_read_seconds"] = round(process_read, 3)
    info["ratio_to_process_read"] = round(best / process_read, 2)
    info["in_process_read_seconds"] = round(in_process_read, 3)
    info["ratio_to_in_process_read"] = round(best / in_process_read, 2)
    info["peak_memory_mb"] = round(peak_mb)
    print(
        f"\nCLI import {best:.2f} s; read as a process {process_read:.2f} s (ratio "
        f"{best / process_read:.2f}); read in process {in_process_read:.2f} s (ratio "
        f"{best / in_process_read:.2f}); peak memory of the process tree {peak_mb:.0f} MB"
    )


def _gevinst() -> list[str]:
    """The console script users run, or `python -m gevinst` where it is not installed."""
    script = Path(sys.executable).with_name("gevinst")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gevinst"]


def _best_of(rounds: int, call: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def _peak_tree_rss_mb(command: list[str]) -> float:
    """The largest sum of resident memory over a process and all its descendants, sampled
    every 5 ms while it runs (RUSAGE_CHILDREN would miss the reader: its parent is the fork
    server, which nobody waits for)."""
    page = os.sysconf("SC_PAGE_SIZE")
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_rss_pages(pid) for pid in _tree(child.pid)) * page)
        time.sleep(0.005)
    assert child.returncode == 0
    return peak / 2**20


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(p) for p in task.read_text().split()]
    return found


def _rss_pages(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0  # ended between listing and reading
