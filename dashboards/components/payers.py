"""How a payer reads on screen: the investing municipality's own departments by name, the
rest as "Andre kommuner", "Øvrige kommuner" (collectively), "Regionen", "Staten" (the silos
a finance director thinks in)."""

from __future__ import annotations

RECEIVER = {
    "other_municipality": {"da": "Andre kommuner", "en": "Other municipalities"},
    # the other municipalities collectively, through equalisation and the schemes among
    # municipalities (DESIGN "Payers": payer kind `municipalities`)
    "municipalities": {"da": "Øvrige kommuner", "en": "Other municipalities (collectively)"},
    "region": {"da": "Regionen", "en": "Region"},
    "state": {"da": "Staten", "en": "State"},
    "external": {"da": "Ekstern finansiering", "en": "External funding"},
}


def receiver(payer_kind: str, is_home: bool, department: str | None, lang: str) -> str:
    """The silo a flow lands in, as people say it."""
    lang = "en" if lang == "en" else "da"
    if payer_kind == "municipality":
        if is_home:
            return department or ("Kommunen" if lang == "da" else "Municipality")
        return RECEIVER["other_municipality"][lang]
    return RECEIVER.get(payer_kind, RECEIVER["external"])[lang]


#: the home municipality's flows without a department (read as "the municipality")
def home_without_department(lang: str) -> str:
    return receiver("municipality", True, None, lang)
