"""The message catalogue: every sentence a user reads, in Danish and English, in one place.

Modules add their entries to `CATALOGUE` under a dotted key (`case.unknown_unit`); the text
is a `str.format` template. `msg(key, lang, **values)` renders it. Keys are stable: tests
may look for them; the wording may change.
"""

from __future__ import annotations

from typing import Literal

#: the languages every message exists in; here rather than in `settings` so that the reader's
#: sandbox, which needs messages but not settings, does not import pydantic
Lang = Literal["da", "en"]
#: the language of messages and reports unless settings or `--lang` say otherwise
DEFAULT_LANG: Lang = "da"

CATALOGUE: dict[str, dict[Lang, str]] = {}


def register(entries: dict[str, dict[Lang, str]]) -> None:
    for key, texts in entries.items():
        if key in CATALOGUE and CATALOGUE[key] != texts:
            raise ValueError(f"message {key} registered twice with different texts")
        if set(texts) != {"da", "en"}:
            raise ValueError(f"message {key} needs both da and en")
        CATALOGUE[key] = texts


def msg(key: str, lang: Lang = "da", **values: object) -> str:
    return CATALOGUE[key][lang].format(**values)
