"""The resource limits for reading one uploaded file, in one place so that tests can shrink them.

The defaults are Excel's own grid and text limits plus budgets that a real municipal budget
workbook (a few MB, ~100.000 rows) stays far below, while a zip bomb or a crafted `<dimension>`
hits them long before it can exhaust the machine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Budgets for one file; every field is a hard stop with a user message, never a guess."""

    max_file_bytes: int = 200 * 2**20
    max_uncompressed_bytes: int = 1 * 2**30
    max_ratio: float = 200.0  # per entry, uncompressed/compressed (only for entries > 1 MiB)
    max_entries: int = 10_000
    max_rows: int = 1_048_576  # Excel's grid: XFD1048576
    max_cols: int = 16_384
    max_cell_chars: int = 32_767  # Excel's limit for the text of one cell
    memory_bytes: int = 2 * 2**30  # RLIMIT_AS for the child
    cpu_seconds: int = 120
    wall_seconds: float = 120.0
