"""Scenarios view (politicians): two to four variants side by side, by committee and year.

A variant is a case, scenario and estimate, written `case:scenario:estimate` in the URL
(`?v=…&v=…`), so a comparison can be linked and printed. Pure functions from the query frames
(`models/queries/scenarios_*.sql`) to tables, a figure and the plain-language summary; the page
module wires them to Dash. `load_variant` and `scenarios_body` read the app's database through
`data.db()` (or a `Database` given to them); nothing else here needs a running app.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from dashboards import data
from dashboards.components import colours
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, mio, percent, thousands
from dashboards.components.shell import href
from dashboards.components.tables import table
from dashboards.i18n import register, t, valid_lang
from gevinst.reports.plain_language import chance, estimate_word, summarise
from gevinst.reports.scenario_frames import (
    PAYER_GROUPS,
    VariantFrames,
    committee_years,
    home_summary,
    illustrative_units,
    payer_group_npv,
    silo_label,
)
from gevinst.store.reader import Database

MAX_VARIANTS = 4
ESTIMATES = ("low", "central", "high")
# one colour and one bar pattern per variant: tells them apart in colour-blindness and on paper
VARIANT_COLOURS = colours.OKABE_ITO[:MAX_VARIANTS]
VARIANT_PATTERNS = ["", "/", ".", "x"]

register(
    {
        "scenarios.title": {"da": "Scenarier side om side", "en": "Scenarios side by side"},
        "scenarios.intro": {
            "da": "Sammenlign to til fire varianter af investeringscases: hvem investerer, hvor "
            "lander gevinsten, og hvornår er investeringen tjent hjem. Valget gemmes i "
            "adressen, så siden kan deles og printes.",
            "en": "Compare two to four variants of investment cases: who invests, where the gain "
            "lands, and when the investment is earned back. The choice is kept in the "
            "address, so the page can be shared and printed.",
        },
        "scenarios.variant": {"da": "Variant {i}", "en": "Variant {i}"},
        "scenarios.case": {"da": "Case", "en": "Case"},
        "scenarios.scenario": {"da": "Scenarie", "en": "Scenario"},
        "scenarios.estimate": {"da": "Skøn", "en": "Estimate"},
        "scenarios.none": {"da": "(ingen)", "en": "(none)"},
        "scenarios.download": {"da": "Hent som Excel", "en": "Download as Excel"},
        "scenarios.print_link": {"da": "Printvenlig side", "en": "Printable page"},
        "scenarios.print_now": {"da": "Print siden", "en": "Print this page"},
        "scenarios.back": {
            "da": "Tilbage til valg af varianter",
            "en": "Back to choosing variants",
        },
        "scenarios.summary": {"da": "Sammenfatning", "en": "Summary"},
        "scenarios.key": {"da": "Nøgletal", "en": "Key figures"},
        "scenarios.key.caption": {
            "da": "Nøgletal for hver variant (kommunen = den investerende kommune)",
            "en": "Key figures for each variant (municipality = the investing municipality)",
        },
        "scenarios.by_committee": {
            "da": "Netto pr. udvalg og betaler",
            "en": "Net per committee and payer",
        },
        "scenarios.by_committee.caption": {
            "da": "Nettogevinst over hele perioden pr. udvalg og betaler, 1.000 kr. (+ = gevinst, "
            "− = udgift), udiskonteret",
            "en": "Net gain over the whole period per committee and payer, DKK 1,000 (+ = gain, "
            "− = cost), undiscounted",
        },
        "scenarios.by_year": {"da": "Pr. udvalg og år", "en": "Per committee and year"},
        "scenarios.by_year.caption": {
            "da": "{name}: nettogevinst pr. udvalg og år, 1.000 kr. (+ = gevinst, − = udgift)",
            "en": "{name}: net gain per committee and year, DKK 1,000 (+ = gain, − = cost)",
        },
        "scenarios.rounding": {
            "da": "Beløbene er afrundet til hele 1.000 kr., så rækker og kolonner summer.",
            "en": "Amounts are rounded to whole DKK 1,000 so that rows and columns add up.",
        },
        "scenarios.npv_chart": {
            "da": "Nutidsværdi pr. betaler og variant (mio. kr., + = gevinst)",
            "en": "Present value per payer and variant (DKK m, + = gain)",
        },
        "scenarios.sources": {"da": "Kilder og antagelser", "en": "Sources and assumptions"},
        "scenarios.trace": {
            "da": "Se hvert tal med enhedspris, regel og kilde på case-siden",
            "en": "See every figure with unit cost, rule and source on the case page",
        },
        "scenarios.case_source": {"da": "Casens kilde", "en": "Case source"},
        "scenarios.unit_source": {"da": "Enhedspriser", "en": "Unit costs"},
        "scenarios.illustrative": {"da": "illustrativ", "en": "illustrative"},
        "scenarios.all_sourced": {"da": "alle med kilde", "en": "all sourced"},
        "scenarios.partly_illustrative": {"da": "delvis illustrative", "en": "partly illustrative"},
        "scenarios.unknown": {
            "da": "Varianten {key} findes ikke i databasen (ukendt case, scenarie eller skøn).",
            "en": "The variant {key} is not in the database (unknown case, scenario or estimate).",
        },
        "scenarios.pick_two": {
            "da": "Vælg mindst to varianter for at sammenligne.",
            "en": "Pick at least two variants to compare.",
        },
        "scenarios.empty": {
            "da": "Der er ingen evaluerede cases i databasen endnu.",
            "en": "There are no evaluated cases in the database yet.",
        },
        "scenarios.made": {"da": "Udskrevet fra gevinst", "en": "Printed from gevinst"},
        "row.municipality": {"da": "Kommune", "en": "Municipality"},
        "row.investment": {"da": "Investering, kommunen", "en": "Investment, municipality"},
        "row.external": {"da": "Investering, andre betalere", "en": "Investment, other payers"},
        "row.npv": {"da": "Nutidsværdi", "en": "Present value"},
        "row.npv_group": {"da": "Nutidsværdi, {group}", "en": "Present value, {group}"},
        "row.npv_all": {"da": "Nutidsværdi, alle betalere", "en": "Present value, all payers"},
        "row.npv_band": {
            "da": "Usikkerhed, kommunen (P10–P90, Monte Carlo for scenariet, uanset skøn)",
            "en": "Uncertainty, municipality (P10–P90, Monte Carlo for the scenario, "
            "whatever the estimate)",
        },
        "row.payback": {
            "da": "Kommunen har tjent investeringen hjem",
            "en": "Municipality earns it back",
        },
        "row.p_budget": {
            "da": "Sandsynlighed for det i budgetperioden",
            "en": "Probability of that in the budget period",
        },
        "row.break_even_budget": {
            "da": "Nødvendig effekt, budgetperioden",
            "en": "Effect needed, budget period",
        },
        "row.break_even_horizon": {
            "da": "Nødvendig effekt, hele perioden",
            "en": "Effect needed, whole period",
        },
        "row.units": {"da": "Enhedspriser", "en": "Unit costs"},
        "col.silo": {"da": "Udvalg / betaler", "en": "Committee / payer"},
        "col.total": {"da": "I alt", "en": "Total"},
        "col.measure": {"da": "Nøgletal", "en": "Figure"},
        "scenarios.never": {"da": "ikke inden for perioden", "en": "not within the period"},
        "scenarios.not_even_10x": {"da": "over 10 gange", "en": "over 10 times"},
    }
)


@dataclass(frozen=True)
class Variant:
    case_id: str
    scenario: str
    estimate: str

    @property
    def key(self) -> str:
        return f"{self.case_id}:{self.scenario}:{self.estimate}"

    @classmethod
    def parse(cls, text: object) -> Variant | None:
        """`case:scenario:estimate` → Variant; None for anything else a client may send."""
        if not isinstance(text, str) or len(text) > 300:
            return None
        parts = text.split(":")
        if len(parts) != 3 or not all(parts) or parts[2] not in ESTIMATES:
            return None
        return cls(*parts)


def parse_variants(values: object) -> list[Variant]:
    """The `v` query values (one string or a list) → up to four distinct variants."""
    items = values if isinstance(values, list | tuple) else [values]
    result: list[Variant] = []
    for item in items:
        variant = Variant.parse(item)
        if variant is not None and variant not in result:
            result.append(variant)
    return result[:MAX_VARIANTS]


def from_controls(cases: list, scenarios: list, estimates: list) -> list[Variant]:
    """The dropdowns' values (slot by slot) → the variants picked, validated."""
    picked = []
    for case_id, scenario, estimate in zip(cases, scenarios, estimates, strict=False):
        if isinstance(case_id, str) and isinstance(scenario, str) and case_id and scenario:
            chosen = estimate if estimate in ESTIMATES else "central"
            picked.append(f"{case_id}:{scenario}:{chosen}")
    return parse_variants(picked)


def default_variants(options: pl.DataFrame) -> list[Variant]:
    """The first case's basis and its other scenarios, central estimate (two to four)."""
    if options.is_empty():
        return []
    first = sorted(options["case_id"].unique().to_list())[0]
    scenarios = scenario_names(options, first)
    return [Variant(first, s, "central") for s in scenarios[:MAX_VARIANTS]]


def scenario_names(options: pl.DataFrame, case_id: object) -> list[str]:
    if not isinstance(case_id, str):
        return []
    names = options.filter(pl.col("case_id") == case_id)["scenario"].unique().to_list()
    return sorted(names, key=lambda s: (s != "basis", s))


def case_options(options: pl.DataFrame) -> list[dict]:
    cases = options.select("case_id", "name", "municipality_name").unique().sort("case_id")
    return [
        {"label": f"{r['name']} ({r['municipality_name']})", "value": r["case_id"]}
        for r in cases.iter_rows(named=True)
    ]


def scenario_options(options: pl.DataFrame, case_id: object) -> list[dict]:
    """The case's scenarios by the title people see; the id stays the value (in the URL)."""
    titles = (
        {
            r["scenario"]: r["scenario_title"]
            for r in options.filter(pl.col("case_id") == case_id)
            .select("scenario", "scenario_title")
            .iter_rows(named=True)
        }
        if "scenario_title" in options.columns and isinstance(case_id, str)
        else {}
    )
    return [{"label": titles.get(s, s), "value": s} for s in scenario_names(options, case_id)]


def estimate_options(lang: str) -> list[dict]:
    return [{"label": estimate_word(e, valid_lang(lang)), "value": e} for e in ESTIMATES]


def search_for(variants: list[Variant], lang: str, printable: bool = False) -> str:
    """The query string that reproduces the page: `?v=…&v=…[&lang=en][&print=1]`."""
    params: list[tuple[str, str]] = [("v", v.key) for v in variants]
    if lang == "en":
        params.append(("lang", "en"))
    if printable:
        params.append(("print", "1"))
    return "?" + urlencode(params, safe=":") if params else ""


def load_variant(database: Database, variant: Variant) -> VariantFrames | None:
    """The variant's frames from the database; None when it has no evaluation there."""
    params = {
        "case_id": variant.case_id,
        "scenario": variant.scenario,
        "estimate": variant.estimate,
    }
    summary = database.query("scenarios_summary", **params)
    if summary.is_empty():
        return None
    first = summary.row(0, named=True)
    case = {
        k: first[k]
        for k in (
            "case_id",
            "scenario",
            "estimate",
            "name",
            "municipality_code",
            "municipality_name",
            "owner",
            "base_year",
            "horizon_years",
            "case_source",
        )
    }
    case["scenario_title"] = first.get("scenario_title") or variant.scenario
    case["scenario_description"] = first.get("scenario_description")
    return VariantFrames(
        case,
        database.query("scenarios_flows", **params),
        summary,
        database.query("scenarios_units", **params),
    )


def short_label(v: VariantFrames, i: int, lang: str) -> str:
    estimate = estimate_word(str(v.case["estimate"]), valid_lang(lang))
    title = v.case.get("scenario_title") or v.case["scenario"]
    return f"{i}. {v.case['name']} — {title}, {estimate}"


def _unit_note(v: VariantFrames, lang: str) -> html.Span:
    if illustrative_units(v, "en" if lang == "en" else "da"):
        return html.Span(
            term(t("scenarios.partly_illustrative", lang), "illustrative", lang),
            className="illustrative",
        )
    return html.Span(t("scenarios.all_sourced", lang))


def key_figures(variants: list[VariantFrames], lang: str) -> html.Table:
    """Measures as rows, one column per variant: the side-by-side a committee reads first."""
    homes = [home_summary(v) for v in variants]
    groups = [payer_group_npv(v) for v in variants]
    costs = [
        (
            float(
                v.flows.filter((pl.col("flow") == "cost") & pl.col("is_home"))["amount_dkk"].sum()
            ),
            float(
                v.flows.filter((pl.col("flow") == "cost") & ~pl.col("is_home"))["amount_dkk"].sum()
            ),
        )
        for v in variants
    ]

    def p(value: float | None) -> str:
        return "" if value is None else chance(float(value), "en" if lang == "en" else "da")

    def share(value: float | None) -> str:
        return t("scenarios.not_even_10x", lang) if value is None else percent(float(value), lang)

    def year(value: object) -> str:
        return t("scenarios.never", lang) if value is None else str(value)

    rows: list[list] = [
        [t("row.municipality", lang), *(v.case["municipality_name"] for v in variants)],
        [
            term(t("scenarios.scenario", lang), "scenario", lang),
            *(
                html.Span(
                    str(v.case.get("scenario_title") or v.case["scenario"]),
                    title=str(v.case.get("scenario_description") or ""),
                )
                for v in variants
            ),
        ],
        [
            term(t("scenarios.estimate", lang), "estimate", lang),
            *(estimate_word(str(v.case["estimate"]), valid_lang(lang)) for v in variants),
        ],
        [t("row.investment", lang), *(mio(c, lang) for c, _ in costs)],
    ]
    if any(abs(o) >= 0.5 for _, o in costs):
        rows.append([t("row.external", lang), *(mio(o, lang) for _, o in costs)])
    for group in PAYER_GROUPS:
        if group != "home" and not any(abs(g[group]) >= 0.5 for g in groups):
            continue
        label = silo_label(group, valid_lang(lang)).lower()
        rows.append(
            [
                html.Span([term(t("row.npv", lang), "npv", lang), f", {label}"]),
                *(mio(g[group], lang) for g in groups),
            ]
        )
    rows += [
        [t("row.npv_all", lang), *(mio(sum(g.values()), lang) for g in groups)],
        [
            term(t("row.npv_band", lang), "p10_p90", lang),
            *(
                f"{mio(h.get('npv_p10_dkk'), lang)} – {mio(h.get('npv_p90_dkk'), lang)}"
                if h.get("npv_p10_dkk") is not None
                else ""
                for h in homes
            ),
        ],
        [
            term(t("row.payback", lang), "payback", lang),
            *(year(h.get("payback_year")) for h in homes),
        ],
        [
            term(t("row.p_budget", lang), "p_payback", lang),
            *(p(h.get("p_payback_budget_period")) for h in homes),
        ],
        [
            term(t("row.break_even_budget", lang), "break_even", lang),
            *(share(h.get("break_even_effect_budget_period")) for h in homes),
        ],
        [
            term(t("row.break_even_horizon", lang), "break_even", lang),
            *(share(h.get("break_even_effect_horizon")) for h in homes),
        ],
        [t("row.units", lang), *(_unit_note(v, lang) for v in variants)],
    ]
    header = [
        t("col.measure", lang),
        *(short_label(v, i, lang) for i, v in enumerate(variants, start=1)),
    ]
    return table(
        t("scenarios.key.caption", lang),
        header,
        rows,
        numeric=range(1, len(variants) + 1),
        table_id="scenarios-key",
    )


def committee_totals(variants: list[VariantFrames], lang: str) -> html.Table:
    """Committees and payers as rows, one column per variant: net over the whole period."""
    language = "en" if lang == "en" else "da"
    tables = [committee_years(v, valid_lang(language)) for v in variants]
    silos: list[str] = []
    for ct in tables:
        silos += [s for s in ct.silos if s not in silos]
    # keep the variants' own order: home committees, departments, then the other payers
    order = {
        s: min(ct.silos.index(s) + 100 * _rank(s, language) for ct in tables if s in ct.silos)
        for s in silos
    }
    silos.sort(key=lambda s: order[s])
    rows = [
        [
            s,
            *(
                thousands(dict(zip(ct.silos, ct.row_totals, strict=True)).get(s, 0), lang)
                for ct in tables
            ),
        ]
        for s in silos
    ]
    footer = [t("col.total", lang), *(thousands(ct.total, lang) for ct in tables)]
    header = [
        term(t("col.silo", lang), "committee", lang),
        *(short_label(v, i, lang) for i, v in enumerate(variants, start=1)),
    ]
    return table(
        t("scenarios.by_committee.caption", lang),
        header,
        rows,
        numeric=range(1, len(variants) + 1),
        table_id="scenarios-committees",
        footer=footer,
    )


def _rank(silo: str, lang: str) -> int:
    for rank, group in enumerate(
        ("other_municipality", "region", "state", "municipalities", "external"), start=2
    ):
        if silo_label(group, valid_lang(lang)) == silo:
            return rank
    return 0


def committee_year_table(v: VariantFrames, i: int, lang: str) -> html.Table:
    ct = committee_years(v, "en" if lang == "en" else "da")
    rows = [
        [silo, *(thousands(x, lang) for x in cells), thousands(total, lang)]
        for silo, cells, total in zip(ct.silos, ct.thousands, ct.row_totals, strict=True)
    ]
    footer = [
        t("col.total", lang),
        *(thousands(x, lang) for x in ct.year_totals),
        thousands(ct.total, lang),
    ]
    header = [t("col.silo", lang), *(str(y) for y in ct.years), t("col.total", lang)]
    caption = t("scenarios.by_year.caption", lang).format(name=short_label(v, i, lang))
    return table(
        caption,
        header,
        rows,
        numeric=range(1, len(ct.years) + 2),
        table_id=f"scenarios-years-{i}",
        footer=footer,
    )


def npv_figure(variants: list[VariantFrames], lang: str, printable: bool = False) -> go.Figure:
    """Grouped bars: present value per payer group (x) for each variant (one colour and
    pattern each)."""
    language = valid_lang(lang)
    groups = [payer_group_npv(v) for v in variants]
    shown = [g for g in PAYER_GROUPS if g == "home" or any(abs(x[g]) >= 0.5 for x in groups)]
    labels = [silo_label(g, language) for g in shown]
    figure = go.Figure()
    for i, (v, npv) in enumerate(zip(variants, groups, strict=True)):
        figure.add_bar(
            name=short_label(v, i + 1, lang),
            x=labels,
            y=[npv[g] / 1e6 for g in shown],
            customdata=[mio(npv[g], lang) for g in shown],
            marker={
                "color": VARIANT_COLOURS[i],
                "pattern": {"shape": VARIANT_PATTERNS[i]},
                "line": {"color": "#1a1a1a", "width": 1},
            },
            hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        title=t("scenarios.npv_chart", lang),
        barmode="group",
        separators=PLOTLY_SEPARATORS[language],
        height=420,
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        yaxis={"title": {"text": "mio. kr." if language == "da" else "DKK m"}},
        plot_bgcolor="#ffffff",
        **({"width": 680} if printable else {}),
    )
    figure.update_yaxes(gridcolor="#dddddd", zerolinecolor="#1a1a1a")
    return figure


def summary_block(variants: list[VariantFrames], lang: str) -> html.Div:
    language = "en" if lang == "en" else "da"
    return html.Div(
        [
            html.Article(
                [
                    html.H3(short_label(v, i, lang)),
                    html.P(
                        summarise(v, valid_lang(language)).text,
                        className="scenarios-summary-text",
                        id=f"scenarios-summary-{i}",
                    ),
                ],
                className="scenarios-summary",
            )
            for i, v in enumerate(variants, start=1)
        ],
        className="scenarios-summaries",
    )


def _illustrative(lang: str) -> list[str | Component]:
    return [" — ", html.Strong(t("scenarios.illustrative", lang), className="illustrative")]


def sources_block(variants: list[VariantFrames], lang: str, printable: bool) -> html.Details:
    name = "name_en" if lang == "en" else "name"
    items = []
    for i, v in enumerate(variants, start=1):
        units = [
            html.Li(
                [
                    f"{u[name]} ({u['unit_id']}): {u['source']}",
                    *(_illustrative(lang) if u["illustrative"] else []),
                ]
            )
            for u in v.units.iter_rows(named=True)
        ]
        trace = href(
            "/case",
            lang,
            id=v.case["case_id"],
            scenario=v.case["scenario"],
            estimate=v.case["estimate"],
        )
        items.append(
            html.Section(
                [
                    html.H3(short_label(v, i, lang)),
                    html.P(
                        [
                            html.Strong(t("scenarios.case_source", lang) + ": "),
                            str(v.case.get("case_source") or ""),
                        ]
                    ),
                    html.P(html.Strong(t("scenarios.unit_source", lang) + ":")),
                    html.Ul(units),
                    html.P(dcc.Link(t("scenarios.trace", lang), href=trace), className="no-print"),
                ]
            )
        )
    return html.Details(
        [html.Summary(t("scenarios.sources", lang)), *items], open=printable, id="scenarios-sources"
    )


def scenarios_body(
    variants: list[Variant], lang: str, printable: bool = False, database: Database | None = None
) -> list:
    """Everything below the controls for the variants picked."""
    database = database or data.db()
    loaded = [(v, load_variant(database, v)) for v in variants]
    messages = [
        html.P(t("scenarios.unknown", lang).format(key=v.key), className="message", role="alert")
        for v, frames in loaded
        if frames is None
    ]
    found = [frames for _, frames in loaded if frames is not None]
    if not found:
        return messages or [html.P(t("scenarios.pick_two", lang), className="message")]
    if len(found) < 2:
        messages.append(html.P(t("scenarios.pick_two", lang), className="message"))
    return [
        *messages,
        html.H2(t("scenarios.summary", lang)),
        summary_block(found, lang),
        html.H2(t("scenarios.key", lang)),
        key_figures(found, lang),
        deferred_graph(
            "scenarios-npv",
            npv_figure(found, lang, printable),
            config={"displaylogo": False, "responsive": not printable},
            className="scenarios-graph",
        ),
        html.H2(t("scenarios.by_committee", lang)),
        committee_totals(found, lang),
        html.H2(t("scenarios.by_year", lang)),
        *(committee_year_table(v, i, lang) for i, v in enumerate(found, start=1)),
        html.P(t("scenarios.rounding", lang), className="note"),
        sources_block(found, lang, printable),
    ]


def load_all(variants: list[Variant], database: Database | None = None) -> list[VariantFrames]:
    """The variants that exist in the database (for the Excel export)."""
    database = database or data.db()
    return [f for f in (load_variant(database, v) for v in variants) if f is not None]
