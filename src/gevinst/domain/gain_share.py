"""Gain-share (gevinstdeling): a proposal of budget transfers that returns an agreed share of a
case's realised gains to the committee that invested. Pure: frames and mappings in, frames out.

The rule, as a finance department would put it before the committee:

- Only gains realised as money count: **harvested** gains (hjemtaget: the gaining budget was
  reduced and the amount went to the treasury, *kassen*) and **reinvested** gains (the gaining
  committee kept the money and used it). Freed capacity and gains not realised move no money
  and are shown for information only.
- For each case, year and giving party the realised net gain is summed (savings negative, an
  extra expense on the same lines reduces it). The giving party is the treasury,
  "Økonomiudvalget (kassen)", for harvested gains, and the committee of the account the gain
  fell on for reinvested ones (accounts → committee from the chart of accounts).
- When the net is a saving, `share` of it (default 50 %) is proposed moved from the giving
  party to the investing committee: the committee of the case owner's department. A
  committee does not transfer to itself; a net extra expense gives no transfer.
- Amounts are rounded to whole kroner once, and the same rounded amount is given and received,
  so every year's transfers balance to the krone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

TREASURY = "Økonomiudvalget (kassen)"
CASH_STATUSES = ("harvested", "reinvested")
DEFAULT_SHARE = 0.5

TRANSFER_SCHEMA = {
    "case_id": pl.String,
    "year": pl.Int32,
    "from_committee": pl.String,
    "to_committee": pl.String,
    "status": pl.String,
    "realised_saving_dkk": pl.Float64,
    "transfer_dkk": pl.Float64,
}


@dataclass(frozen=True)
class GainShareProposal:
    share: float
    lines: pl.DataFrame  # the realised lines with committee, giving party and counted flag
    transfers: pl.DataFrame  # TRANSFER_SCHEMA: one row per case, year, giver and status
    balance: pl.DataFrame  # year, committee, change_dkk (> 0 receives, < 0 gives)

    def by_year(self) -> pl.DataFrame:
        """Transfers summed per year, giver and receiver (what the committee decides)."""
        return (
            self.transfers.group_by("year", "from_committee", "to_committee")
            .agg(pl.col("realised_saving_dkk").sum(), pl.col("transfer_dkk").sum())
            .sort("year", "from_committee", "to_committee")
        )

    @property
    def total_dkk(self) -> float:
        return float(self.transfers.get_column("transfer_dkk").sum())


def investing_committee(
    owner: str, department_committees: Mapping[str, str], cost_account_committees: list[str]
) -> str:
    """The case owner's committee: from its department in the chart of accounts; else the
    committee of the case's first municipal cost line; else the owner's name itself."""
    if owner in department_committees:
        return department_committees[owner]
    return cost_account_committees[0] if cost_account_committees else owner


def propose(
    realised: pl.DataFrame,
    account_committees: Mapping[str, str],
    investing: Mapping[str, str],
    share: float = DEFAULT_SHARE,
    treasury: str = TREASURY,
) -> GainShareProposal:
    """`realised`: rows of `realised_gains` (case_id, year, unit_id, account, amount_dkk,
    status, harvested_from_account, …); `investing`: case id → investing committee."""
    if not 0 <= share <= 1:
        raise ValueError(f"share must be between 0 and 1, not {share}")
    lines = realised.with_columns(
        pl.col("account")
        .replace_strict(account_committees, default=None, return_dtype=pl.String)
        .alias("committee"),
        pl.col("case_id")
        .replace_strict(investing, default=None, return_dtype=pl.String)
        .alias("investing_committee"),
    ).with_columns(
        pl.when(pl.col("status") == "harvested")
        .then(pl.lit(treasury))
        .when(pl.col("status") == "reinvested")
        .then(pl.coalesce("committee", pl.concat_str(pl.lit("konto "), pl.col("account"))))
        .alias("from_committee"),
        pl.col("status").is_in(CASH_STATUSES).alias("counted"),
    )
    net = (
        lines.filter(pl.col("counted"))
        .group_by("case_id", "year", "from_committee", "investing_committee", "status")
        .agg(pl.col("amount_dkk").sum().alias("net_dkk"))
    )
    rows = []
    for r in net.sort("case_id", "year", "from_committee", "status").iter_rows(named=True):
        saving = -float(r["net_dkk"])
        to = r["investing_committee"]
        if saving <= 0 or to is None or to == r["from_committee"]:
            continue
        rows.append(
            (
                r["case_id"],
                r["year"],
                r["from_committee"],
                to,
                r["status"],
                round(saving, 2),
                float(round(share * saving)),
            )
        )
    transfers = pl.DataFrame(rows, schema=TRANSFER_SCHEMA, orient="row")
    balance = (
        pl.concat(
            [
                transfers.select(
                    "year",
                    pl.col("from_committee").alias("committee"),
                    (-pl.col("transfer_dkk")).alias("change_dkk"),
                ),
                transfers.select(
                    "year",
                    pl.col("to_committee").alias("committee"),
                    pl.col("transfer_dkk").alias("change_dkk"),
                ),
            ]
        )
        .group_by("year", "committee")
        .agg(pl.col("change_dkk").sum())
        .sort("year", "committee")
    )
    return GainShareProposal(share, lines, transfers, balance)
