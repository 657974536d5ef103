"""A realisation import (`--kind realisation`): the gains a case actually delivered, per year,
unit and account, and what became of each: harvested (hjemtaget: the budget was reduced),
reinvested (geninvesteret), capacity (kapacitetsfrigørelse: freed, not taken out) or
not-realised (ikke-realiseret).

Columns (DESIGN `realised_gains`): case_id, year, unit_id, account, amount_dkk, status,
harvested_from_account; Danish headers are accepted too (sag, år, enhed, konto, beløb,
hjemtaget_fra_konto). Files go through the same door as budgets (`readers.read_file`: the
container scan and the sandbox for xlsx; csv and parquet), the header row may sit below title
rows, and every problem is collected with its cell (`FILE: Sheet!Cell: message`) before the
batch is accepted or rejected as a whole. Files are small (a row per case, year, unit, account
and status), so rows are checked one by one in Python.

Sign, as everywhere (DESIGN): amount_dkk < 0 is a saving. A realised saving of 500.000 kr. is
written -500000 (a positive amount is a realised extra expense); `not-realised` rows carry the
planned saving that did not come, with the same sign as the plan.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gevinst.errors import InputRejected, Problem, Severity
from gevinst.ingest.budget import sha256_of
from gevinst.ingest.cells import address, where
from gevinst.ingest.container import formula_problems
from gevinst.ingest.numbers import parse_amount
from gevinst.ingest.readers import RawSheet, read_file
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference

KIND = "realisation"
STATUS_WORDS = {
    "harvested": "harvested",
    "hjemtaget": "harvested",
    "hjemtagning": "harvested",
    "reinvested": "reinvested",
    "geninvesteret": "reinvested",
    "geninvestering": "reinvested",
    "capacity": "capacity",
    "kapacitet": "capacity",
    "kapacitetsfrigørelse": "capacity",
    "kapacitetsfrigoerelse": "capacity",
    "not-realised": "not-realised",
    "not realised": "not-realised",
    "not-realized": "not-realised",
    "ikke-realiseret": "not-realised",
    "ikke realiseret": "not-realised",
}
COLUMNS = (
    "case_id",
    "year",
    "unit_id",
    "account",
    "amount_dkk",
    "status",
    "harvested_from_account",
)
REQUIRED = ("case_id", "year", "account", "amount_dkk", "status")
HEADER_WORDS = {
    "case_id": ("case_id", "case", "caseid", "sag", "sags_id", "case_nr"),
    "year": ("year", "år", "aar", "regnskabsår"),
    "unit_id": ("unit_id", "unit", "enhed", "enhed_id"),
    "account": ("account", "konto", "kontonr", "funktion"),
    "amount_dkk": ("amount_dkk", "amount", "beløb", "beloeb", "beløb_kr", "amount_kr"),
    "status": ("status", "gevinststatus"),
    "harvested_from_account": (
        "harvested_from_account",
        "hjemtaget_fra_konto",
        "hjemtaget_fra",
        "harvested_from",
        "budgetkonto",
    ),
}
_HEADER_SEARCH_ROWS = 20
_ACCOUNT = re.compile(r"^(\d)[.\s]?(\d{2})[.\s]?(\d{2})$")

register(
    {
        "realisation.no_header": {
            "da": "fandt ingen overskriftsrække med kolonnerne case_id, year, account, amount_dkk og "
            "status (eller sag, år, konto, beløb, status) i de første {rows} rækker",
            "en": "found no header row with the columns case_id, year, account, amount_dkk and "
            "status (or sag, år, konto, beløb, status) in the first {rows} rows",
        },
        "realisation.missing_column": {
            "da": "kolonnen {column} mangler (overskriften er i række {row})",
            "en": "the column {column} is missing (the header is in row {row})",
        },
        "realisation.empty": {"da": "{column} er tom", "en": "{column} is empty"},
        "realisation.unknown_case": {
            "da": "casen '{case}' findes ikke i databasen (gemte cases: {cases})",
            "en": "the case '{case}' is not in the database (saved cases: {cases})",
        },
        "realisation.other_municipality": {
            "da": "casen '{case}' hører til kommune {code}, men importen er for kommune {target}",
            "en": "the case '{case}' belongs to municipality {code}, but the import is for {target}",
        },
        "realisation.year": {"da": "'{text}' er ikke et år", "en": "'{text}' is not a year"},
        "realisation.year_outside": {
            "da": "året {year} ligger uden for casens år {first}–{last}",
            "en": "the year {year} is outside the case's years {first}–{last}",
        },
        "realisation.unknown_unit": {
            "da": "enheden '{unit}' findes hverken i enhedspriskataloget eller i casen '{case}'",
            "en": "the unit '{unit}' is neither in the unit-cost catalogue nor in the case '{case}'",
        },
        "realisation.unplanned_unit": {
            "da": "casen '{case}' har ingen planlagt gevinst på enheden '{unit}'; importér alligevel "
            "med --accept-warnings",
            "en": "the case '{case}' planned no gain on the unit '{unit}'; import anyway with "
            "--accept-warnings",
        },
        "realisation.account": {
            "da": "'{text}' er ikke en konto (skriv fx 5.28.21 eller 52821)",
            "en": "'{text}' is not an account (write e.g. 5.28.21 or 52821)",
        },
        "realisation.account_unknown": {
            "da": "kontoen {account} findes ikke i kontoplanen; tjek kontoen, eller importér "
            "alligevel med --accept-warnings",
            "en": "account {account} is not in the chart of accounts; check it, or import anyway "
            "with --accept-warnings",
        },
        "realisation.amount": {
            "da": "'{text}' er ikke et beløb",
            "en": "'{text}' is not an amount",
        },
        "realisation.status": {
            "da": "'{text}' er ikke en status; brug harvested/hjemtaget, reinvested/geninvesteret, "
            "capacity/kapacitet eller not-realised/ikke-realiseret",
            "en": "'{text}' is not a status; use harvested/hjemtaget, reinvested/geninvesteret, "
            "capacity/kapacitet or not-realised/ikke-realiseret",
        },
        "realisation.harvest_needs_account": {
            "da": "en hjemtaget gevinst kræver harvested_from_account: budgetkontoen, der blev "
            "reduceret",
            "en": "a harvested gain needs harvested_from_account: the budget account that was "
            "reduced",
        },
        "realisation.account_not_harvested": {
            "da": "harvested_from_account udfyldes kun for hjemtagne gevinster (status {status})",
            "en": "harvested_from_account is only given for harvested gains (status {status})",
        },
        "realisation.duplicate": {
            "da": "linjen gentager {first} (samme case, år, enhed, konto, status og budgetkonto)",
            "en": "the line repeats {first} (same case, year, unit, account, status and budget "
            "account)",
        },
        "realisation.no_rows": {
            "da": "filen indeholder ingen realiseringslinjer",
            "en": "the file holds no realisation lines",
        },
    }
)

ROW_SCHEMA = {
    "file_no": pl.Int32,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int32,
    "case_id": pl.String,
    "year": pl.Int32,
    "unit_id": pl.String,
    "account": pl.String,
    "amount_dkk": pl.Float64,
    "status": pl.String,
    "harvested_from_account": pl.String,
}


@dataclass(frozen=True)
class CaseInfo:
    """What a realisation line is checked against: a saved case's municipality, years, units."""

    municipality: int
    first_year: int
    last_year: int
    units: frozenset[str]


@dataclass(frozen=True)
class RealisationFile:
    display: str
    sha256: str
    file_kind: str
    rows: int


@dataclass(frozen=True)
class PreparedRealisation:
    municipality: int
    files: tuple[RealisationFile, ...]
    rows: pl.DataFrame  # ROW_SCHEMA
    warnings: tuple[Problem, ...]


def _header_key(text: str | None) -> str | None:
    if text is None:
        return None
    key = re.sub(r"\(.*?\)", "", text.strip().lower())
    key = re.sub(r"[\s\-]+", "_", key.strip()).strip("_")
    for column, words in HEADER_WORDS.items():
        if key in words:
            return column
    return None


def _find_header(sheet: RawSheet) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(sheet.cells.head(_HEADER_SEARCH_ROWS).iter_rows()):
        found = {}
        for j, text in enumerate(row):
            column = _header_key(text)
            if column is not None and column not in found:
                found[column] = j
        if "case_id" in found and "amount_dkk" in found:
            return i, found
    return None


def account_of(text: str) -> str | None:
    match = _ACCOUNT.match(text.strip())
    return ".".join(match.groups()) if match else None


def _amount(text: str) -> float | None:
    value = pl.select(parse_amount(pl.lit(text, pl.String))).item()
    return None if value is None else float(value)


def _year(text: str) -> int | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() and 1900 <= value <= 2200 else None


class _Sheet:
    """Reads one sheet's rows into checked lines, collecting problems with true addresses."""

    def __init__(
        self,
        sheet: RawSheet,
        display: str,
        file_no: int,
        municipality: int,
        cases: Mapping[str, CaseInfo],
        ref: Reference,
        lang: Lang,
    ):
        self.sheet, self.display, self.file_no = sheet, display, file_no
        self.municipality, self.cases, self.ref, self.lang = municipality, cases, ref, lang
        self.problems: list[Problem] = []
        self.rows: list[dict] = []

    def _add(self, cell: str, key: str, severity: Severity = "error", **values: object) -> None:
        self.problems.append(
            Problem(
                self.display, where(self.sheet.name, cell), msg(key, self.lang, **values), severity
            )
        )

    def read(self) -> bool:
        """False when the sheet has no header row (a sheet of notes is skipped)."""
        found = _find_header(self.sheet)
        if found is None:
            return False
        header_index, columns = found
        header_row = self.sheet.first_row + header_index
        missing = [c for c in REQUIRED if c not in columns]
        for column in missing:
            self.problems.append(
                Problem(
                    self.display,
                    self.sheet.name or "",
                    msg("realisation.missing_column", self.lang, column=column, row=header_row),
                )
            )
        if missing:
            return True
        body = self.sheet.cells.slice(header_index + 1)
        for offset, values in enumerate(body.iter_rows()):
            if not any(v is not None and v.strip() for v in values):
                continue
            row_no = header_row + 1 + offset
            self._row(
                row_no,
                {
                    c: (values[j].strip() if values[j] is not None else "")
                    for c, j in columns.items()
                },
                {c: address(row_no, self.sheet.first_col + j) for c, j in columns.items()},
            )
        return True

    def _row(self, row_no: int, text: dict[str, str], cell: dict[str, str]) -> None:
        before = len([p for p in self.problems if p.severity == "error"])
        for column in REQUIRED:
            if not text.get(column):
                self._add(cell[column], "realisation.empty", column=column)
        case_id = text.get("case_id", "")
        info = self._case(case_id, cell)
        year = self._year(text, cell, info)
        unit = self._unit(text, cell, case_id, info)
        account = self._account(text, cell, "account")
        amount = _amount(text["amount_dkk"]) if text.get("amount_dkk") else None
        if text.get("amount_dkk") and amount is None:
            self._add(cell["amount_dkk"], "realisation.amount", text=text["amount_dkk"])
        status = self._status(text, cell)
        harvested_from = (
            self._account(text, cell, "harvested_from_account")
            if text.get("harvested_from_account")
            else None
        )
        self._harvest(status, text, cell)
        if len([p for p in self.problems if p.severity == "error"]) == before:
            self.rows.append(
                {
                    "file_no": self.file_no,
                    "source_file": self.display,
                    "source_sheet": self.sheet.name,
                    "source_row": row_no,
                    "case_id": case_id,
                    "year": year,
                    "unit_id": unit,
                    "account": account,
                    "amount_dkk": amount,
                    "status": status,
                    "harvested_from_account": harvested_from,
                    "_cell": where(self.sheet.name, f"A{row_no}"),
                }
            )

    def _case(self, case_id: str, cell: dict[str, str]) -> CaseInfo | None:
        """The saved case the row reports on, if it exists and is this municipality's."""
        info = self.cases.get(case_id)
        if case_id and info is None:
            self._add(
                cell["case_id"],
                "realisation.unknown_case",
                case=case_id,
                cases=", ".join(sorted(self.cases)) or "-",
            )
        elif info is not None and info.municipality != self.municipality:
            self._add(
                cell["case_id"],
                "realisation.other_municipality",
                case=case_id,
                code=info.municipality,
                target=self.municipality,
            )
        return info

    def _year(
        self, text: dict[str, str], cell: dict[str, str], info: CaseInfo | None
    ) -> int | None:
        year = _year(text["year"]) if text.get("year") else None
        if text.get("year") and year is None:
            self._add(cell["year"], "realisation.year", text=text["year"])
        elif (
            year is not None
            and info is not None
            and not (info.first_year <= year <= info.last_year)
        ):
            self._add(
                cell["year"],
                "realisation.year_outside",
                year=year,
                first=info.first_year,
                last=info.last_year,
            )
        return year

    def _unit(
        self, text: dict[str, str], cell: dict[str, str], case_id: str, info: CaseInfo | None
    ) -> str | None:
        unit = text.get("unit_id") or None
        if unit and info is not None and unit not in self.ref.units and unit not in info.units:
            self._add(cell["unit_id"], "realisation.unknown_unit", unit=unit, case=case_id)
        elif unit and info is not None and unit not in info.units:
            self._add(
                cell["unit_id"], "realisation.unplanned_unit", "warning", unit=unit, case=case_id
            )
        return unit

    def _status(self, text: dict[str, str], cell: dict[str, str]) -> str | None:
        status = STATUS_WORDS.get(text.get("status", "").lower()) if text.get("status") else None
        if text.get("status") and status is None:
            self._add(cell["status"], "realisation.status", text=text["status"])
        return status

    def _harvest(self, status: str | None, text: dict[str, str], cell: dict[str, str]) -> None:
        """A harvest names the account it was taken from, and only a harvest does."""
        if status == "harvested" and not text.get("harvested_from_account"):
            self._add(
                cell.get("harvested_from_account", cell["status"]),
                "realisation.harvest_needs_account",
            )
        elif status not in (None, "harvested") and text.get("harvested_from_account"):
            self._add(
                cell["harvested_from_account"], "realisation.account_not_harvested", status=status
            )

    def _account(self, text: dict[str, str], cell: dict[str, str], column: str) -> str | None:
        raw = text.get(column)
        if not raw:
            return None
        account = account_of(raw)
        if account is None:
            self._add(cell[column], "realisation.account", text=raw)
        elif account not in self.ref.accounts:
            self._add(cell[column], "realisation.account_unknown", "warning", account=account)
        return account


def _duplicates(rows: list[dict], lang: Lang) -> list[Problem]:
    seen: dict[tuple, str] = {}
    problems = []
    for r in rows:
        key = (
            r["case_id"],
            r["year"],
            r["unit_id"],
            r["account"],
            r["status"],
            r["harvested_from_account"],
        )
        place = f"{r['source_file']}: {r['_cell']}"
        if key in seen:
            problems.append(
                Problem(
                    r["source_file"],
                    r["_cell"],
                    msg("realisation.duplicate", lang, first=seen[key]),
                )
            )
        else:
            seen[key] = place
    return problems


def prepare_realisation(
    paths: Iterable[Path],
    municipality: int,
    cases: Mapping[str, CaseInfo],
    ref: Reference,
    lang: Lang = "da",
    accept_warnings: bool = False,
) -> PreparedRealisation:
    """Read and check every file; raise `InputRejected` with all problems, or return the rows."""
    problems: list[Problem] = []
    files: list[RealisationFile] = []
    rows: list[dict] = []
    for file_no, path in enumerate(paths):
        display = path.name
        read = read_file(path, display, lang)
        problems += read.problems
        if any(p.severity == "error" for p in read.problems):
            continue
        file_rows: list[dict] = []
        tables = 0
        for sheet in read.sheets:
            reader = _Sheet(sheet, display, file_no, municipality, cases, ref, lang)
            if not reader.read():
                continue
            tables += 1
            problems += reader.problems
            file_rows += reader.rows
        if not tables:
            problems.append(
                Problem(display, "", msg("realisation.no_header", lang, rows=_HEADER_SEARCH_ROWS))
            )
            continue
        if read.scan is not None:
            problems += formula_problems(read.scan, display, lang)
        if not file_rows and not any(p.severity == "error" for p in problems):
            problems.append(Problem(display, "", msg("realisation.no_rows", lang)))
        files.append(RealisationFile(display, sha256_of(path), read.kind, len(file_rows)))
        rows += file_rows
    return _accepted(problems, rows, files, municipality, lang, accept_warnings)


def prepare_realisation_lines(
    display: str,
    lines: list[list[str]],
    municipality: int,
    cases: Mapping[str, CaseInfo],
    ref: Reference,
    lang: Lang = "da",
    accept_warnings: bool = False,
) -> PreparedRealisation:
    """Lines made in memory (`gevinst cohort realise`), header row first, checked exactly as a
    file's rows are; `display` names them in problems and the import log. Their sha256 is that
    of the same lines as a `;` csv file, so writing them twice is a no-op like a file's."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(lines)
    width = max(len(line) for line in lines)
    cells = pl.DataFrame(
        [[*line, *[None] * (width - len(line))] for line in lines],
        schema=[f"c{i}" for i in range(width)],
        orient="row",
    )
    sheet = RawSheet(None, cells, first_row=1, first_col=1, all_text=True)
    reader = _Sheet(sheet, display, 0, municipality, cases, ref, lang)
    problems: list[Problem] = []
    if not reader.read():
        problems.append(
            Problem(display, "", msg("realisation.no_header", lang, rows=_HEADER_SEARCH_ROWS))
        )
    problems += reader.problems
    sha256 = hashlib.sha256(buffer.getvalue().encode("utf-8")).hexdigest()
    files = [RealisationFile(display, sha256, "csv", len(reader.rows))]
    return _accepted(problems, reader.rows, files, municipality, lang, accept_warnings)


def _accepted(
    problems: list[Problem],
    rows: list[dict],
    files: list[RealisationFile],
    municipality: int,
    lang: Lang,
    accept_warnings: bool,
) -> PreparedRealisation:
    problems = problems + _duplicates(rows, lang)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if errors or (warnings and not accept_warnings):
        raise InputRejected(errors + warnings)
    frame = pl.DataFrame([{k: r[k] for k in ROW_SCHEMA} for r in rows], schema=ROW_SCHEMA)
    return PreparedRealisation(municipality, tuple(files), frame, tuple(warnings))


register(
    {
        "realisation.summary.title": {
            "da": "Import af gevinstrealisering for {code} {name}",
            "en": "Import of benefit realisation for {code} {name}",
        },
        "realisation.summary.file": {"da": "{file}: {rows} linjer", "en": "{file}: {rows} lines"},
        "realisation.summary.totals": {
            "da": "I alt pr. case, år og status:",
            "en": "Totals per case, year and status:",
        },
        "realisation.summary.written": {
            "da": "Skrevet til {db}: import {ids}, {rows} linjer",
            "en": "Written to {db}: import {ids}, {rows} lines",
        },
        "realisation.summary.dry": {
            "da": "Prøvekørsel: intet skrevet; ville blive import {ids}",
            "en": "Dry run: nothing written; would become import {ids}",
        },
        "realisation.summary.already": {
            "da": "Allerede importeret (samme indhold): {files}; intet skrevet",
            "en": "Already imported (same content): {files}; nothing written",
        },
    }
)


def render_summary(
    prepared: PreparedRealisation,
    written: bool,
    import_ids: tuple[int, ...],
    already: Mapping[str, int],
    db: str,
    ref: Reference,
    lang: Lang,
) -> str:
    from gevinst.fmt import kr

    name = (
        ref.municipalities[prepared.municipality].name
        if prepared.municipality in ref.municipalities
        else ""
    )
    lines = [msg("realisation.summary.title", lang, code=prepared.municipality, name=name)]
    lines += [
        "  " + msg("realisation.summary.file", lang, file=f.display, rows=f.rows)
        for f in prepared.files
    ]
    lines.append(msg("realisation.summary.totals", lang))
    totals = (
        prepared.rows.group_by("case_id", "year", "status")
        .agg(pl.col("amount_dkk").sum())
        .sort("case_id", "year", "status")
    )
    for r in totals.iter_rows(named=True):
        lines.append(
            f"  {r['case_id']:<32} {r['year']}  {r['status']:<13} "
            f"{kr(r['amount_dkk'], 2, lang):>20}"
        )
    ids = ", ".join(str(i) for i in import_ids)
    if not import_ids:
        lines.append(
            msg(
                "realisation.summary.already",
                lang,
                files=", ".join(f"{k} (import {v})" for k, v in already.items()),
            )
        )
    elif written:
        lines.append(
            msg("realisation.summary.written", lang, db=db, ids=ids, rows=prepared.rows.height)
        )
    else:
        lines.append(msg("realisation.summary.dry", lang, ids=ids))
    return "\n".join(lines)
