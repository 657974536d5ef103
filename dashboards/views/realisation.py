"""Realisation view (gevinstrealisering): planned vs realised gains per case and year, the
status of each gain, the decision compared with now, double counting, the gain-share
download, and the target group against its comparison group (cohorts, person-level). Pure
functions from frames to components; `realisation_body`, `cohort_body` and
`gain_share_file` read the app's database through `data.db()`.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component
from plotly.subplots import make_subplots

from dashboards import auth, data
from dashboards.components import colours
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr, percent, round_to_total, thousands
from dashboards.components.tables import table
from dashboards.i18n import register, t, valid_lang
from gevinst import fmt
from gevinst.domain import cohorts
from gevinst.domain.cohort_comparison import CohortComparison
from gevinst.domain.overlap import OverlapResult, find_overlaps
from gevinst.domain.versions import Explanation
from gevinst.errors import GevinstError
from gevinst.reports.cohort import HIDDEN, period_label, persons_cell
from gevinst.reports.filenames import safe_filename
from gevinst.reports.history import cause_lines
from gevinst.reports.signs import for_people
from gevinst.services.cohorts import load_comparison
from gevinst.services.gain_share import proposal_on
from gevinst.services.history import compare_decided_now
from gevinst.store.history import CaseComparison
from gevinst.store.overlap import claims, persons

register(
    {
        "realisation.title": {
            "da": "Gevinstrealisering: planlagt og realiseret",
            "en": "Benefit realisation: planned and realised",
        },
        "realisation.case": {"da": "Case", "en": "Case"},
        "realisation.share": {
            "da": "Andel tilbage til investerende udvalg",
            "en": "Share returned to the investing committee",
        },
        "realisation.download": {
            "da": "Hent forslag til gevinstdeling (Excel)",
            "en": "Download gain-share proposal (Excel)",
        },
        "realisation.none": {"da": "Ingen gemte cases.", "en": "No saved cases."},
        "realisation.adopted": {
            "da": "Vedtaget {date}. Planen er tallene fra beslutningen (version {version}, frosset).",
            "en": "Adopted {date}. The plan is the figures at the decision (version {version}, "
            "frozen).",
        },
        "realisation.draft": {
            "da": "Kladde: planen er den gældende beregning (version {version}).",
            "en": "Draft: the plan is the current evaluation (version {version}).",
        },
        "realisation.sign": {
            "da": "Fortegn som på alle sider: + = gevinst for betaleren, − = udgift. Kommunens tal "
            "er netto efter refusion; basis-scenariet, centralt skøn.",
            "en": "Signs as on every page: + = a gain for the payer, − = a cost. The "
            "municipality's figures are net of refusion; basis scenario, central estimate.",
        },
        "realisation.by_year": {
            "da": "Planlagt gevinst pr. betaler og realiseret gevinst pr. år (kr.)",
            "en": "Planned gain per payer and realised gain per year (DKK)",
        },
        "realisation.by_line": {
            "da": "Hver gevinst og dens status (kr.)",
            "en": "Each gain and its status (DKK)",
        },
        "realisation.harvests": {
            "da": "Hjemtagne gevinster og budgetlinjen, de er taget fra (kr.)",
            "en": "Harvested gains and the budget line they were taken from (DKK)",
        },
        "realisation.no_harvests": {
            "da": "Ingen hjemtagne gevinster endnu.",
            "en": "No harvested gains yet.",
        },
        "realisation.no_realised": {
            "da": "Der er ikke importeret realiserede gevinster for casen endnu (gevinst import "
            "FIL --kind realisation).",
            "en": "No realised gains have been imported for the case yet (gevinst import FILE "
            "--kind realisation).",
        },
        "realisation.compare": {"da": "Som besluttet og nu", "en": "As decided and now"},
        "realisation.compare_none": {
            "da": "Casen er ikke vedtaget; der er ingen beslutning at sammenligne med.",
            "en": "The case is not adopted; there is no decision to compare with.",
        },
        "realisation.unchanged": {
            "da": "Uændret siden beslutningen.",
            "en": "Unchanged since the decision.",
        },
        "realisation.compare_table": {
            "da": "Nettogevinst pr. betaler og år: besluttet (v{old}) og nu (v{new}) (kr.; "
            "+ = gevinst, − = udgift)",
            "en": "Net gain per payer and year: decided (v{old}) and now (v{new}) (DKK; "
            "+ = gain, − = cost)",
        },
        "realisation.causes": {
            "da": "Ændring i kommunens nutidsværdi fordelt på årsag (trinvis udskiftning: "
            "enhedspriser, målgruppe, omkostninger, effekter, øvrige)",
            "en": "Change in the municipality's present value by cause (step-wise substitution: "
            "unit costs, target group, costs, effects, other)",
        },
        "realisation.changes": {
            "da": "Hvad er ændret i antagelserne",
            "en": "What changed in the assumptions",
        },
        "realisation.overlap": {
            "da": "Mulig dobbelttælling: {others} gør også krav på {units} i de samme år. "
            "Porteføljen uden overlap: {without} i stedet for {claimed} (den største besparelse "
            "pr. enhed og år beholdes).",
            "en": "Possible double counting: {others} also claim {units} in the same years. The "
            "portfolio without the overlap: {without} instead of {claimed} (the largest "
            "saving per unit and year is kept).",
        },
        "col.year": {"da": "År", "en": "Year"},
        "col.planned_municipality": {"da": "Plan, kommunen", "en": "Plan, municipality"},
        "col.planned_state": {"da": "Plan, staten", "en": "Plan, state"},
        "col.planned_region": {"da": "Plan, regionen", "en": "Plan, region"},
        "col.harvested": {"da": "Hjemtaget", "en": "Harvested"},
        "col.reinvested": {"da": "Geninvesteret", "en": "Reinvested"},
        "col.capacity": {"da": "Kapacitet", "en": "Capacity"},
        "col.not_realised": {"da": "Ikke realiseret", "en": "Not realised"},
        "col.realised": {"da": "Realiseret i alt", "en": "Realised in all"},
        "col.unit": {"da": "Enhed", "en": "Unit"},
        "col.account": {"da": "Konto", "en": "Account"},
        "col.planned_net": {"da": "Plan, netto ({basis})", "en": "Plan, net ({basis})"},
        "col.planned_current": {
            "da": "Plan, kommunen (løbende priser)",
            "en": "Plan, municipality (current prices)",
        },
        "price.base": {"da": "{year}-priser", "en": "{year} prices"},
        "price.current": {"da": "løbende priser", "en": "current prices"},
        "realisation.prices": {
            "da": "Planen er i casens {base}; realiserede beløb kommer fra regnskabet i løbende "
            "priser. Planen omregnes til løbende priser med prisindekset i "
            "data/reference/price_index.csv (Danmarks Statistiks forbrugerprisindeks 2015–2023, "
            "ellers illustrativt), før de sammenlignes.",
            "en": "The plan is in the case's {base}; realised amounts come from the accounts in "
            "current prices. The plan is moved to current prices with the index in "
            "data/reference/price_index.csv (Statistics Denmark's consumer price index "
            "2015–2023, else illustrative) before they are compared.",
        },
        "col.status": {"da": "Status", "en": "Status"},
        "col.from_account": {"da": "Taget fra konto", "en": "Taken from account"},
        "col.taken": {"da": "Beløb taget", "en": "Amount taken"},
        "col.budget": {"da": "Budget på kontoen", "en": "Budget on the account"},
        "col.budget_kind": {"da": "Budget", "en": "Budget"},
        "col.committee": {"da": "Udvalg", "en": "Committee"},
        "col.payer": {"da": "Betaler", "en": "Payer"},
        "col.decided": {"da": "Besluttet", "en": "Decided"},
        "col.now": {"da": "Nu", "en": "Now"},
        "col.difference": {"da": "Forskel", "en": "Difference"},
        "col.cause": {"da": "Årsag", "en": "Cause"},
        "col.npv_change": {"da": "Ændring i nutidsværdi", "en": "Change in present value"},
        "col.what": {"da": "Hvad", "en": "What"},
        "col.before": {"da": "Besluttet", "en": "Decided"},
        "col.after": {"da": "Nu", "en": "Now"},
        "status.harvested": {"da": "hjemtaget", "en": "harvested"},
        "status.reinvested": {"da": "geninvesteret", "en": "reinvested"},
        "status.capacity": {"da": "kun kapacitet", "en": "capacity only"},
        "status.not-realised": {"da": "ikke realiseret", "en": "not realised"},
        "status.pending": {"da": "ikke opgjort", "en": "not reported"},
        "payer.municipality": {"da": "Kommunen", "en": "Municipality"},
        "payer.state": {"da": "Staten", "en": "State"},
        "payer.region": {"da": "Regionen", "en": "Region"},
        "payer.municipalities": {"da": "Øvrige kommuner", "en": "Other municipalities"},
        "payer.external": {"da": "Ekstern", "en": "External"},
        "cohort.page.title": {
            "da": "Målgruppe mod sammenligningsgruppe",
            "en": "Target group against comparison group",
        },
        "cohort.nb": {"da": "Bemærk:", "en": "Note:"},
        "cohort.none": {
            "da": "Der er ingen målgruppe og sammenligningsgruppe knyttet til casen. En kohorte "
            "følger en case, når den hedder som casen eller deler personer med casens "
            "målgruppe (gevinst cohort define {case} --ids FIL --municipality KODE, og "
            "--group comparison for sammenligningsgruppen).",
            "en": "No target and comparison group is linked to the case. A cohort follows a case "
            "when it is named like the case or shares persons with the case's target group "
            "(gevinst cohort define {case} --ids FILE --municipality CODE, and --group "
            "comparison for the comparison group).",
        },
        "cohort.unavailable": {
            "da": "Kohorten {cohort} kan ikke sammenlignes: {reason}",
            "en": "The cohort {cohort} cannot be compared: {reason}",
        },
        "cohort.about": {
            "da": "Kohorte {cohort}: målgruppen ({n_target} personer) mod sammenligningsgruppen "
            "({n_comparison} personer), pr. kvartal fra de importerede ydelsesuger. Uger og "
            "kroner er gennemsnit pr. person i gruppen; kommunens udgift er netto efter ",
            "en": "Cohort {cohort}: the target group ({n_target} persons) against the comparison "
            "group ({n_comparison} persons), per quarter from the imported benefit weeks. "
            "Weeks and kroner are means per person in the group; the municipality's cost is "
            "net of ",
        },
        "cohort.about_end": {
            "da": ". Forskel = målgruppe − sammenligningsgruppe (negativ: målgruppen koster "
            "mindre).",
            "en": ". Difference = target − comparison (negative: the target group costs less).",
        },
        "cohort.page.suppressed": {
            "da": "{hidden}: en gruppe har under {n} personer; tallene vises ikke.",
            "en": "{hidden}: a group has fewer than {n} persons; the figures are not shown.",
        },
        "cohort.table": {
            "da": "Uger på ydelse og kommunens nettoudgift pr. person pr. kvartal, og forskellen "
            "fordelt på betalere",
            "en": "Weeks on benefit and the municipality's net cost per person per quarter, and "
            "the difference by payer",
        },
        "cohort.chart.weeks": {
            "da": "Uger på ydelse pr. person",
            "en": "Weeks on benefit per person",
        },
        "cohort.chart.net": {
            "da": "Kommunens nettoudgift pr. person (kr.)",
            "en": "Municipal net cost per person (DKK)",
        },
        "cohort.chart.difference": {
            "da": "Forskel pr. person fordelt på betalere (kr.; negativ = besparelse)",
            "en": "Difference per person by payer (DKK; negative = a saving)",
        },
        "cohort.target": {"da": "Målgruppe", "en": "Target group"},
        "cohort.comparison": {"da": "Sammenligningsgruppe", "en": "Comparison group"},
        "cohort.page.col.quarter": {"da": "Kvartal", "en": "Quarter"},
        "cohort.page.col.persons": {"da": "Personer M / S", "en": "Persons T / C"},
        "cohort.page.col.weeks_t": {"da": "Uger M", "en": "Weeks T"},
        "cohort.page.col.weeks_c": {"da": "Uger S", "en": "Weeks C"},
        "cohort.page.col.weeks_d": {"da": "Uger, forskel", "en": "Weeks, difference"},
        "cohort.page.col.net_t": {"da": "Kommunen netto M", "en": "Municipal net T"},
        "cohort.page.col.net_c": {"da": "Kommunen netto S", "en": "Municipal net C"},
        "cohort.page.col.diff_m": {
            "da": "Forskel pr. person, kommunen",
            "en": "Difference per person, municipality",
        },
        "cohort.page.col.diff_s": {
            "da": "Forskel pr. person, staten",
            "en": "Difference per person, state",
        },
        "cohort.page.col.total_m": {
            "da": "Målgruppen i alt, kommunen (1.000 kr.)",
            "en": "Target group in all, municipality (DKK 1,000)",
        },
        "cohort.page.col.total_s": {
            "da": "Målgruppen i alt, staten (1.000 kr.)",
            "en": "Target group in all, state (DKK 1,000)",
        },
        "cohort.page.legend": {
            "da": "M = målgruppe, S = sammenligningsgruppe.",
            "en": "T = target group, C = comparison group.",
        },
    }
)

STATUS_COLUMNS = ("harvested_dkk", "reinvested_dkk", "capacity_dkk", "not_realised_dkk")


def case_options(cases: pl.DataFrame) -> list[dict]:
    return [
        {"label": f"{r['name']} ({r['municipality_name']})", "value": r["case_id"]}
        for r in cases.iter_rows(named=True)
    ]


def status_line(plan: pl.DataFrame, case: dict, lang: str) -> str:
    version = plan["planned_version"][0] if plan.height else "-"
    if case.get("status") == "adopted" and plan.height and plan["planned_as_decided"][0]:
        date = case["decided_on"]
        shown = date.strftime("%d.%m.%Y") if lang == "da" else date.isoformat()
        return t("realisation.adopted", lang).format(date=shown, version=version)
    return t("realisation.draft", lang).format(version=version)


def by_year(plan: pl.DataFrame, payers: pl.DataFrame) -> pl.DataFrame:
    """One row per year: planned net per payer kind and realised amounts by status."""
    years = sorted(set(plan["year"].to_list()) | set(payers["year"].to_list()))
    frame = pl.DataFrame({"year": years}, schema={"year": pl.Int32})
    wide = (
        payers.with_columns(pl.col("year").cast(pl.Int32)).pivot(
            on="payer_kind", index="year", values="planned_dkk"
        )
        if payers.height
        else pl.DataFrame(schema={"year": pl.Int32})
    )
    summed = (
        *STATUS_COLUMNS,
        "realised_dkk",
        *(["planned_net_current_dkk"] if "planned_net_current_dkk" in plan.columns else []),
    )
    realised = (
        plan.with_columns(pl.col("year").cast(pl.Int32))
        .group_by("year")
        .agg(*(pl.col(c).sum() for c in summed))
        if plan.height
        else pl.DataFrame(schema={"year": pl.Int32})
    )
    frame = frame.join(wide, on="year", how="left").join(realised, on="year", how="left")
    for column in (
        "municipality",
        "state",
        "region",
        "planned_net_current_dkk",
        *STATUS_COLUMNS,
        "realised_dkk",
    ):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(0.0).alias(column))
    return frame.with_columns(pl.exclude("year").cast(pl.Float64).fill_null(0.0)).sort("year")


def price_basis(base_year: int | None, lang: str) -> str:
    """How a plan's amounts are priced: "2026-priser" (the case's base year)."""
    return t("price.base", lang).format(year=base_year) if base_year else t("price.current", lang)


def year_table(frame: pl.DataFrame, lang: str, base_year: int | None = None) -> html.Table:
    """Planned amounts per payer in the case's base-year prices, the municipality's plan moved
    to current prices, and the realised amounts (current prices, from the accounts)."""
    columns = (
        "municipality",
        "state",
        "region",
        "planned_net_current_dkk",
        *STATUS_COLUMNS,
        "realised_dkk",
    )
    base = f" ({price_basis(base_year, lang)})"
    current = f" ({t('price.current', lang)})"
    header = [
        t("col.year", lang),
        t("col.planned_municipality", lang) + base,
        t("col.planned_state", lang) + base,
        t("col.planned_region", lang) + base,
        t("col.planned_current", lang),
        t("col.harvested", lang) + current,
        t("col.reinvested", lang) + current,
        t("col.capacity", lang) + current,
        t("col.not_realised", lang) + current,
        t("col.realised", lang) + current,
    ]
    # people's sign: the stored amounts (< 0 a saving) turned, so a gain reads positive
    rows = [
        [str(r["year"]), *(kr(for_people(r[c]), lang) for c in columns)]
        for r in frame.iter_rows(named=True)
    ]
    footer = [
        "I alt" if lang == "da" else "Total",
        *(kr(for_people(float(frame[c].sum())), lang) for c in columns),
    ]
    return table(
        t("realisation.by_year", lang),
        header,
        rows,
        numeric=range(1, 10),
        table_id="realisation-years",
        footer=footer,
    )


def line_status(row: dict) -> str:
    """The status of one planned gain: the statuses reported for it, largest first."""
    reported = [
        (abs(row[c]), c.removesuffix("_dkk").replace("_", "-")) for c in STATUS_COLUMNS if row[c]
    ]
    return ", ".join(s for _, s in sorted(reported, reverse=True)) if reported else "pending"


def line_table(plan: pl.DataFrame, lang: str, base_year: int | None = None) -> html.Table:
    reported = plan.filter(
        pl.any_horizontal(pl.col(c) != 0 for c in STATUS_COLUMNS) | (pl.col("planned_net_dkk") != 0)
    )
    rows = []
    for r in reported.iter_rows(named=True):
        status = ", ".join(t(f"status.{s}", lang) for s in line_status(r).split(", "))
        harvested_from = r["harvested_from_accounts"]
        if harvested_from:
            status += f" ({t('col.from_account', lang).lower()} {harvested_from})"
        current_plan = r.get("planned_net_current_dkk", r["planned_net_dkk"])
        rows.append(
            [
                str(r["year"]),
                r["unit_id"] or "",
                r["account"],
                kr(for_people(r["planned_net_dkk"]), lang),
                kr(for_people(current_plan), lang),
                *(kr(for_people(r[c]), lang) for c in STATUS_COLUMNS),
                status,
            ]
        )
    current = f" ({t('price.current', lang)})"
    header = [
        t("col.year", lang),
        t("col.unit", lang),
        t("col.account", lang),
        t("col.planned_net", lang).format(basis=price_basis(base_year, lang)),
        t("col.planned_net", lang).format(basis=t("price.current", lang)),
        t("col.harvested", lang) + current,
        t("col.reinvested", lang) + current,
        t("col.capacity", lang) + current,
        t("col.not_realised", lang) + current,
        t("col.status", lang),
    ]
    return table(
        t("realisation.by_line", lang),
        header,
        rows,
        numeric=range(3, 9),
        table_id="realisation-lines",
    )


def harvest_table(harvests: pl.DataFrame, lang: str) -> Component:
    if harvests.is_empty():
        return html.P(t("realisation.no_harvests", lang), id="realisation-harvests")
    rows = [
        [
            str(r["year"]),
            r["harvested_from_account"],
            r["budget_kind"] or "-",
            r["committee"] or "-",
            kr(r["taken_dkk"], lang),
            kr(r["budget_dkk"], lang) if r["budget_dkk"] is not None else "-",
        ]
        for r in harvests.iter_rows(named=True)
    ]
    header = [
        t("col.year", lang),
        t("col.from_account", lang),
        t("col.budget_kind", lang),
        t("col.committee", lang),
        t("col.taken", lang),
        t("col.budget", lang),
    ]
    return table(
        t("realisation.harvests", lang),
        header,
        rows,
        numeric=(4, 5),
        table_id="realisation-harvests",
    )


def cause_rows(
    explanation: Explanation, payer: tuple[str, int | None], lang: str
) -> list[list[str]]:
    return [
        [label, kr(amount, lang)]
        for label, amount in cause_lines(explanation, payer, "en" if lang == "en" else "da")
    ]


def comparison_section(
    comparison: CaseComparison | None, municipality: int, lang: str
) -> html.Section:
    parts: list = [html.H2(t("realisation.compare", lang))]
    if comparison is None:
        parts.append(html.P(t("realisation.compare_none", lang)))
    elif comparison.decision.version == comparison.current.version:
        parts.append(html.P(t("realisation.unchanged", lang)))
    else:
        rows = [
            [
                t(f"payer.{r['payer_kind']}", lang),
                str(r["year"]),
                kr(for_people(r["decided_dkk"]), lang),
                kr(for_people(r["now_dkk"]), lang),
                kr(for_people(r["difference_dkk"]), lang),
            ]
            for r in comparison.by_year.iter_rows(named=True)
            if abs(r["decided_dkk"]) >= 0.5 or abs(r["now_dkk"]) >= 0.5
        ]
        parts.append(
            table(
                t("realisation.compare_table", lang).format(
                    old=comparison.decision.version, new=comparison.current.version
                ),
                [
                    t("col.payer", lang),
                    t("col.year", lang),
                    t("col.decided", lang),
                    t("col.now", lang),
                    t("col.difference", lang),
                ],
                rows,
                numeric=(2, 3, 4),
                table_id="realisation-compare",
            )
        )
        explanation = comparison.explanation
        assert isinstance(explanation, Explanation)
        home = ("municipality", municipality)
        total = ["I alt" if lang == "da" else "Total", kr(explanation.total(home), lang)]
        parts.append(
            table(
                t("realisation.causes", lang),
                [t("col.cause", lang), t("col.npv_change", lang)],
                cause_rows(explanation, home, lang),
                numeric=(1,),
                table_id="realisation-causes",
                footer=total,
            )
        )
        parts.append(
            table(
                t("realisation.changes", lang),
                [t("col.what", lang), t("col.before", lang), t("col.after", lang)],
                [[c.where, c.old, c.new] for c in comparison.changes],
                table_id="realisation-changes",
            )
        )
    return html.Section(parts, id="realisation-comparison")


def overlap_warning(result: OverlapResult, case_id: str, lang: str) -> html.Div | None:
    mine = result.for_case(case_id)
    if mine.is_empty():
        return None
    others = sorted(
        {c for c in mine["kept_case"].to_list() + mine["other_case"].to_list() if c != case_id}
    )
    units = sorted(set(mine["unit_id"].to_list()))
    claimed = float(result.totals["claimed_dkk"].sum())
    without = float(result.totals["without_overlap_dkk"].sum())
    text = t("realisation.overlap", lang).format(
        others=", ".join(others),
        units=", ".join(units),
        without=kr(without, lang),
        claimed=kr(claimed, lang),
    )
    return html.Div(text, id="realisation-overlap", className="warning", role="alert")


def realisation_body(case_id: str | None, lang: str) -> list:
    database = data.db()
    cases = database.query("realisation_cases", **auth.scope())
    if cases.is_empty():
        return [html.P(t("realisation.none", lang))]
    if case_id is None or case_id not in cases["case_id"].to_list():
        case_id = str(cases["case_id"][0])
    case = cases.filter(pl.col("case_id") == case_id).row(0, named=True)
    plan = database.query("realisation_plan_rows", case_id=case_id)
    payers = database.query("realisation_planned_payers", case_id=case_id)
    harvests = database.query("realisation_harvest_rows", case_id=case_id)
    reference = data.reference()
    with database.writer() as con:
        comparison = compare_decided_now(con, case_id, reference) if reference else None
        overlaps = find_overlaps(claims(con, case["municipality_code"]), persons(con))
    base_year = (
        int(plan["base_year"][0])
        if plan.height and "base_year" in plan.columns and plan["base_year"][0] is not None
        else None
    )
    parts: list = [
        html.P(status_line(plan, case, lang), id="realisation-status"),
        html.P(t("realisation.sign", lang), className="note"),
        html.P(
            t("realisation.prices", lang).format(base=price_basis(base_year, lang)),
            className="note",
            id="realisation-prices",
        ),
    ]
    warning = overlap_warning(overlaps, case_id, lang)
    if warning is not None:
        parts.append(warning)
    parts.append(year_table(by_year(plan, payers), lang, base_year))
    if not plan.select(pl.any_horizontal(pl.col(c) != 0 for c in STATUS_COLUMNS)).to_series().any():
        parts.append(html.P(t("realisation.no_realised", lang), id="realisation-empty"))
    parts += [
        line_table(plan, lang, base_year),
        harvest_table(harvests, lang),
        comparison_section(comparison, case["municipality_code"], lang),
    ]
    return parts


# --- target group against comparison group (cohorts: person-level) ---------------------------


#: the note that a comparison group is not a randomised control stands out (and prints)
NOTE_STYLE = {
    "background": "var(--banner, #fff4cc)",
    "border": "1px solid #e0c060",
    "borderLeft": "6px solid #8a6d00",
    "padding": ".6rem 1rem",
    "maxWidth": "60rem",
}


def cohort_figure(result: CohortComparison, lang: str) -> go.Figure:
    """Per quarter: weeks on benefit and municipal net cost per person for both groups, and
    the difference per person by payer; suppressed quarters are gaps."""
    rows = list(result.table.iter_rows(named=True))
    x = [period_label(r, "en" if lang == "en" else "da") for r in rows]
    figure = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[
            t("cohort.chart.weeks", lang),
            t("cohort.chart.net", lang),
            t("cohort.chart.difference", lang),
        ],
    )
    groups = (
        ("target", colours.OKABE_ITO[0], "solid", "circle"),
        ("comparison", colours.OKABE_ITO[1], "dash", "square"),
    )
    for row_no, measure in ((1, "weeks_on_benefit"), (2, "municipal_dkk")):
        for group, colour, dash, symbol in groups:
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=[r[f"{measure}_{group}"] for r in rows],
                    name=t(f"cohort.{group}", lang),
                    legendgroup=group,
                    showlegend=row_no == 1,
                    mode="lines+markers",
                    line={"color": colour, "dash": dash, "width": 2},
                    marker={"symbol": symbol, "size": 6},
                    connectgaps=False,
                ),
                row=row_no,
                col=1,
            )
    for payer, column in (
        ("municipality", "municipal_dkk_difference"),
        ("state", "state_dkk_difference"),
    ):
        figure.add_trace(
            go.Bar(
                x=x,
                y=[r[column] for r in rows],
                name=t(f"payer.{payer}", lang),
                marker={
                    "color": colours.PAYER[payer],
                    "pattern": {
                        "shape": "" if payer == "municipality" else "/",
                        "fgcolor": "#ffffff",
                    },
                },
            ),
            row=3,
            col=1,
        )
    figure.add_hline(y=0, line={"color": colours.NEUTRAL, "width": 1}, row=3, col=1)
    figure.update_layout(
        barmode="relative",
        height=760,
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        legend={"orientation": "h", "y": -0.08},
        margin={"l": 70, "r": 20, "t": 40, "b": 60},
    )
    figure.update_xaxes(type="category", tickangle=-45)
    figure.update_yaxes(tickformat=",d", row=2, col=1)
    figure.update_yaxes(tickformat=",d", row=3, col=1)
    return figure


def group_totals(result: CohortComparison, lang: str) -> tuple[list[list[str]], list[str]]:
    """The target group's difference by payer per quarter in 1.000 kr.: (rows of
    [municipality, state] cells, the total row). Shown rows add up to the shown total;
    suppressed quarters are `<5` and left out of it."""
    frame = result.attributed
    shown = [not s for s in frame["suppressed"].to_list()]
    cells: list[list[str]] = [[] for _ in shown]
    totals: list[str] = []
    for column in ("municipality_dkk", "state_dkk"):
        rounded = round_to_total(
            [float(v) for v, ok in zip(frame[column].to_list(), shown, strict=True) if ok]
        )
        values = iter(rounded)
        for i, ok in enumerate(shown):
            cells[i].append(thousands(next(values), lang) if ok else HIDDEN)
        totals.append(thousands(sum(rounded), lang))
    return cells, totals


def cohort_table(result: CohortComparison, lang: str) -> html.Table:
    code = valid_lang(lang)

    def weeks(value: float | None) -> str:
        return HIDDEN if value is None else fmt.number(value, 1, code)

    def money(value: float | None) -> str:
        return HIDDEN if value is None else kr(value, lang)

    group_cells, group_total = group_totals(result, lang)
    rows = []
    for i, r in enumerate(result.table.iter_rows(named=True)):
        rows.append(
            [
                period_label(r, code).replace(" ", "\u00a0"),
                f"{persons_cell(r['persons_target'])} / {persons_cell(r['persons_comparison'])}",
                weeks(r["weeks_on_benefit_target"]),
                weeks(r["weeks_on_benefit_comparison"]),
                weeks(r["weeks_on_benefit_difference"]),
                money(r["municipal_dkk_target"]),
                money(r["municipal_dkk_comparison"]),
                money(r["municipal_dkk_difference"]),
                money(r["state_dkk_difference"]),
                *group_cells[i],
            ]
        )
    header = [
        t(f"cohort.page.col.{c}", lang)
        for c in (
            "quarter",
            "persons",
            "weeks_t",
            "weeks_c",
            "weeks_d",
            "net_t",
            "net_c",
            "diff_m",
            "diff_s",
            "total_m",
            "total_s",
        )
    ]
    footer = ["I alt" if lang == "da" else "Total", *([""] * 8), *group_total]
    return table(
        t("cohort.table", lang),
        header,
        rows,
        numeric=range(1, 11),
        table_id="cohort-table",
        footer=footer,
    )


def cohort_section(
    result: CohortComparison | None,
    lang: str,
    case_id: str = "",
    cohort_id: str | None = None,
    problem: str | None = None,
) -> html.Section:
    """The section for one case: the note first, then the chart and the table; a sentence
    instead when no cohort follows the case (or it cannot be compared)."""
    parts: list = [
        html.H2(t("cohort.page.title", lang)),
        html.P(
            [html.Strong(t("cohort.nb", lang) + " "), cohorts.note("en" if lang == "en" else "da")],
            id="cohort-note",
            className="warning",
            role="note",
            style=NOTE_STYLE,
        ),
    ]
    if result is None:
        text = (
            t("cohort.unavailable", lang).format(cohort=cohort_id, reason=problem)
            if cohort_id
            else t("cohort.none", lang).format(case=case_id)
        )
        parts.append(html.P(text, id="cohort-none"))
        return html.Section(parts, id="cohort-section")
    parts.append(
        html.P(
            [
                t("cohort.about", lang).format(
                    cohort=result.target,
                    n_target=persons_cell(result.persons_target),
                    n_comparison=persons_cell(result.persons_comparison),
                ),
                term("refusion", "refusion", lang),
                t("cohort.about_end", lang),
                " ",
                t("cohort.page.legend", lang),
            ],
            id="cohort-about",
            className="note",
        )
    )
    if result.table["suppressed"].any():
        parts.append(
            html.P(
                t("cohort.page.suppressed", lang).format(hidden=HIDDEN, n=cohorts.MIN_GROUP_SIZE),
                id="cohort-suppressed",
                className="note",
            )
        )
    parts += [
        dcc.Graph(
            id="cohort-chart", figure=cohort_figure(result, lang), config={"displaylogo": False}
        ),
        cohort_table(result, lang),
    ]
    return html.Section(parts, id="cohort-section")


def cohort_body(case_id: str | None, lang: str) -> html.Section | None:
    """The cohort section of a case the caller has checked; person-level, so only the roles
    that may see person-level data get it (the callback's guard checks the same)."""
    auth.require(*auth.PERSON_LEVEL)
    if case_id is None:
        return None
    database = data.db()
    links = database.query("cohort_case_links", case_id=case_id)
    if links.is_empty():
        return cohort_section(None, lang, case_id)
    cohort_id = str(links["cohort_id"][0])
    municipality = int(links["municipality_code"][0])
    code = valid_lang(lang)
    try:
        result = load_comparison(
            database.query, cohort_id, cohort_id, municipality, "quarter", code
        )
    except GevinstError as exc:
        return cohort_section(None, lang, case_id, cohort_id, str(exc))
    return cohort_section(result, lang, case_id, cohort_id)


def gain_share_file(case_id: str, share: float) -> dict | None:
    """The gain-share workbook as a `dcc.Download` payload; None without realised gains."""
    with data.db().writer() as con:
        found = proposal_on(con, [case_id], share)
    if found is None:
        return None
    return dcc.send_bytes(found.workbook(), safe_filename(f"gevinstdeling-{case_id}", ".xlsx"))


def share_marks(lang: str) -> dict[int, str]:
    return {v: percent(v / 100, lang) for v in (0, 25, 50, 75, 100)}
