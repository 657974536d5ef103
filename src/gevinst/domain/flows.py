"""Flows: who pays or saves how much, in which year, and why.

A flow is a key (payer, department, account, budget frame, kind, and what caused it) and
an array of amounts with shape `(draws, years)`. Sign convention (DESIGN.md): positive is
money the payer spends, negative money it saves or receives. Moves between payers
(refusion, transfer, equalisation) are always added as a pair that sums to zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

FlowKind = Literal["cost", "gain", "refusion", "transfer", "equalisation", "financing"]
MOVES: frozenset[str] = frozenset({"refusion", "transfer", "equalisation", "financing"})


@dataclass(frozen=True, slots=True)
class Payer:
    kind: str  # municipality, region, state, municipalities, external
    code: int | None  # 3-digit municipality code, 1081-1085 for a region, else None


@dataclass(frozen=True, slots=True)
class FlowKey:
    payer: Payer
    department: str | None
    account: str | None
    budget_frame: str | None
    flow: FlowKind
    unit_id: str | None
    effect_no: int | None
    rule: str
    source: str


@dataclass
class FlowSet:
    draws: int
    years: int
    amounts: dict[FlowKey, np.ndarray] = field(default_factory=dict)

    def add(self, key: FlowKey, amount: np.ndarray) -> None:
        # arrays are never changed in place, so a full-shaped array is kept without a copy
        shape = (self.draws, self.years)
        values = amount if np.shape(amount) == shape else np.broadcast_to(amount, shape)
        if key in self.amounts:
            self.amounts[key] = self.amounts[key] + values
        else:
            self.amounts[key] = np.asarray(values, dtype=float)

    def pair(self, first: FlowKey, second: FlowKey, amount: np.ndarray) -> None:
        """A move between two payers: `amount` is added to the first, taken from the second,
        so the pair sums to zero by construction."""
        if first.flow not in MOVES or first.flow != second.flow:
            raise ValueError(f"not a move: {first.flow}/{second.flow}")
        self.add(first, amount)
        self.add(second, -np.asarray(amount))

    def by_payer(self) -> dict[Payer, np.ndarray]:
        totals: dict[Payer, np.ndarray] = {}
        for key, values in self.amounts.items():
            totals[key.payer] = totals.get(key.payer, 0) + values
        return totals
