"""`gevinst cohort define|compare|list|realise`: a target group against a comparison group.

A cohort (`cohort_members`) is a named follow-up with up to two groups, `target` and
`comparison`, each from a file of pseudonyms or a filter on the imported benefit weeks
(`store.benefit_weeks.define_cohort`). A cohort named like a case follows that case (the
realisation page shows it); the demo's is `ips-mentor-beskaeftigelse`.

`compare --target A --comparison B` compares cohort A's target group with cohort B's
comparison group; a cohort without that group counts with all its members, so two cohorts
defined one group each (`define A …`, `define B …`) compare as well as one cohort holding both
(`--comparison` defaults to `--target`). Per year or quarter it shows, per person, weeks on
benefit and the municipality's net cost (after refusion) for both groups, and the difference
split between municipality and state (`gevinst.domain.cohorts`). Groups of fewer than 5
persons are never shown ("<5"), and every result carries the note that a comparison group is
not a randomised control.

`realise --cohort A --case C` turns the comparison into the case's realised figures: per year
(target − comparison) municipal net cost per person × the target group's size, written as
realisation lines through the realisation import itself (a csv in a temporary folder checked and
written by `import_realisation_files`: same validation, lineage, import log and idempotency).

`load_comparison` and the formatting helpers are shared with the realisation page.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
import polars as pl

from gevinst import fmt
from gevinst.commands.options import db_option, lang_option
from gevinst.domain import cohorts
from gevinst.errors import GevinstError, InputRejected, Problem
from gevinst.messages import msg, register
from gevinst.reference import bundled_reference
from gevinst.reports.csv_cells import rows_csv
from gevinst.settings import Lang, load_settings

#: run a named query of models/queries with named parameters (`Database.query`)
Query = Callable[..., pl.DataFrame]
HIDDEN = f"<{cohorts.MIN_GROUP_SIZE}"
FILTER_KEYS = ("benefit", "from", "to")
#: the same pattern the benefit-week import rejects (6 digits that read as a date, 4 digits)
_CPR = re.compile(r"(^|[^0-9])([0-9]{6})-?[0-9]{4}([^0-9]|$)")

register({
    "cohort.group.target": {"da": "målgruppe", "en": "target group"},
    "cohort.group.comparison": {"da": "sammenligningsgruppe", "en": "comparison group"},
    "cohort.unknown": {
        "da": "kohorten '{name}' har ingen {group}{where}; kendte kohorter: {known}",
        "en": "the cohort '{name}' has no {group}{where}; known cohorts: {known}"},
    "cohort.where": {"da": " i kommune {code}", "en": " in municipality {code}"},
    "cohort.none_known": {"da": "ingen (gevinst cohort define)",
                          "en": "none (gevinst cohort define)"},
    "cohort.no_weeks": {
        "da": "ingen af gruppernes personer har ydelsesuger i databasen (gevinst import "
              "--kind benefit-weeks)",
        "en": "none of the groups' persons has benefit weeks in the database (gevinst import "
              "--kind benefit-weeks)"},
    "cohort.title": {
        "da": "Målgruppe mod sammenligningsgruppe, pr. {by}{where}: målgruppen i {target} "
              "({n_target} personer) mod sammenligningsgruppen i {comparison} ({n_comparison} "
              "personer)",
        "en": "Target group against comparison group, by {by}{where}: the target group of "
              "{target} ({n_target} persons) against the comparison group of {comparison} "
              "({n_comparison} persons)"},
    "cohort.by.year": {"da": "år", "en": "year"},
    "cohort.by.quarter": {"da": "kvartal", "en": "quarter"},
    "cohort.legend": {
        "da": "M = målgruppe, S = sammenligningsgruppe. Uger på ydelse og kroner er pr. person "
              "i perioden; kommunens udgift er netto efter refusion. Forskel = M − S "
              "(negativ: målgruppen koster mindre), fordelt på kommunen og staten.",
        "en": "T = target group, C = comparison group. Weeks on benefit and kroner are per "
              "person in the period; the municipality's cost is net of refusion. Difference = "
              "T − C (negative: the target group costs less), split between the municipality "
              "and the state."},
    "cohort.total": {
        "da": "Forskellen for målgruppens {n} personer, alle viste perioder: kommunen {m}, "
              "staten {s}, i alt {g}",
        "en": "The difference for the target group's {n} persons, all periods shown: "
              "municipality {m}, state {s}, in all {g}"},
    "cohort.suppressed": {
        "da": "{HIDDEN}: en gruppe har under {n} personer i perioden; tallene vises ikke.",
        "en": "{HIDDEN}: a group has fewer than {n} persons in the period; figures not shown."},
    "cohort.col.period": {"da": "Periode", "en": "Period"},
    "cohort.col.persons_t": {"da": "Pers. M", "en": "Pers. T"},
    "cohort.col.persons_c": {"da": "Pers. S", "en": "Pers. C"},
    "cohort.col.weeks_t": {"da": "Uger M", "en": "Weeks T"},
    "cohort.col.weeks_c": {"da": "Uger S", "en": "Weeks C"},
    "cohort.col.weeks_d": {"da": "Uger forskel", "en": "Weeks diff."},
    "cohort.col.net_t": {"da": "Kommunen netto M", "en": "Municipal net T"},
    "cohort.col.net_c": {"da": "Kommunen netto S", "en": "Municipal net C"},
    "cohort.col.diff_m": {"da": "Forskel kommunen", "en": "Diff. municipality"},
    "cohort.col.diff_s": {"da": "Forskel staten", "en": "Diff. state"},
    "cohort.col.diff_g": {"da": "Forskel i alt", "en": "Diff. in all"},
    "cohort.defined": {
        "da": "Kohorte {name}, {group}: {n} personer i kommune {code} ({source}); {with_weeks} "
              "af dem har ydelsesuger i databasen.",
        "en": "Cohort {name}, {group}: {n} persons in municipality {code} ({source}); "
              "{with_weeks} of them have benefit weeks in the database."},
    "cohort.small": {
        "da": "Bemærk: grupper under {n} personer vises aldrig i sammenligninger.",
        "en": "Note: groups of fewer than {n} persons are never shown in comparisons."},
    "cohort.usage": {"da": "angiv enten --ids FIL eller --filter \"benefit=…,from=ÅÅÅÅ-MM-DD\"",
                     "en": "give either --ids FILE or --filter \"benefit=…,from=YYYY-MM-DD\""},
    "cohort.filter.key": {
        "da": "ukendt nøgle '{name}'; brug {keys}",
        "en": "unknown key '{name}'; use {keys}"},
    "cohort.filter.part": {
        "da": "'{part}' er ikke nøgle=værdi",
        "en": "'{part}' is not key=value"},
    "cohort.filter.date": {
        "da": "'{value}' er ikke en dato (ÅÅÅÅ-MM-DD)",
        "en": "'{value}' is not a date (YYYY-MM-DD)"},
    "cohort.filter.benefit": {
        "da": "ukendt ydelse '{value}'; kendte: {known}",
        "en": "unknown benefit '{value}'; known: {known}"},
    "cohort.ids.kind": {"da": "id-filen skal være csv eller parquet",
                        "en": "the id file must be csv or parquet"},
    "cohort.ids.column": {"da": "kolonnen person_id mangler; fandt: {found}",
                          "en": "the column person_id is missing; found: {found}"},
    "cohort.ids.unreadable": {"da": "filen kan ikke læses ({detail})",
                              "en": "the file cannot be read ({detail})"},
    "cohort.ids.cpr": {
        "da": "person_id ligner et CPR-nummer ({value}); brug et pseudonym — intet er gemt",
        "en": "person_id looks like a CPR number ({value}); use a pseudonym — nothing "
              "was stored"},
    "cohort.ids.empty": {"da": "filen indeholder ingen person_id", "en": "the file holds no "
                                                                        "person_id"},
    "cohort.no_model": {
        "da": "{db} har ingen kohorter endnu (gevinst cohort define … eller gevinst demo)",
        "en": "{db} has no cohorts yet (gevinst cohort define … or gevinst demo)"},
    "cohort.list.none": {"da": "Ingen kohorter.", "en": "No cohorts."},
    "cohort.list.row": {"da": "{name}: {group}, {n} personer, kommune {code} ({source})",
                        "en": "{name}: {group}, {n} persons, municipality {code} ({source})"},
})


# --- the comparison, shared with the realisation page -----------------------------------------


@dataclass(frozen=True)
class CohortComparison:
    target: str
    comparison: str
    municipality: int | None
    period: cohorts.Period
    persons_target: int
    persons_comparison: int
    table: pl.DataFrame  # gevinst.domain.cohorts.compare
    attributed: pl.DataFrame  # gevinst.domain.cohorts.attributed_difference (target group)

    def totals(self) -> dict[str, float]:
        """The target group's difference by payer over every period that is shown."""
        shown = self.attributed.filter(~pl.col("suppressed"))
        return {c: float(shown[c].sum()) for c in ("municipality_dkk", "state_dkk", "gross_dkk")}


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, quarter) from `first` to `last`, both included."""
    out: list[tuple[int, int]] = []
    year, quarter = first
    while (year, quarter) <= last:
        out.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return out


def _known(query: Query, lang: Lang) -> str:
    listed = query("cohort_list", municipality=None)
    names = sorted(set(listed["cohort_id"].to_list()))
    return ", ".join(names) if names else msg("cohort.none_known", lang)


def load_comparison(query: Query, target: str, comparison: str | None = None,
                    municipality: int | None = None, period: cohorts.Period = "year",
                    lang: Lang = "da") -> CohortComparison:
    """The comparison of `target`'s target group with `comparison`'s comparison group
    (`comparison` defaults to `target`); every quarter from the first to the last with weeks.
    `GevinstError` if a group is empty or nobody has benefit weeks."""
    comparison = comparison or target
    params = {"target": target, "comparison": comparison, "municipality": municipality}
    members = query("cohort_compare_members", **params)
    where = msg("cohort.where", lang, code=municipality) if municipality is not None else ""
    sizes = {}
    for group, name in (("target", target), ("comparison", comparison)):
        sizes[group] = members.filter(pl.col("group_name") == group).height
        if not sizes[group]:
            raise GevinstError(msg("cohort.unknown", lang, name=name,
                                   group=msg(f"cohort.group.{group}", lang), where=where,
                                   known=_known(query, lang)))
    quarters = query("cohort_compare_quarters", **params)
    if quarters.is_empty():
        raise GevinstError(msg("cohort.no_weeks", lang))
    keys = quarters.select(pl.col("year").cast(pl.Int64), pl.col("quarter").cast(pl.Int64))
    first = keys.sort(["year", "quarter"]).row(0)
    last = keys.sort(["year", "quarter"], descending=True).row(0)
    table = cohorts.compare(members.select("group_name", "person_id"), quarters,
                            quarters_between(first, last), period)
    return CohortComparison(target, comparison, municipality, period, sizes["target"],
                            sizes["comparison"], table, cohorts.attributed_difference(table))


def period_label(row: dict, lang: Lang = "da") -> str:
    if "quarter" in row and row["quarter"] is not None:
        return f"{row['year']} {'K' if lang == 'da' else 'Q'}{row['quarter']}"
    return str(row["year"])


def persons_cell(value: int) -> str:
    """A group's size, or `<5` for a group too small to show."""
    return HIDDEN if value < cohorts.MIN_GROUP_SIZE else str(value)


# --- text and csv ------------------------------------------------------------------------------


def table_lines(result: CohortComparison, lang: Lang = "da") -> list[str]:
    """The comparison for a terminal: title, note, a table per period, legend and totals."""
    def weeks(value: float | None) -> str:
        return HIDDEN if value is None else fmt.number(value, 1, lang)

    def money(value: float | None) -> str:
        return HIDDEN if value is None else fmt.number(value, 0, lang)

    header = [msg(f"cohort.col.{c}", lang) for c in (
        "period", "persons_t", "persons_c", "weeks_t", "weeks_c", "weeks_d", "net_t", "net_c",
        "diff_m", "diff_s", "diff_g")]
    rows = [[period_label(r, lang), persons_cell(r["persons_target"]),
             persons_cell(r["persons_comparison"]), weeks(r["weeks_on_benefit_target"]),
             weeks(r["weeks_on_benefit_comparison"]), weeks(r["weeks_on_benefit_difference"]),
             money(r["municipal_dkk_target"]), money(r["municipal_dkk_comparison"]),
             money(r["municipal_dkk_difference"]), money(r["state_dkk_difference"]),
             money(r["gross_dkk_difference"])]
            for r in result.table.iter_rows(named=True)]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    where = msg("cohort.where", lang, code=result.municipality) \
        if result.municipality is not None else ""
    out = [msg("cohort.title", lang, by=msg(f"cohort.by.{result.period}", lang),
               target=result.target, comparison=result.comparison,
               n_target=persons_cell(result.persons_target),
               n_comparison=persons_cell(result.persons_comparison), where=where),
           "", "NB: " + cohorts.note(lang), "", line(header),
           line(["-" * w for w in widths]), *(line(r) for r in rows), "",
           msg("cohort.legend", lang)]
    if result.table["suppressed"].any():
        out.append(msg("cohort.suppressed", lang, HIDDEN=HIDDEN, n=cohorts.MIN_GROUP_SIZE))
    if result.persons_target >= cohorts.MIN_GROUP_SIZE:
        totals = result.totals()
        out.append(msg("cohort.total", lang, n=result.persons_target,
                       m=fmt.kr(totals["municipality_dkk"], 0, lang),
                       s=fmt.kr(totals["state_dkk"], 0, lang),
                       g=fmt.kr(totals["gross_dkk"], 0, lang)))
    return out


CSV_COLUMNS = ("persons_target", "persons_comparison", "weeks_on_benefit_target",
               "weeks_on_benefit_comparison", "weeks_on_benefit_difference",
               "municipal_dkk_target", "municipal_dkk_comparison", "municipal_dkk_difference",
               "state_dkk_target", "state_dkk_comparison", "state_dkk_difference",
               "gross_dkk_difference")


def csv_text(result: CohortComparison) -> str:
    """One row per period: the means per person, the target group's difference by payer
    (`*_total_dkk`) and `suppressed`; hidden values are `<5`. Comma, dot decimal."""
    keys = ["year"] if result.period == "year" else ["year", "quarter"]
    header = [*keys, *CSV_COLUMNS, "municipality_total_dkk", "state_total_dkk",
              "gross_total_dkk", "suppressed"]
    rows: list[list[object]] = []
    joined = result.table.join(result.attributed.drop("suppressed").rename(
        {"municipality_dkk": "municipality_total_dkk", "state_dkk": "state_total_dkk",
         "gross_dkk": "gross_total_dkk"}), on=keys, how="left")
    for r in joined.iter_rows(named=True):
        cells: list[object] = [r[k] for k in keys]
        for column in (*CSV_COLUMNS, "municipality_total_dkk", "state_total_dkk",
                       "gross_total_dkk"):
            value = r[column]
            if column.startswith("persons_"):
                cells.append(persons_cell(value))
            else:
                cells.append(HIDDEN if value is None else round(float(value), 2))
        cells.append(str(r["suppressed"]).lower())
        rows.append(cells)
    return rows_csv(rows, header)  # text cells made safe, numbers stay numbers


# --- define: checking the user's input ---------------------------------------------------------


@dataclass(frozen=True)
class CohortFilter:
    benefit: str | None = None
    first_week_from: dt.date | None = None
    first_week_to: dt.date | None = None

    def label(self) -> str:
        return (f"benefit={self.benefit or '*'}, from={self.first_week_from or '*'}, "
                f"to={self.first_week_to or '*'}")


def parse_filter(text: str, known_benefits: list[str], lang: Lang = "da") -> CohortFilter:
    """`benefit=kontanthjaelp,from=2024-01-01[,to=2024-12-31]`: persons whose first week (on
    that benefit, or on any) lies in the range. `InputRejected` naming every bad part."""
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = (s.strip() for s in part.partition("="))
        if not sep:
            problems.append(Problem("--filter", part, msg("cohort.filter.part", lang, part=part)))
        elif key.lower() not in FILTER_KEYS:
            problems.append(Problem("--filter", key, msg("cohort.filter.key", lang, name=key,
                                                         keys=", ".join(FILTER_KEYS))))
        elif key.lower() == "benefit":
            if value.lower() not in known_benefits:
                problems.append(Problem("--filter", key, msg(
                    "cohort.filter.benefit", lang, value=value, known=", ".join(known_benefits))))
            values["benefit"] = value.lower()
        else:
            try:
                values[key.lower()] = dt.date.fromisoformat(value)
            except ValueError:
                problems.append(Problem("--filter", key, msg("cohort.filter.date", lang,
                                                             value=value)))
    if problems:
        raise InputRejected(problems)
    return CohortFilter(values.get("benefit"), values.get("from"),  # type: ignore[arg-type]
                        values.get("to"))  # type: ignore[arg-type]


def check_ids_file(path: Path, lang: Lang = "da") -> int:
    """The id file has a `person_id` column of pseudonyms (nothing like a CPR number);
    returns the number of distinct ids. `InputRejected` otherwise: nothing is written."""
    name = path.name
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise InputRejected([Problem(name, "", msg("cohort.ids.kind", lang))])
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
        else:
            first = path.read_bytes().decode("utf-8").split("\n", 1)[0]  # as DuckDB reads it
            separator = ";" if first.count(";") > first.count(",") else ","
            frame = pl.read_csv(path, separator=separator, infer_schema=False,
                                encoding="utf8-lossy")
    except Exception as exc:  # a damaged file is an answer, not a crash
        raise InputRejected([Problem(name, "", msg("cohort.ids.unreadable", lang,
                                                   detail=str(exc).splitlines()[0][:200]))]
                            ) from exc
    # the name DuckDB will read (`define_cohort`): case-insensitive, nothing around it
    column = next((c for c in frame.columns if c.lstrip("\ufeff").lower() == "person_id"),
                  None)
    if column is None:
        raise InputRejected([Problem(name, "", msg("cohort.ids.column", lang,
                                                   found=", ".join(frame.columns)))])
    ids = [str(v).strip() for v in frame[column].to_list() if v is not None and str(v).strip()]
    problems = []
    for row, value in enumerate(ids, start=2):
        found = _CPR.search(value)
        if found and len(value) >= 10 and _is_date(found.group(2)):
            problems.append(Problem(name, f"person_id, row {row}", msg(
                "cohort.ids.cpr", lang, value=re.sub("[0-9]", "X", value))))
    if problems:
        raise InputRejected(problems[:20])
    if not ids:
        raise InputRejected([Problem(name, "", msg("cohort.ids.empty", lang))])
    return len(set(ids))


def _is_date(ddmmyy: str) -> bool:
    try:
        dt.datetime.strptime(ddmmyy, "%d%m%y")
    except ValueError:
        return False
    return True


# --- the commands ------------------------------------------------------------------------------


@contextmanager
def _database(path: Path, lang: Lang) -> Iterator[Query]:
    """The database read-only, as a named-query function (`models/queries/`)."""
    import duckdb

    from gevinst.store.reader import Database

    database = Database(path, read_only=True)
    try:
        yield database.query
    except duckdb.CatalogException as exc:  # a database from before cohorts existed
        raise GevinstError(msg("cohort.no_model", lang, db=path)) from exc
    finally:
        database.close()


@click.group("cohort")
def cohort_command() -> None:
    """Målgruppe mod sammenligningsgruppe: definér og sammenlign kohorter."""


@cohort_command.command("define")
@click.argument("name")
@click.option("--ids", "ids_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=None, help="csv eller parquet med kolonnen person_id (pseudonymer).")
@click.option("--filter", "filter_text", default=None,
              help="Fx \"benefit=kontanthjaelp,from=2024-01-01,to=2024-12-31\": personer hvis "
                   "første uge (på ydelsen) ligger i perioden.")
@click.option("--municipality", type=int, required=True, help="Kommunekode (3 cifre).")
@click.option("--group", type=click.Choice(["target", "comparison"]), default="target",
              show_default=True, help="Hvilken gruppe i kohorten der defineres.")
@db_option
@lang_option
def define_command(name: str, ids_file: Path | None, filter_text: str | None,
                   municipality: int, group: str, db: Path | None, lang: Lang | None) -> None:
    """Definér (eller erstat) en gruppe personer i kohorten NAME."""
    import duckdb

    from gevinst.store import build_model, connect
    from gevinst.store.benefit_weeks import define_cohort

    settings = load_settings(db, lang)
    lang_ = settings.lang
    if (ids_file is None) == (filter_text is None):
        raise click.UsageError(msg("cohort.usage", lang_))
    chosen = None
    if ids_file is not None:
        check_ids_file(ids_file, lang_)
    else:
        assert filter_text is not None
        chosen = parse_filter(filter_text, sorted(bundled_reference().rules.benefits), lang_)
    with connect(settings.db) as con:
        build_model(con)
        try:
            if chosen is None:
                size = define_cohort(con, name, group, municipality, ids_file=ids_file)
            else:
                size = define_cohort(con, name, group, municipality, benefit=chosen.benefit,
                                     first_week_from=chosen.first_week_from,
                                     first_week_to=chosen.first_week_to)
        except duckdb.InvalidInputException as exc:  # the reader's answer; nothing written
            shown = ids_file.name if ids_file is not None else "--filter"
            raise InputRejected([Problem(shown, "", msg(
                "cohort.ids.unreadable", lang_, detail=str(exc).splitlines()[0][:200]))]) from exc
    with _database(settings.db, lang_) as query:
        listed = query("cohort_list", municipality=municipality).filter(
            (pl.col("cohort_id") == name) & (pl.col("group_name") == group))
    with_weeks = int(listed["persons_with_weeks"][0]) if listed.height else 0
    source = ids_file.name if ids_file is not None else f"filter {chosen.label()}"  # type: ignore[union-attr]
    click.echo(msg("cohort.defined", lang_, name=name, group=msg(f"cohort.group.{group}", lang_),
                   n=size, code=municipality, source=source, with_weeks=with_weeks))
    if size < cohorts.MIN_GROUP_SIZE:
        click.echo(msg("cohort.small", lang_, n=cohorts.MIN_GROUP_SIZE))


@cohort_command.command("compare")
@click.option("--target", required=True, help="Kohorten med målgruppen.")
@click.option("--comparison", default=None,
              help="Kohorten med sammenligningsgruppen (standard: samme som --target).")
@click.option("--by", "period", type=click.Choice(["year", "quarter"]), default="year",
              show_default=True, help="Pr. år eller kvartal.")
@click.option("--municipality", type=int, default=None, help="Kun personer i denne kommune.")
@click.option("--format", "format_", type=click.Choice(["table", "csv"]), default="table",
              show_default=True)
@db_option
@lang_option
def compare_command(target: str, comparison: str | None, period: str,
                    municipality: int | None, format_: str, db: Path | None,
                    lang: Lang | None) -> None:
    """Sammenlign målgruppe og sammenligningsgruppe: uger på ydelse og nettoudgift pr. person."""
    settings = load_settings(db, lang)
    lang_ = settings.lang
    with _database(settings.db, lang_) as query:
        result = load_comparison(query, target, comparison, municipality,
                                 "quarter" if period == "quarter" else "year", lang_)
    if format_ == "csv":
        click.echo(csv_text(result), nl=False)
        click.echo(cohorts.note(lang_), err=True)
        return
    click.echo("\n".join(table_lines(result, lang_)))


@cohort_command.command("list")
@click.option("--municipality", type=int, default=None, help="Kun denne kommune.")
@db_option
@lang_option
def list_command(municipality: int | None, db: Path | None, lang: Lang | None) -> None:
    """Vis kohorter og deres grupper (antal personer)."""
    settings = load_settings(db, lang)
    with _database(settings.db, settings.lang) as query:
        rows = query("cohort_list", municipality=municipality)
    if rows.is_empty():
        click.echo(msg("cohort.list.none", settings.lang))
    for r in rows.iter_rows(named=True):
        click.echo(msg("cohort.list.row", settings.lang, name=r["cohort_id"],
                       group=msg(f"cohort.group.{r['group_name']}", settings.lang),
                       n=persons_cell(r["persons"]), code=r["municipality_code"],
                       source=r["source"]))



# --- realise: realised gains computed from a cohort comparison --------------------------------

register({
    "cohort.realise.unknown_case": {
        "da": "casen '{case}' findes ikke i databasen (gemte cases: {cases})",
        "en": "the case '{case}' is not in the database (saved cases: {cases})"},
    "cohort.realise.unknown_cohort": {
        "da": "kohorten '{name}' findes ikke; kendte kohorter: {known}",
        "en": "the cohort '{name}' does not exist; known cohorts: {known}"},
    "cohort.realise.mismatch": {
        "da": "kohorten '{name}' har ingen personer i casens kommune {code} (kohortens "
              "kommuner: {codes}); kohorten følger ikke casen '{case}'",
        "en": "the cohort '{name}' has no persons in the case's municipality {code} (the "
              "cohort's municipalities: {codes}); the cohort does not follow the case '{case}'"},
    "cohort.realise.too_small": {
        "da": "{group} har {n} personer; under {min} personer beregnes intet",
        "en": "the {group} has {n} persons; nothing is computed for fewer than {min} persons"},
    "cohort.realise.too_small_year": {
        "da": "en gruppe har under {n} personer i {year}; intet beregnet",
        "en": "a group has fewer than {n} persons in {year}; nothing computed"},
    "cohort.realise.no_year": {
        "da": "sammenligningen har ingen tal for {year} (år med tal: {known})",
        "en": "the comparison has no figures for {year} (years with figures: {known})"},
    "cohort.realise.no_years": {
        "da": "sammenligningens år ({known}) ligger uden for casens år {first}–{last}",
        "en": "the comparison's years ({known}) are outside the case's years {first}–{last}"},
    "cohort.realise.years": {
        "da": "'{text}' er ikke et år eller en periode (fx 2026 eller 2026-2027)",
        "en": "'{text}' is not a year or a range (e.g. 2026 or 2026-2027)"},
    "cohort.realise.no_unit": {
        "da": "casen '{case}' har ingen planlagt gevinst på en ydelsesenhed; angiv --unit",
        "en": "the case '{case}' planned no gain on a benefit unit; give --unit"},
    "cohort.realise.no_account": {
        "da": "enheden '{unit}' har ingen kommunal konto i enhedspriskataloget; angiv --account",
        "en": "the unit '{unit}' has no municipal account in the unit-cost catalogue; give "
              "--account"},
    "cohort.realise.title": {
        "da": "Realiseret gevinst for casen {case} beregnet fra kohorter i kommune {code}: "
              "målgruppen i {target} ({n_target} personer) mod sammenligningsgruppen i "
              "{comparison} ({n_comparison} personer).",
        "en": "Realised gain for the case {case} computed from cohorts in municipality {code}: "
              "the target group of {target} ({n_target} persons) against the comparison group "
              "of {comparison} ({n_comparison} persons)."},
    "cohort.realise.lines": {
        "da": "Linjerne: enhed {unit} ({unit_source}), konto {account} ({account_source}), "
              "status {status}{harvest}.",
        "en": "The lines: unit {unit} ({unit_source}), account {account} ({account_source}), "
              "status {status}{harvest}."},
    "cohort.realise.harvest": {"da": ", hjemtaget fra {account}",
                               "en": ", harvested from {account}"},
    "cohort.realise.src.given": {"da": "angivet", "en": "given"},
    "cohort.realise.src.unit": {"da": "casens første effekt på en ydelse",
                                "en": "the case's first effect on a benefit"},
    "cohort.realise.src.account": {"da": "enhedens kommunale konto i enhedspriskataloget",
                                   "en": "the unit's municipal account in the unit-cost "
                                         "catalogue"},
    "cohort.realise.how": {
        "da": "Sådan er hvert tal beregnet: (kommunens nettoudgift pr. person i målgruppen − "
              "i sammenligningsgruppen) × antal personer i målgruppen; negativ = besparelse.",
        "en": "How each figure was computed: (the municipality's net cost per person in the "
              "target group − in the comparison group) × the number of persons in the target "
              "group; negative = a saving."},
    "cohort.realise.year": {
        "da": "  {year}: ({t} − {c}) = {d} pr. person × {n} personer = {amount}",
        "en": "  {year}: ({t} − {c}) = {d} per person × {n} persons = {amount}"},
})


def parse_years(text: str, lang: Lang = "da") -> list[int]:
    """`2026`, `2026-2027` or `2026,2028`: the years, each once, in order."""
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        match = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise InputRejected([Problem("--years", part, msg("cohort.realise.years", lang,
                                                              text=part))])
        first = int(match.group(1))
        years.update(range(first, int(match.group(2) or first) + 1))
    return sorted(years)


def _refuse(where: str, what: str, text: str) -> InputRejected:
    return InputRejected([Problem(where, what, text)])


def _default_unit_account(db: Path, case_id: str, unit: str | None, account: str | None,
                          lang: Lang) -> tuple[str, str, str, str]:
    """The unit and account of the lines, and where each came from (for the summary)."""
    from gevinst.store.realisation import read_planned_units

    ref = bundled_reference()
    unit_source = account_source = msg("cohort.realise.src.given", lang)
    if unit is None:
        unit = next((u for u in read_planned_units(db, case_id)
                     if u in ref.units and ref.units[u].benefit is not None), None)
        if unit is None:
            raise _refuse("--case", case_id, msg("cohort.realise.no_unit", lang, case=case_id))
        unit_source = msg("cohort.realise.src.unit", lang)
    if account is None:
        catalogued = ref.units.get(unit)
        account = next((p.account for p in (catalogued.payers if catalogued else ())
                        if p.kind == "municipality" and p.account), None)
        if account is None:
            raise _refuse("--unit", unit, msg("cohort.realise.no_account", lang, unit=unit))
        account_source = msg("cohort.realise.src.account", lang)
    return unit, unit_source, account, account_source


@cohort_command.command("realise")
@click.option("--cohort", "cohort_name", required=True, help="Kohorten med målgruppen.")
@click.option("--case", "case_id", required=True, help="Casen, gevinsten realiseres for.")
@click.option("--comparison", default=None,
              help="Kohorten med sammenligningsgruppen (standard: samme som --cohort).")
@click.option("--status", type=click.Choice(["capacity", "harvested", "reinvested",
                                             "not-realised"]),
              default="capacity", show_default=True, help="Hvad der blev af gevinsten.")
@click.option("--harvested-from", default=None,
              help="Budgetkontoen, der blev reduceret (kun med --status harvested).")
@click.option("--unit", default=None,
              help="Enheden (standard: casens første effekt på en ydelse).")
@click.option("--account", default=None,
              help="Kontoen (standard: enhedens kommunale konto i enhedspriskataloget).")
@click.option("--years", "years_text", default=None,
              help="Fx 2026-2027 (standard: sammenligningens år inden for casens år).")
@db_option
@click.option("--dry-run", is_flag=True, help="Tjek og vis linjerne; skriv intet.")
@lang_option
@click.option("--user", default=None, help="Hvem importerer (standard: $GEVINST_USER, login).")
def realise_command(cohort_name: str, case_id: str, comparison: str | None, status: str,
                    harvested_from: str | None, unit: str | None, account: str | None,
                    years_text: str | None, db: Path | None, dry_run: bool, lang: Lang | None,
                    user: str | None) -> None:
    """Beregn en cases realiserede gevinst fra en kohortesammenligning og skriv den som
    realiseringslinjer (samme tjek og skrivning som gevinst import --kind realisation)."""
    import getpass
    import tempfile

    from gevinst.domain.cohort_realisation import CohortRealisationError, realised_by_year
    from gevinst.store.realisation import import_realisation_files, read_case_catalogue

    settings = load_settings(db, lang)
    lang_ = settings.lang
    cases = read_case_catalogue(settings.db)
    info = cases.get(case_id)
    if info is None:
        raise _refuse("--case", case_id, msg("cohort.realise.unknown_case", lang_, case=case_id,
                                             cases=", ".join(sorted(cases)) or "-"))
    if status == "harvested" and not harvested_from:
        raise _refuse("--harvested-from", "", msg("realisation.harvest_needs_account", lang_))
    chosen_years = parse_years(years_text, lang_) if years_text else None
    with _database(settings.db, lang_) as query:
        listed = query("cohort_list", municipality=None)
        for name in dict.fromkeys((cohort_name, comparison or cohort_name)):
            rows = listed.filter(pl.col("cohort_id") == name)
            if rows.is_empty():
                raise _refuse("--cohort", name, msg("cohort.realise.unknown_cohort", lang_,
                                                    name=name, known=_known(query, lang_)))
            codes = sorted(set(rows["municipality_code"].to_list()))
            if info.municipality not in codes:
                raise _refuse("--cohort", name, msg(
                    "cohort.realise.mismatch", lang_, name=name, code=info.municipality,
                    codes=", ".join(str(c) for c in codes), case=case_id))
        try:
            result = load_comparison(query, cohort_name, comparison, info.municipality, "year",
                                     lang_)
        except InputRejected:
            raise
        except GevinstError as exc:  # an empty group or no weeks: the input does not fit
            raise _refuse("--cohort", cohort_name, str(exc)) from exc
    for group, size in (("target", result.persons_target),
                        ("comparison", result.persons_comparison)):
        if size < cohorts.MIN_GROUP_SIZE:
            raise _refuse("--cohort", cohort_name, msg(
                "cohort.realise.too_small", lang_, group=msg(f"cohort.group.{group}", lang_),
                n=persons_cell(size), min=cohorts.MIN_GROUP_SIZE))
    known = [int(y) for y in result.table["year"].to_list()]
    if chosen_years is None:
        chosen_years = [y for y in known if info.first_year <= y <= info.last_year]
        if not chosen_years:
            raise _refuse("--years", "", msg(
                "cohort.realise.no_years", lang_, known=", ".join(str(y) for y in known),
                first=info.first_year, last=info.last_year))
    try:
        realised = realised_by_year(result.table, chosen_years)
    except CohortRealisationError as exc:
        raise _refuse("--years", str(exc.values.get("year", "")),
                      msg(f"cohort.realise.{exc.reason}", lang_, **exc.values)) from exc
    unit, unit_source, account, account_source = _default_unit_account(
        settings.db, case_id, unit, account, lang_)

    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"cohort-{cohort_name}-{case_id}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{safe}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["case_id", "year", "unit_id", "account", "amount_dkk", "status",
                             "harvested_from_account"])
            for r in realised:
                writer.writerow([case_id, r.year, unit, account, f"{r.amount_dkk:.2f}", status,
                                 harvested_from or ""])
        summary = import_realisation_files(
            [path], settings.db, info.municipality, user or settings.user or getpass.getuser(),
            lang_, dry_run)

    harvest = (msg("cohort.realise.harvest", lang_, account=harvested_from)
               if harvested_from else "")
    out = [msg("cohort.realise.title", lang_, case=case_id, code=info.municipality,
               target=result.target, comparison=result.comparison,
               n_target=persons_cell(result.persons_target),
               n_comparison=persons_cell(result.persons_comparison)),
           msg("cohort.realise.lines", lang_, unit=unit, unit_source=unit_source,
               account=account, account_source=account_source, status=status,
               harvest=harvest),
           msg("cohort.realise.how", lang_)]
    out += [msg("cohort.realise.year", lang_, year=r.year,
                t=fmt.kr(r.municipal_target_dkk, 0, lang_),
                c=fmt.kr(r.municipal_comparison_dkk, 0, lang_),
                d=fmt.kr(r.difference_per_person_dkk, 2, lang_), n=r.persons_target,
                amount=fmt.kr(r.amount_dkk, 2, lang_)) for r in realised]
    out += ["", "NB: " + cohorts.note(lang_), "", summary]
    click.echo("\n".join(out))
