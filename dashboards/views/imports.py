"""Import view: uploaded workbooks → a dry run (recognised shape, unit, rows and totals, or the
validation report with every problem's file, sheet and cell) → confirm → the write, and the
import log with the rows each import wrote.

The upload is decoded and size-checked here (a Dash callback accepts any JSON a client sends),
saved to a temporary folder and run through the importer's own `prepare_import`; the write is
the store's, on the connection the server holds (`write_import_to`). Plain functions, tested as
such: they take the connection and reference data as arguments.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl
from dash import dcc, html

from dashboards.components.money import kr, thousands
from dashboards.components.shell import href
from dashboards.components.tables import table, thousands_columns
from dashboards.i18n import register, t, valid_lang
from gevinst import fmt
from gevinst.errors import GevinstError, InputRejected, Problem, Severity
from gevinst.ingest.budget import FileReport, ImportOptions, PreparedImport
from gevinst.ingest.summary import scope_lines
from gevinst.ingest.vocabulary import (
    FIELDS,
    UNIT_FACTORS,
    BudgetKind,
    ImportKind,
    wide_column,
)
from gevinst.reference import Reference
from gevinst.reports.people_csv import people_csv
from gevinst.services import import_file
from gevinst.store.imports import ImportOutcome
from gevinst.store.reader import query_text

if TYPE_CHECKING:  # read lazily at run time (the mapping editor is rarely used)
    from gevinst.ingest.mapping import Mapping

#: the most a batch may hold, decoded (DESIGN: upload size is limited)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".csv")
KINDS: tuple[ImportKind, ...] = ("budget", "accounts")
IMPORTED_BY = "dashboard"  # without a login (tests of the plain functions); else the user

register(
    {
        "import.title": {"da": "Import af budget og regnskab", "en": "Import budget and accounts"},
        "import.intro": {
            "da": "Upload en eller flere projektmapper (xlsx eller csv). Filerne tjekkes først "
            "(prøvekørsel): intet skrives, før du trykker Godkend. Skabelon: `gevinst "
            "template budget -o budget.xlsx`.",
            "en": "Upload one or more workbooks (xlsx or csv). The files are checked first (a dry "
            "run): nothing is written until you press Confirm. Template: `gevinst template "
            "budget -o budget.xlsx`.",
        },
        "import.drop": {"da": "Træk filer hertil, eller ", "en": "Drag files here, or "},
        "import.choose": {"da": "vælg filer", "en": "choose files"},
        "import.kind": {"da": "Hvad er det?", "en": "What is it?"},
        "import.kind.budget": {"da": "Budget (B, BO, KB)", "en": "Budget (B, BO, KB)"},
        "import.kind.accounts": {"da": "Regnskab (R)", "en": "Accounts (R)"},
        "import.municipality": {"da": "Kommune", "en": "Municipality"},
        "import.accept": {
            "da": "Acceptér advarsler (fx konti uden for kontoplanen)",
            "en": "Accept warnings (e.g. accounts outside the chart of accounts)",
        },
        "import.confirm": {"da": "Godkend og importér", "en": "Confirm and import"},
        "import.replace_all": {
            "da": "Erstat hele den gældende version af årene (ellers kun filens udvalg)",
            "en": "Replace the whole current version of the years (else only the file's "
            "committees)",
        },
        "import.mapping": {
            "da": "Mapping: hvad kolonnerne betyder",
            "en": "Mapping: what the columns mean",
        },
        "import.mapping.intro": {
            "da": "Når en fil ikke kan læses som den er, så sig her hvad hver kolonne er. "
            "Prøvekørslen og totalerne opdateres med det samme. Mappingen gemmes for "
            "kommunen under navnet, når du godkender, og bruges igen for filer med de samme "
            "kolonneoverskrifter.",
            "en": "When a file cannot be read as it stands, say here what each column is. The "
            "dry run and the totals update at once. The mapping is saved for the "
            "municipality under the name when you confirm, and used again for files with "
            "the same column headers.",
        },
        "import.mapping.sheet": {"da": "Ark", "en": "Sheet"},
        "import.mapping.header_row": {"da": "Overskriftsrække", "en": "Header row"},
        "import.mapping.unit": {"da": "Enhed", "en": "Unit"},
        "import.mapping.kind": {"da": "Beløbstype", "en": "Budget kind"},
        "import.mapping.name": {"da": "Gem som", "en": "Save as"},
        "import.mapping.role": {"da": "Rolle for '{header}'", "en": "Role of '{header}'"},
        "import.mapping.auto": {"da": "(genkend selv)", "en": "(recognise)"},
        "import.mapping.saved": {"da": "Gemte mappings", "en": "Saved mappings"},
        "import.mapping.none": {
            "da": "Ingen gemte mappings for kommunen.",
            "en": "No saved mappings for the municipality.",
        },
        "import.col.name": {"da": "Navn", "en": "Name"},
        "import.mapping.used": {
            "da": "Gemt mapping brugt: {mappings}",
            "en": "Saved mapping used: {mappings}",
        },
        "import.col.signature": {"da": "Kolonneoverskrifter", "en": "Column headers"},
        "import.waiting": {
            "da": "Vælg kommune og upload filer for at tjekke dem.",
            "en": "Choose a municipality and upload files to check them.",
        },
        "import.too_big": {
            "da": "Filerne fylder {size} MB; grænsen er {limit} MB pr. upload. Del budgettet op "
            "(fx en fil pr. udvalg) eller importér med `gevinst import`.",
            "en": "The files take {size} MB; the limit is {limit} MB per upload. Split the budget "
            "(e.g. one file per committee) or import with `gevinst import`.",
        },
        "import.bad_upload": {
            "da": "uploaden kunne ikke læses (ikke base64-data)",
            "en": "the upload could not be read (not base64 data)",
        },
        "import.col.line": {"da": "Linje", "en": "Line"},
        "import.bad_suffix": {
            "da": "kun xlsx- og csv-filer kan importeres her",
            "en": "only xlsx and csv files can be imported here",
        },
        "import.dry.ok": {
            "da": "Prøvekørsel: filerne er i orden. Intet er skrevet endnu. Godkend for at "
            "skrive {lines} linjer som import {ids}; {versions}.",
            "en": "Dry run: the files are fine. Nothing has been written yet. Confirm to write "
            "{lines} lines as import {ids}; {versions}.",
        },
        "import.dry.noop": {
            "da": "Prøvekørsel: {files} er allerede importeret for kommune {code} ({kind}) som "
            "import {ids}. En ny import vil ikke ændre noget.",
            "en": "Dry run: {files} was already imported for municipality {code} ({kind}) as "
            "import {ids}. Importing again will change nothing.",
        },
        "import.dry.rejected": {
            "da": "Filerne er afvist (antal problemer: {count}). Intet er skrevet. Ret dem og "
            "upload igen.",
            "en": "The files were rejected (problems: {count}). Nothing was written. Fix them and "
            "upload again.",
        },
        "import.replaces": {
            "da": "Bemærk: importen laver en ny version af {slices}; hvad den erstatter og "
            "beholder står herunder. De gamle linjer gemmes og kan ses i importloggen.",
            "en": "Note: the import makes a new version of {slices}; what it replaces and keeps "
            "is said below. The old lines are kept and can be seen in the import log.",
        },
        "import.replaces.one": {
            "da": "{slice} ({lines} linjer fra import {id})",
            "en": "{slice} ({lines} lines from import {id})",
        },
        "import.version": {
            "da": "{slice} bliver version {version}",
            "en": "{slice} becomes version {version}",
        },
        "import.done": {
            "da": "Importeret: {lines} linjer som import {ids}; {versions}.",
            "en": "Imported: {lines} lines as import {ids}; {versions}.",
        },
        "import.noop": {
            "da": "Intet at gøre: {files} er allerede importeret for kommune {code} ({kind}) som "
            "import {ids}. Intet er skrevet.",
            "en": "Nothing to do: {files} was already imported for municipality {code} ({kind}) "
            "as import {ids}. Nothing was written.",
        },
        "import.warnings": {"da": "Accepterede advarsler", "en": "Accepted warnings"},
        "import.problems": {
            "da": "Valideringsrapport: hvert problem med fil, ark og celle",
            "en": "Validation report: every problem with file, sheet and cell",
        },
        "import.download": {"da": "Hent rapporten (CSV)", "en": "Download the report (CSV)"},
        "import.col.file": {"da": "Fil", "en": "File"},
        "import.col.where": {"da": "Sted", "en": "Place"},
        "import.col.severity": {"da": "Type", "en": "Kind"},
        "import.col.message": {"da": "Problem", "en": "Problem"},
        "import.severity.error": {"da": "fejl", "en": "error"},
        "import.severity.warning": {"da": "advarsel", "en": "warning"},
        "import.shapes": {"da": "Genkendt form pr. ark", "en": "Recognised shape per sheet"},
        "import.col.sheet": {"da": "Ark", "en": "Sheet"},
        "import.col.shape": {"da": "Form", "en": "Shape"},
        "import.col.unit": {"da": "Enhed (antaget ud fra)", "en": "Unit (assumed from)"},
        "import.col.rows": {"da": "Rækker læst", "en": "Rows read"},
        "import.col.lines": {"da": "Linjer", "en": "Lines"},
        "import.col.excluded": {"da": "Total-rækker udeladt", "en": "Totals rows left out"},
        "import.wide": {"da": "bred ({columns})", "en": "wide ({columns})"},
        "import.long": {"da": "lang (én række pr. år)", "en": "long (one row per year)"},
        "import.unit.header": {"da": "kolonneoverskriften", "en": "the column header"},
        "import.unit.title": {"da": "titlen over tabellen", "en": "the title above the table"},
        "import.unit.mapping": {"da": "mappingen", "en": "the mapping"},
        "import.unit.option": {"da": "valgt enhed", "en": "the chosen unit"},
        "import.unit.column": {"da": "enhedskolonnen", "en": "the unit column"},
        "import.unit.assumed": {"da": "ANTAGET: ingen enhed nævnt", "en": "ASSUMED: no unit named"},
        "import.by_year": {"da": "I alt pr. år (kr.)", "en": "Total per year (DKK)"},
        "import.by_committee": {
            "da": "I alt pr. udvalg og år (1.000 kr.)",
            "en": "Total per committee and year (DKK thousands)",
        },
        "import.col.year": {"da": "År", "en": "Year"},
        "import.col.kind": {"da": "Beløbstype", "en": "Budget kind"},
        "import.col.total": {"da": "I alt", "en": "Total"},
        "import.col.committee": {"da": "Udvalg", "en": "Committee"},
        "import.no_committee": {"da": "(uden udvalg)", "en": "(no committee)"},
        "import.log": {"da": "Importlog", "en": "Import log"},
        "import.log.caption": {
            "da": "Importerede filer, nyeste først",
            "en": "Imported files, newest first",
        },
        "import.log.more": {
            "da": " (de {shown} nyeste af {total}; vælg en ældre i listen nedenfor)",
            "en": " (the {shown} newest of {total}; choose an older one in the list below)",
        },
        "import.log.empty": {
            "da": "Der er ikke importeret budget eller regnskab endnu.",
            "en": "No budget or accounts have been imported yet.",
        },
        "import.col.id": {"da": "Nr.", "en": "No."},
        "import.col.when": {"da": "Hvornår (UTC)", "en": "When (UTC)"},
        "import.col.who": {"da": "Hvem", "en": "Who"},
        "import.col.what": {"da": "Hvad", "en": "What"},
        "import.col.version": {"da": "Version", "en": "Version"},
        "import.col.sha": {"da": "SHA-256", "en": "SHA-256"},
        "import.col.show": {"da": "Rækker", "en": "Rows"},
        "import.show": {"da": "vis", "en": "show"},
        "import.rows.choose": {"da": "Vis rækkerne fra import", "en": "Show the rows of import"},
        "import.rows.caption": {
            "da": "Import {id}: {shown} af {total} linjer, med ark og række i filen (kr.)",
            "en": "Import {id}: {shown} of {total} lines, with sheet and row in the file (DKK)",
        },
        "import.col.current": {"da": "Gældende", "en": "Current"},
        "import.yes": {"da": "ja", "en": "yes"},
        "import.no": {"da": "nej (erstattet)", "en": "no (replaced)"},
    }
)


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


@dataclass(frozen=True)
class DryRun:
    """What a dry run found: either `prepared` and `outcome`, or `problems`."""

    prepared: PreparedImport | None
    outcome: ImportOutcome | None
    problems: tuple[Problem, ...]
    replaces: tuple[tuple[str, int, int, int], ...] = ()  # kind, year, import_id, lines

    @property
    def ok(self) -> bool:
        return self.prepared is not None


# --- the upload ---------------------------------------------------------------------------


def _safe_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w.\- ()æøåÆØÅ]", "_", Path(name.replace("\\", "/")).name)[:120]
    base = base.lstrip(".") or "upload"
    candidate, n = base, 1
    while candidate.lower() in taken:
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem} ({n}).{suffix}" if dot else f"{base} ({n})"
        n += 1
    taken.add(candidate.lower())
    return candidate


def decode_uploads(
    contents: object, names: object, lang: str, limit: int = MAX_UPLOAD_BYTES
) -> tuple[list[Upload], list[Problem]]:
    """`dcc.Upload` contents (data URLs) → files, or the problems: size over `limit`
    (checked before decoding), not base64, not xlsx/csv."""
    if isinstance(contents, str):
        contents, names = [contents], [names]
    if (
        not isinstance(contents, list)
        or not isinstance(names, list)
        or len(contents) != len(names)
        or not all(isinstance(c, str) for c in contents)
        or not all(isinstance(n, str) for n in names)
    ):
        return [], [Problem("upload", "", t("import.bad_upload", lang))]
    payloads = [c.partition(",")[2] for c in contents]
    size = sum(len(p) * 3 // 4 for p in payloads)
    if size > limit:
        language = valid_lang(lang)
        text = t("import.too_big", lang).format(
            size=fmt.number(size / 2**20, 1, language), limit=fmt.number(limit / 2**20, 0, language)
        )
        return [], [Problem(", ".join(n for n in names), "", text)]
    uploads: list[Upload] = []
    problems: list[Problem] = []
    taken: set[str] = set()
    for name, payload in zip(names, payloads, strict=True):
        safe = _safe_name(name, taken)
        if not safe.lower().endswith(ALLOWED_SUFFIXES):
            problems.append(Problem(safe, "", t("import.bad_suffix", lang)))
            continue
        try:
            uploads.append(Upload(safe, base64.b64decode(payload, validate=True)))
        except (binascii.Error, ValueError):
            problems.append(Problem(safe, "", t("import.bad_upload", lang)))
    return uploads, problems


#: what a column may be given as on the page: a field, or a year column of a kind
ROLE_KINDS: tuple[BudgetKind, ...] = ("B", "BO", "KB", "R")


@dataclass(frozen=True)
class MappingChoice:
    """What the controller chose in the mapping editor (all optional, as the client sent)."""

    sheet: object = None
    header_row: object = None
    unit: object = None
    budget_kind: object = None
    roles: object = None  # {header: role}
    name: object = None

    def given(self) -> bool:
        return any(
            x not in (None, "", {}, [])
            for x in (self.sheet, self.header_row, self.unit, self.budget_kind, self.roles)
        )


def _mapping_from(choice: MappingChoice) -> Mapping | None:
    """A validated `Mapping` from the editor, or None when nothing was chosen or the client
    sent something a mapping cannot hold (pydantic checks the fields and targets)."""
    if not choice.given():
        return None
    from pydantic import ValidationError

    from gevinst.ingest.mapping import Mapping

    roles = choice.roles if isinstance(choice.roles, dict) else {}
    columns = {str(h)[:200]: str(r) for h, r in roles.items() if isinstance(r, str) and r}
    try:
        return Mapping(
            sheets=(choice.sheet,) if isinstance(choice.sheet, str) and choice.sheet else None,
            header_row=choice.header_row
            if isinstance(choice.header_row, int)
            and not isinstance(choice.header_row, bool)
            and 1 <= choice.header_row <= 10_000
            else None,
            unit=choice.unit if choice.unit in UNIT_FACTORS else None,
            budget_kind=next((k for k in ROLE_KINDS if k == choice.budget_kind), None),
            columns=columns,
        )
    except ValidationError:
        return None


def options_for(
    kind: object,
    municipality: object,
    accept: object,
    lang: str,
    ref: Reference,
    replace_all: object = None,
    choice: MappingChoice | None = None,
) -> ImportOptions | None:
    """Validated import options, or None when the client sent something else."""
    chosen = next((k for k in KINDS if k == kind), None)
    if (
        chosen is None
        or not isinstance(municipality, int)
        or municipality not in ref.municipalities
    ):
        return None
    accept_warnings = isinstance(accept, list) and "accept" in accept
    mapping = _mapping_from(choice) if choice is not None else None
    if choice is not None and choice.given() and mapping is None:
        return None
    name = choice.name if choice is not None and isinstance(choice.name, str) else ""
    name = re.sub(r"[\x00-\x1f]", "", name).strip()[:80] or "importsiden"
    return ImportOptions(
        kind=chosen,
        municipality=municipality,
        lang="en" if lang == "en" else "da",
        accept_warnings=accept_warnings,
        replace_all=isinstance(replace_all, list) and "all" in replace_all,
        mapping=mapping,
        mapping_name=name if mapping is not None else None,
    )


def role_options(header: str, lang: str) -> list[dict]:
    """The roles a column may take: every field, and for a header naming a year, that year
    as B, BO, KB or R."""
    out = [{"label": t("import.mapping.auto", lang), "value": ""}]
    out += [{"label": f, "value": f} for f in FIELDS]
    year = re.search(r"(?:19|20|21)\d\d", header)
    if year:
        out += [
            {"label": f"{k}{year.group(0)}", "value": f"{k}{year.group(0)}"}
            for k in ROLE_KINDS
            if wide_column(f"{k}{year.group(0)}")
        ]
    return out


def previews(
    uploads: Sequence[Upload], options: ImportOptions, header_row: object = None
) -> list[import_file.SheetPreview]:
    """The header rows of the uploaded files, for the mapping editor."""
    row = header_row if isinstance(header_row, int) and not isinstance(header_row, bool) else None
    with tempfile.TemporaryDirectory(prefix="gevinst-upload-") as tmp:
        out = []
        for upload in uploads:
            path = Path(tmp) / upload.name
            path.write_bytes(upload.content)
            try:
                out += import_file.header_preview(path, options, row)
            except (GevinstError, InputRejected):
                continue
        return out


def saved_mappings_table(found: pl.DataFrame, lang: str) -> html.Table | html.P:
    """The saved mappings (`import_mappings_list`): who saved which, for which header."""
    if found.is_empty():
        return html.P(t("import.mapping.none", lang), id="import-mappings-none")
    rows = [
        [
            str(m["municipality_code"]),
            m["name"],
            m["saved_at"].strftime("%Y-%m-%d %H:%M"),
            m["saved_by"],
            m["signature"],
        ]
        for m in found.iter_rows(named=True)
    ]
    return table(
        t("import.mapping.saved", lang),
        [
            t("import.municipality", lang),
            t("import.col.name", lang),
            t("import.col.when", lang),
            t("import.col.who", lang),
            t("import.col.signature", lang),
        ],
        rows,
        table_id="import-mappings-table",
    )


def _run(
    uploads: Sequence[Upload],
    use_case,
    options: ImportOptions,
    ref: Reference,
    con: duckdb.DuckDBPyConnection,
    user: str,
) -> tuple[PreparedImport, ImportOutcome]:
    with tempfile.TemporaryDirectory(prefix="gevinst-upload-") as tmp:
        paths = []
        for upload in uploads:
            path = Path(tmp) / upload.name
            path.write_bytes(upload.content)
            paths.append(path)
        return use_case(con, paths, options, ref, user)


def dry_run(
    uploads: Sequence[Upload],
    options: ImportOptions,
    ref: Reference,
    con: duckdb.DuckDBPyConnection,
) -> DryRun:
    """Read and check every file, and say what a write would do; writes nothing."""
    try:
        prepared, outcome = _run(uploads, import_file.plan_on, options, ref, con, IMPORTED_BY)
    except InputRejected as rejected:
        return DryRun(None, None, tuple(rejected.problems))
    except GevinstError as error:  # a sandbox failure: the file, not a crash
        return DryRun(None, None, (Problem(", ".join(u.name for u in uploads), "", str(error)),))
    return DryRun(
        prepared,
        outcome,
        (),
        () if outcome.noop else replaced_slices(con, options.municipality, outcome),
    )


def replaced_slices(
    con: duckdb.DuckDBPyConnection, municipality: int, outcome: ImportOutcome
) -> tuple[tuple[str, int, int, int], ...]:
    """The current slices (budget kind, year) the import would replace, with the import that
    wrote each and its number of lines: a partial file replaces a whole slice."""
    current = con.execute(
        query_text("import_current_slices"), {"municipality": municipality}
    ).fetchall()
    return tuple(
        (kind, year, import_id, lines)
        for kind, year, _v, import_id, lines in current
        if (kind, year) in outcome.versions
    )


def confirm(
    uploads: Sequence[Upload],
    options: ImportOptions,
    ref: Reference,
    con: duckdb.DuckDBPyConnection,
    imported_by: str = IMPORTED_BY,
) -> DryRun:
    """Check again (never trust a client's earlier dry run) and write in one transaction;
    identical content already imported is a no-op (`outcome.noop`)."""
    try:
        prepared, outcome = _run(uploads, import_file.write_on, options, ref, con, imported_by)
    except InputRejected as rejected:
        return DryRun(None, None, tuple(rejected.problems))
    except GevinstError as error:
        return DryRun(None, None, (Problem(", ".join(u.name for u in uploads), "", str(error)),))
    return DryRun(prepared, outcome, ())


# --- what the page shows --------------------------------------------------------------------


def _versions(outcome: ImportOutcome, lang: str) -> str:
    return ", ".join(
        t("import.version", lang).format(slice=f"{k}{y}", version=v)
        for (k, y), v in sorted(outcome.versions.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    )


def outcome_text(result: DryRun, lang: str, written: bool) -> str:
    assert result.prepared is not None and result.outcome is not None
    outcome, opts = result.outcome, result.prepared.options
    if outcome.noop:
        key = "import.noop" if written else "import.dry.noop"
        return t(key, lang).format(
            files=", ".join(outcome.already),
            code=opts.municipality,
            kind=opts.kind,
            ids=", ".join(str(i) for i in sorted(set(outcome.already.values()))),
        )
    key = "import.done" if written else "import.dry.ok"
    return t(key, lang).format(
        lines=fmt.number(outcome.lines, lang=valid_lang(lang)),
        ids=", ".join(str(i) for i in outcome.import_ids),
        versions=_versions(outcome, lang),
    )


def shape_rows(files: Sequence[FileReport], lang: str) -> list[list[object]]:
    rows: list[list[object]] = []
    for report in files:
        for sheet in report.sheets:
            shape = sheet.shape
            text = (
                t("import.wide", lang).format(columns=", ".join(a.header for a in shape.amounts))
                if shape.layout == "wide"
                else t("import.long", lang)
            )
            units = "; ".join(
                f"{unit} ({t(f'import.unit.{source}', lang)})"
                for unit, source in shape.units.items()
            )
            rows.append(
                [
                    report.display,
                    sheet.name or "",
                    text,
                    units,
                    thousands(sheet.source_rows, lang),
                    thousands(sheet.lines, lang),
                    ", ".join(str(r) for r in sheet.totals_rows),
                ]
            )
    return rows


def year_totals(lines: pl.DataFrame) -> pl.DataFrame:
    return (
        lines.group_by("year", "budget_kind")
        .agg(pl.col("amount_dkk").sum())
        .sort("year", "budget_kind")
    )


def committee_totals(lines: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One row per committee, one kr. column per `KIND+year`."""
    labelled = lines.with_columns(
        pl.col("committee").fill_null(t("import.no_committee", lang)),
        pl.concat_str("budget_kind", pl.col("year").cast(pl.String)).alias("slice"),
    )
    order = [f"{k}{y}" for y, k in year_totals(lines).select("year", "budget_kind").rows()]
    wide = (
        labelled.group_by("committee", "slice")
        .agg(pl.col("amount_dkk").sum())
        .pivot(on="slice", index="committee", values="amount_dkk")
        .sort("committee")
    )
    return wide.select("committee", *[pl.col(c).fill_null(0.0) for c in order])


def summary_view(result: DryRun, lang: str, written: bool = False) -> list:
    assert result.prepared is not None
    prepared = result.prepared
    lines = prepared.lines.with_columns(pl.col("amount_dkk").cast(pl.Float64))
    years = year_totals(lines)
    by_committee = committee_totals(lines, lang)
    columns = by_committee.columns[1:]
    rows, totals = thousands_columns([by_committee[c].to_list() for c in columns], lang)
    parts: list = [
        html.P(
            outcome_text(result, lang, written),
            id="import-status-text",
            className="import-status ok",
            role="status",
        ),
        table(
            t("import.shapes", lang),
            [
                t("import.col.file", lang),
                t("import.col.sheet", lang),
                t("import.col.shape", lang),
                t("import.col.unit", lang),
                t("import.col.rows", lang),
                t("import.col.lines", lang),
                t("import.col.excluded", lang),
            ],
            shape_rows(prepared.files, lang),
            numeric=(4, 5),
            table_id="import-shapes",
        ),
        table(
            t("import.by_year", lang),
            [t("import.col.year", lang), t("import.col.kind", lang), t("import.col.total", lang)],
            [[str(y), k, kr(v, lang)] for y, k, v in years.rows()],
            numeric=(2,),
            table_id="import-year-totals",
            footer=[t("import.col.total", lang), "", kr(float(years["amount_dkk"].sum()), lang)],
        ),
        table(
            t("import.by_committee", lang),
            [t("import.col.committee", lang), *columns],
            [[c, *r] for c, r in zip(by_committee["committee"], rows, strict=True)],
            numeric=range(1, len(columns) + 1),
            table_id="import-committee-totals",
            footer=[t("import.col.total", lang), *totals],
        ),
    ]
    if result.replaces and not written:
        slices = ", ".join(
            t("import.replaces.one", lang).format(slice=f"{k}{y}", lines=thousands(n, lang), id=i)
            for k, y, i, n in result.replaces
        )
        parts.insert(
            1,
            html.P(
                t("import.replaces", lang).format(slices=slices),
                id="import-replaces",
                className="import-status",
            ),
        )
        assert result.outcome is not None
        scope = scope_lines(prepared.scope, result.outcome, "en" if lang == "en" else "da")
        parts.insert(
            2,
            html.Ul(
                [html.Li(line) for line in scope], id="import-scope", className="import-status"
            ),
        )
    used = [f"{r.display}: {r.mapping_name}" for r in prepared.files if r.mapping_found]
    if used:
        parts.insert(
            1,
            html.P(
                t("import.mapping.used", lang).format(mappings=", ".join(used)),
                id="import-mapping-used",
                className="import-status",
            ),
        )
    if prepared.warnings:
        parts.append(
            problems_table(prepared.warnings, lang, t("import.warnings", lang), "import-warnings")
        )
    return parts


def problems_table(
    problems: Sequence[Problem],
    lang: str,
    caption: str | None = None,
    table_id: str = "import-problems",
) -> html.Table:
    rows = [
        [
            p.file,
            html.Span(p.where, className="problem-where"),
            t(f"import.severity.{p.severity}", lang),
            p.message,
        ]
        for p in problems
    ]
    return table(
        caption or t("import.problems", lang),
        [
            t("import.col.file", lang),
            t("import.col.where", lang),
            t("import.col.severity", lang),
            t("import.col.message", lang),
        ],
        rows,
        table_id=table_id,
    )


def rejected_view(problems: Sequence[Problem], lang: str) -> list:
    return [
        html.P(
            t("import.dry.rejected", lang).format(count=len(problems)),
            id="import-status-text",
            className="import-status error",
            role="alert",
        ),
        html.Button(
            t("import.download", lang),
            id="import-download-button",
            className="secondary",
            n_clicks=0,
        ),
        problems_table(problems, lang),
    ]


def problems_to_store(problems: Sequence[Problem]) -> list[dict[str, str]]:
    return [
        {"file": p.file, "where": p.where, "message": p.message, "severity": p.severity}
        for p in problems
    ]


def problems_from_store(stored: object) -> list[Problem]:
    """The problems back from the browser's store, keeping only well-formed entries."""
    if not isinstance(stored, list):
        return []
    out = []
    for item in stored:
        if isinstance(item, dict) and all(
            isinstance(item.get(k), str) for k in ("file", "where", "message", "severity")
        ):
            severity: Severity = "warning" if item["severity"] == "warning" else "error"
            out.append(Problem(item["file"], item["where"], item["message"], severity))
    return out


def problems_csv(problems: Sequence[Problem], lang: str) -> str:
    """The report as a people's CSV (`gevinst.reports.people_csv`: `;`, UTF-8 with BOM and
    Danish headers, so it opens in columns in a Danish Excel): file, place, kind, message,
    and the whole line as `gevinst import` prints it."""
    language = "en" if lang == "en" else "da"
    return people_csv(
        [
            t("import.col.file", lang),
            t("import.col.where", lang),
            t("import.col.severity", lang),
            t("import.col.message", lang),
            t("import.col.line", lang),
        ],
        (
            (p.file, p.where, t(f"import.severity.{p.severity}", lang), p.message, p.line())
            for p in problems
        ),
        valid_lang(language),
    )


#: imports listed in the log table; the choice below it lists every recent one (a table of
#: 200 rows took seconds to mount in the browser at national scale)
LOG_SHOWN = 25


def import_log_table(log: pl.DataFrame, lang: str) -> html.Table | html.P:
    if log.is_empty():
        return html.P(t("import.log.empty", lang))
    caption = t("import.log.caption", lang)
    if log.height > LOG_SHOWN:
        caption += t("import.log.more", lang).format(shown=LOG_SHOWN, total=log.height)
    rows = [
        [
            str(r["import_id"]),
            r["imported_at"].strftime("%Y-%m-%d %H:%M"),
            r["imported_by"],
            r["file_name"],
            f"{r['kind']} {r['budget_kinds']} {r['first_year'] or ''}"
            f"{'–' + str(r['last_year']) if r['last_year'] != r['first_year'] else ''}",
            f"{r['municipality_code']} {r['municipality_name'] or ''}",
            thousands(r["rows"], lang),
            str(r["version"]),
            r["sha256"][:12],
            dcc.Link(
                t("import.show", lang),
                href=href("/import", lang, import_id=r["import_id"]),
                id=f"import-show-{r['import_id']}",
            ),
        ]
        for r in log.head(LOG_SHOWN).iter_rows(named=True)
    ]
    return table(
        caption,
        [
            t("import.col.id", lang),
            t("import.col.when", lang),
            t("import.col.who", lang),
            t("import.col.file", lang),
            t("import.col.what", lang),
            t("import.municipality", lang),
            t("import.col.lines", lang),
            t("import.col.version", lang),
            t("import.col.sha", lang),
            t("import.col.show", lang),
        ],
        rows,
        numeric=(6, 7),
        table_id="import-log-table",
    )


def import_rows_table(import_id: int, rows: pl.DataFrame, total: int, lang: str) -> html.Table:
    body = [
        [
            r["source_sheet"] or "",
            str(r["source_row"]),
            f"{r['budget_kind']}{r['year']}",
            r["account"],
            str(r["dranst"] or ""),
            r["art"] or "",
            r["committee"] or "",
            r["cost_centre"] or "",
            kr(r["amount_dkk"], lang),
            t("import.yes" if r["is_current"] else "import.no", lang),
        ]
        for r in rows.iter_rows(named=True)
    ]
    return table(
        t("import.rows.caption", lang).format(id=import_id, shown=rows.height, total=total),
        [
            t("import.col.sheet", lang),
            "Række" if lang == "da" else "Row",
            t("import.col.kind", lang),
            "Konto" if lang == "da" else "Account",
            "Dranst",
            "Art",
            t("import.col.committee", lang),
            "Omk.sted" if lang == "da" else "Cost centre",
            "Beløb" if lang == "da" else "Amount",
            t("import.col.current", lang),
        ],
        body,
        numeric=(1, 8),
        table_id="import-rows-table",
    )
