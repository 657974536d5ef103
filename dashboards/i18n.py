"""The dashboards' words in Danish and English; the language travels in the URL (`?lang=en`).

The words live in the one message catalogue (`gevinst.messages`): pages `register` theirs
there at import time, and `t` reads any key of it.

Keeping the language in the URL (not in browser state) makes every page linkable and
printable in the language it was read in, and keeps callbacks pure functions of their inputs.
"""

from __future__ import annotations

from gevinst.messages import CATALOGUE, Lang, register

__all__ = ["Lang", "register", "t", "valid_lang"]

register(
    {
        "app.title": {
            "da": "gevinst — hvor lander gevinsten?",
            "en": "gevinst — where does the gain land?",
        },
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
            "figures — not a municipality's real budget.",
        },
        "illustrative.note": {
            "da": "Illustrativt tal: ikke fra en publiceret kilde.",
            "en": "Illustrative figure: not from a published source.",
        },
        "skip.to.content": {"da": "Gå til indhold", "en": "Skip to content"},
    }
)


def t(key: str, lang: str = "da") -> str:
    """The text of `key` in the catalogue, unformatted (callers `.format` what they need)."""
    return CATALOGUE[key][valid_lang(lang)]


def valid_lang(value: object) -> Lang:
    return "en" if value == "en" else "da"
