"""Per payer: undiscounted net, present value and payback, for one draw or many.

`undiscounted_net_dkk` keeps the flows' sign (positive: the payer spends more than it
saves); `npv_dkk` is the present value of savings minus costs, so a case that only costs
has a negative NPV (DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gevinst.domain.payback import payback_index


@dataclass(frozen=True)
class PayerResult:
    undiscounted_net: np.ndarray  # (draws,)
    npv: np.ndarray  # (draws,)
    payback: np.ndarray  # (draws,) year index, -1 = never
    payback_discounted: np.ndarray


def payer_result(net: np.ndarray, factors: np.ndarray) -> PayerResult:
    discounted = net * factors[None, :]
    return PayerResult(
        undiscounted_net=net.sum(axis=1),
        npv=-discounted.sum(axis=1),
        payback=payback_index(net),
        payback_discounted=payback_index(discounted),
    )
