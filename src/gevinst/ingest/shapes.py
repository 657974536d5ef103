"""Shape recognition: where a sheet's header is, what each column holds, long or wide, which unit.

No hand-written mapping for the common exports: the header is the row among the first 30 that
names the most known columns (title rows above it are read for a unit), columns are matched
against `vocabulary`, and a sheet with year columns (`B2026`, `Budget 2026 (1.000 kr.)`) is
wide, one with an amount and a year column long. Whatever could be read two ways becomes a
problem that says how to settle it in a `--mapping` file; nothing is guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from gevinst.errors import Problem
from gevinst.ingest.cells import address, where
from gevinst.ingest.readers import RawSheet
from gevinst.ingest.vocabulary import (
    FIELDS,
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
    from gevinst.ingest.mapping import Mapping

HEADER_SEARCH_ROWS = 30

FIELD_NAMES: dict[str, dict[Lang, str]] = {
    "account": {
        "da": "Konto (Konto, Kontonr, Funktion)",
        "en": "account (Konto, Kontonr, account)",
    },
    "amount": {
        "da": "Beløb (Beløb, Budget, B2026, BO2027 …)",
        "en": "amount (Beløb, amount, B2026, BO2027 …)",
    },
    "year": {"da": "År (År, year)", "en": "year (År, year)"},
}

register(
    {
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
        "ingest.shape.unit_conflict": {
            "da": "enheden er tvetydig: {detail}; angiv unit i en --mapping-fil",
            "en": "the unit is ambiguous: {detail}; give unit in a --mapping file",
        },
    }
)

Layout = Literal["long", "wide"]
UnitSource = Literal["mapping", "header", "title", "assumed"]


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
class SheetShape:
    """What recognition found; `normalise` turns a sheet of this shape into budget lines."""

    layout: Layout
    header_index: int  # frame row of the header
    fields: dict[Field, int]  # field → frame column, amounts not included
    amounts: tuple[AmountColumn, ...]
    ignored: tuple[str, ...]  # headers that name nothing we know (reported, not read)
    default_kind: BudgetKind | None  # for a long sheet without a kind column

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
        return _Cell(index, text, target=target)  # type: ignore[arg-type]
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


def recognise(
    sheet: RawSheet, display: str, kind: ImportKind, mapping: Mapping | None, lang: Lang = "da"
) -> tuple[SheetShape | None, list[Problem]]:
    """A sheet's shape, or its problems; (None, []) for a sheet that holds no table at all."""
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

    if "account" not in fields:
        problems.append(
            Problem(
                display,
                place(0),
                msg("ingest.shape.missing_column", lang, field=FIELD_NAMES["account"][lang]),
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
                        msg("ingest.shape.missing_column", lang, field=FIELD_NAMES[name][lang]),
                    )
                )

    units, unit_problems = _units(
        sheet, display, header_index, long_amount, wide, mapping, place, lang
    )
    problems += unit_problems
    default_kind = mapping.budget_kind if mapping else None
    if kind == "accounts":
        default_kind = default_kind or "R"
    amounts: list[AmountColumn] = []
    for cell in wide:
        budget_kind = cell.wide_kind or default_kind
        if budget_kind is None:
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
        if budget_kind is None and "budget_kind" not in fields and default_kind is None:
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
    if problems:
        return None, problems
    return SheetShape(
        "wide" if wide else "long",
        header_index,
        fields,
        tuple(amounts),
        tuple(ignored),
        default_kind,
    ), []


def _units(
    sheet: RawSheet,
    display: str,
    header_index: int,
    long_amount: _Cell | None,
    wide: list[_Cell],
    mapping: Mapping | None,
    place,
    lang: Lang,
) -> tuple[dict[int, tuple[str, UnitSource]], list[Problem]]:
    """Each amount column's unit: the mapping's, else its header's, else the title's, else kr."""
    columns = [c for c in (long_amount, *wide) if c is not None]
    if mapping and mapping.unit:
        return {c.index: (mapping.unit, "mapping") for c in columns}, []
    titles = _title_units(sheet, header_index)
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
    return units, problems
