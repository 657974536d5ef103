"""`--posting-map FILE` (csv or xlsx): the controller's table from a posting key to a function.

    Artskonto;Funktion;Dranst;Tekst
    400010;5.28.21;1;Plejefamilier, løn
    700010;5.28.21;2;Refusion

The column that is neither the function (`Funktion`, `Konto`, `Formål`), the dranst nor a text
is the key, and its header names the posting file's key column (Artskonto, Omkostningssted,
PSP-element, Ansvarssted). Read through the same safe readers as any import; every bad cell
is a problem, and the map becomes a mapping's `[postings]`, saved with the import like any
mapping (so the next posting file of the same export is summed without it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from gevinst.errors import InputRejected, Problem
from gevinst.ingest.cells import address, where
from gevinst.ingest.limits import Limits
from gevinst.ingest.mapping import Postings, PostingTarget, posting_key
from gevinst.ingest.readers import RawSheet, read_file
from gevinst.ingest.vocabulary import header_field
from gevinst.messages import Lang, msg, register

register(
    {
        "ingest.posting_map.columns": {
            "da": "posteringskortet skal have en nøglekolonne (fx Artskonto) og en kolonne "
            "Funktion; fandt: {headers}",
            "en": "the posting map needs a key column (e.g. Artskonto) and a column Funktion; "
            "found: {headers}",
        },
        "ingest.posting_map.function": {
            "da": "'{text}' er ikke en funktion (skriv fx 5.28.21 eller 52821)",
            "en": "'{text}' is not a function (write e.g. 5.28.21 or 52821)",
        },
        "ingest.posting_map.dranst": {
            "da": "'{text}' er ikke en dranst (1, 2 eller 3)",
            "en": "'{text}' is not a dranst (1, 2 or 3)",
        },
        "ingest.posting_map.twice": {
            "da": "nøglen '{value}' står to gange med forskellig funktion (også i {first})",
            "en": "the key '{value}' appears twice with different functions (also in {first})",
        },
        "ingest.posting_map.empty": {
            "da": "posteringskortet har ingen rækker",
            "en": "the posting map has no rows",
        },
    }
)

_NOT_KEY = {"account", "dranst", "description"}


def load_posting_map(path: Path, lang: Lang = "da", limits: Limits | None = None) -> Postings:
    """The posting map in `path`, or `InputRejected` naming every bad cell."""
    read = read_file(path, path.name, lang, limits or Limits())
    if any(p.severity == "error" for p in read.problems):
        raise InputRejected(list(read.problems))
    sheet = next((s for s in read.sheets if s.cells.height), None)
    if sheet is None:
        raise InputRejected([Problem(path.name, "", msg("ingest.posting_map.empty", lang))])
    header = [None if c is None else str(c).strip() for c in sheet.cells.row(0)]
    roles = {i: header_field(text) for i, text in enumerate(header) if text}
    function = next((i for i, f in roles.items() if f == "account"), None)
    key = next((i for i, f in roles.items() if f not in _NOT_KEY), None)
    if function is None or key is None:
        found = ", ".join(t for t in header if t) or "-"
        raise InputRejected(
            [
                Problem(
                    path.name,
                    where(sheet.name, "A1"),
                    msg("ingest.posting_map.columns", lang, headers=found),
                )
            ]
        )
    dranst = next((i for i, f in roles.items() if f == "dranst"), None)
    functions, problems = _rows(path.name, sheet, key, function, dranst, lang)
    if problems:
        raise InputRejected(problems)
    if not functions:
        raise InputRejected([Problem(path.name, "", msg("ingest.posting_map.empty", lang))])
    return Postings(key=str(header[key]), functions=functions)


def _rows(
    display: str, sheet: RawSheet, key: int, function: int, dranst: int | None, lang: Lang
) -> tuple[dict[str, PostingTarget], list[Problem]]:
    functions: dict[str, PostingTarget] = {}
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for n, row in enumerate(sheet.cells.slice(1).iter_rows()):
        number = sheet.first_row + 1 + n

        def cell(col: int, number: int = number) -> str:
            return where(sheet.name, address(number, sheet.first_col + col))

        if row[key] is None or not str(row[key]).strip():
            continue
        value = posting_key(row[key])
        target, found = _target(row, function, dranst, cell, lang)
        problems += [Problem(display, c, m) for c, m in found]
        if target is None:
            continue
        if value in functions and functions[value] != target:
            problems.append(
                Problem(
                    display,
                    cell(key),
                    msg("ingest.posting_map.twice", lang, value=value, first=first[value]),
                )
            )
        functions.setdefault(value, target)
        first.setdefault(value, cell(key))
    return functions, problems


_DRANST: dict[str, Literal[1, 2, 3]] = {"1": 1, "2": 2, "3": 3}


def _target(
    row: tuple, function: int, dranst: int | None, cell: Callable[[int], str], lang: Lang
) -> tuple[PostingTarget | None, list[tuple[str, str]]]:
    """A map row's function and dranst (`1`, `1.0`, `1 Drift`), or the problems of its cells."""
    text = "" if row[function] is None else str(row[function]).strip()
    raw = "" if dranst is None or row[dranst] is None else str(row[dranst]).strip()
    level = raw[:-2] if raw.endswith(".0") else raw
    problems: list[tuple[str, str]] = []
    good = _DRANST.get(level[:1]) if not level[1:2].isdigit() else None
    if dranst is not None and level and good is None:
        problems.append((cell(dranst), msg("ingest.posting_map.dranst", lang, text=raw)))
    try:
        target = PostingTarget(function=text, dranst=good)
    except ValidationError:
        problems.append((cell(function), msg("ingest.posting_map.function", lang, text=text)))
        return None, problems
    return (None if problems else target), problems
