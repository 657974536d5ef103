"""A gain-share proposal (gevinstdeling): from the cases' realised gains, how much goes back
to the investing committee, as transfers per year (rule: `domain.gain_share`), and the
workbook for the committee (`gevinst gain-share` and the realisation page's download)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from gevinst.domain.gain_share import GainShareProposal, propose
from gevinst.errors import GevinstError
from gevinst.messages import Lang, msg, register
from gevinst.reports.gain_share_workbook import gain_share_bytes
from gevinst.store import connect
from gevinst.store.realisation import gain_share_inputs

register(
    {
        "gain_share.unknown": {
            "da": "ukendte cases i {db}: {cases}",
            "en": "unknown cases in {db}: {cases}",
        },
        "gain_share.none": {
            "da": "ingen realiserede gevinster for {cases}; importér dem med "
            "`gevinst import FIL --kind realisation`",
            "en": "no realised gains for {cases}; import them with "
            "`gevinst import FILE --kind realisation`",
        },
    }
)


@dataclass(frozen=True)
class GainShare:
    proposal: GainShareProposal
    cases: pl.DataFrame  # rows of the `cases` view, for the workbook's cover

    def workbook(self) -> bytes:
        return gain_share_bytes(self.proposal, self.cases)


def proposal_on(
    con: duckdb.DuckDBPyConnection, case_ids: list[str], share: float
) -> GainShare | None:
    """The proposal on an open connection (the server's); None without realised gains."""
    inputs = gain_share_inputs(con, case_ids)
    if inputs.realised.is_empty():
        return None
    return GainShare(
        propose(inputs.realised, inputs.account_committees, inputs.investing, share), inputs.cases
    )


def proposal(db: Path, case_ids: list[str], share: float, lang: Lang = "da") -> GainShare:
    """The proposal from the database file at `db`; `GevinstError` naming unknown cases, or
    when none of them has realised gains."""
    with connect(db, read_only=True) as con:
        inputs = gain_share_inputs(con, case_ids)
    missing = sorted(set(case_ids) - set(inputs.cases.get_column("case_id").to_list()))
    if missing:
        raise GevinstError(msg("gain_share.unknown", lang, db=db, cases=", ".join(missing)))
    if inputs.realised.is_empty():
        raise GevinstError(msg("gain_share.none", lang, cases=", ".join(case_ids)))
    return GainShare(
        propose(inputs.realised, inputs.account_committees, inputs.investing, share), inputs.cases
    )
