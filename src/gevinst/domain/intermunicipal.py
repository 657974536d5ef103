"""Mellemkommunal refusion: retssikkerhedsloven § 9, stk. 7-8 and § 9 c, stk. 1 og stk. 2, nr. 1.

A municipality (A) that places a citizen in a residential offer (serviceloven §§ 107-110)
in another municipality (B) keeps paying for the offer. Cash benefits that B, the new
handlekommune, pays are billed to A net of the state refusion B received.
"""

from __future__ import annotations

from dataclasses import dataclass

from gevinst.domain.staircase import spell_by_year
from gevinst.reference import Step


@dataclass(frozen=True, slots=True)
class Bill:
    gross: float        # what B paid out
    refusion: float     # state refusion B received
    billed: float       # what B bills to A: gross - refusion


def cash_benefit_bill(weeks: float, weekly_dkk: float, steps: tuple[Step, ...] | list[Step],
                      prior_weeks: int = 0) -> Bill:
    """B's bill to A for a spell of cash benefit on the refusion staircase."""
    # mypy: spell_by_year takes any array-like (np.asarray)
    total, shared = spell_by_year([weeks], prior_weeks, steps)  # type: ignore[arg-type]
    gross = float(total.sum()) * weekly_dkk
    refusion = float(shared.sum()) * weekly_dkk
    return Bill(gross=gross, refusion=refusion, billed=gross - refusion)


def placing_municipality_expense(tariff_dkk: float, bill: Bill) -> float:
    """A's yearly expense for the citizen: the offer's tariff plus B's bill."""
    return tariff_dkk + bill.billed


def costly_case_basis(tariff_dkk: float, bill: Bill) -> float:
    """The part of A's expense that særligt dyre enkeltsager refusion is computed on: only
    expenses under serviceloven / barnets lov (and the youth-crime law's measures) count
    (serviceloven § 176, barnets lov § 198), so the tariff, never the § 9 c bill for cash
    benefits paid under other laws."""
    del bill  # named so a reader sees it was considered and left out
    return tariff_dkk
