"""Colours that survive colour-blindness and black-and-white print (Okabe & Ito, 2008).

Each payer kind has a fixed colour and a fixed pattern order, so "the state" looks the same
on every page; text on colour meets WCAG 2.1 AA contrast (4.5:1) in the shell's CSS.
"""

from __future__ import annotations

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

PAYER = {
    "municipality": "#0072B2",  # the investing municipality
    "other_municipality": "#56B4E9",
    "region": "#009E73",
    "state": "#E69F00",
    "municipalities": "#F0E442",  # the other municipalities collectively (equalisation)
    "external": "#CC79A7",
}
POSITIVE = "#0072B2"  # savings / gains
NEGATIVE = "#D55E00"  # costs
NEUTRAL = "#555555"
