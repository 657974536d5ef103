"""Danish number and date formats for people: `1.234.567 kr.`, `12,4 mio. kr.`, `22.11.2026`.

English output keeps the same numbers with `,` thousands and `.` decimals, `DKK` and ISO
dates, so a figure read aloud means the same in both languages.
"""

from __future__ import annotations

import datetime as dt

from gevinst.messages import Lang


def number(value: float, decimals: int = 0, lang: Lang = "da") -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    # "-0" after rounding is shown as 0; a plain hyphen-minus so a copied figure pastes into Excel
    return text if text.strip("-0,.") else text.lstrip("-")


def kr(value: float, decimals: int = 0, lang: Lang = "da") -> str:
    """`1.234.567 kr.` (da) or `DKK 1,234,567` (en)."""
    shown = number(value, decimals, lang)
    return f"{shown} kr." if lang == "da" else f"DKK {shown}"


def mio_kr(value: float, decimals: int = 1, lang: Lang = "da") -> str:
    """`12,4 mio. kr.` (da) or `DKK 12.4m` (en)."""
    shown = number(value / 1_000_000, decimals, lang)
    return f"{shown} mio. kr." if lang == "da" else f"DKK {shown}m"


def percent(share: float, decimals: int = 0, lang: Lang = "da") -> str:
    shown = number(share * 100, decimals, lang)
    return f"{shown} %" if lang == "da" else f"{shown}%"


def date(value: dt.date, lang: Lang = "da") -> str:
    return value.strftime("%d.%m.%Y") if lang == "da" else value.isoformat()
