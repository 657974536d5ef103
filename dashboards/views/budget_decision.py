"""Budget-decision view ("Budgetforslag"): the chosen cases in the budget, per committee and
year, laid out as tables. The figures come from `gevinst.services.budget_decision` (the use
case); this module only formats them, so it is tested as plain functions.
"""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from dashboards.components.glossary import term
from dashboards.components.money import kr, mio, round_to_total, thousands
from dashboards.components.shell import href
from dashboards.components.tables import table
from dashboards.i18n import register, t
from gevinst.reports.labels import frame_name
from gevinst.services.budget_decision import BudgetDecision, Choice

register(
    {
        "decision.title": {
            "da": "Budgetforslag: investeringscases i budgettet",
            "en": "Budget proposal: investment cases in the budget",
        },
        "decision.intro": {
            "da": "Vælg de cases, byrådet skal vedtage (og scenariet for hver), og et skøn. Siden "
            "viser for hvert udvalg og hvert år i budgetperioden (budgetåret og tre "
            "overslagsår) det importerede budget, casernes nettogevinst for udvalget "
            "(investering, gevinster, refusion, afregning og finansiering modregnet; "
            "+ = gevinst, − = udgift) og budgettet efter.",
            "en": "Choose the cases the council is to adopt (and each one's scenario) and an "
            "estimate. For every committee and every year of the budget period (the budget "
            "year and three outlook years) the page shows the imported budget, the cases' "
            "net gain for the committee (investment, gains, refusion, transfers and "
            "financing netted; + = gain, − = cost) and the budget after.",
        },
        "decision.intro.politician": {
            "da": "Vedtagne cases og deres scenarier i budgettet: for hvert udvalg og hvert år i "
            "budgetperioden det importerede budget, casernes nettogevinst for udvalget "
            "(+ = gevinst, − = udgift) og budgettet efter.",
            "en": "Adopted cases and their scenarios in the budget: for every committee and year "
            "of the budget period the imported budget, the cases' net gain for the "
            "committee (+ = gain, − = cost) and the budget after.",
        },
        "decision.municipality": {"da": "Kommune", "en": "Municipality"},
        "decision.variants": {"da": "Cases og scenarier", "en": "Cases and scenarios"},
        "decision.estimate": {"da": "Skøn", "en": "Estimate"},
        "decision.estimate.low": {"da": "Lavt (forsigtigt)", "en": "Low (cautious)"},
        "decision.estimate.central": {"da": "Centralt", "en": "Central"},
        "decision.estimate.high": {"da": "Højt", "en": "High"},
        "decision.share": {
            "da": "Andel til investerende udvalg",
            "en": "Share to investing committee",
        },
        "decision.download": {
            "da": "Hent budgetforslaget (Excel)",
            "en": "Download the budget proposal (Excel)",
        },
        "decision.none": {
            "da": "Der er ingen gemte cases, du kan vælge.",
            "en": "There are no saved cases you can choose.",
        },
        "decision.pick": {"da": "Vælg mindst én case.", "en": "Choose at least one case."},
        "decision.no_budget": {
            "da": "Der er ikke importeret budget for kommunen; kun casernes virkning vises.",
            "en": "No budget has been imported for the municipality; only the cases' effect is "
            "shown.",
        },
        "decision.h.committees": {"da": "Pr. udvalg og år", "en": "Per committee and year"},
        "decision.committees.caption": {
            "da": "Budget, casernes nettogevinst og budget efter pr. udvalg og år (1.000 kr.; "
            "budget som kommunen skriver det, udgifter +; gevinst + / udgift −; budget efter "
            "= budget − gevinst). Udvalg med ændringer står først.",
            "en": "Budget, the cases' net gain and budget after per committee and year (DKK "
            "1,000; budget as the municipality writes it, expenses +; gain + / cost −; "
            "budget after = budget − gain). Committees with changes come first.",
        },
        "decision.col.committee": {"da": "Udvalg", "en": "Committee"},
        "decision.col.budget": {"da": "{year} budget", "en": "{year} budget"},
        "decision.col.gain": {"da": "{year} gevinst", "en": "{year} gain"},
        "decision.col.after": {"da": "{year} efter", "en": "{year} after"},
        "decision.total": {"da": "I alt", "en": "Total"},
        "decision.h.frames": {"da": "Budgetrammer", "en": "Budget frames"},
        "decision.frames.caption": {
            "da": "Pr. budgetramme og år (1.000 kr.): kommunens budget på rammens konti, "
            "casernes nettogevinst, budget efter, og kommunens loft, hvor det er indtastet: "
            "luft = loft − budget efter (+ under loftet, − over).",
            "en": "Per budget frame and year (DKK 1,000): the municipality's budget on the "
            "frame's accounts, the cases' net gain, the budget after, and the "
            "municipality's ceiling where it was entered: room = ceiling − budget after "
            "(+ under the ceiling, − over).",
        },
        "decision.col.ceiling": {"da": "Loft", "en": "Ceiling"},
        "decision.col.room": {"da": "Luft til loft", "en": "Room under ceiling"},
        "decision.col.ceiling_source": {"da": "Kilde til loft", "en": "Ceiling's source"},
        "decision.ceiling.none": {"da": "ikke indtastet", "en": "not entered"},
        "decision.ceiling.note": {
            "da": "Økonomiaftalen sætter service- og anlægsrammen for kommunerne under ét; den "
            "enkelte kommunes loft (fra KL's budgetkoordinering eller byrådets budget) er "
            "ikke offentlige data pr. kommune og indtastes af kommunen med kilde: "
            "gevinst frame-ceiling set --municipality {code} --year {year} --frame service "
            '--amount … --source "…".',
            "en": "The economy agreement sets the service and construction frames for the "
            "municipalities as a whole; a municipality's own ceiling (from KL's budget "
            "coordination or the council's budget) is not public data per municipality "
            "and is entered by the municipality with its source: gevinst frame-ceiling set "
            "--municipality {code} --year {year} --frame service --amount … "
            '--source "…".',
        },
        "decision.col.frame": {"da": "Ramme", "en": "Frame"},
        "decision.h.transfers": {
            "da": "Gevinstdeling mellem udvalg",
            "en": "Gain-share between committees",
        },
        "decision.transfers.caption": {
            "da": "Forslag: {share} af hvert udvalgs planlagte nettobesparelse i budgetperioden "
            "overføres til det investerende udvalg (kr.)",
            "en": "Proposal: {share} of each committee's planned net saving in the budget period "
            "is moved to the investing committee (DKK)",
        },
        "decision.transfers.none": {
            "da": "Ingen overførsler: gevinsterne lander i det investerende udvalg selv, eller "
            "der er ingen nettobesparelse i budgetperioden.",
            "en": "No transfers: the gains land in the investing committee itself, or there is "
            "no net saving in the budget period.",
        },
        "decision.col.year": {"da": "År", "en": "Year"},
        "decision.col.from": {"da": "Fra udvalg", "en": "From committee"},
        "decision.col.to": {"da": "Til udvalg", "en": "To committee"},
        "decision.col.saving": {"da": "Planlagt besparelse", "en": "Planned saving"},
        "decision.col.transfer": {"da": "Overførsel", "en": "Transfer"},
        "decision.h.cases": {"da": "Cases i forslaget", "en": "Cases in the proposal"},
        "decision.case.line": {
            "da": "{scenario} (investerende afdeling: {owner}; {status})",
            "en": "{scenario} (investing department: {owner}; {status})",
        },
        "decision.status.draft": {"da": "kladde", "en": "draft"},
        "decision.status.adopted": {"da": "vedtaget", "en": "adopted"},
        "decision.total_gain": {
            "da": "Casernes nettogevinst for kommunen i budgetperioden: {amount}.",
            "en": "The cases' net gain for the municipality in the budget period: {amount}.",
        },
    }
)


def variant_options(offered: pl.DataFrame) -> list[dict]:
    """`case:scenario` values labelled by case name and scenario title."""
    return [
        {
            "label": f"{r['name']} — {r['scenario_title']}",
            "value": f"{r['case_id']}:{r['scenario']}",
        }
        for r in offered.iter_rows(named=True)
    ]


def default_choice(offered: pl.DataFrame) -> list[str]:
    """Every offered case in its basis scenario."""
    return [f"{c}:basis" for c in offered.filter(pl.col("scenario") == "basis")["case_id"]]


def parse_choices(values: object) -> list[Choice]:
    """The dropdown's values (any JSON a client sends) → choices; junk is dropped."""
    items = values if isinstance(values, list) else []
    out = []
    for item in items[:200]:
        if isinstance(item, str) and 0 < len(item) <= 300 and item.count(":") == 1:
            case_id, scenario = item.split(":")
            if case_id and scenario:
                out.append(Choice(case_id, scenario))
    return out


def _changed_first(committees: pl.DataFrame) -> list[str]:
    changed = (
        committees.group_by("committee")
        .agg(pl.col("gain_dkk").abs().sum().alias("moved"))
        .with_columns((pl.col("moved") >= 0.5).alias("changed"))
        .sort(["changed", "committee"], descending=[True, False])
    )
    return changed["committee"].to_list()


def committee_table(d: BudgetDecision, lang: str) -> html.Table:
    """Committees × (budget, gain, after) per year, in 1.000 kr. that add up per column."""
    order = _changed_first(d.committees)
    lookup = {(r["committee"], r["year"]): r for r in d.committees.iter_rows(named=True)}
    header: list[object] = [t("decision.col.committee", lang)]
    columns: list[list[int]] = []
    for year in d.years:
        for measure in ("budget", "gain", "after"):
            header.append(t(f"decision.col.{measure}", lang).format(year=year))
            values = [lookup.get((c, year), {}).get(f"{measure}_dkk", 0.0) for c in order]
            columns.append(round_to_total(values))
    rows = [[c, *(thousands(col[i], lang) for col in columns)] for i, c in enumerate(order)]
    footer = [t("decision.total", lang), *(thousands(sum(col), lang) for col in columns)]
    return table(
        t("decision.committees.caption", lang),
        header,
        rows,
        numeric=range(1, len(header)),
        table_id="decision-table",
        footer=footer,
    )


def _in_thousands(value: float | None, lang: str) -> str:
    return "" if value is None else thousands(round(value / 1000), lang)


def _frame_row(r: dict, lang: str) -> list:
    none = r["ceiling_dkk"] is None
    return [
        frame_name(r["budget_frame"], "en" if lang == "en" else "da"),
        str(r["year"]),
        _in_thousands(r["budget_dkk"], lang),
        _in_thousands(r["gain_dkk"], lang),
        _in_thousands(r["after_dkk"], lang),
        t("decision.ceiling.none", lang) if none else _in_thousands(r["ceiling_dkk"], lang),
        _in_thousands(r["room_dkk"], lang),
        r["ceiling_source"] or "",
    ]


def frames_table(d: BudgetDecision, lang: str) -> html.Table:
    rows = [
        _frame_row(r, lang) for r in d.frames.sort("budget_frame", "year").iter_rows(named=True)
    ]
    header: list = [
        term(t("decision.col.frame", lang), "frame", lang),
        t("decision.col.year", lang),
        t("decision.col.budget", lang).format(year="").strip(),
        t("decision.col.gain", lang).format(year="").strip(),
        t("decision.col.after", lang).format(year="").strip(),
        t("decision.col.ceiling", lang),
        t("decision.col.room", lang),
        t("decision.col.ceiling_source", lang),
    ]
    return table(
        t("decision.frames.caption", lang),
        header,
        rows,
        numeric=(2, 3, 4, 5, 6),
        table_id="decision-frames",
    )


def ceiling_note(d: BudgetDecision, lang: str) -> list:
    """Where a frame has no entered ceiling: why, and how to enter one."""
    if d.frames.is_empty() or d.frames["ceiling_dkk"].null_count() == 0:
        return []
    year = d.budget_year or (d.years[0] if d.years else "")
    return [
        html.P(
            t("decision.ceiling.note", lang).format(code=d.municipality, year=year),
            className="note",
            id="decision-ceiling-note",
        )
    ]


def transfers_section(d: BudgetDecision, lang: str) -> list:
    share = (
        f"{d.gain_share.share * 100:.0f} %" if lang != "en" else f"{d.gain_share.share * 100:.0f}%"
    )
    by_year = d.gain_share.by_year()
    if by_year.is_empty():
        return [html.P(t("decision.transfers.none", lang), id="decision-transfers-none")]
    rows = [
        [
            str(r["year"]),
            r["from_committee"],
            r["to_committee"],
            kr(r["realised_saving_dkk"], lang),
            kr(r["transfer_dkk"], lang),
        ]
        for r in by_year.iter_rows(named=True)
    ]
    return [
        table(
            t("decision.transfers.caption", lang).format(share=share),
            [
                t("decision.col.year", lang),
                t("decision.col.from", lang),
                t("decision.col.to", lang),
                t("decision.col.saving", lang),
                t("decision.col.transfer", lang),
            ],
            rows,
            numeric=(3, 4),
            table_id="decision-transfers",
            footer=[t("decision.total", lang), "", "", "", kr(d.gain_share.total_dkk, lang)],
        )
    ]


def cases_list(d: BudgetDecision, lang: str) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(
                        r["name"], href=href("/case", lang, id=r["case_id"], scenario=r["scenario"])
                    ),
                    " — "
                    + t("decision.case.line", lang).format(
                        scenario=r["scenario_title"] or r["scenario"],
                        owner=r["owner"],
                        status=t(f"decision.status.{r['status']}", lang),
                    ),
                ],
                title=r["scenario_description"] or "",
            )
            for r in d.cases.iter_rows(named=True)
        ],
        id="decision-cases",
    )


def decision_body(d: BudgetDecision, lang: str) -> list:
    """Everything below the controls for the chosen cases."""
    if not d.choices:
        return [html.P(t("decision.pick", lang), id="decision-message", className="message")]
    notes = (
        []
        if d.budget_year is not None
        else [html.P(t("decision.no_budget", lang), className="warning", id="decision-no-budget")]
    )
    return [
        *notes,
        html.H2(t("decision.h.cases", lang)),
        cases_list(d, lang),
        html.P(
            t("decision.total_gain", lang).format(amount=mio(d.total_gain_dkk, lang)),
            id="decision-total-gain",
            className="note",
        ),
        html.H2(t("decision.h.committees", lang)),
        html.Div(committee_table(d, lang), className="table-scroll"),
        html.H2(term(t("decision.h.frames", lang), "frame", lang)),
        html.Div(frames_table(d, lang), className="table-scroll"),
        *ceiling_note(d, lang),
        html.H2(t("decision.h.transfers", lang)),
        *transfers_section(d, lang),
    ]
