"""The leak: where the gross gain ends up (the investing municipality, the state through
refusion or directly, other municipalities, the region, equalisation, financing, external
funders), parts that add up to the gross gain exactly."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from dash import html

from dashboards.components import colours
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import PLOTLY_SEPARATORS, kr, percent
from dashboards.components.tables import table
from dashboards.i18n import t

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


def _leak_table(
    parts: dict[str, float], shares: dict[str, float], labels: dict[str, str], lang: str
) -> html.Table:
    shown = list(labels)
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
    return table(
        caption,
        [t("case.col.where", lang), t("case.col.amount_kr", lang), t("case.col.share", lang)],
        rows,
        numeric=[1, 2],
        table_id="case-leak-table",
        footer=[t("case.leak.gross", lang), kr(parts["gross"], lang), percent(1.0, lang)],
    )


def _leak_figure(shares: dict[str, float], labels: dict[str, str], lang: str) -> go.Figure:
    shown = list(labels)
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
    return figure


def leak_view(parts: dict[str, float], home_name: str, lang: str) -> list:
    shares = leak_shares(parts)
    if shares is None:
        return [html.P(t("case.leak.no_gain", lang), id="case-leak-none")]
    shown = [name for name in LEAK_PARTS if name == "home" or abs(parts[name]) >= 0.5]
    labels = {name: t(f"case.leak.{name}", lang).format(name=home_name) for name in shown}
    body = _leak_table(parts, shares, labels, lang)
    figure = _leak_figure(shares, labels, lang)
    notes = []
    if parts["moved_9c"] >= 0.5:
        notes.append(
            html.P(
                t("case.leak.moved_9c", lang).format(amount=kr(parts["moved_9c"], lang)),
                className="note",
            )
        )
    return [body, *notes, deferred_graph("case-leak-chart", figure)]
