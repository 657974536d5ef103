"""Cohorts: define a group, list them, compare a target group with a comparison group, and turn
the comparison into a case's realised gains (`gevinst cohort …` and the realisation page).

A cohort (`cohort_members`) is a named follow-up with up to two groups, `target` and
`comparison`, each from a file of pseudonyms or a filter on the imported benefit weeks
(`store.benefit_weeks.define_cohort`). A cohort named like a case follows that case.

`compare(target=A, comparison=B)` compares cohort A's target group with cohort B's comparison
group; a cohort without that group counts with all its members, so two cohorts defined one
group each compare as well as one cohort holding both (`comparison` defaults to `target`).

`realise` turns the comparison into the case's realised figures: per year (target −
comparison) municipal net cost per person × the target group's size (`domain.
cohort_realisation`), written through the realisation import's own checks and write
(`ingest.realisation.prepare_realisation_lines`, `store.realisation`): same validation,
lineage, import log and idempotency as a file, without a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gevinst.domain import cohorts
from gevinst.domain.cohort_comparison import CohortComparison, quarters_between
from gevinst.domain.cohort_realisation import CohortRealisationError, realised_by_year
from gevinst.errors import GevinstError, InputRejected, Problem
from gevinst.ingest.cohort_ids import check_ids_file
from gevinst.ingest.realisation import PreparedRealisation, prepare_realisation_lines
from gevinst.messages import Lang, msg, register
from gevinst.reference import Reference, bundled_reference
from gevinst.reports.cohort import RealisationLines, group_name, persons_cell, where
from gevinst.store.realisation import RealisationOutcome

#: run a named query of models/queries with named parameters (`Database.query`)
Query = Callable[..., pl.DataFrame]
FILTER_KEYS = ("benefit", "from", "to")

register(
    {
        "cohort.unknown": {
            "da": "kohorten '{name}' har ingen {group}{where}; kendte kohorter: {known}",
            "en": "the cohort '{name}' has no {group}{where}; known cohorts: {known}",
        },
        "cohort.none_known": {
            "da": "ingen (gevinst cohort define)",
            "en": "none (gevinst cohort define)",
        },
        "cohort.no_weeks": {
            "da": "ingen af gruppernes personer har ydelsesuger i databasen (gevinst import "
            "--kind benefit-weeks)",
            "en": "none of the groups' persons has benefit weeks in the database (gevinst import "
            "--kind benefit-weeks)",
        },
        "cohort.filter.key": {
            "da": "ukendt nøgle '{name}'; brug {keys}",
            "en": "unknown key '{name}'; use {keys}",
        },
        "cohort.filter.part": {
            "da": "'{part}' er ikke nøgle=værdi",
            "en": "'{part}' is not key=value",
        },
        "cohort.filter.date": {
            "da": "'{value}' er ikke en dato (ÅÅÅÅ-MM-DD)",
            "en": "'{value}' is not a date (YYYY-MM-DD)",
        },
        "cohort.filter.benefit": {
            "da": "ukendt ydelse '{value}'; kendte: {known}",
            "en": "unknown benefit '{value}'; known: {known}",
        },
        "cohort.no_model": {
            "da": "{db} har ingen kohorter endnu (gevinst cohort define … eller gevinst demo)",
            "en": "{db} has no cohorts yet (gevinst cohort define … or gevinst demo)",
        },
        "cohort.realise.unknown_case": {
            "da": "casen '{case}' findes ikke i databasen (gemte cases: {cases})",
            "en": "the case '{case}' is not in the database (saved cases: {cases})",
        },
        "cohort.realise.unknown_cohort": {
            "da": "kohorten '{name}' findes ikke; kendte kohorter: {known}",
            "en": "the cohort '{name}' does not exist; known cohorts: {known}",
        },
        "cohort.realise.mismatch": {
            "da": "kohorten '{name}' har ingen personer i casens kommune {code} (kohortens "
            "kommuner: {codes}); kohorten følger ikke casen '{case}'",
            "en": "the cohort '{name}' has no persons in the case's municipality {code} (the "
            "cohort's municipalities: {codes}); the cohort does not follow the case '{case}'",
        },
        "cohort.realise.too_small": {
            "da": "{group} har {n} personer; under {min} personer beregnes intet",
            "en": "the {group} has {n} persons; nothing is computed for fewer than {min} persons",
        },
        "cohort.realise.too_small_year": {
            "da": "en gruppe har under {n} personer i {year}; intet beregnet",
            "en": "a group has fewer than {n} persons in {year}; nothing computed",
        },
        "cohort.realise.no_year": {
            "da": "sammenligningen har ingen tal for {year} (år med tal: {known})",
            "en": "the comparison has no figures for {year} (years with figures: {known})",
        },
        "cohort.realise.no_years": {
            "da": "sammenligningens år ({known}) ligger uden for casens år {first}–{last}",
            "en": "the comparison's years ({known}) are outside the case's years {first}–{last}",
        },
        "cohort.realise.years": {
            "da": "'{text}' er ikke et år eller en periode (fx 2026 eller 2026-2027)",
            "en": "'{text}' is not a year or a range (e.g. 2026 or 2026-2027)",
        },
        "cohort.realise.no_unit": {
            "da": "casen '{case}' har ingen planlagt gevinst på en ydelsesenhed; angiv --unit",
            "en": "the case '{case}' planned no gain on a benefit unit; give --unit",
        },
        "cohort.realise.no_account": {
            "da": "enheden '{unit}' har ingen kommunal konto i enhedspriskataloget; angiv --account",
            "en": "the unit '{unit}' has no municipal account in the unit-cost catalogue; give "
            "--account",
        },
    }
)


# --- reading -----------------------------------------------------------------------------------


@contextmanager
def reading(path: Path, lang: Lang = "da") -> Iterator[Query]:
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


def known_cohorts(query: Query, lang: Lang = "da") -> str:
    listed = query("cohort_list", municipality=None)
    names = sorted(set(listed["cohort_id"].to_list()))
    return ", ".join(names) if names else msg("cohort.none_known", lang)


def list_cohorts(db: Path, municipality: int | None = None, lang: Lang = "da") -> pl.DataFrame:
    """One row per cohort and group (`models/queries/cohort_list.sql`)."""
    with reading(db, lang) as query:
        return query("cohort_list", municipality=municipality)


def load_comparison(
    query: Query,
    target: str,
    comparison: str | None = None,
    municipality: int | None = None,
    period: cohorts.Period = "year",
    lang: Lang = "da",
) -> CohortComparison:
    """The comparison of `target`'s target group with `comparison`'s comparison group
    (`comparison` defaults to `target`); every quarter from the first to the last with weeks.
    `GevinstError` if a group is empty or nobody has benefit weeks."""
    comparison = comparison or target
    params = {"target": target, "comparison": comparison, "municipality": municipality}
    members = query("cohort_compare_members", **params)
    sizes = {}
    for group, name in (("target", target), ("comparison", comparison)):
        sizes[group] = members.filter(pl.col("group_name") == group).height
        if not sizes[group]:
            raise GevinstError(
                msg(
                    "cohort.unknown",
                    lang,
                    name=name,
                    group=group_name(group, lang),
                    where=where(municipality, lang),
                    known=known_cohorts(query, lang),
                )
            )
    quarters = query("cohort_compare_quarters", **params)
    if quarters.is_empty():
        raise GevinstError(msg("cohort.no_weeks", lang))
    keys = quarters.select(pl.col("year").cast(pl.Int64), pl.col("quarter").cast(pl.Int64))
    first = keys.sort(["year", "quarter"]).row(0)
    last = keys.sort(["year", "quarter"], descending=True).row(0)
    table = cohorts.compare(
        members.select("group_name", "person_id"), quarters, quarters_between(first, last), period
    )
    return CohortComparison(
        target,
        comparison,
        municipality,
        period,
        sizes["target"],
        sizes["comparison"],
        table,
        cohorts.attributed_difference(table),
    )


def compare(
    db: Path,
    target: str,
    comparison: str | None = None,
    municipality: int | None = None,
    period: cohorts.Period = "year",
    lang: Lang = "da",
) -> CohortComparison:
    """`load_comparison` on the database file at `db`, opened read-only."""
    with reading(db, lang) as query:
        return load_comparison(query, target, comparison, municipality, period, lang)


# --- define ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortFilter:
    benefit: str | None = None
    first_week_from: dt.date | None = None
    first_week_to: dt.date | None = None

    def label(self) -> str:
        return (
            f"benefit={self.benefit or '*'}, from={self.first_week_from or '*'}, "
            f"to={self.first_week_to or '*'}"
        )


def parse_filter(text: str, known_benefits: list[str], lang: Lang = "da") -> CohortFilter:
    """`benefit=kontanthjaelp,from=2024-01-01[,to=2024-12-31]`: persons whose first week (on
    that benefit, or on any) lies in the range. `InputRejected` naming every bad part."""
    problems: list[Problem] = []
    benefit: str | None = None
    dates: dict[str, dt.date] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = (s.strip() for s in part.partition("="))
        if not sep:
            problems.append(Problem("--filter", part, msg("cohort.filter.part", lang, part=part)))
        elif key.lower() not in FILTER_KEYS:
            problems.append(
                Problem(
                    "--filter",
                    key,
                    msg("cohort.filter.key", lang, name=key, keys=", ".join(FILTER_KEYS)),
                )
            )
        elif key.lower() == "benefit":
            if value.lower() not in known_benefits:
                problems.append(
                    Problem(
                        "--filter",
                        key,
                        msg(
                            "cohort.filter.benefit",
                            lang,
                            value=value,
                            known=", ".join(known_benefits),
                        ),
                    )
                )
            benefit = value.lower()
        else:
            try:
                dates[key.lower()] = dt.date.fromisoformat(value)
            except ValueError:
                problems.append(
                    Problem("--filter", key, msg("cohort.filter.date", lang, value=value))
                )
    if problems:
        raise InputRejected(problems)
    return CohortFilter(benefit, dates.get("from"), dates.get("to"))


@dataclass(frozen=True)
class DefinedGroup:
    size: int  # persons in the group
    with_weeks: int  # of them with benefit weeks in the database
    source: str  # the id file's name or the filter, for the message


def define(
    db: Path,
    name: str,
    group: str,
    municipality: int,
    *,
    ids_file: Path | None = None,
    chosen: CohortFilter | None = None,
    lang: Lang = "da",
) -> DefinedGroup:
    """(Re)define one group of cohort `name` from an id file of pseudonyms (checked: no CPR
    numbers, nothing written otherwise) or a filter on the benefit weeks."""
    import duckdb

    from gevinst.store import build_model, connect
    from gevinst.store.benefit_weeks import define_cohort

    if (ids_file is None) == (chosen is None):
        raise ValueError("give exactly one of ids_file and chosen")
    if ids_file is not None:
        check_ids_file(ids_file, lang)
    with connect(db) as con:
        build_model(con)
        try:
            if chosen is None:
                size = define_cohort(con, name, group, municipality, ids_file=ids_file)
            else:
                size = define_cohort(
                    con,
                    name,
                    group,
                    municipality,
                    benefit=chosen.benefit,
                    first_week_from=chosen.first_week_from,
                    first_week_to=chosen.first_week_to,
                )
        except duckdb.InvalidInputException as exc:  # the reader's answer; nothing written
            shown = ids_file.name if ids_file is not None else "--filter"
            raise InputRejected(
                [
                    Problem(
                        shown,
                        "",
                        msg("cohort.ids.unreadable", lang, detail=str(exc).splitlines()[0][:200]),
                    )
                ]
            ) from exc
    listed = list_cohorts(db, municipality, lang).filter(
        (pl.col("cohort_id") == name) & (pl.col("group_name") == group)
    )
    with_weeks = int(listed["persons_with_weeks"][0]) if listed.height else 0
    # mypy: `chosen` is set whenever no ids file is given
    source = ids_file.name if ids_file is not None else f"filter {chosen.label()}"  # type: ignore[union-attr]
    return DefinedGroup(size, with_weeks, source)


# --- realise -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealiseRequest:
    cohort: str
    case_id: str
    comparison: str | None = None
    status: str = "capacity"
    harvested_from: str | None = None
    unit: str | None = None
    account: str | None = None
    years: list[int] | None = None  # default: the comparison's years within the case's


@dataclass(frozen=True)
class CohortRealisation:
    lines: RealisationLines  # what was computed, for `reports.cohort`
    prepared: PreparedRealisation  # the checked lines, for the import summary
    outcome: RealisationOutcome  # what was (or, on a dry run, would be) written


def parse_years(text: str, lang: Lang = "da") -> list[int]:
    """`2026`, `2026-2027` or `2026,2028`: the years, each once, in order."""
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        match = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise InputRejected(
                [Problem("--years", part, msg("cohort.realise.years", lang, text=part))]
            )
        first = int(match.group(1))
        years.update(range(first, int(match.group(2) or first) + 1))
    return sorted(years)


def _refuse(where_: str, what: str, text: str) -> InputRejected:
    return InputRejected([Problem(where_, what, text)])


def _unit_account(
    planned: list[str], request: RealiseRequest, ref: Reference, lang: Lang
) -> tuple[str, str, str, str]:
    """The unit and account of the lines, and where each came from (`given`, `unit`,
    `account`: see `reports.cohort`)."""
    unit, account = request.unit, request.account
    unit_source = account_source = "given"
    if unit is None:
        unit = next(
            (u for u in planned if u in ref.units and ref.units[u].benefit is not None), None
        )
        if unit is None:
            raise _refuse(
                "--case", request.case_id, msg("cohort.realise.no_unit", lang, case=request.case_id)
            )
        unit_source = "unit"
    if account is None:
        catalogued = ref.units.get(unit)
        account = next(
            (
                p.account
                for p in (catalogued.payers if catalogued else ())
                if p.kind == "municipality" and p.account
            ),
            None,
        )
        if account is None:
            raise _refuse("--unit", unit, msg("cohort.realise.no_account", lang, unit=unit))
        account_source = "account"
    return unit, unit_source, account, account_source


def _check_cohorts(query: Query, request: RealiseRequest, municipality: int, lang: Lang) -> None:
    listed = query("cohort_list", municipality=None)
    for name in dict.fromkeys((request.cohort, request.comparison or request.cohort)):
        rows = listed.filter(pl.col("cohort_id") == name)
        if rows.is_empty():
            raise _refuse(
                "--cohort",
                name,
                msg(
                    "cohort.realise.unknown_cohort",
                    lang,
                    name=name,
                    known=known_cohorts(query, lang),
                ),
            )
        codes = sorted(set(rows["municipality_code"].to_list()))
        if municipality not in codes:
            raise _refuse(
                "--cohort",
                name,
                msg(
                    "cohort.realise.mismatch",
                    lang,
                    name=name,
                    code=municipality,
                    codes=", ".join(str(c) for c in codes),
                    case=request.case_id,
                ),
            )


def _comparison_for(
    db: Path, request: RealiseRequest, municipality: int, lang: Lang
) -> CohortComparison:
    with reading(db, lang) as query:
        _check_cohorts(query, request, municipality, lang)
        try:
            result = load_comparison(
                query, request.cohort, request.comparison, municipality, "year", lang
            )
        except InputRejected:
            raise
        except GevinstError as exc:  # an empty group or no weeks: the input does not fit
            raise _refuse("--cohort", request.cohort, str(exc)) from exc
    for group, size in (
        ("target", result.persons_target),
        ("comparison", result.persons_comparison),
    ):
        if size < cohorts.MIN_GROUP_SIZE:
            raise _refuse(
                "--cohort",
                request.cohort,
                msg(
                    "cohort.realise.too_small",
                    lang,
                    group=group_name(group, lang),
                    n=persons_cell(size),
                    min=cohorts.MIN_GROUP_SIZE,
                ),
            )
    return result


def realise(
    db: Path,
    request: RealiseRequest,
    user: str,
    lang: Lang = "da",
    dry_run: bool = False,
    ref: Reference | None = None,
) -> CohortRealisation:
    """Compute the case's realised gains from the cohort comparison and write them as
    realisation lines (or, with `dry_run`, check them and say what would be written)."""
    from gevinst.store.realisation import (
        plan_realisation,
        read_case_catalogue,
        read_planned_units,
        write_realisation,
    )

    ref = ref or bundled_reference()
    cases = read_case_catalogue(db)
    info = cases.get(request.case_id)
    if info is None:
        raise _refuse(
            "--case",
            request.case_id,
            msg(
                "cohort.realise.unknown_case",
                lang,
                case=request.case_id,
                cases=", ".join(sorted(cases)) or "-",
            ),
        )
    if request.status == "harvested" and not request.harvested_from:
        raise _refuse("--harvested-from", "", msg("realisation.harvest_needs_account", lang))
    result = _comparison_for(db, request, info.municipality, lang)
    known = [int(y) for y in result.table["year"].to_list()]
    years = request.years
    if years is None:
        years = [y for y in known if info.first_year <= y <= info.last_year]
        if not years:
            raise _refuse(
                "--years",
                "",
                msg(
                    "cohort.realise.no_years",
                    lang,
                    known=", ".join(str(y) for y in known),
                    first=info.first_year,
                    last=info.last_year,
                ),
            )
    try:
        realised = realised_by_year(result.table, years)
    except CohortRealisationError as exc:
        raise _refuse(
            "--years",
            str(exc.values.get("year", "")),
            msg(f"cohort.realise.{exc.reason}", lang, **exc.values),
        ) from exc
    unit, unit_source, account, account_source = _unit_account(
        read_planned_units(db, request.case_id), request, ref, lang
    )
    table = [
        ["case_id", "year", "unit_id", "account", "amount_dkk", "status", "harvested_from_account"]
    ]
    table += [
        [
            request.case_id,
            str(r.year),
            unit,
            account,
            f"{r.amount_dkk:.2f}",
            request.status,
            request.harvested_from or "",
        ]
        for r in realised
    ]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"cohort-{request.cohort}-{request.case_id}")
    prepared = prepare_realisation_lines(f"{safe}.csv", table, info.municipality, cases, ref, lang)
    outcome = plan_realisation(db, prepared) if dry_run else write_realisation(db, prepared, user)
    lines = RealisationLines(
        request.case_id,
        unit,
        unit_source,
        account,
        account_source,
        request.status,
        request.harvested_from,
        result,
        realised,
    )
    return CohortRealisation(lines, prepared, outcome)
