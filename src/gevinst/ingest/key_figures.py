"""DST REGK31 extracts (kommunale nøgletal pr. indbygger) from file to checked rows.

An extract as Danmarks Statistik's StatBank exports it is headerless, Latin-1, CRLF, five
columns: prisenhed, art, "funktion code + name", område, beløb; the year is only in the file
name (`2024.csv`, `regk31_2024.csv`). We also accept UTF-8, `;` as delimiter and a header row.
Every problem is collected with file and row (`2024.csv: række 17: …`) before deciding.

Plain Python `csv` parses the text (no native reader), so there is no sandbox here; the file
size is capped instead. Amounts are whole kroner per inhabitant, current prices, net
(DST: "Pr. indbygger, løbende priser (kr.)", "I alt (netto)").
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gevinst.errors import InputRejected, Problem, Severity
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference, bundled_reference

KIND = "key-figures"
COUNTRY = "Hele landet"
#: DST's own texts for the only selection the view's column name promises.
PRICE_UNIT = "Pr. indbygger, løbende priser (kr.)"
ART = "I alt (netto)"
MAX_FILE_BYTES = 50 * 2**20  # a full REGK31 year (all functions) is a few MB
#: DST writes `..` where a figure is not available (a warning; the row is skipped).
DST_MISSING = frozenset({"..", "..."})

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FUNCTION = re.compile(r"^\s*(\d{1,2})\.(\d{2})\.(\d{2})\s+(.+?)\s*$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_HEADER_WORDS = ("prisenhed", "beløb", "belob", "indhold", "område", "omrade", "funktion")

COLUMNS = {
    "source_row": pl.Int32,
    "year": pl.Int32,
    "municipality_code": pl.Int32,
    "area_name": pl.String,
    "area_kind": pl.String,
    "function": pl.String,
    "function_name": pl.String,
    "price_unit": pl.String,
    "art": pl.String,
    "amount_per_inhabitant_dkk": pl.Int64,
}

register(
    {
        "kf.row": {"da": "række {row}", "en": "row {row}"},
        "kf.no_year": {
            "da": "filnavnet siger ikke hvilket år tallene er fra (DST skriver det kun i "
            "filnavnet); omdøb filen, så navnet indeholder året (fx regk31_2024.csv), eller "
            "angiv --year",
            "en": "the file name does not say which year the figures are for (DST puts it only "
            "in the file name); rename the file to include the year (e.g. regk31_2024.csv) or "
            "give --year",
        },
        "kf.too_big": {
            "da": "filen er {size} bytes; et REGK31-udtræk er højst {limit}",
            "en": "the file is {size} bytes; a REGK31 extract is at most {limit}",
        },
        "kf.not_text": {
            "da": "filen er ikke tekst (csv); et REGK31-udtræk er en tekstfil",
            "en": "the file is not text (csv); a REGK31 extract is a text file",
        },
        "kf.empty": {"da": "filen indeholder ingen rækker", "en": "the file holds no rows"},
        "kf.columns": {
            "da": "{found} kolonner; et REGK31-udtræk har 5 (prisenhed, art, funktion, område, "
            "beløb)",
            "en": "{found} columns; a REGK31 extract has 5 (price unit, art, function, area, "
            "amount)",
        },
        "kf.function": {
            "da": "funktionen {text!r} begynder ikke med et funktionsnummer som 5.28.21",
            "en": "the function {text!r} does not start with a function number such as 5.28.21",
        },
        "kf.area": {
            "da": "ukendt område {name!r}: ikke en af de 98 kommuner eller Hele landet{hint}",
            "en": "unknown area {name!r}: not one of the 98 municipalities or Hele landet{hint}",
        },
        "kf.hint": {"da": " (mente du {name!r}?)", "en": " (did you mean {name!r}?)"},
        "kf.amount": {
            "da": "beløbet {text!r} er ikke et helt tal (kr. pr. indbygger)",
            "en": "the amount {text!r} is not a whole number (kr. per inhabitant)",
        },
        "kf.missing": {
            "da": "intet tal ({text!r} hos DST); rækken springes over",
            "en": "no figure ({text!r} at DST); the row is skipped",
        },
        "kf.not_per_inhabitant": {
            "da": "prisenheden {text!r} er ikke pr. indbygger; udtræk REGK31 med prisenheden "
            "'{expected}'",
            "en": "the price unit {text!r} is not per inhabitant; extract REGK31 with the price "
            "unit '{expected}'",
        },
        "kf.price_unit": {
            "da": "prisenheden {text!r} er ikke den sædvanlige '{expected}'",
            "en": "the price unit {text!r} is not the usual '{expected}'",
        },
        "kf.art": {
            "da": "arten {text!r} er ikke '{expected}' (nettoudgift)",
            "en": "the art {text!r} is not '{expected}' (net spend)",
        },
        "kf.duplicate": {
            "da": "{area} {function} {year} står også i række {first}",
            "en": "{area} {function} {year} is also in row {first}",
        },
        "kf.municipality_absent": {
            "da": "--municipality {code} findes ikke i filen (filen dækker alle kommuner; "
            "--municipality er ikke nødvendig)",
            "en": "--municipality {code} is not in the file (the file covers every "
            "municipality; --municipality is not needed)",
        },
    }
)


@dataclass(frozen=True)
class KeyFigureFile:
    """A checked REGK31 extract: the rows to write (`COLUMNS`) and any warnings."""

    file_name: str
    sha256: str
    year: int
    encoding: str
    has_header: bool
    rows: pl.DataFrame
    warnings: tuple[Problem, ...]

    @property
    def shape(self) -> str:
        header = "header row" if self.has_header else "headerless"
        return f"REGK31 ({header}, {self.encoding})"


def year_from_name(name: str) -> int | None:
    """The last four-digit year in a file name: `regk31_2024.csv` → 2024."""
    found = _YEAR.findall(Path(name).stem)
    return int(found[-1]) if found else None


def decode(data: bytes) -> tuple[str, str] | None:
    """UTF-8 (with or without BOM) where it is valid, else Latin-1 (DST's export encoding)."""
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def area_codes(ref: Reference) -> dict[str, int]:
    """Area name as DST spells it (case and spacing aside) → municipality code; 0 = the country."""
    codes = {_key(m.name): m.code for m in ref.municipalities.values()}
    codes[_key(COUNTRY)] = 0
    return codes


def _is_header(cells: list[str]) -> bool:
    return not _INTEGER.match(cells[-1].strip().replace(".", "")) and any(
        word in _key(" ".join(cells)) for word in _HEADER_WORDS
    )


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank line; `;` if it splits the first line in five.

    Leading `#` lines are a comment block (the bundled extract names its source there, as every
    reference file does); DST's own exports never start with `#`."""
    lines = text.splitlines()
    comments = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    first = next((line for line in lines[comments:] if line.strip()), "")
    delimiter = ";" if len(next(csv.reader([first], delimiter=";"), [])) == 5 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [
        (reader.line_num, cells)
        for cells in reader
        if reader.line_num > comments and any(c.strip() for c in cells)
    ]


class _Checker:
    """Walks the rows once, collecting problems; `frame()` is the rows that passed."""

    def __init__(self, file: str, year: int, ref: Reference, lang: Lang):
        self.file, self.year, self.lang = file, year, lang
        self.codes = area_codes(ref)
        self.names = {_key(m.name): m.name for m in ref.municipalities.values()}
        self.names[_key(COUNTRY)] = COUNTRY
        self.problems: list[Problem] = []
        self.records: list[dict] = []
        self.seen: dict[tuple[int, str], int] = {}

    def problem(self, row: int, key: str, severity: Severity = "error", **values: object) -> None:
        where = msg("kf.row", self.lang, row=row)
        self.problems.append(Problem(self.file, where, msg(key, self.lang, **values), severity))

    def area(self, row: int, name: str) -> int | None:
        code = self.codes.get(_key(name))
        if code is None:
            close = difflib.get_close_matches(_key(name), list(self.names), n=1, cutoff=0.75)
            hint = msg("kf.hint", self.lang, name=self.names[close[0]]) if close else ""
            self.problem(row, "kf.area", name=name.strip(), hint=hint)
        return code

    def check(self, row: int, cells: list[str]) -> None:
        if len(cells) != 5:
            self.problem(row, "kf.columns", found=len(cells))
            return
        price_unit, art, function_text, area, amount_text = (c.strip() for c in cells)
        self.check_price_unit(row, price_unit)
        if art != ART:
            self.problem(row, "kf.art", "warning", text=art, expected=ART)
        function = _FUNCTION.match(function_text)
        if function is None:
            self.problem(row, "kf.function", text=function_text)
        code = self.area(row, area)
        amount = self.amount(row, amount_text)
        if function is None or code is None or amount is None:
            return
        account = f"{int(function[1])}.{function[2]}.{function[3]}"
        first = self.seen.setdefault((code, account), row)
        if first != row:
            self.problem(
                row, "kf.duplicate", area=area, function=account, year=self.year, first=first
            )
            return
        self.records.append(
            {
                "source_row": row,
                "year": self.year,
                "municipality_code": code or None,
                "area_name": self.names[_key(area)],
                "area_kind": "country" if code == 0 else "municipality",
                "function": account,
                "function_name": function[4],
                "price_unit": price_unit,
                "art": art,
                "amount_per_inhabitant_dkk": amount,
            }
        )

    def check_price_unit(self, row: int, text: str) -> None:
        if text == PRICE_UNIT:
            return
        per_inhabitant = any(w in _key(text) for w in ("indbygger", "inhabitant"))
        key = "kf.price_unit" if per_inhabitant else "kf.not_per_inhabitant"
        self.problem(
            row, key, "warning" if per_inhabitant else "error", text=text, expected=PRICE_UNIT
        )

    def amount(self, row: int, text: str) -> int | None:
        if text in DST_MISSING:
            self.problem(row, "kf.missing", "warning", text=text)
            return None
        cleaned = text.replace(" ", "").replace("\u00a0", "")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", cleaned):  # Danish thousands: 12.978
            cleaned = cleaned.replace(".", "")
        if not _INTEGER.match(cleaned):
            self.problem(row, "kf.amount", text=text)
            return None
        return int(cleaned)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.records, schema=COLUMNS, orient="row")


def read_key_figures(
    path: Path,
    ref: Reference | None = None,
    year: int | None = None,
    lang: Lang = "da",
    accept_warnings: bool = False,
    municipality: int | None = None,
    display: str | None = None,
) -> KeyFigureFile:
    """Read and check one REGK31 extract; raises `InputRejected` with every problem found
    (warnings too, unless `accept_warnings`). `municipality`, if given, must be in the file."""
    ref = ref or bundled_reference()
    name = display or Path(path).name
    data = Path(path).read_bytes()

    def reject(key: str, **values: object) -> InputRejected:
        return InputRejected([Problem(name, "", msg(key, lang, **values))])

    if len(data) > MAX_FILE_BYTES:
        raise reject("kf.too_big", size=len(data), limit=MAX_FILE_BYTES)
    year = year or year_from_name(name)
    if year is None:
        raise reject("kf.no_year")
    decoded = decode(data)
    if decoded is None:
        raise reject("kf.not_text")
    text, encoding = decoded
    rows = _rows(text)
    has_header = bool(rows) and _is_header(rows[0][1])
    if has_header:
        rows = rows[1:]
    if not rows:
        raise reject("kf.empty")
    checker = _Checker(name, year, ref, lang)
    for row, cells in rows:
        checker.check(row, cells)
    frame = checker.frame()
    if municipality is not None and municipality not in frame["municipality_code"]:
        checker.problems.append(
            Problem(name, "", msg("kf.municipality_absent", lang, code=municipality))
        )
    errors = [p for p in checker.problems if p.severity == "error"]
    warnings = [p for p in checker.problems if p.severity == "warning"]
    if errors or (warnings and not accept_warnings):
        raise InputRejected(errors + warnings)
    return KeyFigureFile(
        name, hashlib.sha256(data).hexdigest(), year, encoding, has_header, frame, tuple(warnings)
    )
