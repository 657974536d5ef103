"""Portfolio view: pure functions from query frames to tables and figures (tested as such).

The page module (`pages/portfolio.py`) wires these to Dash callbacks; nothing here needs a
running app, except `portfolio_body`, which reads the app's database through `data.db()`.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html

from dashboards import auth, data
from dashboards.components import colours
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr, mio, percent
from dashboards.components.payers import receiver
from dashboards.components.shell import href
from dashboards.components.tables import table
from dashboards.i18n import register, t

register(
    {
        "portfolio.title": {
            "da": "Portefølje af investeringscases",
            "en": "Portfolio of investment cases",
        },
        "portfolio.municipality": {"da": "Kommune", "en": "Municipality"},
        "portfolio.department": {"da": "Investerende afdeling", "en": "Investing department"},
        "portfolio.scenario": {"da": "Scenarie", "en": "Scenario"},
        "portfolio.estimate": {"da": "Skøn", "en": "Estimate"},
        "portfolio.all": {"da": "Alle", "en": "All"},
        "portfolio.cases": {"da": "Cases", "en": "Cases"},
        "portfolio.investment": {"da": "Investering i alt", "en": "Total investment"},
        "portfolio.npv_home": {"da": "Nutidsværdi, kommunen", "en": "Present value, municipality"},
        "portfolio.npv_all": {
            "da": "Nutidsværdi, alle betalere",
            "en": "Present value, all payers",
        },
        "portfolio.table": {
            "da": "Cases med nutidsværdi pr. betaler (kr.)",
            "en": "Cases with present value per payer (DKK)",
        },
        "portfolio.matrix": {
            "da": "Nettogevinst pr. investerende afdeling og betaler (mio. kr.; gevinst +, "
            "udgift −; investering, refusion, afregning og finansiering modregnet)",
            "en": "Net gain per investing department and payer (DKK m; gain +, cost −; "
            "investment, refusion, transfers and financing netted)",
        },
        "portfolio.matrix.gross": {
            "da": "Bruttogevinst pr. investerende afdeling og betaler (mio. kr.; før "
            "investeringen, efter refusion og afregning)",
            "en": "Gross gain per investing department and payer (DKK m; before the "
            "investment, after refusion and transfers)",
        },
        "portfolio.sankey": {
            "da": "Hvor nettogevinsten lander: fra investerende afdeling til dem, der vinder netto",
            "en": "Where the net gain lands: from investing department to those who gain on net",
        },
        "portfolio.sankey.paying": {
            "da": "Betaler netto (se matrixen): {silos}",
            "en": "Pay on net (see the matrix): {silos}",
        },
        "portfolio.gross.summary": {
            "da": "Anden visning: bruttogevinster før investeringen",
            "en": "Second view: gross gains before the investment",
        },
        "portfolio.gross.note": {
            "da": "Bruttogevinsten er gevinsten, før investeringen trækkes fra; den er større end "
            "nettogevinsten ovenfor for de afdelinger, der investerer.",
            "en": "The gross gain is the gain before the investment is deducted; it is larger "
            "than the net gain above for the departments that invest.",
        },
        "portfolio.none": {"da": "Ingen cases matcher filtrene.", "en": "No cases match."},
        "col.case": {"da": "Case", "en": "Case"},
        "col.municipality": {"da": "Kommune", "en": "Municipality"},
        "col.department": {"da": "Investerende afdeling", "en": "Investing department"},
        "col.investment": {"da": "Investering", "en": "Investment"},
        "col.npv_home": {"da": "NV kommunen", "en": "PV municipality"},
        "col.npv_other": {"da": "NV andre kommuner", "en": "PV other municipalities"},
        "col.npv_region": {"da": "NV region", "en": "PV region"},
        "col.npv_state": {"da": "NV staten", "en": "PV state"},
        "col.payback": {"da": "Tilbagebetalt", "en": "Pays back"},
        "col.p_budget": {"da": "P(tilbage i budgetperioden)", "en": "P(payback in budget period)"},
        "never": {"da": "aldrig", "en": "never"},
        "portfolio.previous": {"da": "Forrige side", "en": "Previous page"},
        "portfolio.next": {"da": "Næste side", "en": "Next page"},
        "portfolio.pages": {"da": "Sider i tabellen", "en": "Table pages"},
        "estimate.low": {"da": "Lavt (forsigtigt)", "en": "Low (cautious)"},
        "estimate.central": {"da": "Centralt", "en": "Central"},
        "estimate.high": {"da": "Højt", "en": "High"},
    }
)


def filter_options(
    cases: pl.DataFrame, scenarios: pl.DataFrame, lang: str
) -> tuple[list[dict], list[dict], list[dict]]:
    municipalities = (
        cases.select("municipality_code", "municipality_name").unique().sort("municipality_code")
    )
    return (
        [
            {
                "label": f"{r['municipality_name']} ({r['municipality_code']})",
                "value": r["municipality_code"],
            }
            for r in municipalities.iter_rows(named=True)
        ],
        [{"label": d, "value": d} for d in sorted(cases["owner"].unique().to_list())],
        [
            {"label": _scenario_label(scenarios, s), "value": s}
            for s in sorted(
                scenarios["scenario"].unique().to_list(), key=lambda s: (s != "basis", s)
            )
        ],
    )


def _scenario_label(scenarios: pl.DataFrame, scenario: str) -> str:
    """A scenario id shared by several cases reads as their titles ("Lav effekt")."""
    if "title" not in scenarios.columns:
        return scenario
    titles = sorted(set(scenarios.filter(pl.col("scenario") == scenario)["title"].to_list()))
    return " / ".join(titles) or scenario


def filtered(cases: pl.DataFrame, municipality: int | None, department: str | None) -> pl.DataFrame:
    if municipality is not None:
        cases = cases.filter(pl.col("municipality_code") == municipality)
    if department:
        cases = cases.filter(pl.col("owner") == department)
    return cases


PAGE_SIZE = 25  # rows per table page: a national portfolio of hundreds of cases stays fast


def last_page(total: int) -> int:
    return max(0, (total - 1) // PAGE_SIZE)


def pager_text(total: int, page: int, lang: str) -> str:
    first = page * PAGE_SIZE + 1 if total else 0
    last = min(total, (page + 1) * PAGE_SIZE)
    return (
        f"Viser {first}–{last} af {total} cases"
        if lang != "en"
        else f"Showing {first}–{last} of {total} cases"
    )


def cases_table(cases: pl.DataFrame, lang: str, page: int = 0) -> html.Table:
    header = [
        t(k, lang)
        for k in (
            "col.case",
            "col.municipality",
            "col.department",
            "col.investment",
            "col.npv_home",
            "col.npv_other",
            "col.npv_region",
            "col.npv_state",
            "col.payback",
            "col.p_budget",
        )
    ]
    rows = [
        [
            dcc.Link(
                r["name"],
                href=href("/case", lang, id=r["case_id"]),
                id=f"portfolio-open-{r['case_id']}",
            ),
            r["municipality_name"],
            r["owner"],
            kr(r["investment_dkk"], lang),
            kr(r["npv_municipality_dkk"], lang),
            kr(r["npv_other_municipalities_dkk"], lang),
            kr(r["npv_region_dkk"], lang),
            kr(r["npv_state_dkk"], lang),
            str(r["payback_year"] or t("never", lang)),
            percent(r["p_payback_budget_period"], lang),
        ]
        for r in cases.slice(page * PAGE_SIZE, PAGE_SIZE).iter_rows(named=True)
    ]
    return table(
        t("portfolio.table", lang), header, rows, numeric=range(3, 10), table_id="portfolio-table"
    )


def silo_gains(
    flows: pl.DataFrame, case_ids: list[str], lang: str, gross: bool = False
) -> pl.DataFrame:
    """Per investing department and receiving silo (a home department or another payer):
    the net gain over the horizon (kr., people's sign: > 0 the silo gains, < 0 it pays),
    summed over every flow kind — the investment, gains, refusion, transfers, equalisation,
    financing — so it is what the case pages show as each line's net. With `gross`, the
    gains before the investment (cost flows left out): the second, labelled view."""
    rows = flows.filter(pl.col("case_id").is_in(case_ids))
    amount = (
        pl.col("amount_dkk") - pl.col("cost_dkk").fill_null(0) if gross else pl.col("amount_dkk")
    )
    labelled = rows.with_columns(
        pl.struct("payer_kind", "is_home", "department")
        .map_elements(
            lambda s: receiver(s["payer_kind"], s["is_home"], s["department"], lang),
            return_dtype=pl.String,
        )
        .alias("receiver"),
        (-amount).alias("gain_dkk"),
    )
    return (
        labelled.group_by("investing_department", "receiver")
        .agg(pl.col("gain_dkk").sum())
        .sort("investing_department", "receiver")
    )


def matrix_figure(gains: pl.DataFrame, lang: str, gross: bool = False) -> go.Figure:
    """Investing department × receiver. A cell with no flows stays empty (not a 0,0
    winner); gains are blue, costs vermillion around a white zero (colour-blind safe)."""
    rows = sorted(gains["investing_department"].unique().to_list())
    columns = sorted(gains["receiver"].unique().to_list())
    lookup = {
        (r["investing_department"], r["receiver"]): r["gain_dkk"]
        for r in gains.iter_rows(named=True)
    }
    z = [[lookup[(r, c)] / 1e6 if (r, c) in lookup else None for c in columns] for r in rows]
    text = [[mio(lookup[(r, c)], lang) if (r, c) in lookup else "" for c in columns] for r in rows]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            text=text,
            texttemplate="%{text}",
            showscale=False,
            zmid=0,
            colorscale=[[0.0, colours.NEGATIVE], [0.5, "#ffffff"], [1.0, colours.POSITIVE]],
            hoverongaps=False,
            hovertemplate="%{y} → %{x}: %{text}<extra></extra>",
        )
    )
    title = t("portfolio.matrix.gross" if gross else "portfolio.matrix", lang)
    figure.update_layout(
        title=title,
        separators=PLOTLY_SEPARATORS[lang],
        margin={"l": 160, "r": 20, "t": 60, "b": 80},
        height=360,
    )
    return figure


def sankey_figure(gains: pl.DataFrame, lang: str) -> go.Figure:
    """The net gains as flows from investing department to who gains (a Sankey link cannot
    be negative: the silos that pay on net are named in the title and shown in the matrix)."""
    positive = gains.filter(pl.col("gain_dkk") > 0)
    paying = sorted(gains.filter(pl.col("gain_dkk") < -0.5)["receiver"].unique().to_list())
    sources = sorted(positive["investing_department"].unique().to_list())
    targets = sorted(positive["receiver"].unique().to_list())
    labels = [*sources, *(f"{x} " for x in targets)]  # a space keeps a silo apart from a source
    index = {label: i for i, label in enumerate(labels)}
    figure = go.Figure(
        go.Sankey(
            node={
                "label": labels,
                "pad": 18,
                "color": [colours.PAYER["municipality"]] * len(sources)
                + [
                    colours.PAYER["state"]
                    if x == receiver("state", False, None, lang)
                    else colours.PAYER["region"]
                    if x == receiver("region", False, None, lang)
                    else colours.PAYER["municipalities"]
                    if x == receiver("municipalities", False, None, lang)
                    else colours.PAYER["other_municipality"]
                    for x in targets
                ],
            },
            link={
                "source": [index[s] for s in positive["investing_department"]],
                "target": [index[f"{x} "] for x in positive["receiver"]],
                "value": [v / 1e6 for v in positive["gain_dkk"]],
                "customdata": [mio(v, lang) for v in positive["gain_dkk"]],
                "hovertemplate": "%{source.label} → %{target.label}: %{customdata}<extra></extra>",
            },
        )
    )
    title = t("portfolio.sankey", lang)
    if paying:
        title += (
            "<br><sup>"
            + t("portfolio.sankey.paying", lang).format(silos=", ".join(paying))
            + "</sup>"
        )
    figure.update_layout(
        title=title,
        separators=PLOTLY_SEPARATORS[lang],
        height=380,
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
    )
    return figure


def gross_view(gains: pl.DataFrame, lang: str) -> html.Details:
    """The gross gains (before the investment) as a second, labelled view, closed at first."""
    return html.Details(
        [
            html.Summary(t("portfolio.gross.summary", lang)),
            html.P(t("portfolio.gross.note", lang), className="note"),
            deferred_graph("portfolio-matrix-gross", matrix_figure(gains, lang, gross=True)),
        ],
        id="portfolio-gross",
        className="portfolio-gross",
    )


def kpis(cases: pl.DataFrame, lang: str) -> html.Div:
    def kpi(label, value) -> html.Div:
        return html.Div(
            [html.Div(label, className="label"), html.Div(value, className="value")],
            className="kpi",
        )

    return html.Div(
        [
            kpi(t("portfolio.cases", lang), str(cases.height)),
            kpi(t("portfolio.investment", lang), mio(float(cases["investment_dkk"].sum()), lang)),
            kpi(
                term(t("portfolio.npv_home", lang), "npv", lang),
                mio(float(cases["npv_municipality_dkk"].sum()), lang),
            ),
            kpi(t("portfolio.npv_all", lang), mio(float(cases["npv_all_dkk"].sum()), lang)),
        ],
        className="kpis",
        id="portfolio-kpis",
    )


def portfolio_body(
    municipality: int | None,
    department: str | None,
    scenario: str,
    estimate: str,
    lang: str,
    page: int = 0,
) -> tuple[list, list, str, list]:
    """(key figures and table, figures, pager text, [first page?, last page?]) for the page."""
    database = data.db()
    scope = auth.scope()  # the user's municipalities only (dashboards.auth)
    cases = filtered(
        database.query("portfolio_cases", scenario=scenario, estimate=estimate, **scope),
        municipality,
        department,
    )
    if cases.is_empty():
        return [html.P(t("portfolio.none", lang))], [], "", [True, True]
    page = min(max(page, 0), last_page(cases.height))
    silo_flows = database.query(
        "portfolio_silo_flows", scenario=scenario, estimate=estimate, **scope
    )
    gains = silo_gains(silo_flows, cases["case_id"].to_list(), lang)
    gross = silo_gains(silo_flows, cases["case_id"].to_list(), lang, gross=True)
    return (
        [kpis(cases, lang), cases_table(cases, lang, page)],
        [
            deferred_graph("portfolio-matrix", matrix_figure(gains, lang)),
            deferred_graph("portfolio-sankey", sankey_figure(gains, lang)),
            gross_view(gross, lang),
        ],
        pager_text(cases.height, page, lang),
        [page == 0, page >= last_page(cases.height)],
    )
