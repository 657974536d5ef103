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
    "financing": {"da": "Finansiering (tilskud og budgetgaranti)",
                  "en": "Financing (grants and budget guarantee)"},
}
#: every budget frame code the engine writes (DESIGN "Budget frames"), and the older three
#: codes kept so that databases evaluated before the split still read in words
FRAME = {
    "service": {"da": "Serviceramme", "en": "Service frame"},
    "transfers-guaranteed": {"da": "Overførsler under budgetgarantien",
                             "en": "Transfers under the budget guarantee"},
    "insured-unemployed": {"da": "Forsikrede ledige (dagpenge)",
                           "en": "Insured unemployed (unemployment benefit)"},
    "transfers-other": {"da": "Øvrige overførsler", "en": "Other transfers"},
    "health-cofinancing": {"da": "Sundhedsmedfinansiering", "en": "Health co-financing"},
    "construction": {"da": "Anlæg", "en": "Construction"},
    "transfers": {"da": "Overførsler", "en": "Transfers"},
}
#: the order frames are shown in: service first (the frame a director watches), then the
#: transfer frames, construction last
FRAME_ORDER = ["service", "transfers-guaranteed", "insured-unemployed", "transfers-other",
               "transfers", "health-cofinancing", "construction"]


def frame_name(code: str, lang: Lang = "da") -> str:
    """People's name of a frame code; a code the catalogue does not know is shown as stored."""
    return FRAME[code][lang] if code in FRAME else code
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
        return "Øvrige kommuner" if lang == "da" else "Other municipalities (collectively)"
    return "Ekstern finansiering" if lang == "da" else "External funding"
