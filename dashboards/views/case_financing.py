"""The case page's financing feedback: in words, per mechanism, what the financing system gives
back or takes of the municipality's gain, and when (DESIGN "Financing feedback").

Read from the saved `case_flows` rows of the investing municipality and the counterparties
(`financing` flows, rules `employment-grant:…`, `budget-guarantee:…`, `tax-timing:…`; see
gevinst.domain.financing). Amounts undiscounted over the horizon, as people read them: a saving
is a positive amount.
"""

from __future__ import annotations

import polars as pl
from dash import html

from dashboards.components.attrs import aria
from dashboards.components.glossary import term
from dashboards.components.money import kr
from dashboards.i18n import register, t

MECHANISMS = ("employment-grant", "budget-guarantee", "tax-timing")

register(
    {
        "case.h.financing": {
            "da": "Finansieringen: hvad kommunen beholder, og hvornår",
            "en": "Financing: what the municipality keeps, and when",
        },
        "case.financing.none": {
            "da": "Casen ændrer hverken dagpenge, overførsler under budgetgarantien eller "
            "skattegrundlaget, så finansieringen flytter intet (eller ordningerne er slået fra).",
            "en": "The case changes neither dagpenge, transfers under the budget guarantee nor the "
            "tax base, so the financing system moves nothing (or the mechanisms are off).",
        },
        "case.financing.employment-grant": {
            "da": "Beskæftigelsestilskud: af {change} på dagpengeudgifterne bærer "
            "kommunen selv {own} gennem tilskuddet ({years}); landsdelens øvrige kommuner "
            "bærer {others}, og {state}. Kommunen beholder {kept}.",
            "en": "Employment grant: of {change} on dagpenge spending the municipality "
            "carries {own} itself through the grant ({years}); the landsdel's other "
            "municipalities carry {others} and {state}. The municipality keeps "
            "{kept}.",
        },
        "case.financing.budget-guarantee": {
            "da": "Budgetgaranti: af {change} på overførsler under garantien bærer "
            "kommunen selv {own} gennem bloktilskuddet ({years}); de øvrige kommuner {others}, "
            "og {state}. Kommunen beholder {kept}.",
            "en": "Budget guarantee: of {change} on transfers under the guarantee the "
            "municipality carries {own} itself through the block grant ({years}); the other "
            "municipalities {others}, and {state}. The municipality keeps {kept}.",
        },
        # an extra cost: the grant rises by the whole change, but the municipality gets only its
        # own share of that rise back; the other municipalities get the rest
        "case.financing.employment-grant.cost": {
            "da": "Beskæftigelsestilskud: af {change} på dagpengeudgifterne får "
            "kommunen selv {own} tilbage gennem tilskuddet ({years}); landsdelens øvrige "
            "kommuner får {others}, og {state}. Kommunen bærer selv {kept}.",
            "en": "Employment grant: of {change} on dagpenge spending the municipality gets "
            "{own} back itself through the grant ({years}); the landsdel's other "
            "municipalities get {others} and {state}. The municipality carries {kept} "
            "itself.",
        },
        "case.financing.budget-guarantee.cost": {
            "da": "Budgetgaranti: af {change} på overførsler under garantien får "
            "kommunen selv {own} tilbage gennem bloktilskuddet ({years}); de øvrige kommuner "
            "får {others}, og {state}. Kommunen bærer selv {kept}.",
            "en": "Budget guarantee: of {change} on transfers under the guarantee the "
            "municipality gets {own} back itself through the block grant ({years}); the "
            "other municipalities get {others}, and {state}. The municipality carries "
            "{kept} itself.",
        },
        "case.financing.tax-timing": {
            "da": "Skat og udligning ({rule}): kommunens skattegevinst efter udligning, {net}, når "
            "kommunen først fra {first}, ikke i effektens år; {lost} af den falder efter "
            "casens horisont.",
            "en": "Tax and equalisation ({rule}): the municipality's tax gain after equalisation, "
            "{net}, reaches it only from {first}, not in the year of the effect; {lost} of it "
            "falls after the case's horizon.",
        },
        "case.financing.state_saves": {
            "da": "staten sparer {amount} i tilskud",
            "en": "the state saves {amount} in grants",
        },
        "case.financing.state_pays": {
            "da": "staten betaler {amount} mere i tilskud",
            "en": "the state pays {amount} more in grants",
        },
        "case.financing.gain": {"da": "en besparelse på {amount}", "en": "a saving of {amount}"},
        "case.financing.cost": {
            "da": "en merudgift på {amount}",
            "en": "an extra cost of {amount}",
        },
    }
)


def _years(rows: pl.DataFrame) -> str:
    years = sorted(set(rows.filter(pl.col("amount_dkk").abs() >= 0.5)["year"].to_list()))
    if not years:
        return "–"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _signed(amount: float, lang: str) -> str:
    """A change as words: a saving (< 0 in the data) or an extra cost."""
    key = "case.financing.gain" if amount < 0 else "case.financing.cost"
    return t(key, lang).format(amount=kr(abs(amount), lang))


def financing_notes(lines: pl.DataFrame, home: int, lang: str) -> list[html.P]:
    """One sentence per mechanism that moved money in this variant."""
    financing = lines.filter(pl.col("flow") == "financing")
    is_home = (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home)
    notes: list[html.P] = []
    for mechanism in MECHANISMS:
        rows = financing.filter(pl.col("rule").str.starts_with(mechanism + ":"))
        if rows.filter(pl.col("amount_dkk").abs() >= 0.5).is_empty():
            continue
        own = float(rows.filter(is_home)["amount_dkk"].sum())
        if mechanism == "tax-timing":
            rule = rows["rule"][0].split(":", 1)[1]
            taxed = lines.filter(
                is_home
                & (
                    ((pl.col("flow") == "gain") & (pl.col("rule") == "tax"))
                    | (pl.col("flow") == "equalisation")
                )
            )
            arrives = rows.filter(is_home & (pl.col("amount_dkk") <= -0.5))["year"]
            notes.append(
                html.P(
                    t(f"case.financing.{mechanism}", lang).format(
                        rule=rule,
                        net=kr(-float(taxed["amount_dkk"].sum()), lang),
                        first=str(arrives.min()) if not arrives.is_empty() else "–",
                        lost=kr(own, lang),
                    ),
                    id=f"case-financing-{mechanism}",
                )
            )
            continue
        # the state's side is the whole change in the municipalities' spending
        change = float(rows.filter(pl.col("payer_kind") == "state")["amount_dkk"].sum())
        others = float(rows.filter(pl.col("payer_kind") == "municipalities")["amount_dkk"].sum())
        # a saving (change < 0): what the municipality keeps of it; an extra cost: what it
        # carries itself after its own share of the grant's rise (both change + own, signed)
        key = f"case.financing.{mechanism}" + (".cost" if change > 0 else "")
        notes.append(
            html.P(
                t(key, lang).format(
                    change=_signed(change, lang),
                    own=kr(abs(own), lang),
                    others=kr(abs(others), lang),
                    state=t(
                        "case.financing.state_saves" if change < 0 else "case.financing.state_pays",
                        lang,
                    ).format(amount=kr(abs(change), lang)),
                    kept=kr(abs(change + own), lang),
                    years=_years(rows.filter(is_home)),
                ),
                id=f"case-financing-{mechanism}",
            )
        )
    return notes or [html.P(t("case.financing.none", lang), id="case-financing-none")]


def financing_section(lines: pl.DataFrame, home: int, lang: str) -> html.Section:
    return html.Section(
        [
            html.H2(
                term(t("case.h.financing", lang), "financing", lang), id="case-section-financing-h"
            ),
            *financing_notes(lines, home, lang),
        ],
        id="case-section-financing",
        className="case-section",
        **aria("labelledby", "case-section-financing-h"),
    )
