"""Posting files (KMD Opus, Prisme, EG: one row per booking) summed to budget lines.

A posting file says per booking an artskonto, an omkostningssted, a PSP-element or an
ansvarssted, a debit/credit flag and an amount; a budget line is a function, a dranst, a year
and a budget kind. The controller's posting map (`[postings]` in a mapping, or
`--posting-map FILE`) says which function (and dranst) each value of one key column books
to. Here every booking is read, signed (debet +, kredit −; a signed amount where the file has
no debit/credit column), looked up and summed; every line keeps the rows it sums
(`source_rows`). A booking whose key the map does not know rejects the file, naming the
cells and the keys: a catch-all account would put money where nobody decided it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import polars as pl

from gevinst.errors import Problem
from gevinst.ingest.cells import address, where, where_expr
from gevinst.ingest.normalise import (
    LINE_SCHEMA,
    NormalisedSheet,
    SheetContext,
    _dranst,
    _kind_word,
    _text,
    problem_lines,
)
from gevinst.ingest.numbers import (
    has_dot_decimal,
    is_ambiguous,
    parse_amount,
    parse_whole,
    quick_amount,
)
from gevinst.ingest.readers import RawSheet
from gevinst.ingest.shapes import (
    HEADER_SEARCH_ROWS,
    AmountColumn,
    PostingColumns,
    SheetShape,
    _Cell,
    _classify,
    _column_units,
    _units,
    _with_data,
)
from gevinst.ingest.vocabulary import (
    KINDS_FOR_IMPORT,
    TOTALS_PATTERN,
    UNIT_FACTORS,
    Field,
    ImportKind,
    header_key,
)
from gevinst.messages import Lang, msg, register

if TYPE_CHECKING:
    from gevinst.ingest.mapping import Mapping

register(
    {
        "ingest.postings.no_key_column": {
            "da": "posteringskortets nøglekolonne '{column}' findes ikke i de første {rows} rækker "
            "af arket; ret key i kortet eller angiv header_row",
            "en": "the posting map's key column '{column}' is not in the first {rows} rows of "
            "the sheet; correct its key or give header_row",
        },
        "ingest.postings.no_year": {
            "da": "posteringsfilen har hverken en årskolonne (År, Regnskabsår) eller en "
            "bogføringsdato; tilføj en af dem",
            "en": "the posting file has neither a year column (År, Regnskabsår) nor a posting "
            "date; add one of them",
        },
        "ingest.postings.no_key": {
            "da": "posteringen har et beløb men ingen {column}",
            "en": "the posting has an amount but no {column}",
        },
        "ingest.postings.unmapped": {
            "da": "{column} '{value}' har ingen funktion i posteringskortet ({count} posteringer: "
            "{cells}); tilføj den til kortet — intet er importeret",
            "en": "{column} '{value}' has no function in the posting map ({count} postings: "
            "{cells}); add it to the map — nothing was imported",
        },
        "ingest.postings.sign": {
            "da": "'{text}' er hverken debet eller kredit (D, K, Debet, Kredit)",
            "en": "'{text}' is neither debit nor credit (D, K, Debet, Kredit)",
        },
        "ingest.postings.no_sign": {
            "da": "debet/kredit mangler",
            "en": "debit/credit is missing",
        },
        "ingest.postings.negative": {
            "da": "beløbet '{text}' er negativt, men kolonnen '{header}' giver fortegnet; det "
            "er tvetydigt om det er en kredit — skriv beløbet uden fortegn",
            "en": "the amount '{text}' is negative, but the column '{header}' gives the sign; "
            "it is ambiguous whether it is a credit — write the amount without a sign",
        },
        "ingest.postings.date": {
            "da": "'{text}' er ikke en dato (fx 03.01.2026 eller 2026-01-03)",
            "en": "'{text}' is not a date (e.g. 03.01.2026 or 2026-01-03)",
        },
    }
)

#: debit/credit flags as Danish systems write them: debet adds to the expense, kredit lowers it
_SIGNS: dict[str, int] = {
    "d": 1,
    "debet": 1,
    "debit": 1,
    "dr": 1,
    "+": 1,
    "s": 1,
    "k": -1,
    "kredit": -1,
    "credit": -1,
    "cr": -1,
    "c": -1,
    "-": -1,
    "h": -1,
}
_TOTALS = r"(?i)" + TOTALS_PATTERN
#: a date's year: ISO (`2026-01-03`, a spreadsheet date) or Danish (`03.01.2026`, `3-1-2026`)
_ISO_YEAR = r"^((?:19|20|21)\d\d)-\d{1,2}-\d{1,2}(?:[ T].*)?$"
_DANISH_YEAR = r"^\d{1,2}[.\-/]\d{1,2}[.\-/]((?:19|20|21)\d\d)$"
_KEPT: tuple[Field, ...] = (
    "year",
    "budget_kind",
    "dranst",
    "unit",
    "posting_sign",
    "posting_date",
)


def _key_row(sheet: RawSheet, mapping: Mapping) -> tuple[int, int] | None:
    """(frame row, column) of the header cell naming the map's key column."""
    assert mapping.postings is not None
    wanted = header_key(mapping.postings.key)
    rows = sheet.cells.head(HEADER_SEARCH_ROWS).iter_rows()
    if mapping.header_row is not None:
        index = mapping.header_row - sheet.first_row
        rows = iter([sheet.cells.row(index)] if 0 <= index < sheet.cells.height else [])
        offset = index
    else:
        offset = 0
    for i, row in enumerate(rows):
        for col, text in enumerate(row):
            if text is not None and header_key(str(text)) == wanted:
                return offset + i, col
    return None


def recognise_postings(
    sheet: RawSheet,
    display: str,
    kind: ImportKind,
    mapping: Mapping,
    lang: Lang = "da",
    unit: str | None = None,
) -> tuple[SheetShape | None, list[Problem]]:
    """A posting sheet's shape from its header row (the row naming the map's key column)."""
    assert mapping.postings is not None
    found = _key_row(sheet, mapping)
    if found is None:
        return None, [
            Problem(
                display,
                sheet.name or "",
                msg(
                    "ingest.postings.no_key_column",
                    lang,
                    column=mapping.postings.key,
                    rows=HEADER_SEARCH_ROWS,
                ),
            )
        ]
    header_index, key = found
    row = sheet.cells.row(header_index)
    header_row = sheet.first_row + header_index

    def place(index: int) -> str:
        return where(sheet.name, address(header_row, sheet.first_col + index))

    fields, amount, ignored = _columns(row, key, mapping)
    problems: list[Problem] = []
    if amount is None:
        problems.append(
            Problem(
                display,
                place(key),
                msg("ingest.shape.missing_column", lang, field="Beløb / amount"),
            )
        )
    if "year" not in fields and "posting_date" not in fields:
        problems.append(Problem(display, place(key), msg("ingest.postings.no_year", lang)))
    if amount is None or problems:
        return None, problems
    unit_column = fields.get("unit")
    if unit_column is not None and not _column_units(sheet, header_index, unit_column):
        del fields["unit"]  # an `Enhed` of organisation units, not of money
        ignored.append(str(row[unit_column]))
        unit_column = None
    units, found_units = _units(
        sheet, display, header_index, amount, [], mapping, place, lang, unit, unit_column
    )
    problems += found_units
    if not units:
        return None, problems
    default_kind = mapping.budget_kind or ("R" if kind == "accounts" else None)
    infer_kind = kind == "budget" and default_kind is None and "budget_kind" not in fields
    unit_name, source = units[amount.index]
    sign = fields.get("posting_sign")
    columns = PostingColumns(
        key,
        str(row[key]),
        sign,
        fields.get("posting_date"),
        mapping.postings,
        "" if sign is None else str(row[sign]),
    )
    shape = SheetShape(
        "long",
        header_index,
        {f: i for f, i in fields.items() if f not in ("posting_sign", "posting_date")},
        (AmountColumn(amount.index, amount.header, amount.amount_kind, None, unit_name, source),),
        tuple(_with_data(sheet, header_index, ignored, row)),
        default_kind,
        infer_kind,
        {},
        columns,
    )
    return shape, problems


def _columns(
    row: tuple, key: int, mapping: Mapping
) -> tuple[dict[Field, int], _Cell | None, list[str]]:
    """The columns a posting sheet uses (year, date, sign, kind, amount …) and the rest."""
    fields: dict[Field, int] = {}
    amount: _Cell | None = None
    ignored: list[str] = []
    for i, text in enumerate(row):
        if text is None or i == key:
            continue
        cell = _classify(i, str(text), mapping)
        if cell is not None and cell.target == "amount" and amount is None:
            amount = cell
        elif cell is not None and cell.target in _KEPT and cell.target not in fields:
            fields[cell.target] = i
        else:
            ignored.append(str(text))
    return fields, amount, ignored


def _date_year(text: pl.Expr) -> pl.Expr:
    return pl.coalesce(text.str.extract(_ISO_YEAR, 1), text.str.extract(_DANISH_YEAR, 1)).cast(
        pl.Int32, strict=False
    )


def _read(data: pl.DataFrame, shape: SheetShape, budget_year: int | None) -> pl.DataFrame:
    """Every booking's key, target, sign, value, year and kind (nulls where unreadable)."""
    pc = shape.postings
    assert pc is not None
    f = shape.fields
    amount = pl.col(f"c{shape.amounts[0].index}")
    key = _text(pc.key).str.replace(r"^(\d+)\.0$", "$1")
    keys = list(pc.rules.functions)
    functions = [t.function for t in pc.rules.functions.values()]
    dranst = [t.dranst for t in pc.rules.functions.values()]
    sign = (
        pl.lit(1, pl.Int8)
        if pc.sign is None
        else _text(pc.sign)
        .str.to_lowercase()
        .str.strip_chars(" .")
        .replace_strict(_SIGNS, default=None, return_dtype=pl.Int8)
    )
    year = (
        parse_whole(_text(f["year"])).cast(pl.Int32) if "year" in f else _date_year(_text(pc.date))
    )
    value = pl.coalesce(quick_amount(amount), parse_amount(amount))
    out = data.with_columns(
        _key=key,
        _function=key.replace_strict(keys, functions, default=None, return_dtype=pl.String),
        _dranst=pl.coalesce(
            key.replace_strict(keys, dranst, default=None, return_dtype=pl.Int8),
            _dranst(_text(f.get("dranst"))) if "dranst" in f else pl.lit(None, pl.Int8),
        ),
        _sign=sign,
        _value=value,
        _year=year,
        _kind=_kind_word(_text(f["budget_kind"]))
        if "budget_kind" in f
        else pl.lit(shape.amounts[0].budget_kind or shape.default_kind, pl.String),
    )
    if shape.infer_kind:
        out = out.with_columns(
            _kind=pl.coalesce(
                pl.col("_kind"),
                pl.when(pl.col("_year") == (budget_year or pl.col("_year").min()))
                .then(pl.lit("B"))
                .when(pl.col("_year").is_not_null())
                .then(pl.lit("BO")),
            )
        )
    return out


def normalise_postings(sheet: RawSheet, shape: SheetShape, ctx: SheetContext) -> NormalisedSheet:
    """The sheet's bookings summed per function, dranst, year and budget kind, in kr.; every
    unreadable cell and every booking whose key the map does not know is a problem."""
    first_data = shape.header_index + 1
    amount_col = shape.amounts[0].index
    data = (
        sheet.cells.slice(first_data)
        .with_row_index("_i")
        .with_columns((pl.col("_i") + sheet.first_row + first_data).cast(pl.Int32).alias("_row"))
    )
    data = data.filter(~pl.all_horizontal(pl.col(c).is_null() for c in sheet.cells.columns))
    source_rows = data.height
    data = data.filter(pl.col(f"c{amount_col}").is_not_null())  # headings, notes: no amount
    pc = shape.postings
    assert pc is not None
    labels = [c for c in sheet.cells.columns if c != f"c{amount_col}"]
    total = _text(pc.key).is_null() & pl.any_horizontal(
        pl.col(c).str.contains(_TOTALS).fill_null(False) for c in labels
    )
    totals = data.filter(total)
    data = _read(data.filter(~total), shape, ctx.budget_year)

    def cell(col: int | None) -> pl.Expr:
        if col is None:
            return pl.lit(None, pl.String)
        return where_expr(sheet.name, sheet.first_col + col, pl.col("_row"))

    problems = _problems(data, shape, ctx, cell, sheet.all_text)
    budget_year = None
    if shape.infer_kind and data.height:
        budget_year = ctx.budget_year or data.get_column("_year").min()
    if any(p.severity == "error" for p in problems):
        return NormalisedSheet(pl.DataFrame(schema=LINE_SCHEMA), problems, source_rows)
    lines = _summed(data, shape, sheet, ctx, cell)
    wanted = pl.col("budget_kind").is_in(list(KINDS_FOR_IMPORT[ctx.kind]))
    other = lines.filter(~wanted).group_by("budget_kind").agg(pl.col("_count").sum())
    return NormalisedSheet(
        lines.filter(wanted).drop("_count"),
        problems,
        source_rows,
        tuple(totals.get_column("_row").to_list()),
        {str(k): int(v) for k, v in other.iter_rows()},
        0,
        budget_year,  # type: ignore[arg-type]
    )


def _summed(
    data: pl.DataFrame,
    shape: SheetShape,
    sheet: RawSheet,
    ctx: SheetContext,
    cell: Callable[[int | None], pl.Expr],
) -> pl.DataFrame:
    """One line per function, dranst, year and kind: the bookings' sum in whole øre (so a
    thousand bookings add up to the krone), the first booking's cells, every booking's row."""
    pc = shape.postings
    assert pc is not None
    factor = UNIT_FACTORS[shape.amounts[0].unit]
    ore = (pl.col("_value") * pl.col("_sign") * factor * 100).round(0).cast(pl.Int64)
    year_cell = cell(shape.fields.get("year", pc.date))
    grouped = (
        data.with_columns(
            _ore=ore,
            _amount_cell=cell(shape.amounts[0].index),
            _account_cell=cell(pc.key),
            _year_cell=year_cell,
        )
        .group_by("_year", "_kind", "_function", "_dranst")
        .agg(
            pl.col("_ore").sum(),
            pl.col("_row").sort().alias("source_rows"),
            pl.col("_row").min().alias("source_row"),
            pl.col("_amount_cell").sort_by("_row").first(),
            pl.col("_account_cell").sort_by("_row").first(),
            pl.col("_year_cell").sort_by("_row").first(),
            pl.len().alias("_count"),
        )
        .sort("source_row")
    )
    return grouped.select(
        pl.lit(sheet.name, pl.String).alias("source_sheet"),
        "source_row",
        pl.lit(ctx.municipality, pl.Int32).alias("municipality_code"),
        pl.col("_year").cast(pl.Int32).alias("year"),
        pl.col("_kind").alias("budget_kind"),
        pl.col("_function").alias("account"),
        pl.lit(None, pl.String).alias("account_detail"),
        pl.col("_dranst").cast(pl.Int8).alias("dranst"),
        pl.lit(None, pl.String).alias("art"),
        pl.lit(ctx.committee, pl.String).alias("committee"),
        pl.lit(None, pl.String).alias("department"),
        pl.lit(None, pl.String).alias("cost_centre"),
        (pl.col("_ore") / 100).alias("amount_dkk"),
        pl.col("_amount_cell").alias("amount_cell"),
        pl.col("_account_cell").alias("account_cell"),
        pl.lit(None, pl.String).alias("municipality_cell"),
        pl.lit(None, pl.String).alias("municipality_text"),
        pl.col("_year_cell").alias("year_cell"),
        pl.col("source_rows").cast(pl.List(pl.Int32)),
        "_count",
    ).cast(LINE_SCHEMA)  # type: ignore[arg-type]


def _problems(
    data: pl.DataFrame,
    shape: SheetShape,
    ctx: SheetContext,
    cell: Callable[[int | None], pl.Expr],
    all_text: bool,
) -> list[Problem]:
    """Every unreadable cell of the bookings, and every key the map does not know."""
    pc = shape.postings
    assert pc is not None
    lang, display = ctx.lang, ctx.display
    amount = shape.amounts[0]
    f = shape.fields
    year_col = f.get("year", pc.date)
    out = _unmapped(data, pc, ctx, cell)
    checks: list[tuple[pl.Expr, int | None, Callable[[dict], str]]] = [
        (
            pl.col("_key").is_null(),
            pc.key,
            lambda r: msg("ingest.postings.no_key", lang, column=pc.key_header),
        ),
        (
            pl.col("_value").is_null(),
            amount.index,
            lambda r: msg("ingest.cell.not_number", lang, text=r["text"]),
        ),
        (
            pl.col("_year").is_null() & _text(year_col).is_null(),
            year_col,
            lambda r: msg("ingest.cell.missing_year", lang),
        ),
        (
            pl.col("_year").is_null() & _text(year_col).is_not_null(),
            year_col,
            lambda r: msg(
                "ingest.cell.year" if "year" in f else "ingest.postings.date", lang, text=r["text"]
            ),
        ),
        (
            pl.col("_kind").is_null() & _text(f.get("budget_kind")).is_not_null(),
            f.get("budget_kind"),
            lambda r: msg("ingest.cell.kind", lang, text=r["text"]),
        ),
        (
            pl.col("_kind").is_null() & _text(f.get("budget_kind")).is_null(),
            pc.key,
            lambda r: msg("ingest.cell.missing_kind", lang),
        ),
    ]
    if pc.sign is not None:
        checks += [
            (
                pl.col("_sign").is_null() & _text(pc.sign).is_null(),
                pc.sign,
                lambda r: msg("ingest.postings.no_sign", lang),
            ),
            (
                pl.col("_sign").is_null() & _text(pc.sign).is_not_null(),
                pc.sign,
                lambda r: msg("ingest.postings.sign", lang, text=r["text"]),
            ),
            (
                pl.col("_value") < 0,
                amount.index,
                lambda r: msg(
                    "ingest.postings.negative", lang, text=r["text"], header=pc.sign_header
                ),
            ),
        ]
    if all_text:  # csv: `12.345` beside `1234.5` is ambiguous (see numbers)
        text = pl.col(f"c{amount.index}")
        checks.append(
            (
                is_ambiguous(text) & has_dot_decimal(text).any(),
                amount.index,
                lambda r: msg(
                    "ingest.cell.ambiguous_number",
                    lang,
                    text=r["text"],
                    dot=r["text"].replace(".", ","),
                    thousands=r["text"].replace(".", ""),
                ),
            )
        )
    for condition, col, render in checks:
        # `_row` keeps one row per booking where `col` is None (literals alone broadcast)
        bad = data.filter(condition.fill_null(False)).select(
            "_row", where=cell(col), text=_text(col)
        )
        out += problem_lines(display, bad, "error", lang, render)
    return out


def _unmapped(
    data: pl.DataFrame,
    pc: PostingColumns,
    ctx: SheetContext,
    cell: Callable[[int | None], pl.Expr],
) -> list[Problem]:
    """One problem per key the map does not know: its bookings' count and first cells."""
    bad = (
        data.filter(pl.col("_key").is_not_null() & pl.col("_function").is_null())
        .with_columns(_where=cell(pc.key))
        .group_by("_key", maintain_order=True)
        .agg(
            pl.col("_where").first().alias("where"),
            pl.col("_where").head(5).alias("cells"),
            pl.len().alias("count"),
        )
    )
    return problem_lines(
        ctx.display,
        bad,
        "error",
        ctx.lang,
        lambda r: msg(
            "ingest.postings.unmapped",
            ctx.lang,
            column=pc.key_header,
            value=r["_key"],
            count=r["count"],
            cells=", ".join(r["cells"]) + (" …" if r["count"] > 5 else ""),
        ),
    )
