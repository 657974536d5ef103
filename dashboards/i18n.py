"""The dashboards' words in Danish and English; the language travels in the URL (`?lang=en`).

Keeping the language in the URL (not in browser state) makes every page linkable and
printable in the language it was read in, and keeps callbacks pure functions of their inputs.
"""

from __future__ import annotations

from typing import Literal

from gevinst.messages import CATALOGUE

Lang = Literal["da", "en"]

TEXT: dict[str, dict[Lang, str]] = {
    "app.title": {"da": "gevinst — hvor lander gevinsten?",
                  "en": "gevinst — where does the gain land?"},
    "nav.portfolio": {"da": "Portefølje", "en": "Portfolio"},
    "nav.case": {"da": "Case", "en": "Case"},
    "nav.scenarios": {"da": "Scenarier", "en": "Scenarios"},
    "nav.budget": {"da": "Budget", "en": "Budget"},
    "nav.decision": {"da": "Budgetforslag", "en": "Budget proposal"},
    "nav.realisation": {"da": "Gevinstrealisering", "en": "Benefit realisation"},
    "nav.peers": {"da": "Sammenlignelige kommuner", "en": "Peers"},
    "nav.import": {"da": "Import", "en": "Import"},
    "lang.switch": {"da": "English", "en": "Dansk"},
    "demo.banner": {
        "da": "Demo: dette er en demodatabase med demonstrationscases og illustrative tal — "
              "ikke en kommunes rigtige budget.",
        "en": "Demo: this is a demo database with demonstration cases and illustrative "
              "figures — not a municipality's real budget."},
    "illustrative.note": {
        "da": "Illustrativt tal: ikke fra en publiceret kilde.",
        "en": "Illustrative figure: not from a published source."},
    "skip.to.content": {"da": "Gå til indhold", "en": "Skip to content"},
}


def t(key: str, lang: str = "da") -> str:
    """The dashboards' own words, else the message catalogue's (`gevinst.messages`), which
    holds what the services say."""
    texts = TEXT.get(key) or CATALOGUE[key]
    return texts["en"] if lang == "en" else texts["da"]


def register(entries: dict[str, dict[Lang, str]]) -> None:
    """Pages add their own words at import time (text only, no data)."""
    for key, texts in entries.items():
        if key in TEXT and TEXT[key] != texts:
            raise ValueError(f"dashboard text {key} registered twice")
        TEXT[key] = texts


def valid_lang(value: object) -> Lang:
    return "en" if value == "en" else "da"
