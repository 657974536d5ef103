"""Budget workbooks and csv files written by test code, one function per real export shape,
and helpers to import them through the CLI and read `budget_lines` back."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
from click.testing import CliRunner, Result

from gevinst.cli import main


@dataclass(frozen=True)
class Line:
    account: str
    year: int
    kind: str
    amount: Decimal  # kr.
    committee: str = "Børne- og Familieudvalget"
    art: int = 4


def lines_fixture() -> list[Line]:
    """B2026 and BO2027 for three accounts of two committees, in whole kroner."""
    out = []
    for account, committee, base in (
        ("5.28.21", "Børne- og Familieudvalget", 1_200_000),
        ("5.28.22", "Børne- og Familieudvalget", 3_450_500),
        ("5.57.73", "Beskæftigelsesudvalget", -250_000),
    ):
        out.append(Line(account, 2026, "B", Decimal(base), committee))
        out.append(Line(account, 2027, "BO", Decimal(base + 10_000), committee))
    return out


def totals(lines: Sequence[Line]) -> dict[tuple[int, str], Decimal]:
    out: dict[tuple[int, str], Decimal] = {}
    for line in lines:
        out[(line.year, line.kind)] = out.get((line.year, line.kind), Decimal(0)) + line.amount
    return out


def danish(value: Decimal, decimals: int = 0) -> str:
    """`1234567.5` → `1.234.567,50`: Danish text as people type it."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def long_workbook(
    path: Path,
    lines: Sequence[Line],
    *,
    title_rows: int = 2,
    headers: Sequence[str] = ("Konto", "År", "Budgettype", "Udvalg", "Art", "Beløb"),
    scale: int = 1,
    text_numbers: bool = False,
    origin: tuple[int, int] = (1, 1),
    totals_row: bool = False,
    title: str | None = None,
) -> Path:
    """One row per account and year; `origin` moves the table (row, col) to test true cells.
    The title names the unit kr. unless `scale` says otherwise (the header does then)."""
    title = title or "Budget 2026-2027, Høje-Taastrup Kommune" + (" (kr.)" if scale == 1 else "")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    r0, c0 = origin
    for i in range(title_rows):
        ws.cell(r0 + i, c0, title if i == 0 else None)
    header_row = r0 + title_rows
    for j, h in enumerate(headers):
        ws.cell(header_row, c0 + j, h)
    for i, line in enumerate(lines, start=1):
        amount = line.amount / scale
        values = [
            line.account,
            line.year,
            line.kind,
            line.committee,
            line.art,
            danish(amount, 2) if text_numbers else float(amount),
        ]
        for j, v in enumerate(values):
            ws.cell(header_row + i, c0 + j, v)
    if totals_row:
        ws.cell(header_row + len(lines) + 1, c0, "I alt")
        ws.cell(
            header_row + len(lines) + 1,
            c0 + 5,
            float(sum((x.amount for x in lines), Decimal(0)) / scale),
        )
    return save(wb, path)


def wide_workbook(
    path: Path,
    lines: Sequence[Line],
    *,
    header: str = "{kind}{year}",
    title: str | None = "Budget 2026-2029 (1.000 kr.)",
    scale: int = 1000,
    compact_accounts: bool = False,
    text_numbers: bool = False,
    per_committee: bool = False,
    totals_row: bool = False,
) -> Path:
    """`Konto | Tekst | B2026 | BO2027`, one sheet or one per committee (no Udvalg column)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    groups: dict[str, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.committee if per_committee else "Budget", []).append(line)
    slices = sorted({(line.year, line.kind) for line in lines})
    for name, group in groups.items():
        ws = wb.create_sheet(name[:31])
        if title:
            ws.append([title])
            ws.append([])
        columns = (
            ["Konto", "Tekst", "Art"]
            + (["Udvalg"] if not per_committee else [])
            + [header.format(kind=k, year=y) for y, k in slices]
        )
        ws.append(columns)
        by_account: dict[tuple[str, str, int], dict[tuple[int, str], Decimal]] = {}
        for line in group:
            key = (line.account, line.committee, line.art)
            by_account.setdefault(key, {})[(line.year, line.kind)] = line.amount
        for (account, committee, art), amounts in by_account.items():
            code = account.replace(".", "") if compact_accounts else account
            cells: list[object] = [int(code) if compact_accounts else code, "tekst", art]
            if not per_committee:
                cells.append(committee)
            for s in slices:
                value = amounts.get(s)
                if value is None:
                    cells.append(None)
                else:
                    scaled = value / scale
                    cells.append(
                        danish(scaled, 5 if scale > 1 else 2) if text_numbers else float(scaled)
                    )
            ws.append(cells)
        if totals_row:
            ws.append(
                ["I alt", None, None]
                + ([None] if not per_committee else [])
                + [
                    float(
                        sum((x.amount for x in group if (x.year, x.kind) == s), Decimal(0)) / scale
                    )
                    for s in slices
                ]
            )
    return save(wb, path)


def csv_file(
    path: Path,
    lines: Sequence[Line],
    *,
    delimiter: str = ";",
    encoding: str = "cp1252",
    danish_numbers: bool = True,
    amount_header: str = "Beløb (kr.)",
) -> Path:
    rows = [
        delimiter.join(["Kommune", "Konto", "År", "Budgettype", "Udvalg", "Art", amount_header])
    ]
    for line in lines:
        amount = danish(line.amount, 2) if danish_numbers else f"{line.amount:.2f}"
        if delimiter in amount:
            amount = f'"{amount}"'
        rows.append(
            delimiter.join(
                [
                    "169",
                    line.account,
                    str(line.year),
                    line.kind,
                    line.committee,
                    str(line.art),
                    amount,
                ]
            )
        )
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


def without_cached_values(path: Path) -> Path:
    """Drop the (empty) cached value of every formula, as files written by POI are: `<f>` with
    no `<v>`, so a reader sees an empty cell where the amount should be."""
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            parts[name] = re.sub(rb"(</f>)<v\s*/>|(</f>)<v></v>", rb"\1\2", data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def run_import(
    files: Sequence[Path], db: Path, *args: str, kind: str = "budget", municipality: int = 169
) -> Result:
    return CliRunner().invoke(
        main,
        [
            "import",
            *map(str, files),
            "--kind",
            kind,
            "--municipality",
            str(municipality),
            "--db",
            str(db),
            "--user",
            "test",
            *args,
        ],
    )


def budget_totals(db: Path, view: str = "budget_lines") -> dict[tuple[int, str], Decimal]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"SELECT year, budget_kind, sum(amount_dkk) FROM {view} GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    return {(y, k): Decimal(t) for y, k, t in rows}


def db_content(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: 'the database is as it was' compared by content."""
    if not db.exists():
        return {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        ]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
