"""Shape recognition: where a sheet's header is, what each column holds, long or wide, which unit.

No hand-written mapping for the common exports: the header is the row among the first 30 that
names the most known columns (title rows above it are read for a unit), columns are matched
against `vocabulary`, and a sheet with year columns (`B2026`, `Budget 2026 (1.000 kr.)`) is
wide, one with an amount and a year column long. Whatever could be read two ways becomes a
problem that says how to settle it in a `--mapping` file; nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from gevinst.errors import Problem
from gevinst.ingest.cells import address, where
from gevinst.ingest.readers import RawSheet
from gevinst.ingest.vocabulary import (
    FIELDS,
    NOT_STORED,
    POSTING_FIELDS,
    BudgetKind,
    Field,
    ImportKind,
    amount_header_kind,
    header_field,
    normalise_label,
    unit_in,
    wide_column,
)
from gevinst.messages import Lang, msg, register

if TYPE_CHECKING:  # a mapping module imports pydantic; most imports need no mapping
    from gevinst.ingest.mapping import Mapping, Postings

HEADER_SEARCH_ROWS = 30

register(
    {
        # a column a sheet lacks, with the headers that name it
        "ingest.shape.field.account": {
            "da": "Konto (Konto, Kontonr, Funktion)",
            "en": "account (Konto, Kontonr, account)",
        },
        "ingest.shape.field.amount": {
            "da": "Beløb (Beløb, Budget, B2026, BO2027 …)",
            "en": "amount (Beløb, amount, B2026, BO2027 …)",
        },
        "ingest.shape.field.year": {"da": "År (År, year)", "en": "year (År, year)"},
        "ingest.shape.no_header": {
            "da": "fandt ingen overskriftsrække med kendte kolonnenavne (fx Konto, Beløb, År, "
            "B2026) i "
            "de første {rows} rækker; angiv header_row og [columns] i en --mapping-fil",
            "en": "found no header row with known column names (e.g. Konto, Beløb, År, B2026) "
            "in the "
            "first {rows} rows; give header_row and [columns] in a --mapping file",
        },
        "ingest.shape.header_row_outside": {
            "da": "header_row = {row} fra mappingfilen ligger uden for arkets data (række "
            "{first}–{last})",
            "en": "header_row = {row} from the mapping file is outside the sheet's data "
            "(rows {first}–{last})",
        },
        "ingest.shape.missing_column": {
            "da": "mangler kolonnen {field}; omdøb kolonnen eller angiv den under [columns] i en "
            "--mapping-fil",
            "en": "the column {field} is missing; rename the column or name it under [columns] "
            "in a "
            "--mapping file",
        },
        "ingest.shape.duplicate_column": {
            "da": "kolonnerne '{first}' og '{second}' kan begge være {field}; angiv under "
            "[columns] i en "
            '--mapping-fil hvilken der gælder (den anden = "ignore")',
            "en": "columns '{first}' and '{second}' could both be {field}; say which one under "
            '[columns] in a --mapping file (the other = "ignore")',
        },
        "ingest.shape.bare_year": {
            "da": "kolonnen '{header}' angiver året men ikke om beløbene er B, BO eller KB; "
            "omdøb den "
            "(fx BO{year}) eller angiv budget_kind i en --mapping-fil",
            "en": "column '{header}' names the year but not whether its amounts are B, BO or KB; "
            "rename it (e.g. BO{year}) or give budget_kind in a --mapping file",
        },
        "ingest.shape.mixed_layout": {
            "da": "arket har både en beløbs- eller årskolonne ('{long}') og årskolonner "
            "('{wide}'); "
            "angiv under [columns] i en --mapping-fil hvilke der gælder",
            "en": "the sheet has both an amount or year column ('{long}') and year columns "
            "('{wide}'); say which apply under [columns] in a --mapping file",
        },
        "ingest.shape.no_kind": {
            "da": "det fremgår ikke om beløbene er B, BO eller KB (ingen kolonne Budgettype, og "
            "beløbskolonnen '{header}' siger det ikke); tilføj kolonnen eller angiv budget_kind "
            "i en --mapping-fil",
            "en": "it is not said whether the amounts are B, BO or KB (no column Budgettype, "
            "and the "
            "amount column '{header}' does not say); add the column or give budget_kind in a "
            "--mapping file",
        },
        "ingest.shape.posting_file": {
            "da": "filen er en posteringsfil (én række pr. bogføring: kolonnen '{header}'), ikke "
            "et budget eller regnskab på funktioner; eksportér i stedet beløb pr. funktion "
            "(konto), dranst og år — fx fra ØS/Opus' rapport 'Budget/regnskab på funktion' eller "
            "Danmarks Statistiks BUDK/REGK-tabeller — eller lad importen summere den: angiv "
            "--posting-map FIL (csv/xlsx: nøglekolonnen, fx Artskonto, og Funktion)",
            "en": "the file is a posting file (one row per booking: the column '{header}'), not "
            "a budget or accounts by function; export amounts by function (account), dranst "
            "and year instead — e.g. the financial system's report by function or Danmarks "
            "Statistik's BUDK/REGK tables — or let the import sum it: give --posting-map FILE "
            "(csv/xlsx: the key column, e.g. Artskonto, and Funktion)",
        },
        "ingest.shape.per_inhabitant": {
            "da": "filen indeholder beløb pr. indbygger ('{text}'): det er nøgletal (fx REGK31), "
            "ikke et budget eller regnskab; importér den med --kind key-figures",
            "en": "the file holds amounts per inhabitant ('{text}'): these are key figures "
            "(e.g. REGK31), not a budget or accounts; import it with --kind key-figures",
        },
        "ingest.shape.no_unit": {
            "da": "ingen enhed i titel, kolonneoverskrift eller en enhedskolonne (fx PRISENHED); "
            "beløbene ville blive læst som kr. Angiv --unit kr., --unit '1.000 kr.' eller "
            "--unit 'mio. kr.', eller importér som kr. med --accept-warnings",
            "en": "no unit in the title, the column header or a unit column (e.g. PRISENHED); "
            "the amounts would be read as kr. Give --unit kr., --unit '1.000 kr.' or --unit "
            "'mio. kr.', or import as kr. with --accept-warnings",
        },
        "ingest.shape.unit_conflict": {
            "da": "enheden er tvetydig: {detail}; angiv unit i en --mapping-fil",
            "en": "the unit is ambiguous: {detail}; give unit in a --mapping file",
        },
    }
)

Layout = Literal["long", "wide"]
UnitSource = Literal["mapping", "option", "header", "title", "column", "assumed"]


@dataclass(frozen=True)
class AmountColumn:
    """A column of amounts: in a long sheet the one amount column, in a wide sheet one per year."""

    index: int  # frame column (`c{index}`)
    header: str
    budget_kind: BudgetKind | None  # None in a long sheet whose kind comes from a column
    year: int | None  # None in a long sheet (the year column says)
    unit: str
    unit_source: UnitSource


@dataclass(frozen=True)
class PostingColumns:
    """A posting file's own columns (`ingest.postings`): the key looked up in the posting
    map, and the debit/credit flag and posting date where the file has them."""

    key: int
    key_header: str
    sign: int | None
    date: int | None
    rules: Postings
    sign_header: str = ""


@dataclass(frozen=True)
class SheetShape:
    """What recognition found; `normalise` turns a sheet of this shape into budget lines."""

    layout: Layout
    header_index: int  # frame row of the header
    fields: dict[Field, int]  # field → frame column, amounts not included
    amounts: tuple[AmountColumn, ...]
    ignored: tuple[str, ...]  # headers that name nothing we know (reported, not read)
    default_kind: BudgetKind | None  # for a long sheet without a kind column
    #: `--kind budget` and nothing in the file says B/BO/KB: the budget year is B, later BO
    infer_kind: bool = False
    #: known columns a budget line does not keep (aktivitet, PSP-element): header → column
    unused: dict[str, int] = field(default_factory=dict)
    #: a posting file summed to functions through a posting map; None for a budget table
    postings: PostingColumns | None = None

    @property
    def units(self) -> dict[str, UnitSource]:
        return {a.unit: a.unit_source for a in self.amounts}


@dataclass(frozen=True)
class _Cell:
    index: int
    header: str
    target: Field | None = None
    wide_kind: BudgetKind | None = None
    wide_year: int | None = None
    amount_kind: BudgetKind | None = None


def _classify(index: int, text: str, mapping: Mapping | None) -> _Cell | None:
    label = normalise_label(text)
    target = mapping.columns.get(label) if mapping else None
    if target in FIELDS:
        return _Cell(index, text, target=target)
    if target is not None and (wide := wide_column(target)) is not None:
        return _Cell(index, text, wide_kind=wide.budget_kind, wide_year=wide.year)
    if (field := header_field(text)) is not None:
        return _Cell(index, text, target=field)
    if (wide := wide_column(text)) is not None:
        return _Cell(index, text, wide_kind=wide.budget_kind, wide_year=wide.year)
    if (kind := amount_header_kind(text)) is not None:
        return _Cell(index, text, target="amount", amount_kind=kind)
    return None


def _header_cells(row: tuple, mapping: Mapping | None) -> list[_Cell]:
    return [
        cell
        for i, text in enumerate(row)
        if text is not None
        if (cell := _classify(i, str(text), mapping)) is not None
    ]


def find_header(sheet: RawSheet, mapping: Mapping | None) -> int | None:
    """The frame row of the header: the mapping's, else the first row naming most known columns."""
    if mapping and mapping.header_row is not None:
        index = mapping.header_row - sheet.first_row
        return index if 0 <= index < sheet.cells.height else None
    best, best_score = None, 1
    for i, row in enumerate(sheet.cells.head(HEADER_SEARCH_ROWS).iter_rows()):
        score = len(_header_cells(row, mapping))
        if score > best_score:
            best, best_score = i, score
    return best


def _title_units(sheet: RawSheet, header_index: int) -> set[str]:
    units: set[str] = set()
    for row in sheet.cells.head(header_index).iter_rows():
        units.update(u for text in row if text is not None if (u := unit_in(str(text))))
    return units


def _per_inhabitant(sheet: RawSheet) -> str | None:
    """A cell among the first rows that says the amounts are per inhabitant (REGK31-like)."""
    for row in sheet.cells.head(HEADER_SEARCH_ROWS).iter_rows():
        for text in row:
            if text is not None and _PER_INHABITANT.search(str(text).lower()):
                return str(text)
    return None


_PER_INHABITANT = re.compile(r"pr\.?\s*indbygger|per\s+inhabitant|per\s+capita")


# C901 exception: the recognition rules of DESIGN in their documented order
def recognise(  # noqa: C901
    sheet: RawSheet,
    display: str,
    kind: ImportKind,
    mapping: Mapping | None,
    lang: Lang = "da",
    unit: str | None = None,
) -> tuple[SheetShape | None, list[Problem]]:
    """A sheet's shape, or its problems; (None, []) for a sheet that holds no table at all.

    Warnings (no unit anywhere) come with the shape; errors come without one."""
    if (text := _per_inhabitant(sheet)) is not None:
        return None, [
            Problem(
                display,
                sheet.name or "",
                msg("ingest.shape.per_inhabitant", lang, text=text.strip()),
            )
        ]
    header_index = find_header(sheet, mapping)
    if header_index is None:
        if mapping and mapping.header_row is not None:
            last = sheet.first_row + sheet.cells.height - 1
            return None, [
                Problem(
                    display,
                    sheet.name or "",
                    msg(
                        "ingest.shape.header_row_outside",
                        lang,
                        row=mapping.header_row,
                        first=sheet.first_row,
                        last=last,
                    ),
                )
            ]
        return None, []
    row = sheet.cells.row(header_index)
    header_row = sheet.first_row + header_index

    def place(index: int) -> str:
        return where(sheet.name, address(header_row, sheet.first_col + index))

    problems: list[Problem] = []
    fields: dict[Field, int] = {}
    long_amount: _Cell | None = None
    wide: list[_Cell] = []
    ignored: list[str] = []
    seen: dict[str, _Cell] = {}
    for i, text in enumerate(row):
        if text is None:
            continue
        cell = _classify(i, str(text), mapping)
        if cell is None or cell.target == "ignore":
            ignored.append(str(text))
            continue
        key = cell.target or f"{cell.wide_kind or ''}{cell.wide_year}"
        if key in seen:
            problems.append(
                Problem(
                    display,
                    place(i),
                    msg(
                        "ingest.shape.duplicate_column",
                        lang,
                        first=seen[key].header,
                        second=cell.header,
                        field=key,
                    ),
                )
            )
            continue
        seen[key] = cell
        if cell.wide_year is not None:
            wide.append(cell)
        elif cell.target == "amount":
            long_amount = cell
        elif cell.target is not None:
            fields[cell.target] = i

    posting = next((i for f, i in fields.items() if f in POSTING_FIELDS), None)
    if posting is not None:
        return None, [
            Problem(
                display, place(posting), msg("ingest.shape.posting_file", lang, header=row[posting])
            )
        ]
    unused = {str(row[i]): i for f, i in fields.items() if f in NOT_STORED}
    unit_column = fields.get("unit")
    if unit_column is not None and not _column_units(sheet, header_index, unit_column):
        ignored.append(str(row[unit_column]))  # an `Enhed` of organisation units, not of money
        del fields["unit"]

    if "account" not in fields:
        problems.append(
            Problem(
                display,
                place(0),
                msg(
                    "ingest.shape.missing_column",
                    lang,
                    field=msg("ingest.shape.field.account", lang),
                ),
            )
        )
    long_cols = [c for c in (long_amount,) if c] + ([seen["year"]] if "year" in fields else [])
    if wide and long_cols:
        problems.append(
            Problem(
                display,
                place(wide[0].index),
                msg(
                    "ingest.shape.mixed_layout", lang, long=long_cols[0].header, wide=wide[0].header
                ),
            )
        )
    if not wide:
        for name, present in (("amount", long_amount is not None), ("year", "year" in fields)):
            if not present:
                problems.append(
                    Problem(
                        display,
                        place(0),
                        msg(
                            "ingest.shape.missing_column",
                            lang,
                            field=msg(f"ingest.shape.field.{name}", lang),
                        ),
                    )
                )

    units, unit_problems = _units(
        sheet,
        display,
        header_index,
        long_amount,
        wide,
        mapping,
        place,
        lang,
        unit,
        fields.get("unit"),
    )
    problems += unit_problems
    default_kind = mapping.budget_kind if mapping else None
    if kind == "accounts":
        default_kind = default_kind or "R"
    # DESIGN (import rules): with --kind budget and nothing in the file saying B/BO/KB, the
    # first year is the budget year (B), later years its outlook years (BO)
    infer_kind = kind == "budget" and default_kind is None and "budget_kind" not in fields
    amounts: list[AmountColumn] = []
    for cell in wide:
        budget_kind = cell.wide_kind or default_kind
        if budget_kind is None and not infer_kind:
            problems.append(
                Problem(
                    display,
                    place(cell.index),
                    msg("ingest.shape.bare_year", lang, header=cell.header, year=cell.wide_year),
                )
            )
            continue
        unit, source = units[cell.index]
        amounts.append(
            AmountColumn(cell.index, cell.header, budget_kind, cell.wide_year, unit, source)
        )
    if long_amount is not None and not wide:
        budget_kind = long_amount.amount_kind
        if (
            budget_kind is None
            and "budget_kind" not in fields
            and default_kind is None
            and not infer_kind
        ):
            problems.append(
                Problem(
                    display,
                    place(long_amount.index),
                    msg("ingest.shape.no_kind", lang, header=long_amount.header),
                )
            )
        unit, source = units[long_amount.index]
        amounts.append(
            AmountColumn(long_amount.index, long_amount.header, budget_kind, None, unit, source)
        )
    if any(p.severity == "error" for p in problems):
        return None, problems
    infer_kind = infer_kind and any(a.budget_kind is None for a in amounts)
    return SheetShape(
        "wide" if wide else "long",
        header_index,
        {f: i for f, i in fields.items() if f not in NOT_STORED},
        tuple(amounts),
        tuple(_with_data(sheet, header_index, ignored, row)),
        default_kind,
        infer_kind,
        unused,
    ), problems


def _with_data(sheet: RawSheet, header_index: int, headers: list[str], row: tuple) -> list[str]:
    """The ignored headers whose column holds any data below the header (DESIGN: a column
    with data that was not used is listed)."""
    index = {str(text): i for i, text in enumerate(row) if text is not None}
    data = sheet.cells.slice(header_index + 1)
    return [h for h in headers if h in index and data.get_column(f"c{index[h]}").drop_nulls().len()]


def _column_units(sheet: RawSheet, header_index: int, column: int) -> set[str]:
    """The units a unit column (PRISENHED, Enhed) names in its cells."""
    values = sheet.cells.slice(header_index + 1).get_column(f"c{column}").drop_nulls().unique()
    return {u for v in values.to_list() if (u := unit_in(v))}


def _units(
    sheet: RawSheet,
    display: str,
    header_index: int,
    long_amount: _Cell | None,
    wide: list[_Cell],
    mapping: Mapping | None,
    place,
    lang: Lang,
    unit: str | None = None,
    unit_column: int | None = None,
) -> tuple[dict[int, tuple[str, UnitSource]], list[Problem]]:
    """Each amount column's unit: the mapping's or --unit, else its header's, else the title's,
    else a unit column's (PRISENHED); with none of them kr., as a warning (DESIGN: scale is
    never silently assumed)."""
    columns = [c for c in (long_amount, *wide) if c is not None]
    if mapping and mapping.unit:
        return {c.index: (mapping.unit, "mapping") for c in columns}, []
    if unit:
        return {c.index: (unit, "option") for c in columns}, []
    titles = _title_units(sheet, header_index)
    if unit_column is not None:
        in_column = _column_units(sheet, header_index, unit_column)
        if len(in_column) > 1:
            return {}, [
                Problem(
                    display,
                    place(unit_column),
                    msg("ingest.shape.unit_conflict", lang, detail=" / ".join(sorted(in_column))),
                )
            ]
        found = next(iter(in_column))
        if titles and titles != {found}:
            return {}, [
                Problem(
                    display,
                    place(unit_column),
                    msg(
                        "ingest.shape.unit_conflict",
                        lang,
                        detail=f"{found} ≠ {' / '.join(sorted(titles))}",
                    ),
                )
            ]
        return {c.index: (found, "column") for c in columns}, []
    if len(titles) > 1:
        return {}, [
            Problem(
                display,
                sheet.name or "",
                msg("ingest.shape.unit_conflict", lang, detail=" / ".join(sorted(titles))),
            )
        ]
    title = next(iter(titles), None)
    units: dict[int, tuple[str, UnitSource]] = {}
    problems: list[Problem] = []
    for cell in columns:
        own = unit_in(cell.header)
        if own and title and own != title:
            problems.append(
                Problem(
                    display,
                    place(cell.index),
                    msg("ingest.shape.unit_conflict", lang, detail=f"'{cell.header}' ≠ {title}"),
                )
            )
        units[cell.index] = (
            (own, "header") if own else (title, "title") if title else ("kr.", "assumed")
        )
    if any(source == "assumed" for _, source in units.values()):
        problems.append(
            Problem(display, sheet.name or "", msg("ingest.shape.no_unit", lang), "warning")
        )
    return units, problems
