"""The sheet scan's fast path: a typical sheet's XML checked by regular expressions, not per cell.

The full walk in `container.walker.SheetWalker` costs one Python call per start tag (~1,5 s for a
100.000-row sheet). Most budget sheets are written the same way by Excel, openpyxl and
LibreOffice: `<row r="5"><c r="A5" s="1" t="s"><v>3</v></c>…</row>`, no error cells, no
formula without a cached value. For those, C-speed matching can prove everything the walk
would find: the regex `_ROWS` accepts only that canonical form — cell references inside the
grid and equal to their row, known attributes (no duplicates), text without markup, control
characters or entities other than the five predefined — so when it matches a stretch of rows,
the walk would have reported nothing there, and the cells with a value are exactly the
non-self-closing `<c>` elements, from which `_VALUED_ROW`/`_VALUED_COL` give the used range.

Whatever is not in that form — a DTD or comment, a formula without a value, an error cell,
rich text, whitespace between tags, a text node longer than a quarter of Excel's text limit,
unusual limits — makes `sheet_bounds` return None, and the caller walks the sheet in full, so
the fast path can only ever agree with the walk or step aside (`tests/test_ingest_fastscan.py`
checks both ways on the same sheets). The XML around the rows (before `<sheetData>` and after
`</sheetData>`) still goes through expat with DTDs and entities forbidden, to catch anything
malformed, and the rows themselves are checked to be valid UTF-8 without non-characters.
Memory stays bounded: the sheet is streamed in 1 MiB chunks, and a row that will not end
within `_MAX_CARRY` bytes, or a prolog or epilog over `_MAX_EDGE`, sends the sheet to the walk.
"""

from __future__ import annotations

import codecs
import functools
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from gevinst.ingest.cells import column_number
from gevinst.ingest.limits import Limits

Bounds = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col

_CHUNK = 1 << 20
_MAX_CARRY = 4 * 2**20  # an unfinished row longer than this goes to the full walk
_MAX_EDGE = 16 * 2**20  # the XML before <sheetData> or after </sheetData>
_GRID_ROWS, _GRID_COLS = 1_048_576, 16_384  # the regexes spell out Excel's grid

# --- the canonical form ---------------------------------------------------------------------

_ROW_NUMBER = (
    rb"(?:[1-9][0-9]{0,5}|10[0-3][0-9]{4}|104[0-7][0-9]{3}|1048[0-4][0-9]{2}"
    rb"|10485[0-6][0-9]|104857[0-6])"
)  # 1 … 1048576, no leading zero
_COLUMN = rb"(?:[A-Z]{1,2}|[A-W][A-Z]{2}|X[A-E][A-Z]|XF[A-D])"  # A … XFD
_ATTR_VALUE = rb'"[^"<>&/\x00-\x1f]{0,64}+"'  # bounded, so a hostile tag costs little
_TEXT_CHAR = rb"[^<>&\x00-\x08\x0b\x0c\x0e-\x1f]"
_ENTITY = rb"&(?:amp|lt|gt|quot|apos);"
_NO_REPEAT = rb"(?![^>]{0,2048}? (?P=%s)=)"  # no attribute twice (expat would refuse the tag)
_TEXT = _TEXT_CHAR + rb"*+(?:" + _ENTITY + _TEXT_CHAR + rb"*+)*+"  # one char-class run, mostly
_SOME_TEXT = rb"(?:" + _TEXT_CHAR + rb"|" + _ENTITY + rb")" + _TEXT
_CELL_TAIL_ATTRS = rb'(?: cm="[0-9]{1,5}")?+(?: vm="[0-9]{1,5}")?+(?: ph="(?:0|1|true|false)")?+'


def _formula(group: bytes) -> bytes:
    """An optional <f> with its text (each use needs its own name for the attribute group)."""
    name = b"(?P<" + group + b">[A-Za-z][A-Za-z0-9]{0,15}+)="
    attribute = b"(?: " + name + _ATTR_VALUE + _NO_REPEAT % group + b")"
    return b"(?:<f" + attribute + b"{0,12}+(?: ?/>|>" + _TEXT + b"</f>))?+"


# A cell: empty (self-closing), or a cached value: numbers, shared strings, booleans and dates
# need text in <v> (calamine skips an empty one), a formula's string result may be empty, an
# inline string is <is><t>…</t></is>. Error cells (t="e") and rich text are not in the form.
_CELL = (
    rb'<c r="' + _COLUMN + rb'(?P=row)"(?: s="[0-9]{1,5}")?+(?>'
    rb'(?: t="[nsbd]")?+'
    + _CELL_TAIL_ATTRS
    + rb"(?: ?/>|>"
    + _formula(b"f1")
    + rb"<v>"
    + _SOME_TEXT
    + rb"</v></c>)"
    rb'| t="str"'
    + _CELL_TAIL_ATTRS
    + rb"(?: ?/>|>"
    + _formula(b"f2")
    + rb"(?:<v>"
    + _TEXT
    + rb"</v>|<v ?/>)</c>)"
    rb'| t="inlineStr"'
    + _CELL_TAIL_ATTRS
    + rb'(?: ?/>|><is><t(?: xml:space="preserve")?>'
    + _TEXT
    + rb"</t></is></c>)"
    rb")"
)
_ROW = (
    rb'<row r="(?P<row>' + _ROW_NUMBER + rb')"(?![^>]{0,2048}? r=)'
    rb"(?: (?P<ra>[A-Za-z][A-Za-z0-9:]{0,31}+)=" + _ATTR_VALUE + _NO_REPEAT % b"ra" + rb"){0,16}+"
    rb"(?: ?/>|>(?:" + _CELL + rb")*+</row>)"
)
_ROWS = re.compile(rb"(?:" + _ROW + rb")*+")

# In rows `_ROWS` matched, a cell has a value exactly when its start tag is not self-closing.
_VALUED_ROW = re.compile(rb'<row r="([0-9]+)"[^>/]*+>(?:<c [^>/]*+/>)*+<c [^>/]*+>')
_VALUED_COL = re.compile(rb'<c r="([A-Z]+)[0-9]+"[^>/]*+>')

_MAX_SEARCHED = 64


@functools.lru_cache(maxsize=256)
def _unseen_column(seen: frozenset[bytes]) -> re.Pattern[bytes]:
    """`_VALUED_COL` for a column not in `seen`."""
    if not seen:
        return _VALUED_COL
    known = b"|".join(sorted(seen))
    return re.compile(rb'<c r="(?!(?:' + known + rb')[0-9])([A-Z]+)[0-9]+"[^>/]*+>')


# Outside <sheetData>: anything the walk would treat as a cell, a row or a second sheetData.
_CELL_TAGS = re.compile(rb"<(?:[^\s/>!?:]++:)?(?:c|row|v|is|f|sheetData)[\s/>]")
_SHEET_DATA = b"<sheetData>"
_END_DATA = b"</sheetData>"
_NON_CHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF: not XML characters
_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


class _StepAside(Exception):
    """The sheet is not in the canonical form: the full walk must decide."""


def sheet_bounds(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, new_parser: Callable[[], Any]
) -> Bounds | None:
    """The used range of a canonical sheet, or None when only the full walk can tell.

    `new_parser()` must return an expat parser with DTDs and entities refused (the caller's,
    so both paths share one guard). Never raises: any surprise is a reason to step aside.
    """
    if (limits.max_rows, limits.max_cols) != (_GRID_ROWS, _GRID_COLS):
        return None
    block = limits.max_cell_chars // 4
    if block < 64:
        return None
    try:
        with zf.open(info) as fh:
            return _FastSheet(fh, block, new_parser).bounds()
    except Exception:  # _StepAside, expat, zip or codec errors alike: the walk will tell
        return None


class _FastSheet:
    """One pass over a sheet's XML: prolog, then complete rows chunk by chunk, then epilog."""

    def __init__(self, fh: IO[bytes], block: int, new_parser: Callable[[], Any]) -> None:
        self.chunks: Iterator[bytes] = iter(lambda: fh.read(_CHUNK), b"")
        self.block = block  # no text run may hold an aligned block of this many bytes
        self.parser = new_parser()
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.rows: list[int] = []  # first and last valued row of each stretch
        self.last_inline = False  # the walk adds text up to the next tag to an inline string
        self.columns: set[bytes] = set()

    def bounds(self) -> Bounds:
        rest = self._prolog()
        epilog = self._rows(rest)
        self._epilog(epilog)
        if not self.rows:
            return (0, 0, 0, 0)
        numbers = [column_number(c.decode()) for c in self.columns]
        return (min(self.rows), min(numbers), max(self.rows), max(numbers))

    def _next(self) -> bytes:
        chunk = next(self.chunks, b"")
        if not chunk:
            raise _StepAside("the sheet ended early")
        return chunk

    def _prolog(self) -> bytes:
        """Everything up to <sheetData>, checked by expat; returns the bytes after it."""
        head = self._next()
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise _StepAside("UTF-16")
        while (at := head.find(_SHEET_DATA)) < 0:
            if len(head) > _MAX_EDGE:
                raise _StepAside("no <sheetData> near the start")
            head += self._next()
        end = at + len(_SHEET_DATA)
        prolog = head[:end]
        declared = _ENCODING.match(prolog)
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            raise _StepAside("not UTF-8")
        if b"<!" in prolog or _CELL_TAGS.search(prolog, 0, at):
            raise _StepAside("DTD, comment or cells before <sheetData>")
        self.parser.Parse(prolog, False)
        return head[end:]

    def _rows(self, buffer: bytes) -> bytes:
        """Match complete rows as they arrive; returns the bytes from </sheetData> on."""
        while True:
            end = _ROWS.match(buffer).end()  # type: ignore[union-attr]  # `*+` always matches
            if end:
                self._absorb(buffer[:end])
                buffer = buffer[end:]
            if buffer.startswith(_END_DATA):
                return buffer
            if b"</row>" in buffer or len(buffer) > _MAX_CARRY:
                raise _StepAside("a row not in the canonical form")
            buffer += self._next()

    def _absorb(self, rows: bytes) -> None:
        """Checks what the regex cannot (encoding, long text), then records the used range."""
        # ASCII is valid UTF-8 without non-characters; most sheets keep their text in the
        # shared strings, so their rows are ASCII and the decode (~0,04 s a sheet) is skipped
        if not rows.isascii():
            self.decoder.decode(rows)  # raises on invalid UTF-8; rows end on a tag: no split
            if _NON_CHARACTER.search(rows):
                raise _StepAside("U+FFFE or U+FFFF")
        self._check_runs(rows)
        self.last_inline = rows.endswith(b"</is></c></row>")
        valued = _VALUED_ROW.findall(rows)
        if valued:
            numbers = [int(r) for r in valued]
            self.rows += [min(numbers), max(numbers)]
            self._add_columns(rows)

    def _add_columns(self, rows: bytes) -> None:
        """The columns of the cells with a value: searched for the next one not yet seen.

        A sheet has a handful of columns and a million cells; a search that skips the known
        columns in C costs a quarter of listing every cell's column. Past `_MAX_SEARCHED`
        distinct columns (a wide sheet) the list is cheaper again.
        """
        if len(self.columns) > _MAX_SEARCHED:
            self.columns.update(_VALUED_COL.findall(rows))
            return
        at = 0
        while found := _unseen_column(frozenset(self.columns)).search(rows, at):
            self.columns.add(found.group(1))
            at = found.start()
            if len(self.columns) > _MAX_SEARCHED:
                self.columns.update(_VALUED_COL.findall(rows, at))
                return

    def _check_runs(self, data: bytes) -> None:
        """No text run of 2 × block bytes: it would hold an aligned block without a '<'.

        Runs never cross the pieces given here (they start with '<' and end with '>'), so an
        inline string, even with the text up to the next tag the walk adds to it, stays below
        4 × block ≤ Excel's limit, and its length never needs counting.
        """
        block = self.block
        for start in range(0, len(data) - block + 1, block):
            if data.find(b"<", start, start + block) < 0:
                raise _StepAside("a long text")

    def _epilog(self, epilog: bytes) -> None:
        """From </sheetData> to the end: no cells, short runs, well-formed for expat."""
        while chunk := next(self.chunks, b""):
            epilog += chunk
            if len(epilog) > _MAX_EDGE:
                raise _StepAside("a long epilog")
        if b"<!" in epilog or _CELL_TAGS.search(epilog, len(_END_DATA)):
            raise _StepAside("cells or a comment after </sheetData>")
        self._check_runs(epilog)
        if self.last_inline and len(epilog) >= 2 * self.block:
            raise _StepAside("the epilog's text could lengthen the last inline string")
        self.parser.Parse(epilog, True)
