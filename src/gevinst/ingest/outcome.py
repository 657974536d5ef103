"""What an import wrote (or, on a dry run, would write): the store returns it, the summary
reads it. Here, below both, so that `ingest/` never imports `store/`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportOutcome:
    written: bool
    already: dict[str, int]  # file name → import_id of the earlier identical import
    import_ids: tuple[int, ...]  # one per file, in order (what was or would be assigned)
    versions: dict[tuple[str, int], int]  # (budget_kind, year) → version
    lines: int
    #: (budget_kind, year) → (lines replaced, lines kept) of the current version of the slice
    scope: dict[tuple[str, int], tuple[int, int]] = dataclasses.field(default_factory=dict)

    @property
    def noop(self) -> bool:
        return not self.import_ids
