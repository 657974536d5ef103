"""A budget or accounts import from files to checked lines: read → recognise → normalise →
validate, collecting every problem of every file before deciding.

The result, `PreparedImport`, is exactly what would be written (the dry run prints it); the
write itself is `store.imports`. A batch (the files of one `gevinst import`) is one version of
a budget: a budget kept in one file per committee is imported in one command.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from gevinst.errors import InputRejected, Problem
from gevinst.ingest.container import formula_problems
from gevinst.ingest.limits import Limits
from gevinst.ingest.normalise import LINE_SCHEMA, NormalisedSheet, SheetContext, normalise
from gevinst.ingest.plausibility import plausibility
from gevinst.ingest.readers import RawSheet, read_file
from gevinst.ingest.shapes import HEADER_SEARCH_ROWS, SheetShape, UnitSource, recognise
from gevinst.ingest.validate import Checks, validate
from gevinst.ingest.vocabulary import KINDS_FOR_IMPORT, ImportKind, header_signature
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference, bundled_reference

if TYPE_CHECKING:  # a mapping module imports pydantic; most imports need no mapping
    from gevinst.ingest.mapping import Mapping

register(
    {
        "ingest.budget.no_table": {
            "da": "fandt ingen budgettabel: ingen overskriftsrække med kendte kolonnenavne (fx "
            "Konto, "
            "Beløb, År, B2026) i de første {rows} rækker af noget ark; angiv sheets, header_row "
            "og [columns] i en --mapping-fil",
            "en": "found no budget table: no header row with known column names (e.g. Konto, "
            "Beløb, "
            "År, B2026) in the first {rows} rows of any sheet; give sheets, header_row and "
            "[columns] in a --mapping file",
        },
        "ingest.budget.no_lines": {
            "da": "filerne indeholder ingen linjer for --kind {kind} ({wanted}); fandt {found}",
            "en": "the files hold no lines for --kind {kind} ({wanted}); found {found}",
        },
        "ingest.budget.nothing": {"da": "ingenting", "en": "nothing"},
        "ingest.budget.which_municipality": {
            "da": "filerne siger ikke entydigt hvilken kommune de gælder ({found}); angiv "
            "--municipality",
            "en": "the files do not say which one municipality they are for ({found}); give "
            "--municipality",
        },
    }
)


#: `ImportOptions.municipality` when the files are to say it (a statbank extract names it)
FROM_FILE = 0


@dataclass(frozen=True)
class ImportOptions:
    kind: ImportKind
    municipality: int  # FROM_FILE: the one municipality the files' Kommune/OMRÅDE column names
    lang: Lang = "da"
    mapping: Mapping | None = None
    accept_warnings: bool = False
    max_abs_amount_dkk: float = 50e9
    limits: Limits = field(default_factory=Limits)
    unit: str | None = None  # --unit: the amounts' unit where the file names none
    budget_year: int | None = None  # --budget-year: B there, BO after, where the file is silent
    replace_all: bool = False  # --replace-all: the whole current version, not the file's scope
    mapping_name: str | None = None  # the name `mapping` is saved under (after a write)


@dataclass(frozen=True)
class SheetReport:
    """What the summary says about one sheet: its shape, units and what was left out."""

    name: str | None
    shape: SheetShape
    source_rows: int
    lines: int
    totals_rows: tuple[int, ...]
    other_kinds: dict[str, int]
    detail_accounts: int
    budget_year: int | None = None  # kinds from the budget's structure: this year B, later BO
    skipped_areas: dict[str, int] = field(default_factory=dict)
    collisions: tuple[str, ...] = ()

    @property
    def units(self) -> dict[str, UnitSource]:
        return self.shape.units


@dataclass(frozen=True)
class FileReport:
    path: Path
    display: str
    sha256: str
    file_kind: str  # xlsx, csv, parquet
    sheets: tuple[SheetReport, ...]
    skipped_sheets: tuple[str, ...]  # visible sheets without a table
    hidden_sheets: tuple[str, ...]  # hidden sheets not read
    signature: str = ""  # the header row, normalised: what a saved mapping is found by
    mapping_name: str | None = None  # the saved or given mapping that was used
    mapping: Mapping | None = None
    mapping_found: bool = False  # found among the saved mappings (not given with the import)

    @property
    def lines(self) -> int:
        return sum(s.lines for s in self.sheets)


@dataclass(frozen=True)
class PreparedImport:
    """Everything a write needs and a summary shows; `lines` has `file_no` and `source_file`."""

    options: ImportOptions
    files: tuple[FileReport, ...]
    lines: pl.DataFrame
    warnings: tuple[Problem, ...]  # accepted with --accept-warnings
    #: the committees the files speak about (what the import replaces); None: whole slices
    scope: tuple[str, ...] | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: finds a saved mapping by the header signatures a file could have: (name, mapping) or None
SavedLookup = Callable[[list[str]], "tuple[str, Mapping] | None"]


def candidate_signatures(sheet: RawSheet) -> list[str]:
    """The signature each of a sheet's first rows would have as its header row."""
    return [
        sig
        for row in sheet.cells.head(HEADER_SEARCH_ROWS).iter_rows()
        if (sig := header_signature(row)).count("|") >= 1
    ]


def _recognise_all(
    sheets: Iterable[RawSheet], display: str, opts: ImportOptions, mapping: Mapping | None
) -> tuple[list[tuple[RawSheet, SheetShape]], list[str], list[Problem]]:
    recognised: list[tuple[RawSheet, SheetShape]] = []
    skipped: list[str] = []
    problems: list[Problem] = []
    for sheet in sheets:
        if mapping is not None and mapping.postings is not None:  # summed through its map
            from gevinst.ingest.postings import recognise_postings

            shape, found = recognise_postings(
                sheet, display, opts.kind, mapping, opts.lang, opts.unit
            )
        else:
            shape, found = recognise(sheet, display, opts.kind, mapping, opts.lang, opts.unit)
        problems += found
        if shape is not None:
            recognised.append((sheet, shape))
        elif not found:
            skipped.append(sheet.name or display)
    return recognised, skipped, problems


def _prepare_file(
    path: Path,
    file_no: int,
    opts: ImportOptions,
    ref: Reference,
    after_scan: Callable[[], None] | None,
    saved: SavedLookup | None = None,
) -> tuple[FileReport | None, pl.DataFrame | None, list[Problem]]:
    display = path.name
    lang = opts.lang
    mapping = opts.mapping
    read = read_file(
        path, display, lang, opts.limits, mapping.sheets if mapping else None, after_scan
    )
    problems = list(read.problems)
    if any(p.severity == "error" for p in problems):
        return None, None, problems
    sheets = read.sheets
    recognised, skipped, found = _recognise_all(sheets, display, opts, mapping)
    mapping_name = opts.mapping_name if mapping else None
    mapping_found = False
    if (
        mapping is None
        and saved is not None
        and (found or not recognised or any(s.unused or s.ignored for _, s in recognised))
    ):  # the file cannot be read as it stands: has a mapping been saved for its header?
        hit = saved([sig for sheet in sheets for sig in candidate_signatures(sheet)])
        if hit is not None:
            mapping_name, mapping = hit
            mapping_found = True
            if mapping.sheets:
                sheets = tuple(s for s in sheets if s.name in mapping.sheets)
            recognised, skipped, found = _recognise_all(sheets, display, opts, mapping)
    problems += found
    if not recognised and not any(p.severity == "error" for p in problems):
        problems.append(
            Problem(display, "", msg("ingest.budget.no_table", lang, rows=HEADER_SEARCH_ROWS))
        )
    if read.scan is not None:
        used = {s.name for s, _ in recognised}
        scan = dataclasses.replace(
            read.scan, sheets=tuple(s for s in read.scan.sheets if s.name in used)
        )
        problems += formula_problems(scan, display, lang)
    per_committee = len(recognised) > 1
    names = {m.name.lower(): code for code, m in ref.municipalities.items()}
    reports: list[SheetReport] = []
    frames: list[pl.DataFrame] = []
    for sheet, shape in recognised:
        committee = sheet.name if per_committee and "committee" not in shape.fields else None
        ctx = SheetContext(
            display, opts.municipality, opts.kind, committee, lang, names, opts.budget_year
        )
        result = _normalise(sheet, shape, ctx)
        problems += result.problems
        frames.append(result.lines)
        reports.append(
            SheetReport(
                sheet.name,
                shape,
                result.source_rows,
                result.lines.height,
                result.totals_rows,
                result.other_kinds,
                result.detail_accounts,
                result.budget_year,
                result.skipped_areas,
                result.collisions,
            )
        )
    lines = _concat(frames) if frames else pl.DataFrame(schema=LINE_SCHEMA)
    lines = lines.with_columns(
        pl.lit(file_no, pl.Int32).alias("file_no"), pl.lit(display).alias("source_file")
    )
    report = FileReport(
        path,
        display,
        sha256_of(path),
        read.kind,
        tuple(reports),
        tuple(skipped),
        read.hidden_skipped,
        header_signature(recognised[0][0].cells.row(recognised[0][1].header_index))
        if recognised
        else "",
        mapping_name,
        mapping,
        mapping_found,
    )
    return report, lines, problems


def _normalise(sheet: RawSheet, shape: SheetShape, ctx: SheetContext) -> NormalisedSheet:
    """A budget table's lines, or a posting file's bookings summed through its map."""
    if shape.postings is None:
        return normalise(sheet, shape, ctx)
    from gevinst.ingest.postings import normalise_postings

    return normalise_postings(sheet, shape, ctx)


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Lines of several sheets or files; a posting file's lines carry `source_rows` too."""
    if all(f.columns == frames[0].columns for f in frames):
        return pl.concat(frames)
    return pl.concat(frames, how="diagonal_relaxed")


def prepare_import(
    paths: Iterable[Path],
    opts: ImportOptions,
    ref: Reference | None = None,
    after_scan: Callable[[], None] | None = None,
    saved: SavedLookup | None = None,
    before_checks: Callable[[PreparedImport], None] | None = None,
) -> PreparedImport:
    """Read and check every file; raise `InputRejected` with all problems, or return the lines.

    `paths` is iterated once, in order, so a progress bar can be passed in; `after_scan` goes
    to `read_file` (for every file: it must not mind being called again). `before_checks`, if
    given, is called with the import as it will be returned (without its warnings) just
    before the lines' own checks (accounts, amounts, plausibility), when nothing found so far
    rejects them: the CLI starts writing then, in a transaction it commits only if this
    returns, so the write and the checks run at the same time. Nothing it is given changes."""
    ref = ref or bundled_reference()
    problems: list[Problem] = []
    reports: list[FileReport] = []
    frames: list[pl.DataFrame] = []
    for file_no, path in enumerate(paths):
        report, lines, found = _prepare_file(path, file_no, opts, ref, after_scan, saved)
        problems += found
        if report is not None and lines is not None:
            reports.append(report)
            frames.append(lines)
    lines = _concat(frames) if frames else pl.DataFrame()
    if lines.height and opts.municipality == FROM_FILE:
        opts, lines, found = _municipality_from_files(lines, opts, ref, reports)
        problems += found
    unchecked = PreparedImport(opts, tuple(reports), lines, (), None)
    if lines.height and opts.municipality != FROM_FILE:
        unchecked = dataclasses.replace(unchecked, scope=_scope(reports, lines, opts))
        if before_checks is not None and not _rejects(problems, opts):
            before_checks(unchecked)
        checks = Checks(opts.municipality, opts.max_abs_amount_dkk)
        collisions = {
            (r.display, s.name): s.collisions for r in reports for s in r.sheets if s.collisions
        }
        problems += validate(lines, checks, ref, opts.lang, collisions)
        problems += plausibility(lines, opts.municipality, reports, opts.lang)
    elif not any(p.severity == "error" for p in problems):
        problems.append(_no_lines(reports, opts))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if _rejects(problems, opts):
        raise InputRejected(errors + warnings)
    return dataclasses.replace(unchecked, warnings=tuple(warnings))


def _rejects(problems: list[Problem], opts: ImportOptions) -> bool:
    """An error rejects the batch; so does a warning, unless --accept-warnings."""
    severities = {p.severity for p in problems}
    return "error" in severities or ("warning" in severities and not opts.accept_warnings)


def _municipality_from_files(
    lines: pl.DataFrame, opts: ImportOptions, ref: Reference, reports: list[FileReport]
) -> tuple[ImportOptions, pl.DataFrame, list[Problem]]:
    """The one known municipality the lines name (DESIGN: a statbank file imports as the
    municipality named in it); a problem when they name none or several."""
    codes = lines.get_column("municipality_code").unique().to_list()
    if len(codes) == 1 and codes[0] in ref.municipalities:
        return dataclasses.replace(opts, municipality=codes[0]), lines, []
    found = ", ".join(str(c) for c in sorted(c for c in codes if c)) or "-"
    problem = Problem(
        ", ".join(r.display for r in reports),
        "",
        msg("ingest.budget.which_municipality", opts.lang, found=found),
    )
    return opts, lines, [problem]


def _scope(
    reports: list[FileReport], lines: pl.DataFrame, opts: ImportOptions
) -> tuple[str, ...] | None:
    """The committees the batch speaks about (DESIGN: an import replaces the current lines
    within its file's scope only): every committee of its lines when each file has a
    committee column or a sheet per committee; None (the whole slices of its years) when a
    file has neither, or with --replace-all."""
    if opts.replace_all or not reports:
        return None
    for report in reports:
        per_sheet = len(report.sheets) > 1
        if not all(per_sheet or "committee" in s.shape.fields for s in report.sheets):
            return None
    found = lines.get_column("committee").fill_null("").unique().sort().to_list()
    return tuple(found)


def _no_lines(reports: list[FileReport], opts: ImportOptions) -> Problem:
    found: dict[str, int] = {}
    for report in reports:
        for sheet in report.sheets:
            for kind, count in sheet.other_kinds.items():
                found[kind] = found.get(kind, 0) + count
    text = ", ".join(f"{count} {kind}" for kind, count in sorted(found.items())) or msg(
        "ingest.budget.nothing", opts.lang
    )
    return Problem(
        ", ".join(r.display for r in reports),
        "",
        msg(
            "ingest.budget.no_lines",
            opts.lang,
            kind=opts.kind,
            wanted="/".join(sorted(KINDS_FOR_IMPORT[opts.kind])),
            found=text,
        ),
    )
