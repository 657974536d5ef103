"""Reference implementations of rules the engine and the SQL models compute, for the tests.

They are not used by production code (the engine and `models/` compute these rules); the
tests check the worked examples of DESIGN.md "Domain rules" with them, and the benefit-weeks
model against `person_counters`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from gevinst.domain.discounting import discount_factors
from gevinst.domain.staircase import spell_by_year
from gevinst.reference import RateBand, Step

# --- the week count: finansieringsloven § 6 ------------------------------------------------

WeekKind = Literal["benefit", "other", "self"]


def person_counters(
    weeks: Sequence[WeekKind], reset_self_support_weeks: int = 52, window_weeks: int = 156
) -> list[int | None]:
    """The count week of each of one person's consecutive calendar weeks.

    `weeks[t]` says what week t was: `benefit` (a week with a covered benefit), `other`
    (other public support or a subsidised job: neither a count week nor self-support,
    § 6, stk. 2) or `self` (self-supporting). The count starts over at a benefit week when,
    since the current count began, the person has had 52 self-supporting weeks added up
    within the last 156 weeks (§ 6, stk. 1: "sammenlagt 52 hele kalenderuger med
    selvforsørgelse inden for de seneste 3 år"). Non-benefit weeks get `None`.
    """
    counters: list[int | None] = []
    counter = 0
    period_start: int | None = None
    self_weeks: list[int] = []  # indices of self-supporting weeks since the count began
    for t, kind in enumerate(weeks):
        if kind == "self":
            if period_start is not None:
                self_weeks.append(t)
            counters.append(None)
            continue
        if kind == "other":
            counters.append(None)
            continue
        recent = sum(1 for s in self_weeks if t - s <= window_weeks)
        if period_start is None or recent >= reset_self_support_weeks:
            counter, period_start, self_weeks = 0, t, []
        counter += 1
        counters.append(counter)
    return counters


# --- present value (Finansministeriet's declining rate) ------------------------------------


def present_value(
    amounts: Sequence[float] | np.ndarray, bands: Sequence[RateBand], flat_rate: float | None = None
) -> float:
    values = np.asarray(amounts, dtype=float)
    return float(values @ discount_factors(len(values), bands, flat_rate))


# --- mellemkommunal refusion -------------------------------------------------------------
# Mellemkommunal refusion: retssikkerhedsloven § 9, stk. 7-8 and § 9 c, stk. 1 og stk. 2, nr. 1.
#
# A municipality (A) that places a citizen in a residential offer (serviceloven §§ 107-110)
# in another municipality (B) keeps paying for the offer. Cash benefits that B, the new
# handlekommune, pays are billed to A net of the state refusion B received.


@dataclass(frozen=True, slots=True)
class Bill:
    gross: float  # what B paid out
    refusion: float  # state refusion B received
    billed: float  # what B bills to A: gross - refusion


def cash_benefit_bill(
    weeks: float, weekly_dkk: float, steps: tuple[Step, ...] | list[Step], prior_weeks: int = 0
) -> Bill:
    """B's bill to A for a spell of cash benefit on the refusion staircase."""
    total, shared = spell_by_year(np.array([weeks]), prior_weeks, steps)
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
