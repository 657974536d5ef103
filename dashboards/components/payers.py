"""How a payer reads on screen: the investing municipality's own departments by name, the
rest as "Andre kommuner", "Øvrige kommuner" (collectively), "Regionen", "Staten" (the silos
a finance director thinks in)."""

from __future__ import annotations

from gevinst.messages import Lang, msg, register

register(
    {
        "payer.receiver.other_municipality": {"da": "Andre kommuner", "en": "Other municipalities"},
        # the other municipalities collectively, through equalisation and the schemes among
        # municipalities (DESIGN "Payers": payer kind `municipalities`)
        "payer.receiver.municipalities": {
            "da": "Øvrige kommuner",
            "en": "Other municipalities (collectively)",
        },
        "payer.receiver.region": {"da": "Regionen", "en": "Region"},
        "payer.receiver.state": {"da": "Staten", "en": "State"},
        "payer.receiver.external": {"da": "Ekstern finansiering", "en": "External funding"},
    }
)


def receiver(payer_kind: str, is_home: bool, department: str | None, lang: str) -> str:
    """The silo a flow lands in, as people say it."""
    code: Lang = "en" if lang == "en" else "da"
    if payer_kind == "municipality":
        if is_home:
            return department or ("Kommunen" if code == "da" else "Municipality")
        return msg("payer.receiver.other_municipality", code)
    known = payer_kind in ("municipalities", "region", "state", "external")
    return msg(f"payer.receiver.{payer_kind if known else 'external'}", code)


#: the home municipality's flows without a department (read as "the municipality")
def home_without_department(lang: str) -> str:
    return receiver("municipality", True, None, lang)
