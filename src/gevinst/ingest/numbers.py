"""Numbers as exports write them, read by one vectorised parser: `1234.5`, `1.234.567,50`,
`-12.000`, `1 234`, `(1.234)`, `1.234-`, `12.000 kr.`.

Workbook cells reach us as text (see `readers`): a number cell as calamine prints it
(`1234.5`, never with thousands separators), a text cell as typed. Danish text uses `.` for
thousands and `,` for decimals, so `1.234` is one thousand two hundred and thirty-four as
text but 1,234 as a printed number cell. The readers resolve that for workbook cells
(`readers.unambiguous_number_text`); for csv, where every cell is text, a column that also
holds dot decimals (`1234.5`) makes such a cell ambiguous, and it is reported, not guessed.
"""

from __future__ import annotations

import polars as pl

#: text that reads as a number both with `.` as decimal point and as Danish thousands separator.
#: This and `DANISH` run in polars here and in DuckDB's SQL in `benefit_weeks`; `[0-9]`, not
#: `\d`, which in polars would also match other scripts' digits.
AMBIGUOUS = r"^-?[0-9]{1,3}\.[0-9]{3}$"
_PLAIN = r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$"
#: Danish notation: `.` between thousands, `,` before decimals (`1.234.567,89`, `12,5`)
DANISH = r"^-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$"
_SPACED = r"^-?\d{1,3}( \d{3})+(,\d+)?$"


def _cleaned(text: pl.Expr) -> pl.Expr:
    """Trim, unify minus signs and spaces, and drop a trailing `kr.`: what every format shares."""
    return (
        text.str.replace_all("[\u00a0\u202f]", " ")
        .str.replace_all("[\u2212\u2013]", "-")
        .str.strip_chars()
        .str.replace(r"(?i)\s*(kr\.?|dkk)$", "")
        .str.strip_chars()
    )


def _signed(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Accounting negatives: `(1.234)` and SAP's trailing `1.234-` → (`1.234`, negative)."""
    parens = text.str.starts_with("(") & text.str.ends_with(")")
    trailing = text.str.ends_with("-") & ~text.str.starts_with("-")
    body = (
        pl.when(parens)
        .then(text.str.slice(1).str.strip_suffix(")"))
        .when(trailing)
        .then(text.str.strip_suffix("-"))
        .otherwise(text)
        .str.strip_chars()
    )
    return body, parens | trailing


def parse_amount(text: pl.Expr) -> pl.Expr:
    """Text → Float64; null where the text is not a number in a format we accept."""
    body, negative = _signed(_cleaned(text))
    danish = body.str.replace_all(r"[. ]", "").str.replace(",", ".")
    value = (
        pl.when(body.str.contains(AMBIGUOUS))
        .then(danish)
        .when(body.str.contains(_PLAIN))
        .then(body)
        .when(body.str.contains(DANISH) | body.str.contains(_SPACED))
        .then(danish)
        .otherwise(pl.lit(None, dtype=pl.String))
        .cast(pl.Float64, strict=False)
    )
    value = pl.when(value.is_finite()).then(value)
    return pl.when(negative).then(-value.abs()).otherwise(value)


def as_number(text: pl.Expr) -> pl.Expr:
    """Text → Float64 by a plain cast: how `quick_amount` reads a printed number cell."""
    return text.cast(pl.Float64, strict=False)


def quick_amount(text: pl.Expr, number: pl.Expr | None = None) -> pl.Expr:
    """`parse_amount` for printed number cells (`1234.5`); null for any other text.

    Most cells are printed number cells, which a plain cast reads at a fraction of the cost
    of the format rules; those need only run where this is null and the text is not.
    `number` is `as_number(text)` where a frame already holds it: an eager polars query does
    not share common subexpressions, and the cast is a third of the cost."""
    value = as_number(text) if number is None else number
    return pl.when(value.is_finite() & ~text.str.contains(AMBIGUOUS)).then(value)


def is_ambiguous(text: pl.Expr) -> pl.Expr:
    """True where text like `12.345` could be 12,345 or 12345 (for csv columns, see above)."""
    body, _negative = _signed(_cleaned(text))
    return body.str.contains(AMBIGUOUS).fill_null(False)


def has_dot_decimal(text: pl.Expr) -> pl.Expr:
    """True where text is a dot decimal that cannot be Danish (`1234.5`, `0.25`)."""
    body, _negative = _signed(_cleaned(text))
    return (body.str.contains(r"^-?\d+\.\d+$") & ~body.str.contains(AMBIGUOUS)).fill_null(False)


def parse_whole(text: pl.Expr) -> pl.Expr:
    """Text → Int64 for years, codes and digits (`2026`, `2026.0`, ` 169 `); null otherwise."""
    cleaned = text.str.strip_chars().str.replace(r"\.0+$", "")
    return pl.when(cleaned.str.contains(r"^\d+$")).then(cleaned).cast(pl.Int64, strict=False)
