"""The words budget exports use: header names, wide year columns, units, budget kinds, totals.

Pure data and small matchers, so recognising a new export's wording is a one-line change
here and never a new branch in the shape logic. Headers are compared after `normalise_label`
(lower case, single spaces, no trailing dot or colon), so `Omk.sted`, `omk. sted` and
`OMK.STED:` are the same word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

Field = Literal[
    "account",
    "amount",
    "municipality",
    "committee",
    "department",
    "cost_centre",
    "dranst",
    "art",
    "year",
    "budget_kind",
    "description",
    "ignore",
]
BudgetKind = Literal["B", "BO", "R", "KB"]
ImportKind = Literal["budget", "accounts"]

#: which budget kinds each `--kind` imports (DESIGN: B and BO are the adopted budget and its
#: outlook years, KB the revised budget, R the accounts).
KINDS_FOR_IMPORT: dict[ImportKind, frozenset[str]] = {
    "budget": frozenset({"B", "BO", "KB"}),
    "accounts": frozenset({"R"}),
}

#: The fields a mapping file may name (`ignore` drops a column on purpose): the `Field` names.
FIELDS: tuple[Field, ...] = get_args(Field)

_HEADERS: dict[Field, tuple[str, ...]] = {
    "account": (
        "konto",
        "kontonr",
        "kontonummer",
        "konto nr",
        "kontonr.",
        "funktion",
        "funktionskonto",
        "account",
        "account no",
        "account number",
        "function",
    ),
    "amount": ("beløb", "belob", "amount", "beløb kr", "amount dkk", "værdi", "value"),
    "municipality": (
        "kommune",
        "kommunenr",
        "kommunenummer",
        "kommunekode",
        "kommune nr",
        "municipality",
        "municipality code",
    ),
    "committee": ("udvalg", "politisk udvalg", "committee"),
    "department": ("afdeling", "forvaltning", "department"),
    "cost_centre": (
        "omkostningssted",
        "omk.sted",
        "omk. sted",
        "omk sted",
        "omkostningssted nr",
        "cost centre",
        "cost center",
        "costcentre",
        "costcenter",
    ),
    "dranst": ("dranst", "dranst nr"),
    "art": ("art", "artskonto", "art nr", "expense type"),
    "year": ("år", "aar", "year", "budgetår", "regnskabsår", "fiscal year"),
    "budget_kind": ("budgettype", "budget type", "budget kind", "beløbstype", "type"),
    "description": (
        "tekst",
        "text",
        "kontonavn",
        "kontotekst",
        "navn",
        "name",
        "beskrivelse",
        "description",
        "bemærkning",
        "note",
    ),
}
_HEADER_FIELD: dict[str, Field] = {
    name: field for field, names in _HEADERS.items() for name in names
}

#: Units as written in headers and titles → factor to kroner. Longest patterns first, so that
#: `1.000 kr.` is not read as `kr.`.
_UNITS: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"mio\.?\s*kr|mill?\.?\s*kr|dkk\s*m\b|mdkk|million"), "mio. kr.", 1_000_000),
    (
        re.compile(
            r"1\.000\s*kr|1000\s*kr|1,000\s*kr|t\.\s*kr|\btkr|tusind\s*kr|dkk\s*'?000|"
            r"dkk\s*thousand|thousand\s*dkk|kr\.?\s*\(?1\.000\)?"
        ),
        "1.000 kr.",
        1_000,
    ),
    (re.compile(r"\bkr\b|\bkroner\b|\bdkk\b"), "kr.", 1),
)
UNIT_FACTORS: dict[str, int] = {"kr.": 1, "1.000 kr.": 1_000, "t.kr.": 1_000, "mio. kr.": 1_000_000}

KIND_WORDS: dict[str, BudgetKind] = {
    "b": "B",
    "budget": "B",
    "vedtaget budget": "B",
    "oprindeligt budget": "B",
    "adopted budget": "B",
    "bo": "BO",
    "budgetoverslag": "BO",
    "overslag": "BO",
    "overslagsår": "BO",
    "budgetoverslagsår": "BO",
    "outlook": "BO",
    "r": "R",
    "regnskab": "R",
    "accounts": "R",
    "actual": "R",
    "actuals": "R",
    "kb": "KB",
    "korrigeret budget": "KB",
    "korr. budget": "KB",
    "korr budget": "KB",
    "revised budget": "KB",
    "corrected budget": "KB",
}
_KIND_ALTERNATION = "|".join(sorted((re.escape(w) for w in KIND_WORDS), key=len, reverse=True))
_WIDE = re.compile(rf"^({_KIND_ALTERNATION})\s*[-_ ]?\s*((?:19|20|21)\d\d)\b\s*(.*)$")
_YEAR_ONLY = re.compile(r"^((?:19|20|21)\d\d)\b\s*(.*)$")

#: a label that marks a totals row (`I alt`, `Total`, `Sum`, `I alt Børne- og Familieudvalget`)
TOTALS_PATTERN = (
    r"^(i alt|ialt|total|totalt|totaler|sum|subtotal|hovedtotal|grand total|samlet)"
    r"(\s|$|:|,)"
)
_TOTALS = re.compile(TOTALS_PATTERN)


def normalise_label(text: str | None) -> str:
    """Lower case, single spaces, no trailing `.`/`:`: the form every header is compared in."""
    if text is None:
        return ""
    label = " ".join(str(text).replace("\u00a0", " ").split()).lower()
    return label.rstrip(":").strip()


_UNIT_WORDS = re.compile(
    r"\((?:[^)]*)\)"  # anything in brackets: (1.000 kr.)
    r"|\b(?:i|in)\s+(?=(?:1\.000|1000|1,000|mio|mill|t\.|tkr|kr|dkk))"  # "i 1.000 kr."
    r"|(?:1\.000|1000|1,000|mio\.?|mill?\.?|t\.)\s*(?:kr|dkk)\.?"
    r"|\btkr\.?|\bkr\.?(?=\s|$)|\bdkk\b"
)


def _without_unit(label: str) -> str:
    """`beløb (1.000 kr.)`, `beløb i 1.000 kr.`, `beløb t.kr.` → `beløb`."""
    return " ".join(_UNIT_WORDS.sub(" ", label).split()).rstrip(".,:;-").strip()


def header_field(text: str | None) -> Field | None:
    """The field a header names, or None: `Kontonr.` → account, `Beløb (1.000 kr.)` → amount."""
    label = normalise_label(text)
    if not label:
        return None
    return (
        _HEADER_FIELD.get(label)
        or _HEADER_FIELD.get(label.rstrip("."))
        or _HEADER_FIELD.get(_without_unit(label))
    )


@dataclass(frozen=True, slots=True)
class WideColumn:
    """A column that holds one budget kind's amounts for one year (`B2026`, `Budget 2026`)."""

    budget_kind: BudgetKind | None  # None: a bare year (`2027`), kind must come from elsewhere
    year: int


def wide_column(text: str | None) -> WideColumn | None:
    """`BO2027` → (BO, 2027); `Budget 2026 (1.000 kr.)` → (B, 2026); `2027` → (None, 2027)."""
    label = normalise_label(text)
    match = _WIDE.match(label)
    if match:
        return WideColumn(KIND_WORDS[match.group(1)], int(match.group(2)))
    match = _YEAR_ONLY.match(label)
    if match and not _without_unit(match.group(2)):
        return WideColumn(None, int(match.group(1)))
    return None


def budget_kind_word(text: str | None) -> BudgetKind | None:
    """A budget-kind cell or header word → B/BO/R/KB (`Korrigeret budget` → KB)."""
    return KIND_WORDS.get(normalise_label(text).rstrip("."))


def unit_in(text: str | None) -> str | None:
    """The unit a header or title names (`(1.000 kr.)`, `t.kr.`, `mio. kr.`), or None."""
    label = normalise_label(text)
    for pattern, unit, _factor in _UNITS:
        if pattern.search(label):
            return unit
    return None


def is_totals_label(text: str | None) -> bool:
    """`I alt`, `Total`, `Sum`, `I alt Børne- og Familieudvalget`: a row not to be summed again."""
    return bool(_TOTALS.match(normalise_label(text)))


def amount_header_kind(text: str | None) -> BudgetKind | None:
    """A long file's amount column may be named by its kind: `Budget (1.000 kr.)` → B."""
    return budget_kind_word(_without_unit(normalise_label(text)))
