"""Case view: one investment case for a finance director or controller, as pure functions.

Header, J-curve, the flows table with a trace for every figure, budget frames, uncertainty
and the leak. Each takes query frames (rows of `case_flows` / `case_summary`) or the parsed
case and returns tables, figures or plain numbers, so it is tested without an app. Only
`load`, `scenario_options`, `flow_lines`, `payer_summary` and `case_body` read the app's
database (through `data.db()`); the what-if and saving a scenario live in `case_whatif.py`.

Signs: the stored flows keep DESIGN's convention (> 0 the payer spends); everything shown
follows the one rule for people (`gevinst.reports.signs`): a gain for the payer is positive, a
cost negative, and every caption says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from dash.development.base_component import ComponentType

from dashboards import auth, data
from dashboards.components import colours
from dashboards.components.attrs import aria
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr, mio, percent
from dashboards.components.payers import receiver
from dashboards.components.tables import table, thousands_columns
from dashboards.i18n import register, t
from dashboards.views.case_financing import financing_section
from dashboards.views.case_frames import frame_consequences_section
from gevinst import fmt
from gevinst.cases import parse_case
from gevinst.cases.schema import Case, Effect, Estimate, Triple
from gevinst.domain.evaluate import monte_carlo
from gevinst.domain.params import MONTE_CARLO_DRAWS, MONTE_CARLO_SEED
from gevinst.domain.units import UnitView, resolve_units
from gevinst.errors import InputRejected
from gevinst.messages import CATALOGUE
from gevinst.reference import Reference, bundled_reference
from gevinst.reports.labels import FRAME_ORDER, frame_name
from gevinst.reports.signs import for_people, in_words
from gevinst.services.budget_decision import case_budget_period

ESTIMATES = ("low", "central", "high")
FLOW_KINDS = ("cost", "gain", "refusion", "transfer", "equalisation", "financing")
#: every frame of the economy agreement, always shown (DESIGN "Budget frames"), then none
FRAMES = (
    "service",
    "transfers-guaranteed",
    "insured-unemployed",
    "transfers-other",
    "health-cofinancing",
    "construction",
)

register(
    {
        "case.title": {"da": "Investeringscase", "en": "Investment case"},
        "case.pick": {"da": "Vælg en case", "en": "Choose a case"},
        "case.pick.help": {
            "da": "Vælg en investeringscase for at se, hvor gevinsten lander.",
            "en": "Choose an investment case to see where the gain lands.",
        },
        "case.page.unreadable": {
            "da": "Casens fil kan ikke læses: {detail}",
            "en": "The case file cannot be read: {detail}",
        },
        "case.no_rows": {
            "da": "Ingen gemte tal for scenariet '{scenario}' ({estimate}).",
            "en": "No saved figures for scenario '{scenario}' ({estimate}).",
        },
        "case.municipality": {"da": "Kommune", "en": "Municipality"},
        "case.owner": {"da": "Investerende afdeling", "en": "Investing department"},
        "case.status": {"da": "Status", "en": "Status"},
        "case.status.draft": {"da": "Kladde", "en": "Draft"},
        "case.status.adopted": {"da": "Vedtaget {date}", "en": "Adopted {date}"},
        "case.source": {"da": "Kilde", "en": "Source"},
        "case.target_group": {"da": "Målgruppe", "en": "Target group"},
        "case.scenario": {"da": "Scenarie", "en": "Scenario"},
        "case.estimate": {"da": "Skøn", "en": "Estimate"},
        "case.estimate.low": {"da": "Lavt (forsigtigt)", "en": "Low (cautious)"},
        "case.estimate.central": {"da": "Centralt", "en": "Central"},
        "case.estimate.high": {"da": "Højt", "en": "High"},
        "case.kpi.npv_home": {"da": "Nutidsværdi, {name} Kommune", "en": "Present value, {name}"},
        "case.kpi.npv_all": {"da": "Nutidsværdi, alle betalere", "en": "Present value, all payers"},
        "case.kpi.payback": {"da": "Tilbagebetalt (kommunen)", "en": "Pays back (municipality)"},
        "case.kpi.p_budget": {
            "da": "P(tilbage i budgetperioden)",
            "en": "P(payback in budget period)",
        },
        "case.kpi.break_even": {
            "da": "Nødvendig effekt (budgetperioden)",
            "en": "Effect needed (budget period)",
        },
        "case.never": {"da": "aldrig", "en": "never"},
        "case.none": {"da": "—", "en": "—"},
        "case.illustrative_units": {
            "da": "Casen bruger illustrative enhedspriser (ikke fra en publiceret kilde): {units}.",
            "en": "The case uses illustrative unit costs (not from a published source): {units}.",
        },
        "case.h.jcurve": {
            "da": "J-kurven: hvornår er investeringen tjent hjem?",
            "en": "The J-curve: when has the investment paid for itself?",
        },
        "case.jcurve.title": {
            "da": "Kumuleret nettogevinst, mio. kr. (over nul = gevinsterne har dækket udgifterne)",
            "en": "Cumulative net gain, DKK m (above zero = gains have covered the costs)",
        },
        "case.jcurve.total": {"da": "{name} Kommune i alt", "en": "{name} in total"},
        "case.jcurve.caption": {
            "da": "Kommunen som helhed er tilbagebetalt i {year}; stiplede linjer er andre betalere.",
            "en": "The municipality as a whole pays back in {year}; dashed lines are other payers.",
        },
        "case.jcurve.caption_never": {
            "da": "Kommunen som helhed bliver ikke tilbagebetalt i casens år; stiplede linjer er "
            "andre betalere.",
            "en": "The municipality as a whole does not pay back within the case's years; dashed "
            "lines are other payers.",
        },
        "case.year": {"da": "År", "en": "Year"},
        "case.h.flows": {
            "da": "Strømme: hvem betaler og sparer hvad, hvornår",
            "en": "Flows: who pays and saves what, and when",
        },
        "case.flows.caption": {
            "da": "Strømme pr. år, betaler, afdeling og type (1.000 kr.; + = gevinst for betaleren, "
            "− = udgift). Åbn »Spor« for at se effekt, enhedspris, regel og kilde bag tallet.",
            "en": "Flows per year, payer, department and kind (DKK 1,000; + = a gain for the payer, "
            "− = a cost). Open “Trace” for the effect, unit cost, rule and source behind the "
            "figure.",
        },
        "case.col.payer": {"da": "Betaler", "en": "Payer"},
        "case.flows.year": {"da": "Vis år", "en": "Show year"},
        "case.flows.all_years": {"da": "Alle år", "en": "All years"},
        "case.col.department": {"da": "Afdeling", "en": "Department"},
        "case.col.flow": {"da": "Type", "en": "Kind"},
        "case.col.amount": {"da": "1.000 kr.", "en": "DKK 1,000"},
        "case.col.trace": {"da": "Spor", "en": "Trace"},
        "case.total": {"da": "I alt", "en": "Total"},
        "case.trace.open": {"da": "Spor", "en": "Trace"},
        "case.trace.cost": {
            "da": "Investering (omkostningslinje), konto {account}: {amount}",
            "en": "Investment (cost line), account {account}: {amount}",
        },
        "case.trace.effect": {
            "da": "Effekt {no}: {unit} ({name})",
            "en": "Effect {no}: {unit} ({name})",
        },
        "case.trace.effect_values": {"da": "Antagelse: {values}", "en": "Assumption: {values}"},
        "case.trace.unit_cost": {
            "da": "Enhedspris {amount} pr. {per} i prisniveau {year} ({base} i {base_year}-priser)",
            "en": "Unit cost {amount} per {per} at {year} prices ({base} at {base_year} prices)",
        },
        "case.trace.local_unit": {
            "da": "lokal antagelse i casen",
            "en": "local assumption in the case",
        },
        "case.trace.rule": {"da": "Regel: {rule}", "en": "Rule: {rule}"},
        "case.trace.source": {"da": "Kilde: {source}", "en": "Source: {source}"},
        "case.trace.amount": {"da": "Beløb: {amount}", "en": "Amount: {amount}"},
        "case.trace.account": {
            "da": "konto {account}, ramme: {frame}",
            "en": "account {account}, frame: {frame}",
        },
        "case.h.frames": {
            "da": "Budgetrammer: hvilken ramme rammes hvornår",
            "en": "Budget frames: which frame is hit when",
        },
        "case.frames.caption": {
            "da": "{name} Kommunes nettogevinst pr. budgetramme og år (1.000 kr.; + = gevinst, "
            "− = udgift)",
            "en": "{name}'s net gain per budget frame and year (DKK 1,000; + = gain, − = cost)",
        },
        "case.h.uncertainty": {"da": "Usikkerhed", "en": "Uncertainty"},
        "case.uncertainty.caption": {
            "da": "Monte Carlo for scenariet: nutidsværdi pr. betaler (P10/P50/P90 af {draws} "
            "trækninger)",
            "en": "Monte Carlo for the scenario: present value per payer (P10/P50/P90 of {draws} "
            "draws)",
        },
        "case.uncertainty.not_stored": {
            "da": "Casen er gemt uden sin Monte Carlo-simulering (gemt før simuleringer blev gemt, "
            "eller med --draws 0); siden simulerer ikke selv. Gem casen igen (gevinst "
            "evaluate CASE.toml --save) for at se fordelingen.",
            "en": "The case was saved without its Monte Carlo simulation (saved before "
            "simulations were stored, or with --draws 0); the page does not simulate. Save "
            "the case again (gevinst evaluate CASE.toml --save) to see the distribution.",
        },
        "case.uncertainty.explain": {
            "da": "Monte Carlo trækker alle usikre tal på én gang, hvert mellem sit lave og høje "
            "skøn, {draws} gange; den hører derfor til scenariet og er den samme, uanset "
            "hvilket af de tre faste skøn der er valgt.",
            "en": "The Monte Carlo draws every uncertain number at once, each between its low and "
            "high estimate, {draws} times; so it belongs to the scenario and is the same "
            "whichever of the three fixed estimates is chosen.",
        },
        "case.estimates.caption": {
            "da": "De tre faste skøn for {name} Kommune (kr.; + = gevinst, − = udgift)",
            "en": "The three fixed estimates for {name} (DKK; + = gain, − = cost)",
        },
        "case.h.estimates": {"da": "Tre faste skøn", "en": "Three fixed estimates"},
        "case.h.monte_carlo": {
            "da": "Monte Carlo (én simulering for scenariet)",
            "en": "Monte Carlo (one simulation for the scenario)",
        },
        "case.col.npv": {"da": "Nutidsværdi", "en": "Present value"},
        "case.col.undiscounted": {
            "da": "Nettogevinst, udiskonteret",
            "en": "Net gain, undiscounted",
        },
        "case.col.payback": {"da": "Tilbagebetalt", "en": "Pays back"},
        "case.hist.title": {
            "da": "Nutidsværdi for {name} Kommune i {draws} Monte Carlo-trækninger (mio. kr.)",
            "en": "Present value for {name} in {draws} Monte Carlo draws (DKK m)",
        },
        "case.hist.count": {"da": "Antal trækninger", "en": "Draws"},
        "case.uncertainty.p_budget": {
            "da": "Sandsynlighed for at kommunen er tilbagebetalt i budgetperioden: {p}; inden for "
            "casens horisont: {h}.",
            "en": "Probability that the municipality pays back within the budget period: {p}; "
            "within the case's horizon: {h}.",
        },
        "case.uncertainty.break_even": {
            "da": "Break-even: {b} af effekten (i dette skøn) er nok til tilbagebetaling i "
            "budgetperioden; {h} inden for horisonten.",
            "en": "Break-even: {b} of the effect (at this estimate) pays back within the budget "
            "period; {h} within the horizon.",
        },
        "case.break_even_none": {"da": "heller ikke 10 gange", "en": "not even 10 times"},
        "case.h.leak": {
            "da": "Lækagen: hvor går bruttogevinsten hen?",
            "en": "The leak: where does the gross gain go?",
        },
        "case.leak.caption": {
            "da": "Bruttogevinsten fordelt efter, hvor den ender (kr., efter refusion, § 9 c og "
            "udligning)",
            "en": "The gross gain by where it ends up (DKK, after refusion, § 9 c and "
            "equalisation)",
        },
        "case.leak.gross": {"da": "Bruttogevinst i alt", "en": "Gross gain in total"},
        "case.leak.home": {"da": "Bliver i {name} Kommune", "en": "Stays in {name}"},
        "case.leak.state_refusion": {
            "da": "Til staten via refusion og medfinansiering",
            "en": "To the state through refusion and co-financing",
        },
        "case.leak.state_direct": {
            "da": "Hos staten direkte (statens udgifter og skat)",
            "en": "With the state directly (state expenses and tax)",
        },
        "case.leak.other_municipalities": {
            "da": "Hos andre kommuner (netto efter § 9 c-regninger)",
            "en": "With other municipalities (net of § 9 c bills)",
        },
        "case.leak.region": {"da": "Hos regionen", "en": "With the region"},
        "case.leak.equalisation": {"da": "Væk gennem udligning", "en": "Away through equalisation"},
        "case.leak.financing": {
            "da": "Tilbage gennem finansieringen (beskæftigelsestilskud, budgetgaranti, skattens "
            "timing)",
            "en": "Back through the financing system (employment grant, budget guarantee, tax "
            "timing)",
        },
        "case.leak.external": {"da": "Hos eksterne finansierende", "en": "With external funders"},
        "case.leak.moved_9c": {
            "da": "§ 9 c-regninger flyttede {amount} mellem kommunerne.",
            "en": "§ 9 c bills moved {amount} between the municipalities.",
        },
        "case.leak.no_gain": {
            "da": "Casen har ingen bruttogevinst at fordele.",
            "en": "The case has no gross gain to share out.",
        },
        "case.leak.title": {"da": "Andel af bruttogevinsten", "en": "Share of the gross gain"},
        "case.col.share": {"da": "Andel", "en": "Share"},
        "case.col.amount_kr": {"da": "Kr.", "en": "DKK"},
        "case.col.where": {"da": "Hvor", "en": "Where"},
        "case.col.p10": {"da": "P10", "en": "P10"},
        "case.col.p50": {"da": "P50", "en": "P50"},
        "case.col.p90": {"da": "P90", "en": "P90"},
        "case.payer.state": {"da": "Staten", "en": "State"},
        "case.payer.external": {"da": "Ekstern finansiering", "en": "External funding"},
        "case.payer.municipalities": {"da": "Øvrige kommuner", "en": "Other municipalities"},
        "case.flow.cost": {"da": "Investering", "en": "Investment"},
        "case.flow.gain": {"da": "Gevinst (brutto)", "en": "Gain (gross)"},
        "case.flow.refusion": {"da": "Refusion", "en": "Refusion"},
        "case.flow.transfer": {"da": "Mellemkommunal afregning", "en": "Inter-municipal bill"},
        "case.flow.equalisation": {"da": "Udligning", "en": "Equalisation"},
        "case.flow.financing": {
            "da": "Finansiering (tilskud, budgetgaranti, skattens timing)",
            "en": "Financing (grants, budget guarantee, timing of tax)",
        },
        "case.frame.none": {
            "da": "Uden for rammerne (skat, udligning)",
            "en": "Outside the frames (tax, equalisation)",
        },
        "case.per.week": {"da": "uge", "en": "week"},
        "case.per.year": {"da": "år", "en": "year"},
        "case.per.day": {"da": "dag", "en": "day"},
        "case.per.hour": {"da": "time", "en": "hour"},
        "case.per.case": {"da": "sag", "en": "case"},
    }
)

register(
    {
        # the rules in people's words, with the law they follow
        "case.rule.none": {
            "da": "ingen fordelingsregel (bruttoudgiften hos enhedens betaler)",
            "en": "no sharing rule (the gross expense stays with the unit's payer)",
        },
        "case.rule.staircase": {
            "da": "refusionstrappen (lov om kommunernes finansiering af visse offentlige ydelser § 5)",
            "en": "the refusion staircase (act on financing of certain benefits § 5)",
        },
        "case.rule.dagpenge-cofinancing": {
            "da": "kommunal medfinansiering af dagpenge",
            "en": "municipal co-financing of unemployment benefit",
        },
        "case.rule.fixed-65": {
            "da": "fast 65 % refusion (fleksjob begyndt før 2013)",
            "en": "fixed 65 % refusion (flexi-jobs begun before 2013)",
        },
        "case.rule.costly-cases": {
            "da": "særligt dyre enkeltsager (serviceloven § 176)",
            "en": "exceptionally costly individual cases (Social Services Act § 176)",
        },
        "case.rule.section-110": {
            "da": "50 % statsrefusion af ophold på en § 110-boform (serviceloven)",
            "en": "50 % state refusion of a stay in a § 110 shelter (Social Services Act)",
        },
        "case.rule.§ 9 c": {
            "da": "§ 9 c, mellemkommunal refusion (retssikkerhedsloven)",
            "en": "§ 9 c, inter-municipal reimbursement (Legal Protection Act)",
        },
        "case.rule.tax": {
            "da": "skat af ændret skattegrundlag",
            "en": "tax on the changed tax base",
        },
        "case.rule.equalisation": {
            "da": "udligning af ændret skattegrundlag",
            "en": "equalisation of the changed tax base",
        },
        "case.rule.budget-guarantee": {
            "da": "budgetgaranti: bloktilskuddet følger landets samlede overførselsudgifter, kommunen bærer sin andel",
            "en": "budget guarantee: the block grant follows the national transfers; the municipality carries its share",
        },
        "case.rule.employment-grant": {
            "da": "beskæftigelsestilskud (udligningsloven § 23 a): efterreguleres til landsdelens faktiske dagpengeudgifter året efter",
            "en": "employment grant (udligningsloven § 23 a): regulated to the landsdel's actual dagpenge spending the year after",
        },
        "case.rule.tax-timing": {
            "da": "skat og udligning når kommunen med statsgarantiens/efterreguleringens forsinkelse",
            "en": "tax and equalisation reach the municipality with the lag of the state guarantee or the settlement",
        },
    }
)


# ---------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class LoadedCase:
    """A saved case: its `cases` row (with the file's text) and the parsed case as written."""

    row: dict
    case: Case

    @property
    def home(self) -> int:
        return self.case.municipality

    @property
    def municipality_name(self) -> str:
        return self.row["municipality_name"] or str(self.home)


_PARSED: dict[tuple[str, int], Case] = {}
_REFERENCE: dict[tuple[int, str], Reference] = {}


def reference() -> Reference:
    """The reference data the database was built with, read once per open database.

    Read through a query file rather than `data.reference()`: that one's reader fetches one
    row with `fetchone()`, which in DuckDB 2.0 leaves an unfinished result on the thread's
    cursor, and every later query on that thread fails.
    """
    database = data.db()
    key = (id(database), str(database.path))
    if key not in _REFERENCE:
        rows = database.query("case_reference")
        _REFERENCE.clear()
        _REFERENCE[key] = (
            Reference.model_validate_json(rows["reference_json"][0])
            if rows.height
            else bundled_reference()
        )
    return _REFERENCE[key]


def parse_saved(row: dict, ref: Reference) -> Case:
    """The case as stored, parsed once per file content and reference (raises InputRejected).
    Filled at request time, never at import; a saved scenario changes the sha and the key."""
    key = (row["sha256"], id(ref))
    if key not in _PARSED:
        if len(_PARSED) > 256:
            _PARSED.clear()
        _PARSED[key] = parse_case(row["case_toml"], row["file_name"], ref)
    return _PARSED[key]


def load(case_id: object, ref: Reference | None = None) -> LoadedCase | str:
    """The saved case, or a message key (`case.unknown` / `case.forbidden` /
    `case.unreadable: …`). A case of a municipality the user may not see (or, for a
    politician, one not adopted) is refused and the refusal audit-logged; so is an id that
    does not exist, and `load_message` words both alike."""
    if not isinstance(case_id, str) or not case_id or len(case_id) > auth.MAX_ID:
        return "case.unknown"
    rows = data.db().query("case_header", case_id=case_id)
    if rows.is_empty():  # refused like another municipality's case: one answer for both
        auth.record_refusal(
            auth.Refused("auth.reason.case", object=case_id, id=case_id), "case.load"
        )
        return "case.unknown"
    row = rows.row(0, named=True)
    if not auth.user().may_see_case(row["municipality_code"], row["status"]):
        auth.record_refusal(
            auth.Refused(
                "auth.reason.case",
                object=case_id,
                municipality=row["municipality_code"],
                id=case_id,
            ),
            "case.load",
        )
        return "case.forbidden"
    try:
        return LoadedCase(row, parse_saved(row, ref or reference()))
    except InputRejected as exc:
        return "case.unreadable:" + "; ".join(str(p) for p in exc.problems)


def load_message(result: str, case_id: object, lang: str) -> str:
    if result.startswith("case.unreadable:"):
        return t("case.page.unreadable", lang).format(detail=result.split(":", 1)[1])
    # an unknown id and another municipality's case get the same answer (no enumeration)
    return auth.Refused("auth.reason.case", id=str(case_id)[:80]).message(lang)


def case_options(cases: pl.DataFrame) -> list[dict]:
    return [
        {"label": f"{r['name']} ({r['municipality_name']})", "value": r["case_id"]}
        for r in cases.iter_rows(named=True)
    ]


def scenario_options(case_id: str) -> list[dict]:
    """The case's scenarios by the title people see (the id stays the value, in the URL)."""
    rows = data.db().query("case_scenario_names", case_id=case_id)
    return [{"label": r["title"], "value": r["scenario"]} for r in rows.iter_rows(named=True)]


def flow_lines(case_id: str, scenario: str, estimate: str) -> pl.DataFrame:
    return data.db().query("case_flow_lines", case_id=case_id, scenario=scenario, estimate=estimate)


def payer_summary(case_id: str, scenario: str, estimate: str) -> pl.DataFrame:
    return data.db().query(
        "case_payer_summary", case_id=case_id, scenario=scenario, estimate=estimate
    )


def home_row(summary: pl.DataFrame, home: int) -> dict | None:
    rows = summary.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home))
    return rows.row(0, named=True) if rows.height else None


# ---------------------------------------------------------------------------------- labels


def payer_label(kind: str, code: int | None, ref: Reference, lang: str) -> str:
    if kind == "municipality" and code in ref.municipalities:
        return f"{ref.municipalities[code].name} ({code})"
    if kind == "region" and code in ref.regions:
        return ref.regions[code].name
    if kind in {"state", "municipalities"}:
        return t(f"case.payer.{kind}", lang)
    return t("case.payer.external", lang)


def rule_label(rule: str, lang: str) -> str:
    """People's words for a rule, with the stored code kept for traceability."""
    base = rule.split(":", 1)[0]
    key = f"case.rule.{base}"
    words = t(key, lang) if key in CATALOGUE else None
    return f"{words} [{rule}]" if words else rule


def flow_label(flow: str, lang: str) -> str:
    return t(f"case.flow.{flow}", lang) if flow in FLOW_KINDS else flow


def frame_label(frame: str | None, lang: str) -> str:
    """People's name of a budget frame code (`label.frame.*` in the catalogue); an unknown
    code is shown as it is stored rather than hidden."""
    if frame is None:
        return t("case.frame.none", lang)
    return frame_name(frame, "en" if lang == "en" else "da")


def status_text(row: dict, lang: str) -> str:
    if row["status"] == "adopted" and row["decided_on"] is not None:
        decided = row["decided_on"]
        if isinstance(decided, dt.datetime):
            decided = decided.date()
        return t("case.status.adopted", lang).format(
            date=fmt.date(decided, "en" if lang == "en" else "da")
        )
    return t("case.status.draft", lang)


def illustrative_units(case: Case, ref: Reference) -> list[str]:
    """Ids of the units the case's effects use whose cost is illustrative (or local)."""
    return sorted({uid for uid, view in resolve_units(case, ref).items() if view.illustrative})


# ---------------------------------------------------------------------------------- header


def header(loaded: LoadedCase, ref: Reference, lang: str) -> html.Div:
    row, case = loaded.row, loaded.case

    def item(label: ComponentType, value: ComponentType) -> list:
        return [html.Dt(label), html.Dd(value)]

    parts = [
        *item(t("case.municipality", lang), f"{loaded.municipality_name} ({loaded.home})"),
        *item(t("case.owner", lang), row["owner"]),
        *item(t("case.status", lang), html.Span(status_text(row, lang), id="case-status")),
        *item(t("case.target_group", lang), case.target_group.name),
        *item(t("case.source", lang), html.Span(row["source"], className="case-source")),
    ]
    illustrative = illustrative_units(case, ref)
    note = (
        [
            html.P(
                t("case.illustrative_units", lang).format(units=", ".join(illustrative)),
                className="illustrative case-illustrative",
                id="case-illustrative",
            )
        ]
        if illustrative
        else []
    )
    description = (
        [html.P(case.description, className="case-description")] if case.description else []
    )
    return html.Div([html.Dl(parts, className="case-facts"), *description, *note], id="case-header")


def kpis(summary: pl.DataFrame, loaded: LoadedCase, lang: str) -> html.Div:
    home = home_row(summary, loaded.home) or {}

    def kpi(label: ComponentType, value: str, kpi_id: str) -> html.Div:
        return html.Div(
            [html.Div(label, className="label"), html.Div(value, className="value", id=kpi_id)],
            className="kpi",
        )

    payback = home.get("payback_year")
    share = home.get("break_even_effect_budget_period")
    return html.Div(
        [
            kpi(
                term(
                    t("case.kpi.npv_home", lang).format(name=loaded.municipality_name), "npv", lang
                ),
                kr(home.get("npv_dkk"), lang),
                "case-npv-home",
            ),
            kpi(
                t("case.kpi.npv_all", lang),
                kr(float(summary["npv_dkk"].sum()), lang),
                "case-npv-all",
            ),
            kpi(
                term(t("case.kpi.payback", lang), "payback", lang),
                str(payback) if payback is not None else t("case.never", lang),
                "case-payback",
            ),
            kpi(
                term(t("case.kpi.p_budget", lang), "p_payback", lang),
                percent(home.get("p_payback_budget_period"), lang) or t("case.none", lang),
                "case-p-budget",
            ),
            kpi(
                term(t("case.kpi.break_even", lang), "break_even", lang),
                percent(share, lang) if share is not None else t("case.break_even_none", lang),
                "case-break-even",
            ),
        ],
        className="kpis",
        id="case-kpis",
    )


# ---------------------------------------------------------------------------------- J-curve


def _years(base_year: int, horizon: int) -> list[int]:
    return list(range(base_year, base_year + horizon))


def jcurve_data(
    lines: pl.DataFrame, home: int, home_name: str, years: list[int], ref: Reference, lang: str
) -> pl.DataFrame:
    """Per line and year: the net gain (kr., > 0 = saves more than it spends) and its running
    sum. Lines: the municipality in total, each of its departments, and every other payer
    group (other municipalities together, the region, the state, external funders)."""
    is_home = (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home)
    other = {"municipality": "other_municipality"}
    # the same silo names as the portfolio (`components.payers.receiver`), so a case's lines
    # add up to the portfolio's matrix
    labelled = lines.with_columns(
        pl.when(is_home)
        .then(pl.lit("department"))
        .otherwise(pl.col("payer_kind").replace(other))
        .alias("group"),
        pl.when(is_home)
        .then(pl.col("department").fill_null(home_name))
        .otherwise(
            pl.col("payer_kind").map_elements(
                lambda kind: receiver(kind, False, None, lang), return_dtype=pl.String
            )
        )
        .alias("line"),
        (-pl.col("amount_dkk")).alias("gain_dkk"),
    )
    total = (
        labelled.filter(is_home)
        .group_by("year")
        .agg(pl.col("gain_dkk").sum())
        .with_columns(
            pl.lit("total").alias("group"),
            pl.lit(t("case.jcurve.total", lang).format(name=home_name)).alias("line"),
        )
    )
    parts = labelled.group_by("group", "line", "year").agg(pl.col("gain_dkk").sum())
    combined = pl.concat([total.select(parts.columns), parts], how="vertical")
    grid = (
        combined.select("group", "line")
        .unique()
        .join(pl.DataFrame({"year": years}, schema={"year": pl.Int32}), how="cross")
    )
    filled = (
        grid.join(combined, on=["group", "line", "year"], how="left")
        .with_columns(pl.col("gain_dkk").fill_null(0.0))
        .sort("group", "line", "year")
    )
    order = {
        "total": 0,
        "department": 1,
        "other_municipality": 2,
        "region": 3,
        "state": 4,
        "municipalities": 5,
        "external": 6,
    }
    return (
        filled.with_columns(
            pl.col("gain_dkk").cum_sum().over("group", "line").alias("cumulative_gain_dkk"),
            pl.col("group").replace_strict(order, default=9).alias("_order"),
        )
        .sort("_order", "line", "year")
        .drop("_order")
    )


def jcurve_figure(
    curve: pl.DataFrame, lang: str, title: str | None = None, height: int = 420
) -> go.Figure:
    figure = go.Figure()
    palette = iter(colours.OKABE_ITO[1:] * 3)
    for (group, line), part in curve.group_by("group", "line", maintain_order=True):
        style: dict = {"width": 2}
        if group == "total":
            style = {"width": 4, "color": colours.PAYER["municipality"]}
        elif group == "department":
            style = {"width": 2, "color": next(palette)}
        else:
            style = {
                "width": 2,
                "dash": "dash",
                "color": colours.PAYER.get(str(group), colours.NEUTRAL),
            }
        figure.add_trace(
            go.Scatter(
                x=part["year"].to_list(),
                y=[v / 1e6 for v in part["cumulative_gain_dkk"]],
                name=str(line),
                mode="lines+markers",
                line=style,
                customdata=[mio(v, lang) for v in part["cumulative_gain_dkk"]],
                hovertemplate="%{x}: %{customdata}<extra>" + str(line) + "</extra>",
            )
        )
    figure.add_hline(y=0, line={"color": colours.NEUTRAL, "width": 1})
    figure.update_layout(
        title=title or t("case.jcurve.title", lang),
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        xaxis={"title": t("case.year", lang), "dtick": 1},
        yaxis={"title": "mio. kr." if lang != "en" else "DKK m"},
    )
    return figure


def jcurve_caption(payback_year: int | None, lang: str) -> str:
    if payback_year is None:
        return t("case.jcurve.caption_never", lang)
    return t("case.jcurve.caption", lang).format(year=payback_year)


# ---------------------------------------------------------------------------------- trace


@dataclass(frozen=True)
class EffectTrace:
    no: int
    effect: Effect
    unit: UnitView
    name: str
    price_dkk: float  # at the unit's own price level
    price_year: int


def trace_index(case: Case, ref: Reference, lang: str) -> dict[int, EffectTrace]:
    """Per effect number: the effect as the scenario has it and the unit cost behind it."""
    views = resolve_units(case, ref)
    out = {}
    for no, effect in enumerate(case.effect, start=1):
        view = views[effect.unit]
        catalogue = ref.units.get(effect.unit)
        local = next((u for u in case.unit if u.id == effect.unit), None)
        if catalogue is not None:
            name = catalogue.name_en if lang == "en" else catalogue.name
            price, year = catalogue.gross_dkk, catalogue.price_year
        else:
            assert local is not None
            name = (local.name_en or local.name) if lang == "en" else local.name
            price, year = local.gross_dkk, local.price_year or case.base_year
        out[no] = EffectTrace(no, effect, view, name, price, year)
    return out


def _number(value: float | Triple, lang: str, estimate: str) -> str:
    chosen: Estimate = estimate  # type: ignore[assignment]  # one of ESTIMATES (the page's)
    shown = value.pick(chosen) if isinstance(value, Triple) else float(value)
    if shown == int(shown):
        return fmt.number(shown, 0, "en" if lang == "en" else "da")
    text = f"{shown:.4f}".rstrip("0")
    return text.replace(".", ",") if lang != "en" else text


def effect_values(effect: Effect, estimate: str, lang: str) -> str:
    """The effect's numbers at the estimate, as they are written in the case file."""
    names = (
        "change_per_person",
        "baseline_weeks",
        "new_weeks",
        "prior_weeks",
        "share_of_persons",
        "deadweight",
        "start_offset",
        "duration_years",
        "host_municipality",
        "tax_base_per_unit",
    )
    parts = []
    for name in names:
        value = getattr(effect, name)
        if value is None:
            continue
        parts.append(f"{name} = {_number(value, lang, estimate)}")
    return ", ".join(parts)


def trace_lines(
    row: dict, effects: dict[int, EffectTrace], base_year: int, estimate: str, lang: str
) -> list:
    """What one stored flow row came from: effect (number, unit), unit cost (amount, price
    year, illustrative or not), rule and source."""
    frame = frame_label(row["budget_frame"], lang)
    amount = in_words(
        for_people(row["amount_dkk"]) or 0.0, "en" if lang == "en" else "da", million=False
    )
    items: list = []
    if row["effect_no"] is None:
        items.append(
            html.Li(t("case.trace.cost", lang).format(account=row["account"] or "—", amount=amount))
        )
    else:
        effect = effects.get(row["effect_no"])
        items.append(
            html.Li(
                [
                    html.Strong(
                        t("case.trace.effect", lang).format(
                            no=row["effect_no"],
                            unit=row["unit_id"],
                            name=effect.name if effect else row["unit_id"],
                        )
                    ),
                    " · ",
                    t("case.trace.amount", lang).format(amount=amount),
                    " · ",
                    t("case.trace.account", lang).format(
                        account=row["account"] or "—", frame=frame
                    ),
                ]
            )
        )
        if effect is not None:
            items.append(
                html.Li(
                    t("case.trace.effect_values", lang).format(
                        values=effect_values(effect.effect, estimate, lang)
                    )
                )
            )
            per = t(f"case.per.{effect.unit.per}", lang)
            cost = t("case.trace.unit_cost", lang).format(
                amount=kr(effect.price_dkk, lang),
                per=per,
                year=effect.price_year,
                base=kr(effect.unit.price_dkk, lang),
                base_year=base_year,
            )
            flags = []
            if effect.unit.illustrative:
                flags.append(html.Span(t("illustrative.note", lang), className="illustrative"))
            if effect.unit.local:
                flags.append(html.Span(" (" + t("case.trace.local_unit", lang) + ")"))
            items.append(html.Li([cost, " ", *flags], className="case-trace-unit"))
    items.append(html.Li(t("case.trace.rule", lang).format(rule=rule_label(row["rule"], lang))))
    items.append(
        html.Li(
            t("case.trace.source", lang).format(source=row["source"]), className="case-trace-source"
        )
    )
    return [html.Ul(items)]


def flow_groups(lines: pl.DataFrame) -> pl.DataFrame:
    """The table's grain: year × payer × department × flow kind, with the stored rows kept."""
    return (
        lines.with_row_index("_row")
        .group_by("year", "payer_kind", "payer_code", "department", "flow", maintain_order=True)
        .agg(pl.col("amount_dkk").sum(), pl.col("_row").alias("rows"))
    )


def flows_table(
    lines: pl.DataFrame,
    effects: dict[int, EffectTrace],
    base_year: int,
    estimate: str,
    ref: Reference,
    lang: str,
) -> html.Table:
    groups = flow_groups(lines)
    flow_order = {f: i for i, f in enumerate(FLOW_KINDS)}
    groups = groups.with_columns(
        pl.col("flow").replace_strict(flow_order, default=9).alias("_flow")
    ).sort("year", "payer_kind", "payer_code", "department", "_flow", nulls_last=False)
    cells, totals = thousands_columns([[for_people(v) for v in groups["amount_dkk"]]], lang)
    source_rows = lines.to_dicts()
    rows = []
    for i, group in enumerate(groups.iter_rows(named=True)):
        traced = [
            trace_lines(source_rows[r], effects, base_year, estimate, lang) for r in group["rows"]
        ]
        details = html.Details(
            [
                html.Summary(t("case.trace.open", lang), className="case-trace-summary"),
                html.Div([part for block in traced for part in block], className="case-trace"),
            ],
            id=f"case-trace-{i}",
            className="case-trace-details",
        )
        rows.append(
            [
                str(group["year"]),
                payer_label(group["payer_kind"], group["payer_code"], ref, lang),
                group["department"] or "",
                flow_label(group["flow"], lang),
                cells[i][0],
                details,
            ]
        )
    header_cells = [
        t("case.year", lang),
        t("case.col.payer", lang),
        t("case.col.department", lang),
        t("case.col.flow", lang),
        t("case.col.amount", lang),
        t("case.col.trace", lang),
    ]
    return table(
        t("case.flows.caption", lang),
        header_cells,
        rows,
        numeric=[4],
        table_id="case-flows-table",
        footer=[t("case.total", lang), "", "", "", totals[0], ""],
    )


# ---------------------------------------------------------------------------------- frames


def frames_data(lines: pl.DataFrame, home: int, years: list[int]) -> pl.DataFrame:
    """The investing municipality's net gain per year and budget frame (kr.; > 0 gains, the
    people's sign). Columns: year, one per frame of the economy agreement (and any other frame
    the flows name, in `FRAME_ORDER`), `outside` (no frame: tax, equalisation) and `financing`
    (what the employment grant, the budget guarantee and the tax timing give back or take, so a
    director sees when a service-frame investment is paid back in transfers only and how much
    of that the financing system keeps)."""
    own = lines.filter((pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home))
    present = set(own["budget_frame"].drop_nulls().unique().to_list()) | set(FRAMES)
    frames = sorted(
        present, key=lambda f: (FRAME_ORDER.index(f) if f in FRAME_ORDER else len(FRAME_ORDER), f)
    )
    out = pl.DataFrame({"year": years}, schema={"year": pl.Int32})
    financing = pl.col("flow") == "financing"
    for frame in [*frames, None, "financing"]:
        name = frame or "outside"
        cond = (
            financing
            if frame == "financing"
            else pl.col("budget_frame").is_null() & ~financing
            if frame is None
            else pl.col("budget_frame") == frame
        )
        per_year = own.filter(cond).group_by("year").agg((-pl.col("amount_dkk").sum()).alias(name))
        out = out.join(per_year, on="year", how="left").with_columns(pl.col(name).fill_null(0.0))
    return out.sort("year")


def frames_table(frames: pl.DataFrame, home_name: str, lang: str) -> html.Table:
    names = [c for c in frames.columns if c != "year"]
    columns = [frames[n].to_list() for n in names]
    columns.append([sum(v) for v in zip(*columns, strict=True)])
    cells, totals = thousands_columns(columns, lang)
    rows = [[str(year), *cells[i]] for i, year in enumerate(frames["year"].to_list())]
    labels = [
        t("case.flow.financing", lang)
        if n == "financing"
        else frame_label(None if n == "outside" else n, lang)
        for n in names
    ]
    header_cells = [
        t("case.year", lang),
        *(term(label, "frame", lang) if i == 0 else label for i, label in enumerate(labels)),
        t("case.total", lang),
    ]
    return table(
        t("case.frames.caption", lang).format(name=home_name),
        header_cells,
        rows,
        numeric=range(1, len(names) + 2),
        table_id="case-frames-table",
        footer=[t("case.total", lang), *totals],
    )


# ---------------------------------------------------------------------------------- uncertainty


def npv_draws(
    case: Case,
    ref: Reference,
    draws: int = MONTE_CARLO_DRAWS,
    seed: int = MONTE_CARLO_SEED,
    scenario: str | None = None,
) -> np.ndarray:
    """The investing municipality's NPV in every Monte Carlo draw of the scenario: stored at
    save (`store.cases.simulation_rows`) when `scenario` is given and a simulation with these
    draws and seed is stored; else the engine's own run (what the stored one must equal). The
    page reads `saved_draws` only: it never simulates."""
    if scenario is not None:
        stored = data.db().query(
            "case_stored_simulation", case_id=case.id, scenario=scenario, draws=draws, seed=seed
        )
        if stored.height:
            return np.asarray(stored["home_npv_dkk"][0].to_list(), dtype=float)
    return _npv_draws(case, ref, draws, seed)


def saved_draws(case_id: str, scenario: str) -> np.ndarray | None:
    """The Monte Carlo stored with the case's scenario when it was saved, whatever its number
    of draws (the stored P10/P50/P90 come from it); None if it was saved without one. Read,
    never recomputed: the expensive work is done once, at save."""
    stored = data.db().query("case_saved_simulation", case_id=case_id, scenario=scenario)
    if not stored.height:
        return None
    return np.asarray(stored["home_npv_dkk"][0].to_list(), dtype=float)


def _npv_draws(case: Case, ref: Reference, draws: int, seed: int) -> np.ndarray:
    """The engine's own simulation (the one `evaluate` stores the percentiles of)."""
    return monte_carlo(case, ref, draws, seed).home_npv


def histogram_figure(npv: np.ndarray, home_name: str, lang: str, bins: int = 40) -> go.Figure:
    """The draws binned here (40 bars), not in the browser: the page carries 40 counts
    instead of 10.000 values (a tenth of the case page's size), and draws it at once."""
    p10, p50, p90 = np.percentile(npv, [10, 50, 90])
    counts, edges = np.histogram(npv / 1e6, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    labels = [f"{mio(lo * 1e6, lang)} – {mio(hi * 1e6, lang)}" for lo, hi in pairwise(edges)]
    figure = go.Figure(
        go.Bar(
            x=centres.tolist(),
            y=counts.tolist(),
            width=float(edges[1] - edges[0]),
            marker={"color": colours.POSITIVE},
            customdata=labels,
            hovertemplate="%{customdata}: %{y}<extra></extra>",
        )
    )
    for label, value, dash in (("P10", p10, "dot"), ("P50", p50, "solid"), ("P90", p90, "dot")):
        figure.add_vline(
            x=value / 1e6,
            line={"color": colours.NEGATIVE, "dash": dash},
            annotation_text=f"{label}: {mio(value, lang)}",
            annotation_position="top",
        )
    draws = fmt.number(len(npv), 0, "en" if lang == "en" else "da")
    figure.update_layout(
        title=t("case.hist.title", lang).format(name=home_name, draws=draws),
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        height=360,
        bargap=0.05,
        margin={"l": 60, "r": 20, "t": 80, "b": 40},
        xaxis={"title": "mio. kr." if lang != "en" else "DKK m"},
        yaxis={"title": t("case.hist.count", lang)},
    )
    return figure


def scenario_payers(summaries: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every payer of the scenario, whichever estimate has it: the Monte Carlo is one
    simulation per case and scenario, but a payer only has a summary row in the estimates
    where it has flows (Tidlig indsats' low estimate, no effect, has neither the state nor
    the other municipalities), so one estimate's rows alone would show a shorter table."""
    frames = [summaries[e] for e in ESTIMATES if not summaries[e].is_empty()]
    if not frames:
        return next(iter(summaries.values()))
    return pl.concat(frames, how="vertical_relaxed").unique(
        ["payer_kind", "payer_code"], keep="first", maintain_order=True
    )


def uncertainty_table(
    summary: pl.DataFrame, ref: Reference, lang: str, draws_count: int = MONTE_CARLO_DRAWS
) -> html.Table:
    """The scenario's Monte Carlo per payer, once (it does not depend on the estimate), with
    the number of draws it was stored with."""
    rows = [
        [
            payer_label(r["payer_kind"], r["payer_code"], ref, lang),
            kr(r["npv_p10_dkk"], lang),
            kr(r["npv_p50_dkk"], lang),
            kr(r["npv_p90_dkk"], lang),
        ]
        for r in summary.iter_rows(named=True)
    ]
    draws = fmt.number(draws_count, 0, "en" if lang == "en" else "da")
    header_cells = [
        t("case.col.payer", lang),
        term(t("case.col.p10", lang), "p10_p90", lang),
        t("case.col.p50", lang),
        t("case.col.p90", lang),
    ]
    return table(
        t("case.uncertainty.caption", lang).format(draws=draws),
        header_cells,
        rows,
        numeric=range(1, 4),
        table_id="case-uncertainty-table",
    )


def estimates_table(
    by_estimate: dict[str, dict | None], home_name: str, chosen: str, lang: str
) -> html.Table:
    """The investing municipality at the three fixed estimates: present value, undiscounted
    net gain (people's sign) and payback — each estimate's own figures, nothing simulated."""
    rows = []
    for estimate in ESTIMATES:
        home = by_estimate.get(estimate) or {}
        label = t(f"case.estimate.{estimate}", lang)
        payback = home.get("payback_year")
        rows.append(
            [
                html.Strong(label) if estimate == chosen else label,
                kr(home.get("npv_dkk"), lang),
                kr(for_people(home.get("undiscounted_net_dkk")), lang),
                str(payback) if payback is not None else t("case.never", lang),
            ]
        )
    header_cells = [
        term(t("case.estimate", lang), "estimate", lang),
        term(t("case.col.npv", lang), "npv", lang),
        t("case.col.undiscounted", lang),
        term(t("case.col.payback", lang), "payback", lang),
    ]
    return table(
        t("case.estimates.caption", lang).format(name=home_name),
        header_cells,
        rows,
        numeric=range(1, 4),
        table_id="case-estimates-table",
    )


def uncertainty_notes(home: dict | None, lang: str) -> list:
    if not home:
        return []

    def share(value: float | None) -> str:
        return percent(value, lang) if value is not None else t("case.break_even_none", lang)

    return [
        html.P(
            t("case.uncertainty.p_budget", lang).format(
                p=percent(home["p_payback_budget_period"], lang) or t("case.none", lang),
                h=percent(home["p_payback_horizon"], lang) or t("case.none", lang),
            ),
            id="case-p-payback",
        ),
        html.P(
            t("case.uncertainty.break_even", lang).format(
                b=share(home["break_even_effect_budget_period"]),
                h=share(home["break_even_effect_horizon"]),
            ),
            id="case-break-even-note",
        ),
    ]


# ---------------------------------------------------------------------------------- leak

LEAK_PARTS = (
    "home",
    "state_refusion",
    "state_direct",
    "other_municipalities",
    "region",
    "equalisation",
    "financing",
    "external",
)


def leak(lines: pl.DataFrame, home: int) -> dict[str, float]:
    """Where the gross gain ends up (kr., > 0 = a gain for that place).

    Gross gain = minus the sum of every payer's `gain` flows (all effects' changes in gross
    expense and tax, before refusion, bills and equalisation). Each part is minus the sum of
    a group's non-cost flows: the investing municipality; the state split into what it keeps
    through refusion/co-financing, what it gains directly, and what it holds as counterparty
    of equalisation; other municipalities (net of § 9 c bills); the region; external
    funders. Moves sum to zero, so the parts add up to the gross gain exactly.
    """
    effects = lines.filter(pl.col("flow") != "cost")
    kind, flow = pl.col("payer_kind"), pl.col("flow")
    is_home = (kind == "municipality") & (pl.col("payer_code") == home)
    conditions = {
        "home": is_home,
        "state_refusion": (kind == "state") & (flow == "refusion"),
        "state_direct": (kind == "state") & ~flow.is_in(["refusion", "equalisation", "financing"]),
        "other_municipalities": (kind == "municipality") & ~is_home,
        "region": kind == "region",
        "equalisation": kind.is_in(["state", "municipalities"]) & (flow == "equalisation"),
        # the state's and the other municipalities' side of the financing feedback
        "financing": kind.is_in(["state", "municipalities"]) & (flow == "financing"),
        "external": kind == "external",
    }
    parts = {
        name: -float(effects.filter(cond)["amount_dkk"].sum()) for name, cond in conditions.items()
    }
    parts["gross"] = -float(lines.filter(flow == "gain")["amount_dkk"].sum())
    parts["moved_9c"] = float(
        lines.filter((flow == "transfer") & (pl.col("amount_dkk") > 0))["amount_dkk"].sum()
    )
    return parts


def leak_shares(parts: dict[str, float]) -> dict[str, float] | None:
    gross = parts["gross"]
    if gross <= 0.005:
        return None
    return {name: parts[name] / gross for name in LEAK_PARTS}


def leak_view(parts: dict[str, float], home_name: str, lang: str) -> list:
    shares = leak_shares(parts)
    if shares is None:
        return [html.P(t("case.leak.no_gain", lang), id="case-leak-none")]
    shown = [name for name in LEAK_PARTS if name == "home" or abs(parts[name]) >= 0.5]
    labels = {name: t(f"case.leak.{name}", lang).format(name=home_name) for name in shown}
    terms = {
        "state_refusion": "refusion",
        "other_municipalities": "9c",
        "equalisation": "equalisation",
        "financing": "financing",
    }
    rows = [
        [
            term(labels[n], terms[n], lang) if n in terms else labels[n],
            kr(parts[n], lang),
            percent(shares[n], lang),
        ]
        for n in shown
    ]
    caption = t("case.leak.caption", lang)
    body = table(
        caption,
        [t("case.col.where", lang), t("case.col.amount_kr", lang), t("case.col.share", lang)],
        rows,
        numeric=[1, 2],
        table_id="case-leak-table",
        footer=[t("case.leak.gross", lang), kr(parts["gross"], lang), percent(1.0, lang)],
    )
    figure = go.Figure(
        go.Bar(
            x=[shares[n] * 100 for n in shown],
            y=[labels[n] for n in shown],
            orientation="h",
            marker={
                "color": [
                    colours.PAYER["municipality"]
                    if n == "home"
                    else colours.PAYER["state"]
                    if n.startswith("state")
                    else colours.PAYER["other_municipality"]
                    if n == "other_municipalities"
                    else colours.PAYER["region"]
                    if n == "region"
                    else colours.NEUTRAL
                    for n in shown
                ]
            },
            text=[percent(shares[n], lang) for n in shown],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        title=t("case.leak.title", lang),
        height=80 + 45 * len(shown),
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        margin={"l": 20, "r": 20, "t": 50, "b": 30},
        xaxis={"ticksuffix": " %" if lang != "en" else "%"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    notes = []
    if parts["moved_9c"] >= 0.5:
        notes.append(
            html.P(
                t("case.leak.moved_9c", lang).format(amount=kr(parts["moved_9c"], lang)),
                className="note",
            )
        )
    return [body, *notes, deferred_graph("case-leak-chart", figure)]


# ---------------------------------------------------------------------------------- the page


def _section(section_id: str, title: ComponentType, children: list) -> html.Section:
    return html.Section(
        [html.H2(title, id=f"{section_id}-h"), *children],
        id=section_id,
        className="case-section",
        **aria("labelledby", f"{section_id}-h"),
    )


def flows_for(
    loaded: LoadedCase, scenario: str, estimate: str, year: int | None, lang: str
) -> html.Table | html.P:
    """The flows table for one year (or all): the year filter's callback."""
    ref = reference()
    lines = flow_lines(loaded.case.id, scenario, estimate)
    if year is not None:
        lines = lines.filter(pl.col("year") == year)
    if lines.is_empty() or scenario not in loaded.case.scenario_names:
        return html.P(t("case.no_rows", lang).format(scenario=scenario, estimate=estimate))
    variant = loaded.case.with_scenario(scenario)
    return flows_table(
        lines, trace_index(variant, ref, lang), variant.base_year, estimate, ref, lang
    )


def monte_carlo_part(
    draws: np.ndarray | None,
    monte_carlo: pl.DataFrame,
    home: dict | None,
    name: str,
    ref: Reference,
    lang: str,
) -> list:
    """The scenario's stored Monte Carlo: what it is, P10/P50/P90 per payer and the histogram
    of its draws; a note instead where the case was saved without its simulation."""
    if draws is None:
        percentiles = monte_carlo.filter(pl.col("npv_p10_dkk").is_not_null())
        return [
            html.P(
                t("case.uncertainty.not_stored", lang),
                id="case-monte-carlo-explain",
                className="note",
            ),
            *([uncertainty_table(percentiles, ref, lang)] if percentiles.height else []),
            *uncertainty_notes(home, lang),
        ]
    count = fmt.number(len(draws), 0, "en" if lang == "en" else "da")
    return [
        html.P(
            t("case.uncertainty.explain", lang).format(draws=count),
            id="case-monte-carlo-explain",
            className="note",
        ),
        uncertainty_table(monte_carlo, ref, lang, len(draws)),
        *uncertainty_notes(home, lang),
        deferred_graph("case-histogram", histogram_figure(draws, name, lang)),
    ]


def case_body(loaded: LoadedCase, scenario: str, estimate: str, lang: str) -> list:
    """Everything below the selectors for one scenario and estimate, from the saved rows
    (and, for the histogram, the engine's draws on the case as the scenario has it)."""
    ref = reference()
    case_id = loaded.case.id
    lines = flow_lines(case_id, scenario, estimate)
    summary = payer_summary(case_id, scenario, estimate)
    if lines.is_empty() or scenario not in loaded.case.scenario_names:
        return [
            html.P(
                t("case.no_rows", lang).format(scenario=scenario, estimate=estimate),
                role="alert",
                id="case-message",
            )
        ]
    variant = loaded.case.with_scenario(scenario)
    name = loaded.municipality_name
    years = _years(variant.base_year, variant.horizon_years)
    home = home_row(summary, loaded.home)
    curve = jcurve_data(lines, loaded.home, name, years, ref, lang)
    effects = trace_index(variant, ref, lang)
    draws = saved_draws(case_id, scenario)
    summaries = {
        e: summary if e == estimate else payer_summary(case_id, scenario, e) for e in ESTIMATES
    }
    by_estimate = {
        e: home if e == estimate else home_row(summaries[e], loaded.home) for e in ESTIMATES
    }
    monte_carlo = scenario_payers(summaries)
    budget_year, period = case_budget_period(data.db(), loaded.home, variant.base_year)
    return [
        kpis(summary, loaded, lang),
        _section(
            "case-section-jcurve",
            term(t("case.h.jcurve", lang), "jcurve", lang),
            [
                html.Figure(
                    [
                        deferred_graph("case-jcurve", jcurve_figure(curve, lang)),
                        html.Figcaption(
                            jcurve_caption(home["payback_year"] if home else None, lang),
                            className="note",
                        ),
                    ]
                )
            ],
        ),
        _section(
            "case-section-flows",
            t("case.h.flows", lang),
            [
                html.Label(
                    [
                        t("case.flows.year", lang),
                        dcc.Dropdown(
                            id="case-flows-year",
                            value="all",
                            clearable=False,
                            options=[
                                {"label": t("case.flows.all_years", lang), "value": "all"},
                                *({"label": str(y), "value": y} for y in years),
                            ],
                        ),
                    ],
                    className="filter no-print case-flows-filter",
                ),
                html.Div(
                    flows_table(lines, effects, variant.base_year, estimate, ref, lang),
                    id="case-flows",
                ),
            ],
        ),
        _section(
            "case-section-frames",
            term(t("case.h.frames", lang), "frame", lang),
            [frames_table(frames_data(lines, loaded.home, years), name, lang)],
        ),
        financing_section(lines, loaded.home, lang),
        frame_consequences_section(lines, loaded.home, name, period, budget_year, lang),
        _section(
            "case-section-uncertainty",
            term(t("case.h.uncertainty", lang), "monte_carlo", lang),
            [
                html.H3(term(t("case.h.estimates", lang), "estimate", lang)),
                estimates_table(by_estimate, name, estimate, lang),
                html.H3(term(t("case.h.monte_carlo", lang), "monte_carlo", lang)),
                *monte_carlo_part(draws, monte_carlo, home, name, ref, lang),
            ],
        ),
        _section(
            "case-section-leak",
            term(t("case.h.leak", lang), "leak", lang),
            leak_view(leak(lines, loaded.home), name, lang),
        ),
    ]
