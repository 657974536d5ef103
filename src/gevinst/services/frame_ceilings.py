"""Frame ceilings as a controller enters them: check, write, list, delete.

The economy agreement sets the service and construction frames for the municipalities as a
whole, not per municipality (KL, "Kommunal økonomi a-z: Aftaler med regeringen": "aftalerne
indgås for kommunerne under ét"); KL's budget coordination and each council's own budget give
a municipality its share. No public data set holds that figure per municipality, so gevinst
shows it only where a controller has entered it, with the source they name (for example
"KL: teknisk serviceramme 2027, udmeldt 20.6.2026", or the council's adopted budget), and
the budget-decision page compares the budget after the chosen cases with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from gevinst.errors import InputRejected, Problem
from gevinst.ingest.numbers import parse_amount
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference
from gevinst.reports.labels import FRAME_CODES
from gevinst.store.frame_ceilings import (
    FrameCeiling,
    delete_ceiling,
    list_ceilings,
    save_ceiling,
)

__all__ = ["FRAMES", "delete", "enter", "listed"]

#: the frame codes a ceiling may be entered for (the chart of accounts' frames)
FRAMES = FRAME_CODES
#: years a budget frame can sensibly be entered for
FIRST_YEAR, LAST_YEAR = 2007, 2100  # 2007: the municipalities of the structural reform
WHERE = "gevinst frame-ceiling"

register(
    {
        "frame_ceiling.municipality": {
            "da": "kommunekoden {value} findes ikke (tre cifre, fx 169 Høje-Taastrup)",
            "en": "there is no municipality code {value} (three digits, e.g. 169 Høje-Taastrup)",
        },
        "frame_ceiling.year": {
            "da": "året {value} ligger ikke mellem {first} og {last}",
            "en": "the year {value} is not between {first} and {last}",
        },
        "frame_ceiling.frame": {
            "da": "rammen '{value}' findes ikke; brug en af: {known}",
            "en": "there is no frame '{value}'; use one of: {known}",
        },
        "frame_ceiling.amount": {
            "da": "beløbet '{value}' er ikke et beløb i kr. større end 0 (fx 1.234.567.000)",
            "en": "the amount '{value}' is not an amount in DKK above 0 (e.g. 1234567000)",
        },
        "frame_ceiling.source": {
            "da": 'angiv kilden til loftet (fx "KL: teknisk serviceramme 2027" eller '
            '"Byrådets vedtagne budget 2027")',
            "en": 'give the ceiling\'s source (e.g. "KL: technical service frame 2027" or '
            '"the council\'s adopted budget 2027")',
        },
    }
)


def _amount(text: str) -> float | None:
    value = pl.select(parse_amount(pl.lit(text.strip(), dtype=pl.String))).item()
    return float(value) if value is not None and value > 0 else None


def _problems(
    ref: Reference,
    municipality: int,
    year: int,
    frame: str,
    amount: float | None,
    amount_text: str,
    source: str,
    lang: Lang,
) -> list[Problem]:
    checks = [
        (
            "--municipality",
            municipality in ref.municipalities,
            msg("frame_ceiling.municipality", lang, value=municipality),
        ),
        (
            "--year",
            FIRST_YEAR <= year <= LAST_YEAR,
            msg("frame_ceiling.year", lang, value=year, first=FIRST_YEAR, last=LAST_YEAR),
        ),
        (
            "--frame",
            frame in FRAMES,
            msg("frame_ceiling.frame", lang, value=frame, known=", ".join(FRAMES)),
        ),
        ("--amount", amount is not None, msg("frame_ceiling.amount", lang, value=amount_text)),
        ("--source", bool(source.strip()), msg("frame_ceiling.source", lang)),
    ]
    return [Problem(WHERE, where, message) for where, ok, message in checks if not ok]


def enter(
    db: Path,
    ref: Reference,
    municipality: int,
    year: int,
    frame: str,
    amount_text: str,
    source: str,
    user: str,
    lang: Lang = "da",
    now: dt.datetime | None = None,
) -> tuple[FrameCeiling, bool]:
    """Check and write one ceiling (every problem at once, nothing written if any); the
    ceiling and whether it replaced an earlier one."""
    amount = _amount(amount_text)
    problems = _problems(ref, municipality, year, frame, amount, amount_text, source, lang)
    if problems:
        raise InputRejected(problems)
    assert amount is not None
    ceiling = FrameCeiling(
        municipality,
        year,
        frame,
        round(amount, 2),
        source.strip(),
        user,
        now or dt.datetime.now(dt.UTC),
    )
    return ceiling, save_ceiling(db, ceiling)


def listed(db: Path, municipality: int | None = None) -> list[FrameCeiling]:
    return list_ceilings(db, municipality)


def delete(db: Path, municipality: int, year: int, frame: str) -> bool:
    return delete_ceiling(db, municipality, year, frame)
