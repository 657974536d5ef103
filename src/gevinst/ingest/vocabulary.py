"""The words budget exports use: header names, wide year columns, units, budget kinds, totals.

Pure data and small matchers, so recognising a new export's wording is a one-line change
here and never a new branch in the shape logic. Headers are compared after `normalise_label`
(lower case, single spaces, no trailing dot or colon), so `Omk.sted`, `omk. sted` and
`OMK.STED:` are the same word.
"""

from __future__ import annotations

import re
import unicodedata
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
    "unit",
    "activity",
    "project",
    "posting_sign",
    "posting_date",
    "voucher",
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

#: dimensions financial systems export that a budget line does not keep (KMD Opus's
#: aktivitet, SAP's PSP-element, a debit/credit flag): recognised, so the header is found and
#: the summary can name them, but listed as not used; they matter when rows collide without them
NOT_STORED: frozenset[str] = frozenset(
    {"activity", "project", "posting_sign", "posting_date", "voucher"}
)
#: the columns only a posting file has (one row per booking): their presence makes it one
POSTING_FIELDS: frozenset[str] = frozenset({"posting_sign", "posting_date", "voucher"})

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
        "formål",
        "formålskonto",
        "hovedfunktion",
    ),
    "amount": (
        "beløb",
        "amount",
        "beløb kr",
        "amount dkk",
        "værdi",
        "value",
        "indhold",  # Danmarks Statistik's statbank: the figure's column
    ),
    "municipality": (
        "kommune",
        "kommunenr",
        "kommunenummer",
        "kommunekode",
        "kommune nr",
        "municipality",
        "municipality code",
        "område",  # statbank (BUDK/REGK): the area, a municipality or Hele landet
        "area",
    ),
    "committee": ("udvalg", "politisk udvalg", "udvalgsnavn", "committee", "bevillingsområde"),
    "department": ("afdeling", "forvaltning", "department"),
    "cost_centre": (
        "omkostningssted",
        "omk.sted",
        "omk. sted",
        "omk sted",
        "omkostningssted nr",
        "cost centre",
        "cost center",
        "omkostningssted",
        "ansvarssted",  # KMD Opus, Prisme
        "ansvar",
        "ansvarsområde",
        "omk sted nr",
    ),
    "activity": ("aktivitet", "aktivitetsnr", "aktivitet nr", "activity"),
    "project": ("psp element", "psp", "projekt", "projektnr", "wbs element", "project"),
    # a posting file's own columns: one row per booking, not per function and year
    "posting_sign": (
        "debet kredit",
        "debet/kredit",
        "d k",
        "debit credit",
        "debet kredit kode",
        "dk kode",
        "fortegn",
    ),
    "posting_date": (
        "bogføringsdato",
        "posteringsdato",
        "bilagsdato",
        "posting date",
        "document date",
    ),
    "voucher": ("bilagsnummer", "bilagsnr", "bilag", "bilag nr", "document number", "voucher"),
    "unit": ("prisenhed", "enhed", "unit", "price unit", "måleenhed"),
    "dranst": ("dranst", "dranst nr", "drifts anlægs status", "dranst tekst"),
    "art": ("art", "artskonto", "art nr", "expense type", "arttekst"),
    "year": ("år", "year", "budgetår", "regnskabsår", "fiscal year", "tid"),
    "budget_kind": ("budgettype", "budget type", "budget kind", "beløbstype", "type"),
    "description": (
        "tekst",
        "text",
        "kontonavn",
        "kontotekst",
        "account text",
        "account name",
        "funktionsnavn",
        "formålstekst",
        "navn",
        "name",
        "beskrivelse",
        "description",
        "bemærkning",
        "note",
    ),
}


def header_key(text: str | None) -> str:
    """The form headers are compared in: case, punctuation, spaces, underscores and hyphens
    gone, Danish letters folded (`Omk_sted`, `omk.sted`, `OMK-STED` → `omksted`; `Beløb`,
    `Beloeb`, `Belob` → `belob`; `År`, `Aar` → `ar`)."""
    label = unicodedata.normalize("NFKC", str(text or "")).casefold()
    label = label.replace("æ", "a").replace("ø", "o").replace("å", "a")
    label = unicodedata.normalize("NFKD", label)
    label = "".join(c for c in label if c.isalnum() and not unicodedata.combining(c))
    return label.replace("aa", "a").replace("oe", "o").replace("ae", "a")


def header_signature(row: tuple | list) -> str:
    """A header row as a saved mapping recognises it: each non-empty cell's `header_key`,
    joined by `|`, years as `yyyy`, so next year's file of the same export matches
    (`Funktion | Omk_sted | B2026` → `funktion|omksted|byyyy`)."""
    keys = (header_key(str(cell)) for cell in row if cell is not None)
    return "|".join(_YEARS_IN_KEY.sub("yyyy", k) for k in keys if k)


_YEARS_IN_KEY = re.compile(r"(?:19|20|21)\d\d")


_HEADER_FIELD: dict[str, Field] = {
    header_key(name): field for field, names in _HEADERS.items() for name in names
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

#: a label that marks a totals row, the word in any position (`I alt`, `Total`, `Sum`,
#: `I alt Børne- og Familieudvalget`, `Økonomiudvalget i alt`, `Hovedkonto 5 i alt`)
TOTALS_PATTERN = (
    r"(?:^|[\s(])(?:i alt|ialt|total|totalt|totaler|sum|subtotal|hovedtotal|grand total|"
    r"samlet sum|sum i alt)(?:\s|$|:|,|\))"
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
    return _HEADER_FIELD.get(header_key(label)) or _HEADER_FIELD.get(
        header_key(_without_unit(label))
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
    return bool(_TOTALS.search(normalise_label(text)))


def amount_header_kind(text: str | None) -> BudgetKind | None:
    """A long file's amount column may be named by its kind: `Budget (1.000 kr.)` → B."""
    return budget_kind_word(_without_unit(normalise_label(text)))
