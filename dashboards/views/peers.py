"""Peers view: a municipality's net spend per inhabitant next to its DST group and the country.

Pure functions from the `peers_key_figures` frame to a comparison frame, a table and a
figure (tested as such); `peers_body` alone reads the app's database through `data.db()`.

The group figure is the plain mean of the group's municipalities (the chosen one included),
not population-weighted: DST publishes no group figure in REGK31, and a finance director
compares with "a typical municipality like us". The country figure is DST's own `Hele landet`
row, which is population-weighted (total net spend / total inhabitants).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from dash import html

from dashboards import data
from dashboards.components import colours
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS
from dashboards.components.tables import table
from dashboards.i18n import register, t
from gevinst import fmt
from gevinst.reference import Reference, bundled_reference

#: Høje-Taastrup: the municipality of the demo case `tidlig-familieindsats`, which invests on
#: 5.28.21 (the example function in DESIGN.md). Used when the URL names no municipality.
DEFAULT_MUNICIPALITY = 169
CHART_COLOURS = {
    "municipality": colours.OKABE_ITO[0],
    "group": colours.OKABE_ITO[1],
    "country": colours.NEUTRAL,
}
#: bar patterns, so the three series stay apart in black-and-white print
CHART_PATTERNS = {"municipality": "", "group": "/", "country": "."}

register(
    {
        "peers.title": {
            "da": "Sammenlignelige kommuner: nettoudgift pr. indbygger",
            "en": "Peers: net spend per inhabitant",
        },
        "peers.municipality": {"da": "Kommune", "en": "Municipality"},
        "peers.year": {"da": "Regnskabsår", "en": "Accounts year"},
        "peers.functions": {"da": "Funktioner", "en": "Functions"},
        "peers.all_functions": {"da": "Alle funktioner", "en": "All functions"},
        "peers.table": {
            "da": "{name} sammenlignet med {group} og hele landet, {year} (kr. pr. indbygger)",
            "en": "{name} compared with {group} and the whole country, {year} (DKK per inhabitant)",
        },
        "peers.chart": {
            "da": "Nettoudgift pr. indbygger, {year} (kr.)",
            "en": "Net spend per inhabitant, {year} (DKK)",
        },
        "peers.col.function": {"da": "Funktion", "en": "Function"},
        "peers.col.group": {
            "da": "Gns. {group} ({n} kommuner)",
            "en": "Mean {group} ({n} municipalities)",
        },
        "peers.group_short": {"da": "Gns. {group}", "en": "Mean {group}"},
        "peers.col.country": {"da": "Hele landet", "en": "Whole country"},
        "peers.col.dev_group": {"da": "Afvigelse fra gruppen, kr.", "en": "vs group, DKK"},
        "peers.col.dev_group_pct": {"da": "Afvigelse fra gruppen, %", "en": "vs group, %"},
        "peers.col.dev_country": {"da": "Afvigelse fra landet, kr.", "en": "vs country, DKK"},
        "peers.col.dev_country_pct": {"da": "Afvigelse fra landet, %", "en": "vs country, %"},
        "peers.total": {"da": "Sum af de viste funktioner", "en": "Sum of the functions shown"},
        "peers.about": {
            "da": "Kilde: Danmarks Statistik, REGK31 (kommunernes regnskaber på funktioner). Tallene "
            "er nettoudgifter (udgifter minus indtægter, \u201dI alt (netto)\u201d) i kr. pr. "
            "indbygger i løbende priser. Gruppegennemsnittet er et simpelt gennemsnit af "
            "kommunerne i DST's kommunegruppe (kommunen selv medregnet), ikke vægtet med "
            "indbyggertal. \u201dHele landet\u201d er Danmarks Statistiks eget tal, som er "
            "vægtet med indbyggertal (alle kommuners udgift delt med alle indbyggere). "
            "Summen af funktionerne er ikke kommunens samlede udgift: kun de importerede "
            "funktioner er med.",
            "en": "Source: Statistics Denmark (Danmarks Statistik), REGK31 (municipal accounts by "
            "function). Figures are net spend (expenses minus income, \u201cI alt (netto)\u201d) "
            "in DKK per inhabitant at current prices. The group average is the plain mean of "
            "the municipalities in the DST municipality group (this municipality included), "
            "not weighted by population. \u201cWhole country\u201d is Statistics Denmark's own "
            "\u201cHele landet\u201d figure, which is population-weighted (all municipalities' "
            "spend divided by all inhabitants). The sum of functions is not the "
            "municipality's total spend: only the imported functions are included. Function "
            "names are DST's Danish labels.",
        },
        "peers.file": {
            "da": "Importeret fra {file} (import {id}).",
            "en": "Imported from {file} (import {id}).",
        },
        "peers.none": {
            "da": "Der er ikke importeret nøgletal endnu. Hent et udtræk af tabellen REGK31 fra "
            "Statistikbanken (prisenhed \u201dPr. indbygger, løbende priser (kr.)\u201d, art "
            "\u201dI alt (netto)\u201d, alle kommuner og Hele landet) som csv, giv filen et "
            "navn med året, og importér den:",
            "en": "No key figures have been imported yet. Download an extract of table REGK31 from "
            "StatBank Denmark (price unit \u201cPr. indbygger, løbende priser (kr.)\u201d, art "
            "\u201cI alt (netto)\u201d, all municipalities and Hele landet) as csv, name the "
            "file with its year, and import it:",
        },
        "peers.unknown_municipality": {
            "da": "Kommunen findes ikke i nøgletallene for {year}.",
            "en": "The municipality is not in the key figures for {year}.",
        },
    }
)

IMPORT_COMMAND = "gevinst import regk31_2024.csv --kind key-figures"


def with_groups(figures: pl.DataFrame, ref: Reference | None = None) -> pl.DataFrame:
    """Fill `dst_group`/`dst_group_name` from the bundled reference where the database has
    none (a database built by `gevinst import` alone has no reference tables)."""
    if figures.filter(pl.col("area_kind") == "municipality")["dst_group"].null_count() == 0:
        return figures
    ref = ref or bundled_reference()
    groups = pl.DataFrame(
        [(m.code, m.dst_group, m.dst_group_name) for m in ref.municipalities.values()],
        schema={"municipality_code": pl.Int32, "ref_group": pl.Int64, "ref_group_name": pl.String},
        orient="row",
    )
    return (
        figures.with_columns(pl.col("municipality_code").cast(pl.Int32))
        .join(groups, on="municipality_code", how="left")
        .with_columns(
            pl.coalesce("dst_group", "ref_group").alias("dst_group"),
            pl.coalesce("dst_group_name", "ref_group_name").alias("dst_group_name"),
        )
        .drop("ref_group", "ref_group_name")
    )


def municipality_options(figures: pl.DataFrame) -> list[dict]:
    areas = (
        figures.filter(pl.col("area_kind") == "municipality")
        .select("municipality_code", "area_name")
        .unique()
        .sort("area_name")
    )
    return [
        {"label": f"{r['area_name']} ({r['municipality_code']})", "value": r["municipality_code"]}
        for r in areas.iter_rows(named=True)
    ]


def function_options(figures: pl.DataFrame) -> list[dict]:
    functions = figures.select("function", "function_name").unique().sort("function")
    return [
        {"label": f"{r['function']} {r['function_name']}", "value": r["function"]}
        for r in functions.iter_rows(named=True)
    ]


def default_municipality(figures: pl.DataFrame, wanted: object = None) -> int | None:
    """The municipality asked for if it is in the figures, else Høje-Taastrup, else the first."""
    codes = figures.filter(pl.col("area_kind") == "municipality")["municipality_code"]
    available = set(codes.to_list())
    for candidate in (wanted, DEFAULT_MUNICIPALITY):
        try:
            # mypy: any JSON value from the URL: int() refusals are caught below
            if candidate is not None and int(candidate) in available:  # type: ignore[call-overload]
                return int(candidate)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
    return min(available) if available else None


def comparison(
    figures: pl.DataFrame, municipality: int, functions: list[str] | None = None
) -> pl.DataFrame:
    """One row per function: the municipality's figure, its group's plain mean (and size),
    the country figure and the deviations (kr. and share of the comparison figure)."""
    if functions:
        figures = figures.filter(pl.col("function").is_in(functions))
    own = figures.filter(pl.col("municipality_code") == municipality)
    if own.is_empty():
        return pl.DataFrame()
    group = own["dst_group"][0]
    group_means = (
        figures.filter((pl.col("area_kind") == "municipality") & (pl.col("dst_group") == group))
        .group_by("function")
        .agg(
            pl.col("amount_per_inhabitant_dkk").mean().alias("group_mean_dkk"),
            pl.len().alias("group_n"),
        )
    )
    country = figures.filter(pl.col("area_kind") == "country").select(
        "function", pl.col("amount_per_inhabitant_dkk").cast(pl.Float64).alias("country_dkk")
    )
    own_amount = pl.col("municipality_dkk")
    return (
        own.select(
            "function",
            "function_name",
            "area_name",
            "dst_group",
            "dst_group_name",
            pl.col("amount_per_inhabitant_dkk").cast(pl.Float64).alias("municipality_dkk"),
        )
        .join(group_means, on="function", how="left")
        .join(country, on="function", how="left")
        .with_columns(
            (own_amount - pl.col("group_mean_dkk")).alias("dev_group_dkk"),
            (own_amount - pl.col("country_dkk")).alias("dev_country_dkk"),
        )
        .with_columns(
            _share("dev_group_dkk", "group_mean_dkk").alias("dev_group_share"),
            _share("dev_country_dkk", "country_dkk").alias("dev_country_share"),
        )
        .sort("function")
    )


def _share(deviation: str, base: str) -> pl.Expr:
    """Deviation as a share of the comparison figure; null where that figure is ≤ 0 (a share
    of a zero or negative net spend means nothing)."""
    return pl.when(pl.col(base) > 0).then(pl.col(deviation) / pl.col(base)).otherwise(None)


def per_inhabitant(value: float | None, lang: str) -> str:
    return "" if value is None else fmt.number(value, 0, "en" if lang == "en" else "da")


def signed(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = per_inhabitant(value, lang)
    return f"+{text}" if round(value) > 0 else text


def signed_share(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = fmt.percent(value, 1, "en" if lang == "en" else "da")
    return f"+{text}" if round(value * 1000) > 0 else text


def group_label(comp: pl.DataFrame) -> str:
    return str(comp["dst_group_name"][0] or "")


def comparison_table(comp: pl.DataFrame, year: int, lang: str) -> html.Table:
    name, group = comp["area_name"][0], group_label(comp)
    n = max(comp["group_n"].drop_nulls().to_list(), default=0)
    header = [
        t("peers.col.function", lang),
        name,
        t("peers.col.group", lang).format(group=group, n=n),
        t("peers.col.country", lang),
        t("peers.col.dev_group", lang),
        t("peers.col.dev_group_pct", lang),
        t("peers.col.dev_country", lang),
        t("peers.col.dev_country_pct", lang),
    ]
    rows = [
        [
            f"{r['function']} {r['function_name']}",
            per_inhabitant(r["municipality_dkk"], lang),
            per_inhabitant(r["group_mean_dkk"], lang),
            per_inhabitant(r["country_dkk"], lang),
            signed(r["dev_group_dkk"], lang),
            signed_share(r["dev_group_share"], lang),
            signed(r["dev_country_dkk"], lang),
            signed_share(r["dev_country_share"], lang),
        ]
        for r in comp.iter_rows(named=True)
    ]
    totals = {
        c: float(comp[c].sum()) for c in ("municipality_dkk", "group_mean_dkk", "country_dkk")
    }
    has_country = comp["country_dkk"].null_count() == 0
    footer = [
        t("peers.total", lang),
        per_inhabitant(totals["municipality_dkk"], lang),
        per_inhabitant(totals["group_mean_dkk"], lang),
        per_inhabitant(totals["country_dkk"], lang) if has_country else "",
        signed(totals["municipality_dkk"] - totals["group_mean_dkk"], lang),
        signed_share(_ratio(totals["municipality_dkk"], totals["group_mean_dkk"]), lang),
        signed(totals["municipality_dkk"] - totals["country_dkk"], lang) if has_country else "",
        signed_share(_ratio(totals["municipality_dkk"], totals["country_dkk"]), lang)
        if has_country
        else "",
    ]
    caption = t("peers.table", lang).format(name=name, group=group, year=year)
    return table(caption, header, rows, numeric=range(1, 8), table_id="peers-table", footer=footer)


def _ratio(value: float, base: float) -> float | None:
    return (value - base) / base if base > 0 else None


def comparison_figure(comp: pl.DataFrame, year: int, lang: str) -> go.Figure:
    """Grouped bars per function: the municipality, its group's mean, the country."""
    series = [
        ("municipality", comp["area_name"][0], "municipality_dkk"),
        ("group", t("peers.group_short", lang).format(group=group_label(comp)), "group_mean_dkk"),
        ("country", t("peers.col.country", lang), "country_dkk"),
    ]
    figure = go.Figure()
    for key, label, column in series:
        figure.add_bar(
            name=label,
            x=comp["function"].to_list(),
            y=comp[column].to_list(),
            marker={
                "color": CHART_COLOURS[key],
                "pattern": {"shape": CHART_PATTERNS[key], "fgcolor": "#ffffff"},
            },
            customdata=[
                [n, per_inhabitant(v, lang)]
                for n, v in zip(comp["function_name"], comp[column], strict=True)
            ],
            hovertemplate=f"%{{x}} %{{customdata[0]}}<br>{label}: %{{customdata[1]}} kr."
            "<extra></extra>",
        )
    figure.update_layout(
        title=t("peers.chart", lang).format(year=year),
        barmode="group",
        separators=PLOTLY_SEPARATORS["en" if lang == "en" else "da"],
        height=460,
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 60, "b": 100},
        yaxis={
            "title": {"text": "kr. pr. indbygger" if lang != "en" else "DKK per inhabitant"},
            "tickformat": ",d",
        },
        xaxis={"type": "category", "tickangle": -45},
    )
    return figure


def empty_state(lang: str) -> list:
    return [
        html.P(t("peers.none", lang), id="peers-empty"),
        html.Pre(html.Code(IMPORT_COMMAND), className="peers-command"),
    ]


def about(lang: str, source_file: str | None = None, import_id: int | None = None) -> html.Div:
    parts: list = [html.P([term("REGK31", "regk31", lang), ": ", t("peers.about", lang)])]
    if source_file:
        parts.append(
            html.P(t("peers.file", lang).format(file=source_file, id=import_id), className="note")
        )
    return html.Div(parts, className="note peers-about", id="peers-about")


def peers_body(
    year: int | None, municipality: int | None, functions: list[str] | None, lang: str
) -> list:
    database = data.db()
    years = database.query("peers_years")
    if years.is_empty():
        return empty_state(lang)
    shown = year if year is not None and year in years["year"].to_list() else int(years["year"][0])
    figures = with_groups(database.query("peers_key_figures", year=shown))
    chosen = default_municipality(figures, municipality)
    comp = comparison(figures, chosen, functions) if chosen is not None else pl.DataFrame()
    if comp.is_empty():
        return [html.P(t("peers.unknown_municipality", lang).format(year=shown))]
    return [
        comparison_table(comp, shown, lang),
        deferred_graph("peers-chart", comparison_figure(comp, shown, lang)),
        about(lang, str(figures["source_file"][0]), int(figures["import_id"][0])),
    ]
