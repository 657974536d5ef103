"""One exception tree for the whole package.

Problems with a user's input are *data* (`Problem`), collected until a file has been read to
the end, then raised together as `InputRejected` so the user sees every bad cell at once.
Everything else that can go wrong at run time is a `GevinstError` with a message for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, with the place a person can find it.

    `where` is what follows the file name: `Sheet!C14` for a workbook cell, `effect[2].unit`
    for a key in a case file, or empty when the whole file is meant.
    """

    file: str
    where: str
    message: str
    severity: Severity = "error"

    def line(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{place}: {self.message}"


class GevinstError(Exception):
    """Something went wrong that a user should read as a sentence, not a traceback (exit 1)."""


class InputRejected(GevinstError):
    """An input was rejected; nothing was written (exit 2). Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.line() for p in problems))


class ConservationError(GevinstError):
    """An evaluation would create or destroy money; a bug, never an input problem."""


class DatabaseInUse(GevinstError):
    """Another process holds the DuckDB file (DuckDB allows one writer process)."""


class SandboxFailure(GevinstError):
    """A reader run in the sandbox died, ran out of memory or time, or raised (exit 1).

    `reason` is one of signal, memory, cpu, timeout, error, exit: callers that turn this into
    a `Problem` for the file can tell a hostile file (signal, memory) from a slow one.
    """

    def __init__(self, message: str, reason: str = "error"):
        self.reason = reason
        super().__init__(message)
