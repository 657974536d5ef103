"""Names people read for payers, flow kinds and budget frames, in Danish and English."""

from __future__ import annotations

from gevinst.messages import Lang
from gevinst.reference import Reference

FLOW = {
    "cost": {"da": "Udgift (investering)", "en": "Cost (investment)"},
    "gain": {"da": "Gevinst (brutto)", "en": "Gain (gross)"},
    "refusion": {"da": "Refusion/medfinansiering", "en": "Refusion/co-financing"},
    "transfer": {"da": "Mellemkommunal afregning (§ 9 c)", "en": "Inter-municipal bill (§ 9 c)"},
    "equalisation": {"da": "Udligning", "en": "Equalisation"},
    "financing": {"da": "Finansiering (tilskud, budgetgaranti, skattens timing)",
                  "en": "Financing (grants, budget guarantee, timing of tax)"},
}
FRAME = {
    "service": {"da": "Serviceramme", "en": "Service frame"},
    "transfers": {"da": "Overførsler", "en": "Transfers"},
    "construction": {"da": "Anlæg", "en": "Construction"},
}
ESTIMATE = {
    "low": {"da": "lavt skøn", "en": "low estimate"},
    "central": {"da": "centralt skøn", "en": "central estimate"},
    "high": {"da": "højt skøn", "en": "high estimate"},
}


def payer_name(kind: str, code: int | None, ref: Reference, lang: Lang = "da") -> str:
    if kind == "municipality" and code in ref.municipalities:
        name = ref.municipalities[code].name
        return f"{name} Kommune" if lang == "da" else f"{name} Municipality"
    if kind == "region" and code in ref.regions:
        return ref.regions[code].name
    if kind == "state":
        return "Staten" if lang == "da" else "The state"
    if kind == "municipalities":
        return "Øvrige kommuner" if lang == "da" else "Other municipalities"
    return "Ekstern finansiering" if lang == "da" else "External funding"
