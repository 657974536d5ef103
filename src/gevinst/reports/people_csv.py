"""CSV files meant for people: they open in columns in a Danish Excel.

A Danish Excel reads a CSV by the locale's list separator (`;`) and decimal mark (`,`), and
needs a UTF-8 byte-order mark to read æ, ø and å; so a people's CSV in Danish is written with
`;`, decimal comma, the BOM, CRLF line ends and Danish headers (in English: `,` and a decimal
point, as an English Excel reads them). Numbers are written without thousands separators so
that Excel reads them as numbers. A text cell that starts like a formula (`=`, `+`, `-`, `@`,
tab, CR) gets a leading `'` (DESIGN: no CSV carries a formula); numbers stay numbers.
The machine CSV of `gevinst evaluate --format csv` keeps its documented format (comma, dot).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from gevinst.messages import Lang
from gevinst.reports.csv_cells import safe_cell


def text_cell(text: str) -> str:
    """User text that Excel must not read as a formula (the one rule: `reports.csv_cells`)."""
    return str(safe_cell(text))


def _cell(value: object, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        shown = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return shown.replace(".", ",") if lang == "da" else shown
    return text_cell(str(value))


def people_csv(header: Sequence[str], rows: Iterable[Sequence[object]], lang: Lang = "da") -> str:
    """The CSV text, BOM first (write it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "da" else ",", lineterminator="\r\n")
    writer.writerow([text_cell(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v, lang) for v in row])
    return "\ufeff" + out.getvalue()
