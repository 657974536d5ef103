"""A variant's result in plain Danish (or English), written from its numbers.

For politicians: who invests how much and when, where the gain lands (shares of the gain per
committee and payer, adding up to 100 %), when the municipality has earned the investment back
and how likely that is within the budget period, how much the effect may fall short, the
present value, and whether the figures rest on illustrative unit costs. Terms are explained
in the sentence that uses them. Every number comes from the variant's frames (`figures` keeps
them, so a test can hold the text to the data); the function is pure, for the dashboards and
the command line alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gevinst import fmt
from gevinst.messages import CATALOGUE, Lang, msg, register
from gevinst.reports.scenario_frames import (
    OTHER_SILO_KINDS,
    SiloGain,
    VariantFrames,
    cost_years,
    gain_shares,
    home_summary,
    illustrative_units,
    investment_by_silo,
    largest_remainder,
    payer_group_npv,
    silo_gains,
    silo_label,
)

# how a silo reads inside a sentence: "i Beskæftigelsesudvalget", "hos staten"; and as the
# subject of one
register(
    {
        "plain_language.in_text.other_municipality": {
            "da": "hos andre kommuner",
            "en": "with other municipalities",
        },
        "plain_language.in_text.region": {"da": "hos regionen", "en": "with the region"},
        "plain_language.in_text.state": {"da": "hos staten", "en": "with the state"},
        "plain_language.in_text.municipalities": {
            "da": "hos øvrige kommuner (udligning)",
            "en": "with the other municipalities (equalisation)",
        },
        "plain_language.in_text.external": {
            "da": "hos eksterne finansieringskilder",
            "en": "with external funders",
        },
        "plain_language.subject.other_municipality": {
            "da": "Andre kommuner",
            "en": "Other municipalities",
        },
        "plain_language.subject.region": {"da": "Regionen", "en": "The region"},
        "plain_language.subject.state": {"da": "Staten", "en": "The state"},
        "plain_language.subject.municipalities": {
            "da": "Øvrige kommuner",
            "en": "The other municipalities",
        },
        "plain_language.subject.external": {"da": "Ekstern finansiering", "en": "External funding"},
        # how an estimate reads in a heading: the low one is the cautious one
        "plain_language.estimate.low": {"da": "forsigtigt skøn", "en": "cautious estimate"},
        "plain_language.estimate.central": {"da": "centralt skøn", "en": "central estimate"},
        "plain_language.estimate.high": {"da": "optimistisk skøn", "en": "optimistic estimate"},
        "plain_language.more_than_expected": {
            "da": " (mere end forventet)",
            "en": " (more than expected)",
        },
    }
)


def estimate_word(estimate: str, lang: Lang) -> str:
    """`forsigtigt skøn` for low …; an estimate the catalogue does not know is shown as stored."""
    key = f"plain_language.estimate.{estimate}"
    return msg(key, lang) if key in CATALOGUE else estimate


@dataclass(frozen=True)
class PlainSummary:
    sentences: list[str]
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def money(value: float, lang: Lang) -> str:
    """`4,8 mio. kr.` from 100.000 kr.; below that whole thousands, `45.000 kr.`."""
    if abs(value) >= 100_000:
        return fmt.mio_kr(value, 1, lang)
    return fmt.kr(round(value, -3), 0, lang)


def chance(value: float, lang: Lang) -> str:
    """A probability in whole percent that never rounds a near-certainty to certainty."""
    if 0.995 <= value < 1:
        return "over 99 %" if lang == "da" else "over 99%"
    if 0 < value < 0.005:
        return "under 1 %" if lang == "da" else "under 1%"
    return fmt.percent(value, 0, lang)


def _kind(silo: str, lang: Lang) -> str | None:
    for kind in OTHER_SILO_KINDS:
        if silo_label(kind, lang) == silo:
            return kind
    return None


def in_text(g: SiloGain | tuple[str, int], lang: Lang) -> str:
    silo, rank = (g.silo, g.rank) if isinstance(g, SiloGain) else g
    kind = _kind(silo, lang) if rank >= 2 else None
    if kind:
        return msg(f"plain_language.in_text.{kind}", lang)
    if rank == 1:  # a home department without an account: taxes, equalisation
        return f"i kommunen under {silo}" if lang == "da" else f"in the municipality under {silo}"
    return f"i {silo}" if lang == "da" else f"in the {silo}"


def _subject(silo: str, rank: int, lang: Lang) -> str:
    kind = _kind(silo, lang) if rank >= 2 else None
    if kind:
        return msg(f"plain_language.subject.{kind}", lang)
    return silo if lang == "da" else f"The {silo}"


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _join(parts: list[str], lang: Lang) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + (" og " if lang == "da" else " and ") + parts[-1]


def _investment(variant: VariantFrames, lang: Lang, figures: dict) -> list[str]:
    invest = investment_by_silo(variant, lang)
    span = cost_years(variant)
    home = [(s, v) for s, v, rank in invest if rank < 2]
    others = [(s, v, rank) for s, v, rank in invest if rank >= 2]
    figures["investment_dkk"] = sum(v for _, v in home)
    figures["investment_by_silo"] = {s: v for s, v, _ in invest}
    figures["investment_years"] = span
    if not invest or span is None:
        return [
            "Casen har ingen investeringsudgift."
            if lang == "da"
            else "The case has no investment cost."
        ]
    when = _years(*span)
    sentences = []
    # the investing department names the investment, as the portfolio does; the committee
    # whose accounts carry it follows in brackets
    owner = str(variant.case.get("owner") or "") or (
        "Kommunen" if lang == "da" else "The municipality"
    )
    figures["investing_department"] = owner
    if len(home) == 1:
        silo, value = home[0]
        where = (
            ""
            if silo == owner
            else (f" (bogført under {silo})" if lang == "da" else f" (booked under the {silo})")
        )
        sentences.append(
            f"{owner} investerer {money(value, lang)} i {when}{where}."
            if lang == "da"
            else f"{owner} invests {money(value, lang)} in {when}{where}."
        )
    elif home:
        # parts in tenths of a million that add up to the total shown (largest remainder)
        tenths = largest_remainder([v / 100_000 for _, v in home])
        parts = [
            f"{fmt.mio_kr(n * 100_000, 1, lang)} {in_text((s, 0), lang)}"
            for (s, _), n in zip(home, tenths, strict=True)
        ]
        total = fmt.mio_kr(sum(tenths) * 100_000, 1, lang)
        sentences.append(
            f"{owner} investerer {total} i {when}: {_join(parts, lang)}."
            if lang == "da"
            else f"{owner} invests {total} in {when}: {_join(parts, lang)}."
        )
    for silo, value, rank in others:
        sentences.append(
            f"{_subject(silo, rank, lang)} betaler {money(value, lang)} af "
            "investeringen (ekstern finansiering)."
            if lang == "da"
            else f"{_subject(silo, rank, lang)} pays {money(value, lang)} of the "
            "investment (external funding)."
        )
    return sentences


def _gains(variant: VariantFrames, lang: Lang, figures: dict) -> list[str]:
    gains = silo_gains(variant, lang)
    shares = [(g, share) for g, share in gain_shares(gains) if share > 0]
    losers = [g for g in gains if g.gain_dkk <= -0.5]
    total = sum(g.gain_dkk for g, _ in shares)
    figures["gain_dkk"] = total
    figures["gain_shares"] = [(g.silo, share) for g, share in shares]
    figures["gain_by_silo"] = {g.silo: g.gain_dkk for g in gains}
    figures["losses"] = {g.silo: -g.gain_dkk for g in losers}
    years = _years(variant.years[0], variant.years[-1])
    if not shares:
        sentences = [
            "Indsatsen giver ingen gevinst inden for casens år."
            if lang == "da"
            else "The intervention brings no gain within the case's years."
        ]
    else:
        parts = [f"{fmt.percent(share / 100, 0, lang)} {in_text(g, lang)}" for g, share in shares]
        sentences = [
            f"Gevinsten er i alt {money(total, lang)} over {variant.horizon_years} år "
            f"({years}), regnet netto efter statsrefusion (det, staten betaler tilbage) og "
            f"afregning mellem kommuner; {_join(parts, lang)}."
            if lang == "da"
            else f"The gain is {money(total, lang)} in all over {variant.horizon_years} years "
            f"({years}), net of state refusion (what the state pays back) and bills between "
            f"municipalities; {_join(parts, lang)}."
        ]
    for g in losers:
        sentences.append(
            f"Til gengæld giver indsatsen en merudgift på {money(-g.gain_dkk, lang)} "
            f"{in_text(g, lang)}."
            if lang == "da"
            else f"On the other hand it adds {money(-g.gain_dkk, lang)} of spending "
            f"{in_text(g, lang)}."
        )
    return sentences


def _payback(variant: VariantFrames, lang: Lang, figures: dict) -> list[str]:
    home = home_summary(variant)
    year = home.get("payback_year")
    p_budget = home.get("p_payback_budget_period")
    first, last = variant.budget_period
    figures.update(payback_year=year, p_payback_budget_period=p_budget, budget_period=(first, last))
    if year is None:
        text = (
            f"Kommunen tjener ikke investeringen hjem inden for casens {variant.horizon_years} år"
            if lang == "da"
            else f"The municipality does not earn the investment back within the case's "
            f"{variant.horizon_years} years"
        )
    else:
        text = (
            f"Kommunen har tjent investeringen hjem i {year}: fra det år har den samlet "
            "sparet mindst lige så meget, som den har brugt"
            if lang == "da"
            else f"The municipality has earned the investment back in {year}: from that year "
            "on it has saved at least as much as it has spent"
        )
    if p_budget is not None:
        text += (
            f" (sandsynlighed for at det sker inden for budgetperioden {first}–{last}: "
            f"{chance(float(p_budget), lang)})"
            if lang == "da"
            else f" (probability that this happens within the budget period {first}–{last}: "
            f"{chance(float(p_budget), lang)})"
        )
    sentences = [text + "."]
    horizon = home.get("break_even_effect_horizon")
    budget = home.get("break_even_effect_budget_period")
    figures.update(break_even_effect_horizon=horizon, break_even_effect_budget_period=budget)
    if horizon is None:
        sentences.append(
            "Det sker heller ikke, selv hvis indsatsen virker 10 gange så godt som forventet."
            if lang == "da"
            else "Not even if the intervention works 10 times as well as expected."
        )
    else:
        more = (
            msg("plain_language.more_than_expected", lang)
            if budget is not None and float(budget) > 1
            else ""
        )
        within = (
            f"inden for budgetperioden kræver det {fmt.percent(float(budget), 0, lang)}{more}"
            if budget is not None
            else "inden for budgetperioden sker det ikke engang med 10 gange effekten"
        )
        within_en = (
            f"within the budget period it takes {fmt.percent(float(budget), 0, lang)}{more}"
            if budget is not None
            else "within the budget period not even 10 times the effect is enough"
        )
        sentences.append(
            f"For at tjene investeringen hjem inden for de {variant.horizon_years} år skal "
            f"indsatsen give mindst {fmt.percent(float(horizon), 0, lang)} af den forventede "
            f"effekt; {within}."
            if lang == "da"
            else f"To earn the investment back within the {variant.horizon_years} years the "
            f"intervention needs at least {fmt.percent(float(horizon), 0, lang)} of the "
            f"expected effect; {within_en}."
        )
    return sentences


def _present_value(variant: VariantFrames, lang: Lang, figures: dict) -> str:
    groups = payer_group_npv(variant)
    home, everyone = groups["home"], sum(groups.values())
    figures.update(npv_home_dkk=home, npv_all_dkk=everyone)

    def result(value: float) -> str:
        if lang == "da":
            return (
                f"en gevinst på {money(value, lang)}"
                if value >= 0
                else f"et tab på {money(-value, lang)}"
            )
        return (
            f"a gain of {money(value, lang)}" if value >= 0 else f"a loss of {money(-value, lang)}"
        )

    return (
        f"Omregnet til værdien i dag (nutidsværdi: en krone om ti år er mindre værd end en "
        f"krone i dag) giver indsatsen {result(home)} for kommunen og {result(everyone)} for "
        "alle betalere tilsammen."
        if lang == "da"
        else f"Converted to today's value (present value: a krone in ten years is worth less than "
        f"a krone today) the intervention gives {result(home)} for the municipality and "
        f"{result(everyone)} for all payers together."
    )


def _illustrative(variant: VariantFrames, lang: Lang, figures: dict) -> str:
    names = illustrative_units(variant, lang)
    figures["illustrative_units"] = names
    if not names:
        return (
            "Alle enhedspriser, tallene bygger på, har en offentliggjort kilde."
            if lang == "da"
            else "Every unit cost behind these figures has a published source."
        )
    return (
        f"Bemærk: tallene bygger delvis på illustrative enhedspriser, som ikke kommer fra en "
        f"offentliggjort kilde: {_join(names, lang)}."
        if lang == "da"
        else f"Note: the figures rest partly on illustrative unit costs that do not come from a "
        f"published source: {_join(names, lang)}."
    )


def summarise(variant: VariantFrames, lang: Lang = "da") -> PlainSummary:
    """The variant's result in a few plain sentences, with the figures they were written from."""
    lang = "en" if lang == "en" else "da"
    figures: dict[str, object] = {}
    sentences = [
        *_investment(variant, lang, figures),
        *_gains(variant, lang, figures),
        *_payback(variant, lang, figures),
        _present_value(variant, lang, figures),
        _illustrative(variant, lang, figures),
    ]
    return PlainSummary(sentences, figures)


def heading(variant: VariantFrames, lang: Lang = "da") -> str:
    """`Tidlig indsats … — scenarie basis, centralt skøn (Høje-Taastrup)`."""
    lang = "en" if lang == "en" else "da"
    c = variant.case
    estimate = estimate_word(str(c["estimate"]), lang)
    word = "scenarie" if lang == "da" else "scenario"
    title = c.get("scenario_title") or c["scenario"]
    return f"{c['name']} — {word} {title}, {estimate} ({c['municipality_name']})"
