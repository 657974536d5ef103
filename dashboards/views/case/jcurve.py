"""The J-curve: the investing municipality's cumulative net per year, next to the other
payers', and its caption."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboards.components import colours
from dashboards.components.money import PLOTLY_SEPARATORS, mio
from dashboards.components.payers import receiver
from dashboards.i18n import t
from gevinst.reference import Reference


def year_range(base_year: int, horizon: int) -> list[int]:
    return list(range(base_year, base_year + horizon))


#: the J-curve's lines in order: the municipality in total, its departments, then the others
_LINE_ORDER = {
    "total": 0,
    "department": 1,
    "other_municipality": 2,
    "region": 3,
    "state": 4,
    "municipalities": 5,
    "external": 6,
}


def _is_home(home: int) -> pl.Expr:
    return (pl.col("payer_kind") == "municipality") & (pl.col("payer_code") == home)


def _labelled(lines: pl.DataFrame, home: int, home_name: str, lang: str) -> pl.DataFrame:
    """Each flow line with its group, the line it is drawn on and its gain (> 0 saves)."""
    is_home = _is_home(home)
    other = {"municipality": "other_municipality"}
    # the same silo names as the portfolio (`components.payers.receiver`), so a case's lines
    # add up to the portfolio's matrix
    return lines.with_columns(
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


def jcurve_data(
    lines: pl.DataFrame, home: int, home_name: str, years: list[int], ref: Reference, lang: str
) -> pl.DataFrame:
    """Per line and year: the net gain (kr., > 0 = saves more than it spends) and its running
    sum. Lines: the municipality in total, each of its departments, and every other payer
    group (other municipalities together, the region, the state, external funders)."""
    is_home = _is_home(home)
    labelled = _labelled(lines, home, home_name, lang)
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
    return (
        filled.with_columns(
            pl.col("gain_dkk").cum_sum().over("group", "line").alias("cumulative_gain_dkk"),
            pl.col("group").replace_strict(_LINE_ORDER, default=9).alias("_order"),
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
