"""The import summary people read: what was recognised, which unit, rows, and totals by year and
committee in Danish number format, so a controller can hold it against the budget document."""

from __future__ import annotations

import polars as pl

from gevinst import fmt
from gevinst.ingest.budget import FileReport, PreparedImport, SheetReport
from gevinst.ingest.outcome import ImportOutcome
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference

register(
    {
        "ingest.summary.header": {
            "da": "Import af {kind} for {code} {name}",
            "en": "Import of {kind} for {code} {name}",
        },
        "ingest.summary.kind.budget": {"da": "budget", "en": "budget"},
        "ingest.summary.kind.accounts": {"da": "regnskab", "en": "accounts"},
        "ingest.summary.sheet": {"da": "ark {sheet}", "en": "sheet {sheet}"},
        "ingest.summary.wide": {"da": "bred form ({columns})", "en": "wide ({columns})"},
        "ingest.summary.long": {
            "da": "lang form (én række pr. år)",
            "en": "long (one row per year)",
        },
        "ingest.summary.postings": {
            "da": "posteringsfil: posteringerne summeret pr. funktion, dranst og år via "
            "posteringskortet ({column} → funktion, {count} nøgler)",
            "en": "posting file: the postings summed per function, dranst and year through the "
            "posting map ({column} → function, {count} keys)",
        },
        "ingest.summary.postings_sign": {
            "da": "fortegn fra '{header}': debet +, kredit −",
            "en": "sign from '{header}': debit +, credit −",
        },
        "ingest.summary.postings_signed": {
            "da": "fortegn fra beløbet selv (ingen debet/kredit-kolonne)",
            "en": "sign from the amount itself (no debit/credit column)",
        },
        "ingest.summary.header_row": {
            "da": "overskrift i række {row}",
            "en": "header in row {row}",
        },
        "ingest.summary.unit": {"da": "enhed {unit} ({source})", "en": "unit {unit} ({source})"},
        "ingest.summary.unit.mapping": {"da": "fra mappingfilen", "en": "from the mapping file"},
        "ingest.summary.unit.option": {"da": "fra --unit", "en": "from --unit"},
        "ingest.summary.unit.column": {
            "da": "fra enhedskolonnen (fx PRISENHED)",
            "en": "from the unit column (e.g. PRISENHED)",
        },
        "ingest.summary.unit.header": {
            "da": "fra kolonneoverskriften",
            "en": "from the column header",
        },
        "ingest.summary.unit.title": {
            "da": "fra titlen over tabellen",
            "en": "from the title above the table",
        },
        "ingest.summary.unit.assumed": {
            "da": "ANTAGET: hverken titel, overskrift eller en enhedskolonne nævner en enhed "
            "(accepteret advarsel)",
            "en": "ASSUMED: neither title, header nor a unit column names a unit "
            "(accepted warning)",
        },
        "ingest.summary.rows": {
            "da": "{rows} rækker læst → {lines} linjer",
            "en": "{rows} rows read → {lines} lines",
        },
        "ingest.summary.totals_rows": {
            "da": "total-rækker udeladt (ikke talt med to gange): række {rows}",
            "en": "totals rows left out (not counted twice): row {rows}",
        },
        "ingest.summary.other_kinds": {
            "da": "{count} {kind}-linjer udeladt (hører til --kind {other})",
            "en": "{count} {kind} lines left out (they belong to --kind {other})",
        },
        "ingest.summary.detail": {
            "da": "{count} linjer havde konto under funktionsniveau (fx 5.28.21.01); gemt på "
            "funktion",
            "en": "{count} lines had an account below function level (e.g. 5.28.21.01); stored by "
            "function",
        },
        "ingest.summary.ignored": {
            "da": "kolonner ikke brugt: {columns}",
            "en": "columns not used: {columns}",
        },
        "ingest.summary.inferred_kind": {
            "da": "beløbstype ud fra budgettets opbygning: {year} = B (budgetår), senere år = BO "
            "(overslagsår); angiv --budget-year for et andet budgetår",
            "en": "budget kind from the budget's structure: {year} = B (budget year), later "
            "years = BO (outlook years); give --budget-year for another budget year",
        },
        "ingest.summary.skipped_areas": {
            "da": "rækker for andre områder end kommunen sprunget over: {areas}",
            "en": "rows for areas other than the municipality skipped: {areas}",
        },
        "ingest.summary.mapping": {
            "da": "mapping brugt: '{name}' (gemt for kommunen og fundet ud fra "
            "kolonneoverskrifterne)",
            "en": "mapping used: '{name}' (saved for the municipality, found by the column "
            "headers)",
        },
        "ingest.summary.mapping_given": {
            "da": "mapping givet med importen; gemmes for kommunen som '{name}' og bruges "
            "igen for filer med de samme kolonneoverskrifter",
            "en": "mapping given with the import; saved for the municipality as '{name}' and "
            "used again for files with the same column headers",
        },
        "ingest.summary.scope": {
            "da": "Omfang: erstatter {replaced} linjer af {what} {slice}; beholder {kept} linjer "
            "af andre udvalg",
            "en": "Scope: replaces {replaced} lines of {what} {slice}; keeps {kept} lines of "
            "other committees",
        },
        "ingest.summary.scope_all": {
            "da": "Omfang: erstatter hele {slice} ({replaced} linjer)",
            "en": "Scope: replaces the whole {slice} ({replaced} lines)",
        },
        "ingest.summary.committee_from_sheet": {
            "da": "udvalg = arkets navn (ingen kolonne Udvalg)",
            "en": "committee = the sheet's name (no column Udvalg)",
        },
        "ingest.summary.skipped": {
            "da": "ark uden budgettabel, ikke læst: {sheets}",
            "en": "sheets without a budget table, not read: {sheets}",
        },
        "ingest.summary.hidden": {
            "da": "skjulte ark, ikke læst: {sheets}",
            "en": "hidden sheets, not read: {sheets}",
        },
        "ingest.summary.by_year": {"da": "I alt pr. år:", "en": "Total per year:"},
        "ingest.summary.by_committee": {
            "da": "I alt pr. udvalg og år:",
            "en": "Total per committee and year:",
        },
        "ingest.summary.no_committee": {"da": "(uden udvalg)", "en": "(no committee)"},
        "ingest.summary.warnings": {"da": "Accepterede advarsler:", "en": "Accepted warnings:"},
        "ingest.summary.written": {
            "da": "Skrevet til {db}: import {ids}, {lines} linjer; {versions}",
            "en": "Written to {db}: import {ids}, {lines} lines; {versions}",
        },
        "ingest.summary.would_write": {
            "da": "Prøvekørsel (--dry-run): intet er skrevet. Ville skrive import {ids}, {lines} "
            "linjer til {db}; {versions}",
            "en": "Dry run (--dry-run): nothing was written. Would write import {ids}, {lines} "
            "lines to {db}; {versions}",
        },
        "ingest.summary.version": {
            "da": "{slice} bliver version {version}",
            "en": "{slice} becomes version {version}",
        },
        "ingest.summary.noop": {
            "da": "Intet at gøre: {files} er allerede importeret for kommune {code} ({kind}) som "
            "import {ids}",
            "en": "Nothing to do: {files} was already imported for municipality {code} ({kind}) as "
            "import {ids}",
        },
        "ingest.summary.again": {
            "da": "{files} var importeret før og indgår igen i den nye version",
            "en": "{files} was imported before and is part of the new version again",
        },
    }
)


def _sheet_lines(sheet: SheetReport, committee_from_sheet: bool, lang: Lang) -> list[str]:
    shape = sheet.shape
    if shape.layout == "wide":
        layout = msg(
            "ingest.summary.wide", lang, columns=", ".join(a.header for a in shape.amounts)
        )
    elif shape.postings is not None:
        layout = msg(
            "ingest.summary.postings",
            lang,
            column=shape.postings.key_header,
            count=len(shape.postings.rules.functions),
        )
        layout += "; " + (
            msg("ingest.summary.postings_sign", lang, header=shape.postings.sign_header)
            if shape.postings.sign is not None
            else msg("ingest.summary.postings_signed", lang)
        )
    else:
        layout = msg("ingest.summary.long", lang)
    units = "; ".join(
        msg(
            "ingest.summary.unit",
            lang,
            unit=unit,
            source=msg(f"ingest.summary.unit.{source}", lang),
        )
        for unit, source in shape.units.items()
    )
    head = ", ".join(
        p
        for p in (
            msg("ingest.summary.sheet", lang, sheet=sheet.name) if sheet.name else "",
            layout,
            units,
            msg(
                "ingest.summary.rows",
                lang,
                rows=fmt.number(sheet.source_rows, lang=lang),
                lines=fmt.number(sheet.lines, lang=lang),
            ),
        )
        if p
    )
    out = [f"  {head}"]
    if sheet.totals_rows:
        out.append(
            "    "
            + msg(
                "ingest.summary.totals_rows",
                lang,
                rows=", ".join(str(r) for r in sheet.totals_rows),
            )
        )
    for kind, count in sorted(sheet.other_kinds.items()):
        other = "accounts" if kind == "R" else "budget"
        out.append(
            "    " + msg("ingest.summary.other_kinds", lang, count=count, kind=kind, other=other)
        )
    if sheet.detail_accounts:
        out.append("    " + msg("ingest.summary.detail", lang, count=sheet.detail_accounts))
    unused = [*shape.unused, *shape.ignored]
    if unused:
        out.append("    " + msg("ingest.summary.ignored", lang, columns=", ".join(unused)))
    if sheet.budget_year is not None:
        out.append("    " + msg("ingest.summary.inferred_kind", lang, year=sheet.budget_year))
    if sheet.skipped_areas:
        areas = ", ".join(f"{a} ({n})" for a, n in sheet.skipped_areas.items())
        out.append("    " + msg("ingest.summary.skipped_areas", lang, areas=areas))
    if committee_from_sheet and "committee" not in shape.fields:
        out.append("    " + msg("ingest.summary.committee_from_sheet", lang))
    return out


def _file_lines(report: FileReport, lang: Lang) -> list[str]:
    out = [f"{report.display}:"]
    if report.mapping_name:
        key = "ingest.summary.mapping" if report.mapping_found else "ingest.summary.mapping_given"
        out.append("  " + msg(key, lang, name=report.mapping_name))
    per_committee = len(report.sheets) > 1
    for sheet in report.sheets:
        out += _sheet_lines(sheet, per_committee, lang)
    if report.skipped_sheets:
        out.append(
            "  " + msg("ingest.summary.skipped", lang, sheets=", ".join(report.skipped_sheets))
        )
    if report.hidden_sheets:
        out.append(
            "  " + msg("ingest.summary.hidden", lang, sheets=", ".join(report.hidden_sheets))
        )
    return out


def _totals(lines: pl.DataFrame, lang: Lang) -> list[str]:
    """Totals per year and per committee and year: one pass over the lines (the per-year
    totals are summed from the few committee totals, not from the lines again)."""
    by_committee = (
        lines.group_by("committee", "year", "budget_kind")
        .agg(pl.col("amount_dkk").sum())
        .with_columns(pl.col("committee").fill_null(msg("ingest.summary.no_committee", lang)))
        .group_by("committee", "year", "budget_kind")  # a blank committee is "no committee"
        .agg(pl.col("amount_dkk").sum())
        .sort("committee", "year", "budget_kind")
    )
    by_year = (
        by_committee.group_by("year", "budget_kind")
        .agg(pl.col("amount_dkk").sum())
        .sort("year", "budget_kind")
    )
    out = [msg("ingest.summary.by_year", lang)]
    out += [
        f"  {kind}{year:<6} {fmt.kr(total, 2, lang):>24}"
        for year, kind, total in by_year.iter_rows()
    ]
    out.append(msg("ingest.summary.by_committee", lang))
    width = max((len(c) for c in by_committee.get_column("committee")), default=0)
    out += [
        f"  {committee:<{width}}  {kind}{year:<6} {fmt.kr(total, 2, lang):>24}"
        for committee, year, kind, total in by_committee.iter_rows()
    ]
    return out


def scope_lines(
    committees: tuple[str, ...] | None, outcome: ImportOutcome, lang: Lang
) -> list[str]:
    """What the import replaces and keeps of the current version, slice by slice: `replaces
    100 lines of Økonomiudvalget B2026; keeps 91 lines of other committees`."""
    out = []
    what = ", ".join(c or msg("ingest.summary.no_committee", lang) for c in committees or ())
    for (kind, year), (replaced, kept) in sorted(
        outcome.scope.items(), key=lambda kv: (kv[0][1], kv[0][0])
    ):
        if committees is None:
            out.append(
                msg(
                    "ingest.summary.scope_all",
                    lang,
                    slice=f"{kind}{year}",
                    replaced=fmt.number(replaced, lang=lang),
                )
            )
        else:
            out.append(
                msg(
                    "ingest.summary.scope",
                    lang,
                    replaced=fmt.number(replaced, lang=lang),
                    what=what,
                    slice=f"{kind}{year}",
                    kept=fmt.number(kept, lang=lang),
                )
            )
    return out


def render_summary(
    prepared: PreparedImport, outcome: ImportOutcome, db: str, reference: Reference, lang: Lang
) -> str:
    """The text `gevinst import` prints: per file what was recognised, totals, what happened."""
    opts = prepared.options
    town = reference.municipalities.get(opts.municipality)
    out = [
        msg(
            "ingest.summary.header",
            lang,
            kind=msg(f"ingest.summary.kind.{opts.kind}", lang),
            code=opts.municipality,
            name=town.name if town else "",
        )
    ]
    for report in prepared.files:
        out += _file_lines(report, lang)
    out += _totals(prepared.lines, lang)
    out += scope_lines(prepared.scope, outcome, lang)
    if prepared.warnings:
        out.append(msg("ingest.summary.warnings", lang))
        out += [f"  {p.line()}" for p in prepared.warnings]
    if outcome.noop:
        out.append(
            msg(
                "ingest.summary.noop",
                lang,
                files=", ".join(outcome.already),
                code=opts.municipality,
                kind=opts.kind,
                ids=", ".join(str(i) for i in sorted(set(outcome.already.values()))),
            )
        )
        return "\n".join(out)
    if outcome.already:
        out.append(msg("ingest.summary.again", lang, files=", ".join(outcome.already)))
    versions = ", ".join(
        msg("ingest.summary.version", lang, slice=f"{kind}{year}", version=v)
        for (kind, year), v in sorted(outcome.versions.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    )
    key = "ingest.summary.written" if outcome.written else "ingest.summary.would_write"
    out.append(
        msg(
            key,
            lang,
            db=db,
            ids=", ".join(str(i) for i in outcome.import_ids),
            lines=fmt.number(outcome.lines, lang=lang),
            versions=versions,
        )
    )
    return "\n".join(out)
