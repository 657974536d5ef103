"""The check that runs on every evaluation: money is never created or lost.

Refusion, transfers, equalisation and financing move money between payers, so for every
effect and year they must sum to zero over all payers; a state refusion can never exceed the gross
change it is a share of. Tolerance: 0,01 kr. per payer and year (DESIGN.md).
"""

from __future__ import annotations

import numpy as np

from gevinst.domain.flows import MOVES, FlowSet
from gevinst.errors import ConservationError

TOLERANCE_DKK = 0.01


def check(flows: FlowSet, case_id: str) -> None:
    moves, gains, refusions = _sums(flows)
    payers = len(flows.by_payer()) or 1
    _finite(flows, case_id)
    _balanced(moves, payers, case_id)
    _refusion_within_gross(refusions, gains, case_id)


_BY_EFFECT = dict[int | None, np.ndarray]


def _sums(flows: FlowSet) -> tuple[_BY_EFFECT, _BY_EFFECT, _BY_EFFECT]:
    """Per effect: the moves (which must net to zero), the gross gains (taxes aside) and the
    state's refusions (a share of those gains)."""
    moves: _BY_EFFECT = {}
    gains: _BY_EFFECT = {}
    refusions: _BY_EFFECT = {}
    for key, values in flows.amounts.items():
        if key.flow in MOVES:
            moves[key.effect_no] = moves.get(key.effect_no, 0) + values
        if key.flow == "gain" and key.rule != "tax":
            gains[key.effect_no] = gains.get(key.effect_no, 0) + values
        if key.flow == "refusion" and key.payer.kind == "state":
            refusions[key.effect_no] = refusions.get(key.effect_no, 0) + values
    return moves, gains, refusions


def _finite(flows: FlowSet, case_id: str) -> None:
    for payer, total in flows.by_payer().items():
        if not np.isfinite(total).all():
            raise ConservationError(f"{case_id}: flows for {payer} are not finite")


def _balanced(moves: _BY_EFFECT, payers: int, case_id: str) -> None:
    for effect_no, total in moves.items():
        worst = float(np.abs(total).max())
        if worst > TOLERANCE_DKK * payers:
            raise ConservationError(
                f"{case_id}: effect {effect_no}: refusion, transfers, equalisation and "
                f"financing do not balance (off by {worst:.2f} kr.): money would be created "
                "or lost"
            )


def _refusion_within_gross(refusions: _BY_EFFECT, gains: _BY_EFFECT, case_id: str) -> None:
    for effect_no, refusion in refusions.items():
        gross = np.abs(gains.get(effect_no, np.zeros_like(refusion)))
        if (np.abs(refusion) > gross + TOLERANCE_DKK).any():
            raise ConservationError(
                f"{case_id}: effect {effect_no}: state refusion exceeds the gross amount"
            )
