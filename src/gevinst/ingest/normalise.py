"""Normalisation: a recognised sheet → budget lines, one row per account, year and kind, in kr.

Everything is vectorised in polars (a 100.000-row workbook is one pass, not 100.000 Python
loops). Cells that cannot be read become problems at their true address; rows that are not
budget lines (blank, section headings, totals such as `I alt`) are left out, totals said so.
A wide sheet is unpivoted: `B2026` and `BO2027` become the year and kind of each line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import polars as pl

from gevinst.errors import Problem, Severity
from gevinst.ingest.cells import address, where, where_expr
from gevinst.ingest.numbers import (
    as_number,
    has_dot_decimal,
    is_ambiguous,
    parse_amount,
    parse_whole,
    quick_amount,
)
from gevinst.ingest.readers import RawSheet
from gevinst.ingest.shapes import AmountColumn, SheetShape
from gevinst.ingest.vocabulary import (
    KIND_WORDS,
    KINDS_FOR_IMPORT,
    TOTALS_PATTERN,
    UNIT_FACTORS,
    Field,
    ImportKind,
)
from gevinst.messages import Lang, msg, register

#: per kind of problem, at most this many lines, then one "… and N more" line
PROBLEMS_PER_KIND = 50

register(
    {
        "ingest.cell.not_number": {
            "da": "'{text}' er ikke et tal",
            "en": "'{text}' is not a number",
        },
        "ingest.cell.ambiguous_number": {
            "da": "'{text}' er tvetydig: kolonnen bruger også punktum som decimaltegn, så det "
            "kan være "
            "{dot} eller {thousands}; skriv tallet med dansk talformat (fx 1.234,5)",
            "en": "'{text}' is ambiguous: the column also uses a dot as decimal point, so it "
            "may be "
            "{dot} or {thousands}; write the number in Danish format (e.g. 1.234,5)",
        },
        "ingest.cell.account_malformed": {
            "da": "'{text}' er ikke en konto (skriv fx 5.28.21 eller 52821)",
            "en": "'{text}' is not an account (write e.g. 5.28.21 or 52821)",
        },
        "ingest.cell.amount_without_account": {
            "da": "rækken har beløb men ingen konto (og er ikke en total-række som 'I alt')",
            "en": "the row has amounts but no account (and is not a totals row such as 'I alt')",
        },
        "ingest.cell.year": {"da": "'{text}' er ikke et årstal", "en": "'{text}' is not a year"},
        "ingest.cell.kind": {
            "da": "'{text}' er ikke en beløbstype (B, BO, R eller KB)",
            "en": "'{text}' is not a budget kind (B, BO, R or KB)",
        },
        "ingest.cell.missing_kind": {
            "da": "beløbstypen mangler (B, BO, R eller KB)",
            "en": "the budget kind is missing (B, BO, R or KB)",
        },
        "ingest.cell.missing_year": {"da": "årstallet mangler", "en": "the year is missing"},
        "ingest.cell.dranst": {
            "da": "'{text}' er ikke en dranst (1 drift, 2 statsrefusion, 3 anlæg)",
            "en": "'{text}' is not a dranst (1 operations, 2 state refusion, 3 construction)",
        },
        "ingest.cell.art": {
            "da": "'{text}' er ikke en art (et ciffer 0–9, evt. med gruppe som 4.0)",
            "en": "'{text}' is not an art (one digit 0–9, optionally a group as 4.0)",
        },
        "ingest.cell.total_mismatch": {
            "da": "total-rækken '{label}' siger {total}, men rækkerne den må summere ({rows}) "
            "giver {sum}; tjek rækkerne eller totalen",
            "en": "the totals row '{label}' says {total}, but the rows it should sum ({rows}) "
            "add up to {sum}; check the rows or the total",
        },
        "ingest.cell.more": {
            "da": "… og {count} flere af samme slags",
            "en": "… and {count} more of the same kind",
        },
    }
)

# a totals label as `vocabulary.TOTALS_PATTERN` reads it, for the untrimmed text in any case
_TOTALS = r"(?i)" + TOTALS_PATTERN
#: areas a statbank table (BUDK, REGK) lists beside the municipalities: skipped and counted
_OTHER_AREAS = r"(?i)^\s*(?:0*0\b|08[1-5]\b|hele landet|region\b|landsdel\b|all denmark|christians)"

#: one budget line per these columns (DESIGN: the grain of `budget_lines` within a version)
GRAIN = (
    "municipality_code",
    "year",
    "budget_kind",
    "account",
    "dranst",
    "art",
    "committee",
    "cost_centre",
)
_DOTTED = r"^(\d)[. ](\d{2})[. ](\d{2})((?:[. ]\d+)*)(?:\s+\D.*)?$"
_COMPACT = r"^(\d)(\d{2})(\d{2})(?:\s+\D.*)?$"
_DRANST_WORDS = {
    "drift": 1,
    "statsrefusion": 2,
    "refusion": 2,
    "anlæg": 3,
    "anlaeg": 3,
    "operations": 1,
    "construction": 3,
}

LINE_SCHEMA: dict[str, pl.DataType] = {
    "source_sheet": pl.String(),
    "source_row": pl.Int32(),
    "municipality_code": pl.Int32(),
    "year": pl.Int32(),
    "budget_kind": pl.String(),
    "account": pl.String(),
    "account_detail": pl.String(),
    "dranst": pl.Int8(),
    "art": pl.String(),
    "committee": pl.String(),
    "department": pl.String(),
    "cost_centre": pl.String(),
    "amount_dkk": pl.Float64(),
    "amount_cell": pl.String(),
    "account_cell": pl.String(),
    "municipality_cell": pl.String(),
    "municipality_text": pl.String(),
    "year_cell": pl.String(),
}


@dataclass(frozen=True)
class SheetContext:
    display: str  # the file name people know
    municipality: int  # --municipality: the default for lines without a Kommune column
    kind: ImportKind
    committee: str | None  # the sheet name, for a workbook with a sheet per committee
    lang: Lang = "da"
    municipality_names: dict[str, int] = field(default_factory=dict)  # lower-case name → code
    budget_year: int | None = None  # --budget-year: B there, BO after (when the file is silent)


@dataclass
class NormalisedSheet:
    lines: pl.DataFrame  # LINE_SCHEMA
    problems: list[Problem] = field(default_factory=list)
    source_rows: int = 0
    totals_rows: tuple[int, ...] = ()
    other_kinds: dict[str, int] = field(
        default_factory=dict
    )  # kind → lines left for another --kind
    detail_accounts: int = 0  # lines whose account had detail below the function (5.28.21.01)
    budget_year: int | None = None  # the year read as B when the kinds came from the structure
    skipped_areas: dict[str, int] = field(default_factory=dict)  # Hele landet → rows left out
    collisions: tuple[str, ...] = ()  # unused columns that would tell colliding lines apart


def problem_lines(
    display: str | None,
    bad: pl.DataFrame,
    severity: Severity,
    lang: Lang,
    text: Callable[[dict], str],
) -> list[Problem]:
    """Problems for rows of `bad` (`where`, maybe `file`, message fields), capped with a count."""
    rows = bad.head(PROBLEMS_PER_KIND).to_dicts()
    problems = [
        Problem(r.get("file") or display or "", r["where"] or "", text(r), severity) for r in rows
    ]
    if bad.height > PROBLEMS_PER_KIND:
        problems.append(
            Problem(
                rows[-1].get("file") or display or "",
                rows[-1]["where"],
                msg("ingest.cell.more", lang, count=bad.height - PROBLEMS_PER_KIND),
                severity,
            )
        )
    return problems


def _text(c: int | None) -> pl.Expr:
    return pl.col(f"c{c}").str.strip_chars() if c is not None else pl.lit(None, pl.String)


def _account(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """`5.28.21`, `52821`, `5 28 21`, `5.28.21 Tekst` → `5.28.21`; `5.28.21.01` keeps its detail."""
    dotted = pl.concat_str([text.str.extract(_DOTTED, i) for i in (1, 2, 3)], separator=".")
    compact = pl.concat_str([text.str.extract(_COMPACT, i) for i in (1, 2, 3)], separator=".")
    detail = text.str.extract(_DOTTED, 4)
    account = pl.coalesce(dotted, compact)
    detail_code = pl.when(detail.str.len_chars() > 0).then(
        text.str.extract(r"^(\S+)", 1).str.replace_all(" ", ".")
    )
    return account, detail_code


def _by_distinct(
    data: pl.DataFrame, col: int | None, derive: Callable[[pl.Expr], dict[str, pl.Expr]]
) -> list[pl.Expr]:
    """The columns `derive` reads from the trimmed text of column `col`, for every row of `data`.

    A budget repeats a few hundred accounts, three dranst and a handful of arts over its
    100.000 rows, so the regular expressions run on the distinct texts only and a lookup
    brings them back to the rows. `derive` must read a missing text as null.
    """
    if col is None:
        return [expr.alias(name) for name, expr in derive(_text(None)).items()]
    source = f"c{col}"
    table = data.select(pl.col(source).unique().drop_nulls()).with_columns(**derive(_text(col)))
    keys = table.get_column(source)
    return [
        pl.col(source)
        .replace_strict(keys, table.get_column(name), default=None, return_dtype=dtype)
        .alias(name)
        for name, dtype in table.schema.items()
        if name != source
    ]


def _account_parts(text: pl.Expr) -> dict[str, pl.Expr]:
    account, detail = _account(text)
    total = text.str.contains(_TOTALS).fill_null(False) & account.is_not_null()
    return {"_account": account, "_detail": detail, "_account_total": total}


def _kind_word(text: pl.Expr) -> pl.Expr:
    label = text.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars(" .")
    return label.replace_strict(KIND_WORDS, default=None, return_dtype=pl.String)


def _dranst(text: pl.Expr) -> pl.Expr:
    digit = text.str.extract(r"^([1-3])(?:\.0+)?(?:\s+\D.*)?$", 1).cast(pl.Int8, strict=False)
    word = text.str.to_lowercase().replace_strict(_DRANST_WORDS, default=None, return_dtype=pl.Int8)
    return pl.coalesce(digit, word)


def _art(text: pl.Expr) -> pl.Expr:
    """`1`, `4.0`, `40`, `4,9`, `1 Lønninger` → `1`, `4.0`, `4.0`, `4.9`, `1`."""
    main = text.str.extract(r"^(\d)(?:[.,]?(\d))?(?:\s+\D.*)?$", 1)
    group = text.str.extract(r"^(\d)(?:[.,]?(\d))?(?:\s+\D.*)?$", 2)
    return (
        pl.when(group.is_not_null())
        .then(pl.concat_str([main, group], separator="."))
        .otherwise(main)
    )


def _municipality(text: pl.Expr, names: dict[str, int]) -> pl.Expr:
    """`169`, `169 Høje-Taastrup` or `Høje-Taastrup` → 169."""
    return pl.coalesce(
        parse_whole(text.str.extract(r"^(\d{1,4})\b", 1)),
        text.str.to_lowercase().replace_strict(names, default=None, return_dtype=pl.Int64),
    )


def _raw(c: int | None) -> pl.Expr:
    return pl.col(f"c{c}") if c is not None else pl.lit(None, pl.String)


# C901 exception: one polars pipeline; its closures share the sheet's frame
def normalise(sheet: RawSheet, shape: SheetShape, ctx: SheetContext) -> NormalisedSheet:  # noqa: C901
    """Budget lines from one recognised sheet, with every unreadable cell as a problem.

    A wide sheet has a line per row and amount column, so what depends on the row only (codes,
    cells, texts) is read once per row, before the amount columns multiply it, and what only
    problems need (their cells, trimmed texts) only for the few rows that have them.
    """
    f = shape.fields
    first_data = shape.header_index + 1
    data = (
        sheet.cells.slice(first_data)
        .with_row_index("_i")
        .with_columns((pl.col("_i") + sheet.first_row + first_data).cast(pl.Int32).alias("_row"))
    )
    data = data.filter(~pl.all_horizontal(pl.col(c).is_null() for c in sheet.cells.columns))
    source_rows = data.height

    def cell(col: int | None, row: str = "_row") -> pl.Expr:
        if col is None:
            return pl.lit(None, pl.String)
        return where_expr(sheet.name, sheet.first_col + col, pl.col(row))

    amount_cols = [f"c{a.index}" for a in shape.amounts]
    amount_indexes = {a.index for a in shape.amounts}
    labels = [  # a totals label may stand in any text column
        int(c[1:]) for c in sheet.cells.columns if int(c[1:]) not in amount_indexes
    ]
    data = data.with_columns(
        *_by_distinct(data, f.get("account"), _account_parts),
        _has_amount=pl.any_horizontal(pl.col(c).is_not_null() for c in amount_cols),
    )
    problems: list[Problem] = []
    lang = ctx.lang
    # a totals row has no account, or names its total in the account cell (`5.28 i alt`)
    unread = data.filter(pl.col("_has_amount") & pl.col("_account").is_null()).with_columns(
        _is_total=pl.any_horizontal(
            pl.col(f"c{c}").str.contains(_TOTALS).fill_null(False) for c in labels
        )
    )
    account_total = pl.col("_account_total").fill_null(False) & pl.col("_has_amount")
    if data.select(account_total.any()).item():
        unread = pl.concat(
            [unread, data.filter(account_total).with_columns(_is_total=pl.lit(True))],
            how="vertical_relaxed",
        ).sort("_row")
        data = data.filter(~account_total)
    totals = unread.filter(pl.col("_is_total"))
    bad_account = unread.filter(~pl.col("_is_total") & pl.col("_account").is_null()).select(
        where=cell(f.get("account")), text=_text(f.get("account"))
    )
    problems += problem_lines(
        ctx.display,
        bad_account,
        "error",
        lang,
        lambda r: (
            msg("ingest.cell.account_malformed", lang, text=r["text"])
            if r["text"]
            else msg("ingest.cell.amount_without_account", lang)
        ),
    )
    rows = data.filter(pl.col("_has_amount") & pl.col("_account").is_not_null())

    municipality = f.get("municipality")
    skipped_areas: dict[str, int] = {}
    if municipality is not None:
        other_area = _raw(municipality).str.contains(_OTHER_AREAS).fill_null(False)
        if rows.select(other_area.any()).item():
            skipped_areas = {
                str(k): int(v)
                for k, v in rows.filter(other_area)
                .group_by(_text(municipality).alias("area"), maintain_order=True)
                .len()
                .iter_rows()
            }
            rows = rows.filter(~other_area)
    [code] = _by_distinct(
        rows, municipality, lambda t: {"_code": _municipality(t, ctx.municipality_names)}
    )
    common = rows.with_columns(
        pl.col("_row").cast(pl.String).alias("_row_text"),
        pl.col("_account").alias("account"),
        pl.col("_detail").alias("account_detail"),
        cell(f.get("account")).alias("account_cell"),
        _text(municipality).alias("municipality_text"),
        cell(municipality).alias("municipality_cell"),
        pl.when(_raw(municipality).is_null())
        .then(pl.lit(ctx.municipality))
        .otherwise(code)
        .cast(pl.Int32)
        .alias("municipality_code"),
        *_by_distinct(rows, f.get("dranst"), lambda t: {"dranst": _dranst(t)}),
        *_by_distinct(rows, f.get("art"), lambda t: {"art": _art(t)}),
        pl.coalesce(_text(f.get("committee")), pl.lit(ctx.committee, pl.String)).alias("committee"),
        _text(f.get("department")).alias("department"),
        _text(f.get("cost_centre")).alias("cost_centre"),
        *_by_distinct(rows, f.get("year"), lambda t: {"_year": parse_whole(t).cast(pl.Int32)}),
        *_by_distinct(rows, f.get("budget_kind"), lambda t: {"_kind": _kind_word(t)}),
        *(as_number(pl.col(c)).alias(f"_value{k}") for k, c in enumerate(amount_cols)),
    )
    common = common.with_columns(
        quick_amount(pl.col(c), pl.col(f"_value{k}")).alias(f"_value{k}")
        for k, c in enumerate(amount_cols)
    )
    slow = [
        k
        for k, c in enumerate(amount_cols)
        if common.get_column(f"_value{k}").null_count() > common.get_column(c).null_count()
    ]
    if slow:  # text that is not a printed number cell (Danish text): the full format rules
        common = common.with_columns(
            pl.coalesce(pl.col(f"_value{k}"), parse_amount(pl.col(amount_cols[k]))).alias(
                f"_value{k}"
            )
            for k in slow
        )
    problems += _code_problems(common, f, ctx, cell)
    budget_year = None
    if shape.infer_kind:
        years = [a.year for a in shape.amounts if a.year is not None]
        if any(a.year is None for a in shape.amounts):
            # mypy: polars types a scalar as any literal; _year is integer
            years.append(common.get_column("_year").min())  # type: ignore[arg-type]
        budget_year = ctx.budget_year or min((y for y in years if y is not None), default=None)
    lines = pl.concat(
        [
            _amount_lines(common, k, a, shape, sheet, cell, budget_year)
            for k, a in enumerate(shape.amounts)
        ],
        how="vertical_relaxed",
    )
    problems += _cell_problems(lines, f, ctx, sheet.all_text, cell)
    if totals.height:
        problems += _totals_problems(totals, common, shape, sheet, ctx, labels, cell)
    incomplete = (
        pl.col("amount_dkk").is_null() | pl.col("year").is_null() | pl.col("budget_kind").is_null()
    )
    if lines.select(incomplete.any()).item():
        lines = lines.filter(~incomplete)
    lines = lines.with_columns(
        _wanted=pl.col("budget_kind").is_in(list(KINDS_FOR_IMPORT[ctx.kind]))
    )
    other = lines.filter(~pl.col("_wanted"))
    other_kinds = dict(other.group_by("budget_kind").len().iter_rows())
    if other.height:
        lines = lines.filter(pl.col("_wanted"))
    # mypy: polars' cast takes a Mapping of dtypes (its stub is narrower)
    lines = lines.select(LINE_SCHEMA.keys()).cast(LINE_SCHEMA)  # type: ignore[arg-type]
    return NormalisedSheet(
        budget_year=budget_year,
        skipped_areas=skipped_areas,
        collisions=_collisions(lines, data, shape, sheet),
        lines=lines,
        problems=problems,
        source_rows=source_rows,
        totals_rows=tuple(totals.get_column("_row").to_list()),
        other_kinds={str(k): int(v) for k, v in other_kinds.items()},
        detail_accounts=lines.height - lines.get_column("account_detail").null_count(),
    )


def _amount_lines(
    common: pl.DataFrame,
    k: int,
    amount: AmountColumn,
    shape: SheetShape,
    sheet: RawSheet,
    cell: Callable[..., pl.Expr],
    budget_year: int | None = None,
) -> pl.DataFrame:
    """One amount column's lines: its year and kind from the header (wide) or the row (long);
    where nothing says the kind, from the budget's structure: the budget year B, later BO."""
    header_cell = where(
        sheet.name, address(sheet.first_row + shape.header_index, sheet.first_col + amount.index)
    )
    if amount.year is not None:
        year = pl.lit(amount.year, pl.Int32)
        year_cell = pl.lit(header_cell)
    else:
        year = pl.col("_year")
        year_cell = cell(shape.fields.get("year"), "_row_text")
    kind = pl.coalesce(pl.col("_kind"), pl.lit(amount.budget_kind or shape.default_kind, pl.String))
    if shape.infer_kind and budget_year is not None:
        kind = pl.coalesce(
            kind,
            pl.when(year == budget_year)
            .then(pl.lit("B"))
            .when(year > budget_year)
            .then(pl.lit("BO")),
        )
    text = pl.col(f"c{amount.index}")
    lines = common.filter(text.is_not_null()).select(
        pl.lit(sheet.name, pl.String).alias("source_sheet"),
        pl.col("_row").alias("source_row"),
        "municipality_code",
        year.alias("year"),
        kind.alias("budget_kind"),
        "account",
        "account_detail",
        "dranst",
        "art",
        "committee",
        "department",
        "cost_centre",
        (pl.col(f"_value{k}") * UNIT_FACTORS[amount.unit]).round(2).alias("amount_dkk"),
        cell(amount.index, "_row_text").alias("amount_cell"),
        "account_cell",
        "municipality_cell",
        "municipality_text",
        year_cell.alias("year_cell"),
        "_row",
        text.alias("_amount_text"),
        _raw(shape.fields.get("year")).alias("_year_raw"),
        _raw(shape.fields.get("budget_kind")).alias("_kind_raw"),
    )
    if sheet.all_text:  # csv: `12.345` beside `1234.5` is ambiguous (see numbers)
        lines = lines.with_columns(
            is_ambiguous(pl.col("_amount_text")).alias("_ambiguous"),
            has_dot_decimal(pl.col("_amount_text")).any().alias("_column_has_dot"),
        )
    return lines


def _cell_problems(
    lines: pl.DataFrame,
    f: dict[Field, int],
    ctx: SheetContext,
    all_text: bool,
    cell: Callable[..., pl.Expr],
) -> list[Problem]:
    lang, display = ctx.lang, ctx.display
    suspect = (
        pl.col("amount_dkk").is_null() | pl.col("year").is_null() | pl.col("budget_kind").is_null()
    )
    if all_text:
        suspect = suspect | (pl.col("_ambiguous") & pl.col("_column_has_dot"))
    # every check below implies `suspect`, so it runs on those lines only: usually none
    lines = lines.filter(suspect)
    if not lines.height:
        return []
    lines = lines.with_columns(
        _year_text=pl.col("_year_raw").str.strip_chars(),
        _kind_text=pl.col("_kind_raw").str.strip_chars(),
        _kind_cell=cell(f.get("budget_kind")),
    )
    out: list[Problem] = []
    checks: list[tuple[pl.Expr, str, str, Callable[[dict], str]]] = [
        (
            pl.col("amount_dkk").is_null(),
            "amount_cell",
            "_amount_text",
            lambda r: msg("ingest.cell.not_number", lang, text=r["text"]),
        ),
        (
            pl.col("year").is_null() & pl.col("_year_text").is_not_null(),
            "year_cell",
            "_year_text",
            lambda r: msg("ingest.cell.year", lang, text=r["text"]),
        ),
        (
            pl.col("year").is_null() & pl.col("_year_text").is_null(),
            "account_cell",
            "_year_text",
            lambda r: msg("ingest.cell.missing_year", lang),
        ),
        (
            pl.col("budget_kind").is_null() & pl.col("_kind_text").is_not_null(),
            "_kind_cell",
            "_kind_text",
            lambda r: msg("ingest.cell.kind", lang, text=r["text"]),
        ),
        (
            pl.col("budget_kind").is_null() & pl.col("_kind_text").is_null(),
            "account_cell",
            "_kind_text",
            lambda r: msg("ingest.cell.missing_kind", lang),
        ),
    ]
    if all_text:
        checks.append(
            (
                pl.col("_ambiguous") & pl.col("_column_has_dot"),
                "amount_cell",
                "_amount_text",
                lambda r: msg(
                    "ingest.cell.ambiguous_number",
                    lang,
                    text=r["text"],
                    dot=r["text"].replace(".", ","),
                    thousands=r["text"].replace(".", ""),
                ),
            )
        )
    for condition, where_col, text_col, render in checks:
        bad = lines.filter(condition).select(
            pl.col(where_col).alias("where"), pl.col(text_col).alias("text")
        )
        out += problem_lines(display, bad.unique(maintain_order=True), "error", lang, render)
    return out


def _text_message(key: str, lang: Lang, row: dict) -> str:
    """The message `key` naming the cell's text (for `problem_lines`)."""
    return msg(key, lang, text=row["text"])


def _code_problems(
    lines: pl.DataFrame, f: dict[Field, int], ctx: SheetContext, cell: Callable[..., pl.Expr]
) -> list[Problem]:
    lang, display = ctx.lang, ctx.display
    out: list[Problem] = []
    for code, col, key in (
        ("dranst", f.get("dranst"), "ingest.cell.dranst"),
        ("art", f.get("art"), "ingest.cell.art"),
    ):
        if col is None:  # no column, no text to misread
            continue
        bad = (
            lines.filter(
                pl.col(code).is_null()
                & _raw(col).is_not_null()
                & ~_raw(col).str.contains(_TOTALS)  # statbank's art `I alt (netto)`: all arts
            )
            .select(where=cell(col), text=_text(col))
            .unique(maintain_order=True)
        )
        out += problem_lines(display, bad, "error", lang, partial(_text_message, key, lang))
    return out


def _collisions(
    lines: pl.DataFrame, data: pl.DataFrame, shape: SheetShape, sheet: RawSheet
) -> tuple[str, ...]:
    """The unused columns (aktivitet, PSP-element, anything not recognised) that would tell
    apart lines equal on the grain: what a duplicate message should name (DESIGN: the message
    blames the missing column, not the data). Only looked for when there are such lines."""
    header = sheet.cells.row(shape.header_index)
    candidates = dict(shape.unused)
    candidates.update({str(t): i for i, t in enumerate(header) if str(t) in shape.ignored})
    if not candidates:  # no column left out that could be named (hashing 400.000 lines: 0,02 s)
        return ()
    hashes = lines.select(GRAIN).hash_rows()
    if hashes.n_unique() == hashes.len():
        return ()
    keyed = lines.select(*GRAIN, pl.col("source_row").alias("_row"))
    duplicated = keyed.select(pl.struct(GRAIN).is_duplicated().sum()).item()
    named = []
    for name, index in candidates.items():
        column = data.select("_row", pl.col(f"c{index}").alias("_extra"))
        joined = keyed.join(column, on="_row", how="left")
        if joined.select(pl.struct(*GRAIN, "_extra").is_duplicated().sum()).item() < duplicated:
            named.append(name)
    return tuple(named)


def _totals_problems(
    totals: pl.DataFrame,
    details: pl.DataFrame,
    shape: SheetShape,
    sheet: RawSheet,
    ctx: SheetContext,
    labels: list[int],
    cell: Callable[..., pl.Expr],
) -> list[Problem]:
    """Each totals row checked against the rows it can sum: the detail rows since any earlier
    totals row (or the top), its committee's rows, its main account's (`Hovedkonto 5 i alt`),
    all of them; in a long sheet within its year. None matching within one unit of the file
    is a warning naming the total's cell and the rows above it (DESIGN: totals rows are
    checked, never summed twice)."""
    f = shape.fields
    year_col = f.get("year")
    committee_col = f.get("committee")
    label_expr = pl.concat_str([_text(c) for c in labels], separator=" ", ignore_nulls=True)
    tot = totals.with_columns(_label=label_expr)
    out: list[Problem] = []
    starts = [sheet.first_row + shape.header_index]
    for total in tot.iter_rows(named=True):
        row = total["_row"]
        label = total["_label"] or ""
        for k, amount in enumerate(shape.amounts):
            text = total.get(f"c{amount.index}")
            if text is None:
                continue
            value = pl.select(parse_amount(pl.lit(text, pl.String))).item()
            if value is None:
                continue
            cols = details
            year_text = total.get(f"c{year_col}") if year_col is not None else None
            if amount.year is None and year_text is not None:
                cols = cols.filter(_raw(year_col) == year_text)
            column = cols.select(
                "_row",
                "_account",
                pl.col(f"_value{k}").alias("v"),
                _text(committee_col).str.to_lowercase().alias("_committee"),
            )
            candidates = [
                column.filter(pl.col("_row").is_between(start + 1, row - 1)) for start in starts
            ]
            candidates.append(column)
            lowered = label.lower()
            committees = [
                c for c in column.get_column("_committee").unique().to_list() if c and c in lowered
            ]
            if committees:
                candidates.append(column.filter(pl.col("_committee").is_in(committees)))
            main = re.search(r"(?:hovedkonto|hovedfunktion)\s*(\d)|^\s*(\d)\s", lowered)
            if main:
                digit = main.group(1) or main.group(2)
                candidates.append(column.filter(pl.col("_account").str.starts_with(digit + ".")))
            sums = [c.get_column("v").sum() for c in candidates]
            if any(abs((s or 0.0) - value) <= 1.0 for s in sums):
                continue
            block = candidates[len(starts) - 1]  # the rows since the last total
            block_rows = block.get_column("_row").to_list()
            first, last = min(block_rows, default=row), max(block_rows, default=row)
            place = where(sheet.name, address(row, sheet.first_col + amount.index))
            rows_text = (
                f"{address(first, sheet.first_col + amount.index)}:"
                f"{address(last, sheet.first_col + amount.index)}"
            )
            out.append(
                Problem(
                    ctx.display,
                    place,
                    msg(
                        "ingest.cell.total_mismatch",
                        ctx.lang,
                        label=label.strip(),
                        total=_plain(value),
                        rows=rows_text,
                        sum=_plain(float(block.get_column("v").sum())),
                    ),
                    "warning",
                )
            )
        starts.append(row)
    return out


def _plain(value: float) -> str:
    """A file's own figure as the file writes it, Danish style: 1.234,5."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
