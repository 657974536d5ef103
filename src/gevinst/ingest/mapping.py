"""The `--mapping FILE.toml` a user writes when recognition is ambiguous: never a silent guess.

sheets = ["Drift", "Anlæg"]     # which sheets to read (default: every visible sheet)
header_row = 4                  # the header's row as Excel numbers it (default: found)
unit = "1.000 kr."              # kr. | 1.000 kr. | t.kr. | mio. kr. (default: from headers)
budget_kind = "B"               # for columns/rows that name a year but not B/BO/KB/R
[columns]                       # header text → field, or a wide column such as "BO2027"
"Bevilling" = "amount"
"2027" = "BO2027"
"Noter" = "ignore"
[postings]                      # a posting file: one row per booking, summed to functions
key = "Artskonto"               # the column whose value is looked up (artskonto, omk.sted, PSP)
[postings.functions]            # key → function, or function and dranst
"400010" = "5.28.21"
"400020" = { function = "5.57.72", dranst = 2 }
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gevinst.errors import InputRejected, Problem
from gevinst.ingest.vocabulary import FIELDS, UNIT_FACTORS, normalise_label, wide_column
from gevinst.messages import Lang, msg, register

register(
    {
        "ingest.mapping.invalid": {
            "da": "ugyldig mapping: {detail}",
            "en": "invalid mapping: {detail}",
        },
        "ingest.mapping.toml": {"da": "ikke gyldig TOML: {error}", "en": "not valid TOML: {error}"},
    }
)


_FUNCTION = re.compile(r"^(\d)(?:([. ])(\d{2})\2|(\d{2}))(\d{2})(?:\s+\D.*)?$")


class PostingTarget(BaseModel):
    """Where a posting key's bookings go: a function of the chart of accounts, maybe a dranst."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    function: str
    dranst: Literal[1, 2, 3] | None = None

    @field_validator("function")
    @classmethod
    def _function(cls, text: str) -> str:
        match = _FUNCTION.match(str(text).strip())
        if match is None:
            raise ValueError(f"{text!r} is not a function such as 5.28.21 or 52821")
        return ".".join(g for i, g in enumerate(match.groups()) if i != 1 and g)


class Postings(BaseModel):
    """How a posting file (KMD Opus, Prisme, EG: one row per booking) becomes budget lines:
    the column named `key` is looked up in `functions` (its values trimmed, a number's `.0`
    dropped), and the bookings are summed per function, dranst, year and budget kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(min_length=1)
    functions: dict[str, PostingTarget] = Field(min_length=1)

    @field_validator("functions", mode="before")
    @classmethod
    def _targets(cls, functions: object) -> object:
        if not isinstance(functions, dict):
            return functions
        return {
            posting_key(k): {"function": str(v)} if isinstance(v, str | int) else v
            for k, v in functions.items()
        }


def posting_key(text: object) -> str:
    """A posting key as it is looked up: trimmed, a spreadsheet number's `.0` dropped."""
    key = str(text).strip()
    return key[:-2] if key.endswith(".0") and key[:-2].isdigit() else key


class Mapping(BaseModel):
    """What a person says about a file that recognition alone could not settle."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheets: tuple[str, ...] | None = None
    header_row: int | None = Field(default=None, ge=1)
    unit: str | None = None
    budget_kind: Literal["B", "BO", "R", "KB"] | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    postings: Postings | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str | None) -> str | None:
        if unit is not None and unit not in UNIT_FACTORS:
            raise ValueError(f"unit must be one of {', '.join(UNIT_FACTORS)}")
        return unit

    @field_validator("columns")
    @classmethod
    def _known_targets(cls, columns: dict[str, str]) -> dict[str, str]:
        for header, target in columns.items():
            wide = None if target in FIELDS else wide_column(target)
            if target not in FIELDS and (wide is None or wide.budget_kind is None):
                raise ValueError(
                    f"[columns] {header!r} = {target!r}: the target must be one of "
                    f"{', '.join(FIELDS)} or a year column such as B2026, BO2027"
                )
        return {normalise_label(h): t for h, t in columns.items()}


def load_mapping(path: Path, lang: Lang = "da") -> Mapping:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problem = Problem(path.name, "", msg("ingest.mapping.toml", lang, error=exc))
        raise InputRejected([problem]) from None
    try:
        return Mapping.model_validate(raw)
    except ValidationError as exc:
        raise InputRejected(
            [
                Problem(
                    path.name,
                    ".".join(str(p) for p in e["loc"]),
                    msg("ingest.mapping.invalid", lang, detail=e["msg"]),
                )
                for e in exc.errors()
            ]
        ) from None
