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
}
FRAME = {
    "service": {"da": "Serviceudgifter", "en": "Service spending"},
    "transfers-guaranteed": {"da": "Overførsler under budgetgarantien",
                             "en": "Transfers under the budget guarantee"},
    "insured-unemployed": {"da": "Forsikrede ledige (dagpenge)",
                           "en": "Insured unemployed (unemployment benefit)"},
    "transfers-other": {"da": "Øvrige overførsler", "en": "Other transfers"},
    "health-cofinancing": {"da": "Aktivitetsbestemt medfinansiering",
                           "en": "Activity-based health co-financing"},
    "construction": {"da": "Anlæg", "en": "Construction"},
}
PAYER_KIND = {
    "municipality": {"da": "Kommune", "en": "Municipality"},
    "region": {"da": "Region", "en": "Region"},
    "state": {"da": "Staten", "en": "The state"},
    "municipalities": {"da": "Øvrige kommuner", "en": "Other municipalities"},
    "external": {"da": "Ekstern finansiering", "en": "External funding"},
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
    if kind in {"state", "municipalities"}:
        return PAYER_KIND[kind][lang]
    return PAYER_KIND["external"][lang]
