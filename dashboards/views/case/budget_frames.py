"""The budget frames table: per frame of the economy agreement and year, what the case does
to the investing municipality."""

from __future__ import annotations

import polars as pl
from dash import html

from dashboards.components.glossary import term
from dashboards.components.tables import table, thousands_columns
from dashboards.i18n import t
from dashboards.views.case.labels import (
    FRAMES,
    frame_label,
)
from gevinst.reports.labels import FRAME_ORDER


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
