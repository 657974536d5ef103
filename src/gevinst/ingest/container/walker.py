"""The full walk of one sheet's XML: used range, cell references, errors, uncached formulas."""

from __future__ import annotations

from xml.parsers import expat

from gevinst.ingest.cells import column_letters
from gevinst.ingest.container.report import Report, SheetScan
from gevinst.ingest.limits import Limits

_MAX_CELLS_RECORDED = 10_000  # formula errors / uncached formulas kept per sheet


def _column_numbers(max_cols: int) -> dict[str, int]:
    """'A' → 1 … 'XFD' → 16384: one dict lookup per cell instead of arithmetic."""
    return {column_letters(number): number for number in range(1, max_cols + 1)}


_COLUMNS_CACHE: dict[int, dict[str, int]] = {}
_DIGITS = "0123456789"
_NOWHERE = 1 << 62  # larger than any row or column: the first value always replaces it


def _number(digits: str) -> int | None:
    """A 1-based row number from ASCII digits (no sign, no leading zero); None if not a number.

    A run of more than 12 digits is a number far outside the grid: it is not converted (Python
    refuses int() of 4300+ digits, and a hostile file may hold millions).
    """
    if not digits or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return None
    return _NOWHERE if len(digits) > 12 else int(digits)


_C, _ROW, _V, _IS, _F, _OTHER = range(6)
_LOCAL_CODES = {"c": _C, "row": _ROW, "v": _V, "is": _IS, "f": _F}
_EMPTY_IS_VALUE = frozenset({"str", "d"})  # cell types whose empty <v> calamine still returns
_MAX_CACHED_NAMES = 10_000


class SheetWalker:
    """Walks one sheet's XML once: true used range, cell references, errors, uncached formulas.

    Every start tag costs one Python call, and a sheet of 100.000 rows has millions, so
    `on_start` only looks the tag's local name up (a dict of the names met so far) and hands
    the tag to one small handler: `<c>` (where the cell is), `<v>` (does it hold a value),
    `<f>`, `<is>` (an inline string) and `<row>`. The parser resolves no namespaces: elements
    are matched by local name whatever their prefix, as calamine matches them, which also makes
    the check conservative (more, not fewer, cells): cell references are split with `rstrip`
    and looked up in a dict, text is only collected for the rare error cells and counted (not
    kept) for inline strings, and a formula's missing `<v>` is noticed at the next cell instead
    of with an end-tag handler on every element. An empty `<v/>` is no value to calamine
    (except in `t="str"`/`t="d"` cells: an empty text or date), so a formula with one has no
    cached value (openpyxl writes `<f>…</f><v/>`) and the cell does not widen the used range;
    the text of `<v>` is only awaited where that matters. `sheet_bounds` in `fastscan` answers
    the same questions for canonical sheets without a Python call per tag; `_Package._scan_sheet`
    tries it first.
    """

    __slots__ = (
        "cell_type",
        "codes",
        "col",
        "collecting",
        "columns",
        "dropped",
        "errors",
        "first_col",
        "first_row",
        "formula",
        "handlers",
        "has_value",
        "last_col",
        "last_row",
        "length",
        "limits",
        "parser",
        "ref",
        "report",
        "row",
        "row_digits",
        "sheet",
        "text",
        "uncached",
        "valid",
    )
    parser: expat.XMLParserType

    def __init__(self, sheet: str, limits: Limits, report: Report) -> None:
        self.sheet, self.limits, self.report = sheet, limits, report
        if limits.max_cols not in _COLUMNS_CACHE:
            _COLUMNS_CACHE[limits.max_cols] = _column_numbers(limits.max_cols)
        self.columns = _COLUMNS_CACHE[limits.max_cols]
        self.codes: dict[str, int] = dict(_LOCAL_CODES)
        self.handlers = (
            self._on_cell,
            self._on_row,
            self._on_value,
            self._on_inline,
            self._on_formula,
            self._on_other,
        )
        self.errors: dict[str, str] = {}
        self.uncached: list[str] = []
        self.dropped = 0
        self.row = self.col = 0
        self.ref: str | None = None
        self.cell_type = ""
        self.valid = self.formula = self.has_value = False
        self.collecting = ""  # "v": a value's text, until </v>; "is": an inline string's length
        self.text: list[str] = []
        self.length = 0
        self.row_digits = ""  # the digits of the last valid cell reference: no int() per cell
        self.first_row = self.first_col = _NOWHERE
        self.last_row = self.last_col = 0

    def attach(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.StartElementHandler = self.on_start

    def on_start(self, name: str, attrs: dict[str, str]) -> None:
        code = self.codes.get(name)
        if code is None:
            code = self._code_of(name)
        self.handlers[code](attrs)

    def _code_of(self, name: str) -> int:
        code = _LOCAL_CODES.get(name.rpartition(":")[2], _OTHER)
        if len(self.codes) < _MAX_CACHED_NAMES:
            self.codes[name] = code
        return code

    # --- the tags ------------------------------------------------------------------------

    def _on_cell(self, attrs: dict[str, str]) -> None:
        if self.formula or self.collecting:
            self._settle()
        self.has_value = False
        self.ref = ref = attrs.get("r")
        self.cell_type = attrs.get("t", "n")
        self.valid = True
        if ref is None:
            self._next_column()
        else:
            self._locate(ref)

    def _next_column(self) -> None:
        """A cell without a reference is the one after the last."""
        self.col += 1
        if self.col > self.limits.max_cols:
            self.valid = False
            self._bad("ref_outside", self._address())

    def _locate(self, ref: str) -> None:
        letters = ref.rstrip(_DIGITS)
        number = self.columns.get(letters)
        digits = ref[len(letters) :]
        if number is not None:
            if digits == self.row_digits:  # the common case: same row as the last cell
                self.col = number
                return
            row = _number(digits)
            if row is not None and row <= self.limits.max_rows:
                self.row, self.col, self.row_digits = row, number, digits
                return
        self.valid = False
        self._bad_ref(ref, letters, _number(digits))

    def _on_value(self, attrs: dict[str, str]) -> None:
        if self.collecting == "v":
            self._value_read()
        if self.cell_type in _EMPTY_IS_VALUE:  # calamine keeps even an empty <v> of these
            self.has_value = True
            if self.valid:
                self._extend()
        elif self.cell_type == "inlineStr":
            pass  # calamine reads an inline string's <is>, never its <v>
        elif self._text_matters():
            # whether <v> holds text matters here: wait for </v> (rare: formulas, errors,
            # and a value that would widen the used range, about once a row)
            self.collecting = "v"
            self.text.clear()
            self.parser.CharacterDataHandler = self.text.append
            self.parser.EndElementHandler = self._value_end
        else:
            self.has_value = True  # inside the used range, an empty <v> changes nothing

    def _text_matters(self) -> bool:
        return (
            self.formula
            or self.cell_type == "e"
            or (self.valid and not (self.first_row <= self.row <= self.last_row))
            or (self.valid and not (self.first_col <= self.col <= self.last_col))
        )

    def _on_formula(self, attrs: dict[str, str]) -> None:
        self.formula = True

    def _on_inline(self, attrs: dict[str, str]) -> None:
        if self.collecting == "v":
            self._value_read()
        self.has_value = True
        if self.valid:
            self._extend()
        self.collecting = "is"
        self.length = 0
        self.parser.CharacterDataHandler = self._count

    def _on_row(self, attrs: dict[str, str]) -> None:
        self._settle()
        r_attr = attrs.get("r")
        number = self.row + 1 if r_attr is None else _number(r_attr)
        if number is None:
            self._bad("ref_invalid", f"row {r_attr}", where=self.sheet)
        elif number > self.limits.max_rows:
            self._bad("ref_outside", f"row {r_attr}", where=self.sheet)
        else:
            self.row = number
        self.row_digits = ""  # a cell must name its row again before the shortcut applies
        self.col = 0

    def _on_other(self, attrs: dict[str, str]) -> None:
        """Any other element says nothing about cells."""

    # --- values and the used range -------------------------------------------------------

    def _count(self, chunk: str) -> None:
        self.length += len(chunk)

    def _address(self) -> str:
        return self.ref if self.ref is not None else f"{column_letters(self.col)}{self.row}"

    def _extend(self) -> None:
        row, col = self.row, self.col
        self.first_row, self.last_row = min(self.first_row, row), max(self.last_row, row)
        self.first_col, self.last_col = min(self.first_col, col), max(self.last_col, col)

    def _value_read(self) -> None:
        """A pending <v> is over: it holds a value only if it holds text (as in calamine)."""
        self.parser.CharacterDataHandler = None
        self.parser.EndElementHandler = None
        self.collecting = ""
        value = "".join(self.text)
        if value:
            self.has_value = True
            if self.valid:
                self._extend()
        if self.cell_type == "e" and self.valid:
            self._error(self._address(), value)

    def _value_end(self, name: str) -> None:
        if name.rpartition(":")[2] == "v":
            self._value_read()

    def _settle(self) -> None:
        """The cell is over: its pending text is read and a formula without a value named."""
        if self.collecting == "v":
            self._value_read()
        elif self.collecting:
            self.parser.CharacterDataHandler = None
            if self.length > self.limits.max_cell_chars:
                where = f"{self.sheet}!{self._address()}"
                self.report.add("text_too_long", where=where, chars=self.length)
            self.collecting = ""
        if self.formula and not self.has_value and self.valid:
            self._uncached(self._address())
        self.formula = self.has_value = False

    # --- findings ------------------------------------------------------------------------

    def _bad_ref(self, ref: str, letters: str, row: int | None) -> None:
        outside = row is not None and letters.isascii() and letters.isalpha() and letters.isupper()
        self._bad("ref_outside" if outside else "ref_invalid", ref)

    def _bad(self, key: str, ref: str, where: str | None = None) -> None:
        shown = ref if len(ref) <= 24 else f"{ref[:20]}…"  # a hostile ref may be megabytes long
        self.report.add(key, where=f"{self.sheet}!{shown}" if where is None else where, ref=shown)

    def _error(self, ref: str, value: str) -> None:
        if len(self.errors) < _MAX_CELLS_RECORDED:
            self.errors[ref] = value.strip()
        else:
            self.dropped += 1

    def _uncached(self, ref: str) -> None:
        if len(self.uncached) < _MAX_CELLS_RECORDED:
            self.uncached.append(ref)
        else:
            self.dropped += 1

    def result(self, index: int, hidden: bool, xml_path: str) -> SheetScan:
        if hasattr(self, "parser"):  # a sheet that was parsed: its last cell is over
            self._settle()
        if self.dropped:
            self.report.add(
                "more_problems", where=self.sheet, severity="warning", count=self.dropped
            )
        bounds = (
            (self.first_row, self.first_col, self.last_row, self.last_col)
            if self.last_row
            else (0, 0, 0, 0)
        )
        first_row, first_col, last_row, last_col = bounds
        return SheetScan(
            name=self.sheet,
            index=index,
            hidden=hidden,
            xml_path=xml_path,
            first_row=first_row,
            first_col=first_col,
            last_row=last_row,
            last_col=last_col,
            formula_errors=dict(self.errors),
            uncached_formulas=tuple(self.uncached),
        )
