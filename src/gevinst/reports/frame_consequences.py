"""What a case does to the municipality's budget frames in the budget period, financing included.

A finance director asks of every case: which frame pays, and where does the money come back?
An investment booked on the service frame (serviceudgifter, under the economy agreement's
service ceiling) that is paid back in transfers under the budget guarantee or in dagpenge does
not make room on the service frame; and of a transfer gain the financing system takes part back
(the block grant under the budget guarantee, the employment grant for dagpenge, the timing of
tax and equalisation; `gevinst.domain.financing`). This module puts the two side by side for
the budget period — the budget year and its three outlook years, `base_year … base_year + 3`
(DESIGN; the budget-decision page's period) — from the stored flows of one variant:

- one row per budget frame of the economy agreement (`reference.BUDGET_FRAMES`, always shown,
  any older frame code the flows carry after them) with the investing municipality's own flows
  on it (refusion, § 9 c bills, co-financing netted);
- under the frame a financing mechanism follows, that mechanism's feedback to the municipality
  (`employment-grant` → `insured-unemployed`, `budget-guarantee` → `transfers-guaranteed`);
- a row for flows outside the frames (income tax, equalisation) with the tax timing under it.

Every row is in the people's sign of `gevinst.reports.signs` (a gain +, a cost −), and the
rows of a year add up to the municipality's net that year. Pure: a polars frame in, values out;
the case page, the case workbook and the terminal table use the same function and sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from gevinst import fmt
from gevinst.messages import Lang, msg, register
from gevinst.reference import BUDGET_FRAMES
from gevinst.reports.labels import FRAME_ORDER, frame_name

#: the frame each financing mechanism answers (`None`: the flows outside the frames)
MECHANISM_FRAME: dict[str, str | None] = {
    "budget-guarantee": "transfers-guaranteed",
    "employment-grant": "insured-unemployed",
    "tax-timing": None,
}
OUTSIDE = "outside"
PERIOD_YEARS = 4  # the budget year and three outlook years (DESIGN "Budget frames")

register(
    {
        "frames.outside": {
            "da": "Uden for rammerne (skat, udligning)",
            "en": "Outside the frames (tax, equalisation)",
        },
        "frames.mechanism.budget-guarantee": {
            "da": "↳ bloktilskuddet (budgetgarantien)",
            "en": "↳ the block grant (budget guarantee)",
        },
        "frames.mechanism.employment-grant": {
            "da": "↳ beskæftigelsestilskuddet",
            "en": "↳ the employment grant",
        },
        "frames.mechanism.tax-timing": {
            "da": "↳ skattens og udligningens forsinkelse",
            "en": "↳ the delay of tax and equalisation",
        },
        "frames.total": {"da": "Kommunen i alt", "en": "The municipality in total"},
        "frames.service.burden_relief": {
            "da": "Casen belaster servicerammen med {burden} i {burden_years} og letter den med "
            "{relief} i {relief_years}.",
            "en": "The case burdens the service frame by {burden} in {burden_years} and eases it "
            "by {relief} in {relief_years}.",
        },
        "frames.service.burden": {
            "da": "Casen belaster servicerammen med {burden} i {burden_years}.",
            "en": "The case burdens the service frame by {burden} in {burden_years}.",
        },
        "frames.service.relief": {
            "da": "Casen letter servicerammen med {relief} i {relief_years}.",
            "en": "The case eases the service frame by {relief} in {relief_years}.",
        },
        "frames.service.none": {
            "da": "Casen rører ikke servicerammen i {years}.",
            "en": "The case does not touch the service frame in {years}.",
        },
        "frames.elsewhere": {
            "da": "Uden for servicerammen: {items}.",
            "en": "Outside the service frame: {items}.",
        },
        "frames.item": {"da": "{frame} ({amount})", "en": "{frame} ({amount})"},
        "frames.item.feedback": {
            "da": "{frame} ({amount}; {mechanism}: {feedback})",
            "en": "{frame} ({amount}; {mechanism}: {feedback})",
        },
        "frames.mechanism_name.budget-guarantee": {
            "da": "bloktilskuddet under budgetgarantien",
            "en": "the block grant under the guarantee",
        },
        "frames.mechanism_name.employment-grant": {
            "da": "beskæftigelsestilskuddet",
            "en": "the employment grant",
        },
        "frames.mechanism_name.tax-timing": {
            "da": "skattens og udligningens forsinkelse",
            "en": "the delay of tax and equalisation",
        },
        "frames.outside.short": {"da": "skat og udligning", "en": "tax and equalisation"},
        # the service frame carries a net cost in the period while the rest of the case gains
        "frames.paid_back_outside": {
            "da": "Investeringen på servicerammen ({service} netto) betales altså i "
            "budgetperioden kun tilbage uden for den ({outside} efter finansieringen), så "
            "servicerammen skal selv rumme udgiften.",
            "en": "So the investment on the service frame ({service} net) is paid back within "
            "the budget period only outside it ({outside} after financing): the service "
            "frame must make room for the cost itself.",
        },
        "frames.partly_outside": {
            "da": "Servicerammen skal selv rumme sin nettoudgift på {service} i budgetperioden; "
            "uden for den lander kun {outside} efter finansieringen.",
            "en": "The service frame must make room for its net cost of {service} in the budget "
            "period itself; only {outside} lands outside it after financing.",
        },
        "frames.gain": {"da": "gevinst {amount}", "en": "gain {amount}"},
        "frames.cost": {"da": "udgift {amount}", "en": "cost {amount}"},
    }
)


@dataclass(frozen=True)
class FrameRow:
    """One row of the table: a frame's own flows, or the financing feedback that follows it."""

    frame: str  # a frame code, or OUTSIDE
    mechanism: str | None  # None: the frame's own flows; else the feedback's mechanism
    gains: tuple[float, ...]  # people's sign, one per year of the period

    @property
    def total(self) -> float:
        return sum(self.gains)


@dataclass(frozen=True)
class FrameConsequences:
    years: tuple[int, ...]
    rows: tuple[FrameRow, ...]

    @property
    def totals(self) -> tuple[float, ...]:
        """The municipality's net gain per year: the sum of every row."""
        return tuple(sum(r.gains[i] for r in self.rows) for i in range(len(self.years)))

    def row(self, frame: str, mechanism: str | None = None) -> FrameRow | None:
        return next((r for r in self.rows if r.frame == frame and r.mechanism == mechanism), None)


def budget_period(base_year: int) -> list[int]:
    """The budget year and its three outlook years."""
    return list(range(base_year, base_year + PERIOD_YEARS))


def frame_consequences(flows: pl.DataFrame, home: int, years: Sequence[int]) -> FrameConsequences:
    """The table for the investing municipality `home` from a variant's flows (the columns of
    `case_flows`: year, payer_kind, payer_code, budget_frame, flow, rule, amount_dkk in DESIGN's
    sign, > 0 spends), over `years` (normally `budget_period(base_year)`)."""
    own = flows.filter(
        (pl.col("payer_kind") == "municipality")
        & (pl.col("payer_code") == home)
        & pl.col("year").is_in(list(years))
    )
    financing = own.filter(pl.col("flow") == "financing")
    direct = own.filter(pl.col("flow") != "financing")
    present = set(direct["budget_frame"].drop_nulls().unique().to_list()) - set(BUDGET_FRAMES)
    extra = sorted(
        present, key=lambda f: (FRAME_ORDER.index(f) if f in FRAME_ORDER else len(FRAME_ORDER), f)
    )
    rows: list[FrameRow] = []
    for frame in (*BUDGET_FRAMES, *extra, OUTSIDE):
        on_frame = direct.filter(
            pl.col("budget_frame").is_null()
            if frame == OUTSIDE
            else pl.col("budget_frame") == frame
        )
        rows.append(FrameRow(frame, None, _gains(on_frame, years)))
        for mechanism, followed in MECHANISM_FRAME.items():
            if (followed or OUTSIDE) != frame:
                continue
            feedback = _gains(
                financing.filter(pl.col("rule").str.starts_with(mechanism + ":")), years
            )
            if any(abs(g) >= 0.005 for g in feedback):  # an øre, as case_flows keeps
                rows.append(FrameRow(frame, mechanism, feedback))
    return FrameConsequences(tuple(years), tuple(rows))


def _gains(lines: pl.DataFrame, years: Sequence[int]) -> tuple[float, ...]:
    by_year = dict(lines.group_by("year").agg(pl.col("amount_dkk").sum()).iter_rows())
    # people's sign: a stored amount > 0 is money spent, a cost (−) for the municipality
    return tuple(0.0 - float(by_year.get(y, 0.0)) for y in years)


def row_label(row: FrameRow, lang: Lang) -> str:
    if row.mechanism is not None:
        return msg(f"frames.mechanism.{row.mechanism}", lang)
    if row.frame == OUTSIDE:
        return msg("frames.outside", lang)
    return frame_name(row.frame, lang)


def _years_text(years: Sequence[int], lang: Lang) -> str:
    """2027–2029 for a run of years, 2026, 2028 otherwise ('og'/'and' before the last)."""
    years = sorted(years)
    if not years:
        return ""
    if len(years) > 1 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    if len(years) == 1:
        return str(years[0])
    word = " og " if lang == "da" else " and "
    return ", ".join(map(str, years[:-1])) + word + str(years[-1])


def _kr(amount: float, lang: Lang) -> str:
    return fmt.kr(abs(amount), 0, lang)


def _signed(amount: float, lang: Lang) -> str:
    return msg("frames.gain" if amount >= 0 else "frames.cost", lang, amount=_kr(amount, lang))


def service_sentence(result: FrameConsequences, lang: Lang) -> str:
    service = result.row("service")
    gains = service.gains if service else tuple(0.0 for _ in result.years)
    burden = [(y, g) for y, g in zip(result.years, gains, strict=True) if g <= -0.5]
    relief = [(y, g) for y, g in zip(result.years, gains, strict=True) if g >= 0.5]
    values = {
        "burden": _kr(sum(g for _, g in burden), lang),
        "burden_years": _years_text([y for y, _ in burden], lang),
        "relief": _kr(sum(g for _, g in relief), lang),
        "relief_years": _years_text([y for y, _ in relief], lang),
    }
    if burden and relief:
        return msg("frames.service.burden_relief", lang, **values)
    if burden:
        return msg("frames.service.burden", lang, **values)
    if relief:
        return msg("frames.service.relief", lang, **values)
    return msg("frames.service.none", lang, years=_years_text(result.years, lang))


def _elsewhere_items(result: FrameConsequences, lang: Lang) -> list[str]:
    items = []
    for row in result.rows:
        if row.frame == "service" or row.mechanism is not None or abs(row.total) < 0.5:
            continue
        label = (
            msg("frames.outside.short", lang)
            if row.frame == OUTSIDE
            else _lower_first(row_label(row, lang))
        )
        feedback = [r for r in result.rows if r.frame == row.frame and r.mechanism is not None]
        if not feedback:
            items.append(msg("frames.item", lang, frame=label, amount=_signed(row.total, lang)))
            continue
        for r in feedback:
            items.append(
                msg(
                    "frames.item.feedback",
                    lang,
                    frame=label,
                    amount=_signed(row.total, lang),
                    mechanism=msg(f"frames.mechanism_name.{r.mechanism}", lang),
                    feedback=_signed(r.total, lang),
                )
            )
    return items


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def summary_sentence(result: FrameConsequences, lang: Lang) -> str:
    """In words: what the case does to the service frame in the period, what it does outside
    it and what the financing system gives back or takes of that, and — when the service frame
    carries a net cost that is paid back only outside it — that the frame must make room."""
    parts = [service_sentence(result, lang)]
    items = _elsewhere_items(result, lang)
    if items:
        parts.append(msg("frames.elsewhere", lang, items="; ".join(items)))
    service = result.row("service")
    service_total = service.total if service else 0.0
    outside = sum(r.total for r in result.rows if r.frame != "service")
    if service_total <= -0.5 and outside >= 0.5:
        key = "frames.paid_back_outside" if outside >= -service_total else "frames.partly_outside"
        parts.append(
            msg(key, lang, outside=_signed(outside, lang), service=_kr(service_total, lang))
        )
    return " ".join(parts)
