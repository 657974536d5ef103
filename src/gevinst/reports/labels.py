"""Names people read for payers, flow kinds, budget frames, estimates, rules and units.

The names are entries of the one message catalogue (`label.<kind>.<code>`), registered here;
the functions look them up."""

from __future__ import annotations

from gevinst.messages import CATALOGUE, Lang, register
from gevinst.reference import Reference

register(
    {
        "label.flow.cost": {"da": "Udgift (investering)", "en": "Cost (investment)"},
        "label.flow.gain": {"da": "Gevinst (brutto)", "en": "Gain (gross)"},
        "label.flow.refusion": {"da": "Refusion/medfinansiering", "en": "Refusion/co-financing"},
        "label.flow.transfer": {
            "da": "Mellemkommunal afregning (§ 9 c)",
            "en": "Inter-municipal bill (§ 9 c)",
        },
        "label.flow.equalisation": {"da": "Udligning", "en": "Equalisation"},
        "label.flow.financing": {
            "da": "Finansiering (tilskud, budgetgaranti, skattens timing)",
            "en": "Financing (grants, budget guarantee, timing of tax)",
        },
    }
)
#: every budget frame code the engine writes (DESIGN "Budget frames"), and the older three
#: codes kept so that databases evaluated before the split still read in words
register(
    {
        "label.frame.service": {"da": "Serviceudgifter", "en": "Service spending"},
        "label.frame.transfers-guaranteed": {
            "da": "Overførsler under budgetgarantien",
            "en": "Transfers under the budget guarantee",
        },
        "label.frame.insured-unemployed": {
            "da": "Forsikrede ledige (dagpenge)",
            "en": "Insured unemployed (unemployment benefit)",
        },
        "label.frame.transfers-other": {"da": "Øvrige overførsler", "en": "Other transfers"},
        "label.frame.health-cofinancing": {
            "da": "Aktivitetsbestemt medfinansiering",
            "en": "Activity-based health co-financing",
        },
        "label.frame.construction": {"da": "Anlæg", "en": "Construction"},
        "label.frame.transfers": {"da": "Overførsler", "en": "Transfers"},
    }
)
#: the frame codes people may name (a frame ceiling, a filter)
FRAME_CODES: tuple[str, ...] = (
    "service",
    "transfers-guaranteed",
    "insured-unemployed",
    "transfers-other",
    "health-cofinancing",
    "construction",
    "transfers",
)
register(
    {
        "label.payer.municipality": {"da": "Kommune", "en": "Municipality"},
        "label.payer.region": {"da": "Region", "en": "Region"},
        "label.payer.state": {"da": "Staten", "en": "The state"},
        "label.payer.municipalities": {"da": "Øvrige kommuner", "en": "Other municipalities"},
        "label.payer.external": {"da": "Ekstern finansiering", "en": "External funding"},
    }
)
#: the order frames are shown in: service first (the frame a director watches), then the
#: transfer frames, construction last
FRAME_ORDER = [
    "service",
    "transfers-guaranteed",
    "insured-unemployed",
    "transfers-other",
    "transfers",
    "health-cofinancing",
    "construction",
]


def label(kind: str, code: str, lang: Lang = "da") -> str | None:
    """The catalogue's name for `code` (`label.<kind>.<code>`), None when it has none."""
    texts = CATALOGUE.get(f"label.{kind}.{code}")
    return None if texts is None else texts[lang]


def frame_name(code: str, lang: Lang = "da") -> str:
    """People's name of a frame code; a code the catalogue does not know is shown as stored."""
    return label("frame", code, lang) or code


def flow_name(flow: str, lang: Lang = "da") -> str:
    """People's name of a flow kind; an unknown kind is shown as stored."""
    return label("flow", flow, lang) or flow


register(
    {
        "label.estimate.low": {"da": "lavt skøn", "en": "low estimate"},
        "label.estimate.central": {"da": "centralt skøn", "en": "central estimate"},
        "label.estimate.high": {"da": "højt skøn", "en": "high estimate"},
    }
)


def payer_name(kind: str, code: int | None, ref: Reference, lang: Lang = "da") -> str:
    if kind == "municipality" and code in ref.municipalities:
        name = ref.municipalities[code].name
        return f"{name} Kommune" if lang == "da" else f"{name} Municipality"
    if kind == "region" and code in ref.regions:
        return ref.regions[code].name
    if kind in {"state", "municipalities"}:
        return label("payer", kind, lang) or kind
    return label("payer", "external", lang) or kind


#: the sharing rules in people's words (the stored code is kept next to it where traced)
register(
    {
        "label.rule.none": {"da": "ingen fordelingsregel", "en": "no sharing rule"},
        "label.rule.staircase": {"da": "refusionstrappen", "en": "refusion staircase"},
        "label.rule.dagpenge-cofinancing": {
            "da": "medfinansiering af dagpenge",
            "en": "co-financing of unemployment benefit",
        },
        "label.rule.fixed-65": {"da": "fast 65 % refusion", "en": "fixed 65 % refusion"},
        "label.rule.costly-cases": {
            "da": "særligt dyre enkeltsager",
            "en": "exceptionally costly cases",
        },
        "label.rule.§ 9 c": {
            "da": "§ 9 c, mellemkommunal refusion",
            "en": "§ 9 c, inter-municipal refusion",
        },
        "label.rule.tax": {"da": "skat", "en": "tax"},
        "label.rule.equalisation": {"da": "udligning", "en": "equalisation"},
        "label.rule.budget-guarantee": {"da": "budgetgaranti", "en": "budget guarantee"},
        "label.rule.employment-grant": {"da": "beskæftigelsestilskud", "en": "employment grant"},
        "label.rule.section-110": {"da": "§ 110-refusion (50 %)", "en": "§ 110 refusion (50 %)"},
    }
)
register(
    {
        "label.per.week": {"da": "uge", "en": "week"},
        "label.per.year": {"da": "år", "en": "year"},
        "label.per.day": {"da": "dag", "en": "day"},
        "label.per.hour": {"da": "time", "en": "hour"},
        "label.per.case": {"da": "sag", "en": "case"},
    }
)


def rule_name(rule: str | None, lang: Lang = "da") -> str | None:
    """`særligt dyre enkeltsager (costly-cases)`: people's words, the code kept to trace it
    (a rule with a year or detail after `:` keeps it too)."""
    if rule is None:
        return None
    words = label("rule", rule.split(":", 1)[0], lang)
    return f"{words} ({rule})" if words else rule


def estimate_name(estimate: str, lang: Lang = "da") -> str:
    return label("estimate", estimate, lang) or estimate


def per_name(per: str | None, lang: Lang = "da") -> str | None:
    return None if per is None else label("per", per, lang) or per
