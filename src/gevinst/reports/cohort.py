"""A cohort comparison and a cohort realisation for people: the terminal table, the csv, the
labels of periods and group sizes the realisation page shares. Groups too small to show read
`<5` everywhere (`gevinst.domain.cohorts.MIN_GROUP_SIZE`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gevinst import fmt
from gevinst.domain import cohorts
from gevinst.domain.cohort_comparison import CohortComparison
from gevinst.domain.cohort_realisation import RealisedYear
from gevinst.messages import Lang, msg, register
from gevinst.reports.csv_cells import rows_csv

HIDDEN = f"<{cohorts.MIN_GROUP_SIZE}"

register(
    {
        "cohort.group.target": {"da": "målgruppe", "en": "target group"},
        "cohort.group.comparison": {"da": "sammenligningsgruppe", "en": "comparison group"},
        "cohort.where": {"da": " i kommune {code}", "en": " in municipality {code}"},
        "cohort.title": {
            "da": "Målgruppe mod sammenligningsgruppe, pr. {by}{where}: målgruppen i {target} "
            "({n_target} personer) mod sammenligningsgruppen i {comparison} ({n_comparison} "
            "personer)",
            "en": "Target group against comparison group, by {by}{where}: the target group of "
            "{target} ({n_target} persons) against the comparison group of {comparison} "
            "({n_comparison} persons)",
        },
        "cohort.by.year": {"da": "år", "en": "year"},
        "cohort.by.quarter": {"da": "kvartal", "en": "quarter"},
        "cohort.legend": {
            "da": "M = målgruppe, S = sammenligningsgruppe. Uger på ydelse og kroner er pr. person "
            "i perioden; kommunens udgift er netto efter refusion. Forskel = M − S "
            "(negativ: målgruppen koster mindre), fordelt på kommunen og staten.",
            "en": "T = target group, C = comparison group. Weeks on benefit and kroner are per "
            "person in the period; the municipality's cost is net of refusion. Difference = "
            "T − C (negative: the target group costs less), split between the municipality "
            "and the state.",
        },
        "cohort.total": {
            "da": "Forskellen for målgruppens {n} personer, alle viste perioder: kommunen {m}, "
            "staten {s}, i alt {g}",
            "en": "The difference for the target group's {n} persons, all periods shown: "
            "municipality {m}, state {s}, in all {g}",
        },
        "cohort.suppressed": {
            "da": "{HIDDEN}: en gruppe har under {n} personer i perioden; tallene vises ikke.",
            "en": "{HIDDEN}: a group has fewer than {n} persons in the period; figures not shown.",
        },
        "cohort.col.period": {"da": "Periode", "en": "Period"},
        "cohort.col.persons_t": {"da": "Pers. M", "en": "Pers. T"},
        "cohort.col.persons_c": {"da": "Pers. S", "en": "Pers. C"},
        "cohort.col.weeks_t": {"da": "Uger M", "en": "Weeks T"},
        "cohort.col.weeks_c": {"da": "Uger S", "en": "Weeks C"},
        "cohort.col.weeks_d": {"da": "Uger forskel", "en": "Weeks diff."},
        "cohort.col.net_t": {"da": "Kommunen netto M", "en": "Municipal net T"},
        "cohort.col.net_c": {"da": "Kommunen netto S", "en": "Municipal net C"},
        "cohort.col.diff_m": {"da": "Forskel kommunen", "en": "Diff. municipality"},
        "cohort.col.diff_s": {"da": "Forskel staten", "en": "Diff. state"},
        "cohort.col.diff_g": {"da": "Forskel i alt", "en": "Diff. in all"},
        "cohort.defined": {
            "da": "Kohorte {name}, {group}: {n} personer i kommune {code} ({source}); {with_weeks} "
            "af dem har ydelsesuger i databasen.",
            "en": "Cohort {name}, {group}: {n} persons in municipality {code} ({source}); "
            "{with_weeks} of them have benefit weeks in the database.",
        },
        "cohort.small": {
            "da": "Bemærk: grupper under {n} personer vises aldrig i sammenligninger.",
            "en": "Note: groups of fewer than {n} persons are never shown in comparisons.",
        },
        "cohort.list.none": {"da": "Ingen kohorter.", "en": "No cohorts."},
        "cohort.list.row": {
            "da": "{name}: {group}, {n} personer, kommune {code} ({source})",
            "en": "{name}: {group}, {n} persons, municipality {code} ({source})",
        },
        "cohort.realise.title": {
            "da": "Realiseret gevinst for casen {case} beregnet fra kohorter i kommune {code}: "
            "målgruppen i {target} ({n_target} personer) mod sammenligningsgruppen i "
            "{comparison} ({n_comparison} personer).",
            "en": "Realised gain for the case {case} computed from cohorts in municipality {code}: "
            "the target group of {target} ({n_target} persons) against the comparison group "
            "of {comparison} ({n_comparison} persons).",
        },
        "cohort.realise.lines": {
            "da": "Linjerne: enhed {unit} ({unit_source}), konto {account} ({account_source}), "
            "status {status}{harvest}.",
            "en": "The lines: unit {unit} ({unit_source}), account {account} ({account_source}), "
            "status {status}{harvest}.",
        },
        "cohort.realise.harvest": {
            "da": ", hjemtaget fra {account}",
            "en": ", harvested from {account}",
        },
        "cohort.realise.src.given": {"da": "angivet", "en": "given"},
        "cohort.realise.src.unit": {
            "da": "casens første effekt på en ydelse",
            "en": "the case's first effect on a benefit",
        },
        "cohort.realise.src.account": {
            "da": "enhedens kommunale konto i enhedspriskataloget",
            "en": "the unit's municipal account in the unit-cost catalogue",
        },
        "cohort.realise.how": {
            "da": "Sådan er hvert tal beregnet: (kommunens nettoudgift pr. person i målgruppen − "
            "i sammenligningsgruppen) × antal personer i målgruppen; negativ = besparelse.",
            "en": "How each figure was computed: (the municipality's net cost per person in the "
            "target group − in the comparison group) × the number of persons in the target "
            "group; negative = a saving.",
        },
        "cohort.realise.year": {
            "da": "  {year}: ({t} − {c}) = {d} pr. person × {n} personer = {amount}",
            "en": "  {year}: ({t} − {c}) = {d} per person × {n} persons = {amount}",
        },
    }
)


def period_label(row: dict, lang: Lang = "da") -> str:
    if "quarter" in row and row["quarter"] is not None:
        return f"{row['year']} {'K' if lang == 'da' else 'Q'}{row['quarter']}"
    return str(row["year"])


def persons_cell(value: int) -> str:
    """A group's size, or `<5` for a group too small to show."""
    return HIDDEN if value < cohorts.MIN_GROUP_SIZE else str(value)


def group_name(group: str, lang: Lang = "da") -> str:
    return msg(f"cohort.group.{group}", lang)


def where(municipality: int | None, lang: Lang = "da") -> str:
    return msg("cohort.where", lang, code=municipality) if municipality is not None else ""


def _weeks(value: float | None, lang: Lang) -> str:
    return HIDDEN if value is None else fmt.number(value, 1, lang)


def _money(value: float | None, lang: Lang) -> str:
    return HIDDEN if value is None else fmt.number(value, 0, lang)


def _rows(result: CohortComparison, lang: Lang) -> list[list[str]]:
    return [
        [
            period_label(r, lang),
            persons_cell(r["persons_target"]),
            persons_cell(r["persons_comparison"]),
            _weeks(r["weeks_on_benefit_target"], lang),
            _weeks(r["weeks_on_benefit_comparison"], lang),
            _weeks(r["weeks_on_benefit_difference"], lang),
            _money(r["municipal_dkk_target"], lang),
            _money(r["municipal_dkk_comparison"], lang),
            _money(r["municipal_dkk_difference"], lang),
            _money(r["state_dkk_difference"], lang),
            _money(r["gross_dkk_difference"], lang),
        ]
        for r in result.table.iter_rows(named=True)
    ]


def table_lines(result: CohortComparison, lang: Lang = "da") -> list[str]:
    """The comparison for a terminal: title, note, a table per period, legend and totals."""
    header = [
        msg(f"cohort.col.{c}", lang)
        for c in (
            "period",
            "persons_t",
            "persons_c",
            "weeks_t",
            "weeks_c",
            "weeks_d",
            "net_t",
            "net_c",
            "diff_m",
            "diff_s",
            "diff_g",
        )
    ]
    rows = _rows(result, lang)
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [
        msg(
            "cohort.title",
            lang,
            by=msg(f"cohort.by.{result.period}", lang),
            target=result.target,
            comparison=result.comparison,
            n_target=persons_cell(result.persons_target),
            n_comparison=persons_cell(result.persons_comparison),
            where=where(result.municipality, lang),
        ),
        "",
        "NB: " + cohorts.note(lang),
        "",
        line(header),
        line(["-" * w for w in widths]),
        *(line(r) for r in rows),
        "",
        msg("cohort.legend", lang),
    ]
    if result.table["suppressed"].any():
        out.append(msg("cohort.suppressed", lang, HIDDEN=HIDDEN, n=cohorts.MIN_GROUP_SIZE))
    if result.persons_target >= cohorts.MIN_GROUP_SIZE:
        totals = result.totals()
        out.append(
            msg(
                "cohort.total",
                lang,
                n=result.persons_target,
                m=fmt.kr(totals["municipality_dkk"], 0, lang),
                s=fmt.kr(totals["state_dkk"], 0, lang),
                g=fmt.kr(totals["gross_dkk"], 0, lang),
            )
        )
    return out


CSV_COLUMNS = (
    "persons_target",
    "persons_comparison",
    "weeks_on_benefit_target",
    "weeks_on_benefit_comparison",
    "weeks_on_benefit_difference",
    "municipal_dkk_target",
    "municipal_dkk_comparison",
    "municipal_dkk_difference",
    "state_dkk_target",
    "state_dkk_comparison",
    "state_dkk_difference",
    "gross_dkk_difference",
)
_TOTALS = ("municipality_total_dkk", "state_total_dkk", "gross_total_dkk")


def csv_text(result: CohortComparison) -> str:
    """One row per period: the means per person, the target group's difference by payer
    (`*_total_dkk`) and `suppressed`; hidden values are `<5`. Comma, dot decimal."""
    keys = ["year"] if result.period == "year" else ["year", "quarter"]
    rows: list[list[object]] = []
    joined = result.table.join(
        result.attributed.drop("suppressed").rename(
            dict(zip(("municipality_dkk", "state_dkk", "gross_dkk"), _TOTALS, strict=True))
        ),
        on=keys,
        how="left",
    )
    for r in joined.iter_rows(named=True):
        cells: list[object] = [r[k] for k in keys]
        for column in (*CSV_COLUMNS, *_TOTALS):
            value = r[column]
            if column.startswith("persons_"):
                cells.append(persons_cell(value))
            else:
                cells.append(HIDDEN if value is None else round(float(value), 2))
        cells.append(str(r["suppressed"]).lower())
        rows.append(cells)
    # text cells made safe, numbers stay numbers
    return rows_csv(rows, [*keys, *CSV_COLUMNS, *_TOTALS, "suppressed"])


@dataclass(frozen=True)
class RealisationLines:
    """What a cohort realisation wrote: for which case, on which unit and account (and whether
    each was `given` or taken from the case's `unit` or the catalogue's `account`)."""

    case_id: str
    unit: str
    unit_source: str
    account: str
    account_source: str
    status: str
    harvested_from: str | None
    comparison: CohortComparison
    realised: Sequence[RealisedYear]


def realisation_lines(done: RealisationLines, lang: Lang = "da") -> list[str]:
    """What `cohort realise` computed, and how, before the import's own summary."""
    result = done.comparison
    harvest = (
        msg("cohort.realise.harvest", lang, account=done.harvested_from)
        if done.harvested_from
        else ""
    )
    out = [
        msg(
            "cohort.realise.title",
            lang,
            case=done.case_id,
            code=result.municipality,
            target=result.target,
            comparison=result.comparison,
            n_target=persons_cell(result.persons_target),
            n_comparison=persons_cell(result.persons_comparison),
        ),
        msg(
            "cohort.realise.lines",
            lang,
            unit=done.unit,
            unit_source=msg(f"cohort.realise.src.{done.unit_source}", lang),
            account=done.account,
            account_source=msg(f"cohort.realise.src.{done.account_source}", lang),
            status=done.status,
            harvest=harvest,
        ),
        msg("cohort.realise.how", lang),
    ]
    out += [
        msg(
            "cohort.realise.year",
            lang,
            year=r.year,
            t=fmt.kr(r.municipal_target_dkk, 0, lang),
            c=fmt.kr(r.municipal_comparison_dkk, 0, lang),
            d=fmt.kr(r.difference_per_person_dkk, 2, lang),
            n=r.persons_target,
            amount=fmt.kr(r.amount_dkk, 2, lang),
        )
        for r in done.realised
    ]
    return out
