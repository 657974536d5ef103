"""What the checks of one file find: the problems (capped per kind) and the verdict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import gevinst.ingest.container.messages  # noqa: F401 - registers the ingest.safety texts
from gevinst.errors import Problem, Severity
from gevinst.messages import Lang, msg

Kind = Literal["xlsx", "csv", "parquet", "unknown"]

_MAX_PROBLEMS_PER_KIND = 20  # a hostile file can hold a million bad cells; name the first ones


@dataclass(frozen=True)
class SheetScan:
    """What the sheet XML says about one worksheet, in true 1-based sheet coordinates.

    `first_row`/`first_col` are where calamine's (and so fastexcel's) frame starts: calamine
    trims leading empty rows and columns, so frame row i is sheet row `first_row + i`. A cell
    counts when it holds a value (a `<v>` with text, or an inline string), as calamine counts
    it; styled empty cells, an empty `<v/>` (but in `t="str"` and `t="d"` cells, where calamine
    returns an empty text) and formulas without a cached value do not. An empty sheet has all
    four set to 0.
    """

    name: str
    index: int  # position in the workbook's sheet list: fastexcel's `load_sheet(index)`
    hidden: bool
    xml_path: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    formula_errors: dict[str, str]
    uncached_formulas: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return self.last_row == 0


@dataclass(frozen=True)
class Scan:
    """The verdict on one file: its kind, every problem found and the worksheets to read."""

    kind: Kind
    problems: tuple[Problem, ...]
    sheets: tuple[SheetScan, ...]

    @property
    def ok(self) -> bool:
        """True when no problem is an error: warnings (external links, hidden sheets) pass."""
        return not any(p.severity == "error" for p in self.problems)


class Reject(Exception):
    """Stops the scan: the file is rejected and reading further would only cost time."""


@dataclass
class Report:
    """Collects problems for one file, capping each kind so a hostile file stays small."""

    file: str
    lang: Lang
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(
        self, key: str, where: str = "", *, severity: Severity = "error", **values: object
    ) -> None:
        self._record(key, where, severity, values)

    def fail(self, key: str, where: str = "", **values: object) -> Reject:
        self._record(key, where, "error", values)
        return Reject(key)

    def _record(self, key: str, where: str, severity: Severity, values: dict[str, object]) -> None:
        self.counts[key] += 1
        if self.counts[key] <= _MAX_PROBLEMS_PER_KIND:
            text = msg(f"ingest.safety.{key}", self.lang, **values)
            self.problems.append(Problem(self.file, where, text, severity))

    def close(self) -> tuple[Problem, ...]:
        for count in self.counts.values():
            if count > _MAX_PROBLEMS_PER_KIND:
                extra = msg(
                    "ingest.safety.more_problems", self.lang, count=count - _MAX_PROBLEMS_PER_KIND
                )
                self.problems.append(Problem(self.file, "", extra))
        return tuple(self.problems)

    def snapshot(self) -> tuple[list[Problem], Counter[str]]:
        """The problems so far, for `restore` (the CRC check deferred past the XML scan)."""
        return list(self.problems), Counter(self.counts)

    def restore(self, snapshot: tuple[list[Problem], Counter[str]]) -> None:
        problems, counts = snapshot
        self.problems, self.counts = list(problems), Counter(counts)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
