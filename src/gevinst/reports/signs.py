"""One sign rule for people: a gain for the payer is positive, a cost negative.

The data (`case_flows`, JSON, the machine CSV) keeps DESIGN's convention: `amount_dkk > 0` is
money a payer spends. A finance director reading a page, a workbook or the terminal table
should not have to relearn the sign on every screen, so everything a person reads shows the
payer's *gain*: `for_people(amount_dkk) = −amount_dkk`, and says it in words where a sign
alone could mislead ("gevinst 1,2 mio. kr.", "udgift 0,4 mio. kr."). Present values already
follow this rule (`npv_dkk` is savings minus costs), so they pass through unchanged.
"""

from __future__ import annotations

from typing import overload

from gevinst import fmt
from gevinst.messages import Lang, msg, register

register(
    {
        "sign.rule": {
            "da": "gevinst for betaleren +, udgift −",
            "en": "gain for the payer +, cost −",
        },
        "sign.gain": {"da": "gevinst {amount}", "en": "gain {amount}"},
        "sign.cost": {"da": "udgift {amount}", "en": "cost {amount}"},
    }
)


@overload
def for_people(amount_dkk: float) -> float: ...
@overload
def for_people(amount_dkk: None) -> None: ...
@overload
def for_people(amount_dkk: float | None) -> float | None: ...
def for_people(amount_dkk: float | None) -> float | None:
    """A stored amount (> 0 the payer spends) as people read it (> 0 the payer gains)."""
    if amount_dkk is None:
        return None
    return 0.0 - float(amount_dkk) if amount_dkk else 0.0


def rule(lang: Lang = "da") -> str:
    """`gevinst for betaleren +, udgift −`: the words every caption of people's figures uses."""
    return msg("sign.rule", lang)


def in_words(gain_dkk: float, lang: Lang = "da", million: bool = True) -> str:
    """A people's-sign amount in words: `gevinst 1,2 mio. kr.` / `udgift 0,4 mio. kr.`."""
    shown = fmt.mio_kr(abs(gain_dkk), 1, lang) if million else fmt.kr(abs(gain_dkk), 0, lang)
    if round(gain_dkk) == 0:
        return shown
    return msg("sign.gain" if gain_dkk > 0 else "sign.cost", lang, amount=shown)
