"""Budget and accounts files in the shapes municipalities' systems write (KMD Opus/SAP,
Prisme/Fujitsu, EG, Danmarks Statistik's statbank), built by test code, deterministically.

Every file is written from one list of `Entry` (function, cost centre, year, kind, amount in
whole kroner), and its expected totals per (year, kind) are summed from that list in Decimal,
never by the importer. `corpus(folder)` writes the whole corpus: each `CorpusFile` says how to
import it and what must come out (totals, or the refusal's words).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl

MUNICIPALITY = 169  # Høje-Taastrup
NAME = "Høje-Taastrup"
YEARS = (2026, 2027, 2028, 2029)

#: (function, text, committee, kr. per inhabitant): Høje-Taastrup's net spend per inhabitant
#: 2024 as Danmarks Statistik's REGK31 publishes it (data/reference/regk31_2024.csv), so the
#: files are at a Danish municipality's scale; 57.000 inhabitants is a round test figure.
FUNCTIONS = (
    ("0.28.20", "Grønne områder og naturpladser", "Teknik- og Miljøudvalget", 174),
    ("0.32.31", "Stadion og idrætsanlæg", "Teknik- og Miljøudvalget", 718),
    ("2.28.11", "Vejvedligeholdelse m.v.", "Teknik- og Miljøudvalget", 728),
    ("2.32.31", "Busdrift", "Teknik- og Miljøudvalget", 497),
    ("3.22.01", "Folkeskoler", "Børne- og Skoleudvalget", 8493),
    ("5.57.78", "Dagpenge til forsikrede ledige", "Arbejdsmarkedsudvalget", 2393),
    (
        "5.58.81",
        "Løntilskud m.v. til personer i job med løntilskud",
        "Arbejdsmarkedsudvalget",
        2164,
    ),
    ("6.45.51", "Sekretariat og forvaltninger", "Økonomiudvalget", 3221),
)
PEOPLE = 57_000
UNITS = {"kr.": 1, "1.000 kr.": 1_000, "mio. kr.": 1_000_000}


@dataclass(frozen=True)
class Entry:
    account: str
    text: str
    committee: str
    cost_centre: str
    year: int
    kind: str
    amount: Decimal  # kr.


def budget(kinds: str = "budget") -> list[Entry]:
    """Two cost centres per function, four years; amounts whole 1.000 kr. so every unit
    writes them exactly. `accounts`: one year, 2024, R."""
    out = []
    years = YEARS if kinds == "budget" else (2024,)
    for n, (account, text, committee, per_inhabitant) in enumerate(FUNCTIONS):
        for i, year in enumerate(years):
            whole = per_inhabitant * PEOPLE * (100 + i) // 100 // 1000 * 1000
            first = whole * (3 + n % 4) // 10 // 1000 * 1000
            kind = "R" if kinds == "accounts" else ("B" if i == 0 else "BO")
            for centre, amount in (
                (f"{4000 + 10 * n}", first),
                (f"{4001 + 10 * n}", whole - first),
            ):
                out.append(Entry(account, text, committee, centre, year, kind, Decimal(amount)))
    return out


def totals(entries: Sequence[Entry]) -> dict[tuple[int, str], Decimal]:
    out: dict[tuple[int, str], Decimal] = {}
    for e in entries:
        out[(e.year, e.kind)] = out.get((e.year, e.kind), Decimal(0)) + e.amount
    return out


def in_unit(amount: Decimal, unit: str) -> Decimal:
    return amount / UNITS[unit]


def danish(value: Decimal, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _kind_header(kind: str, year: int, style: str) -> str:
    if style == "bare":
        return str(year)
    if style == "words":
        return {"B": "Budget", "BO": "Overslag", "R": "Regnskab"}[kind] + f" {year}"
    return f"{kind}{year}"


def _grouped(
    entries: Sequence[Entry], by_centre: bool
) -> dict[tuple, dict[tuple[int, str], Decimal]]:
    rows: dict[tuple, dict[tuple[int, str], Decimal]] = {}
    for e in entries:
        key = (e.committee, e.account, e.text, e.cost_centre if by_centre else "")
        slot = rows.setdefault(key, {})
        slot[(e.year, e.kind)] = slot.get((e.year, e.kind), Decimal(0)) + e.amount
    return rows


@dataclass
class Sheet:
    name: str
    rows: list[list[object]] = field(default_factory=list)


# C901 exception: a fixture laying out one export with every variation real exports show
def wide(  # noqa: C901
    entries: Sequence[Entry],
    unit: str,
    *,
    style: str = "kind",  # kind (B2026), bare (2026), words (Budget 2026)
    headers: Sequence[str] = ("Funktion", "Tekst", "Udvalg", "Omkostningssted"),
    per_committee: bool = False,
    subtotals: bool = False,
    grand_total: str | None = None,
    title_rows: Sequence[str] = (),
    unit_in: str = "title",  # title, header, none
    text_numbers: bool = False,
    blank_cols: int = 0,
) -> list[Sheet]:
    """A wide budget: a row per function (and cost centre), a column per year."""
    slices = sorted({(e.year, e.kind) for e in entries})
    by_centre = any(
        "omk" in h.lower() or "ansvar" in h.lower() or "cost" in h.lower() for h in headers
    )
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.committee if per_committee else "Budget", []).append(e)
    suffix = f" ({unit})" if unit_in == "header" else ""
    sheets = []
    for name, group in groups.items():
        sheet = Sheet(name[:31])
        pad: list[object] = [None] * blank_cols
        for t in title_rows:
            sheet.rows.append([*pad, t.format(unit=unit, name=name)])
        if title_rows:
            sheet.rows.append([])
        cols = [h for h in headers if not (per_committee and h.lower() == "udvalg")]
        sheet.rows.append([*pad, *cols, *(_kind_header(k, y, style) + suffix for y, k in slices)])
        main_sums: dict[tuple[int, str], Decimal] = {}
        committee_sums: dict[tuple[int, str], Decimal] = {}
        last_main = None
        last_committee = None
        rows = _grouped(group, by_centre)

        def subtotal(
            label: str,
            sums: dict,
            lead: list[object],
            sheet: Sheet = sheet,
            pad: list[object] = pad,
            cols: list[str] = cols,
        ) -> None:
            if subtotals:
                sheet.rows.append(
                    [
                        *pad,
                        *lead,
                        label,
                        *([None] * (len(cols) - 1 - len(lead))),
                        *(_cell(sums.get(s, Decimal(0)), unit, text_numbers) for s in slices),
                    ]
                )

        for (committee, account, text, centre), amounts in sorted(
            rows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][3])
        ):
            if committee != last_committee:
                if last_main is not None:
                    subtotal(f"Hovedkonto {last_main} i alt", main_sums, [])
                if last_committee is not None and not per_committee:
                    subtotal(f"{last_committee} i alt", committee_sums, [None])
                main_sums, committee_sums, last_main = {}, {}, None
            if account[0] != last_main:
                if last_main is not None:
                    subtotal(f"Hovedkonto {last_main} i alt", main_sums, [])
                main_sums = {}
            last_committee, last_main = committee, account[0]
            values = {"funktion": account, "tekst": text, "udvalg": committee}
            row: list[object] = [*pad]
            for h in cols:
                key = h.lower()
                if key.startswith(("funk", "konto", "formål", "account", "function")):
                    row.append(account)
                elif key.startswith(("tekst", "account_text", "text", "kontotekst")):
                    row.append(text)
                elif key.startswith(("udvalg", "committee")):
                    row.append(values["udvalg"])
                elif key.startswith(("omk", "ansvar", "cost")):
                    row.append(centre)
                elif key.startswith(("dranst",)):
                    row.append("1 Driftskonti")
                elif key.startswith(("aktivitet",)):
                    row.append("00")
                else:
                    row.append(None)
            for s in slices:
                value = amounts.get(s, Decimal(0))
                main_sums[s] = main_sums.get(s, Decimal(0)) + value
                committee_sums[s] = committee_sums.get(s, Decimal(0)) + value
                row.append(_cell(value, unit, text_numbers))
            sheet.rows.append(row)
        if last_main is not None:
            subtotal(f"Hovedkonto {last_main} i alt", main_sums, [])
        if last_committee is not None and not per_committee:
            subtotal(f"{last_committee} i alt", committee_sums, [None])
        if grand_total:
            sheet.rows.append(
                [
                    *pad,
                    grand_total,
                    *([None] * (len(cols) - 1)),
                    *(
                        _cell(
                            sum((e.amount for e in group if (e.year, e.kind) == s), Decimal(0)),
                            unit,
                            text_numbers,
                        )
                        for s in slices
                    ),
                ]
            )
        sheets.append(sheet)
    return sheets


def _cell(value: Decimal, unit: str, text: bool) -> object:
    scaled = in_unit(value, unit)
    if text:
        return danish(scaled, 3 if unit == "mio. kr." else 0)
    return float(scaled)


# C901 exception: a fixture laying out one export with every variation real exports show
def long(  # noqa: C901
    entries: Sequence[Entry],
    unit: str,
    *,
    headers: Sequence[str] = ("Konto", "År", "Udvalg", "Omkostningssted", "Beløb"),
    kind_header: str | None = None,
    unit_in: str = "header",  # header, none, column
    unit_header: str = "Enhed",
) -> list[list[object]]:
    """A long table: a row per function, cost centre and year."""
    head = list(headers)
    if kind_header:
        head.insert(2, kind_header)
    if unit_in == "header":
        head[-1] = f"{head[-1]} ({unit})"
    if unit_in == "column":
        head.insert(len(head) - 1, unit_header)
    rows: list[list[object]] = [head]
    for e in entries:
        row: list[object] = []
        for h in head:
            key = h.lower()
            if key.startswith(("konto", "funktion", "formål", "account", "function")):
                row.append(e.account)
            elif key.startswith(("år", "aar", "year", "tid")):
                row.append(e.year)
            elif kind_header and h == kind_header:
                row.append(e.kind)
            elif key.startswith(("udvalg", "committee")):
                row.append(e.committee)
            elif key.startswith(("omk", "ansvar", "cost")):
                row.append(e.cost_centre)
            elif h == unit_header and unit_in == "column":
                row.append(f"Løbende priser ({unit})")
            else:
                row.append(float(in_unit(e.amount, unit)))
        rows.append(row)
    return rows


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for row in sheet.rows:
            ws.append(row)
    wb.save(path)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
    danish_numbers: bool = True,
) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                danish(Decimal(str(v)), 3).rstrip("0").rstrip(",")
                if danish_numbers and isinstance(v, float)
                else (
                    ""
                    if v is None
                    else (f"{v:.3f}".rstrip("0").rstrip(".") if isinstance(v, float) else v)
                )
                for v in row
            ]
        )
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def statbank(
    entries: Sequence[Entry], unit: str, *, other_areas: bool = True, area: str = NAME
) -> list[list[object]]:
    """A statbank (BUDK32/REGK11-like) csv: one row per area, function, dranst, art, price unit
    and time, the figure in INDHOLD; function code and text in one cell, dranst with text."""
    rows: list[list[object]] = [
        ["OMRÅDE", "FUNKTION", "DRANST", "ART", "PRISENHED", "TID", "INDHOLD"]
    ]
    sums: dict[tuple[str, str, int], Decimal] = {}
    for e in entries:
        key = (e.account, e.text, e.year)
        sums[key] = sums.get(key, Decimal(0)) + e.amount
    for (account, text, year), amount in sorted(sums.items()):
        if other_areas:
            rows.append(
                [
                    "Hele landet",
                    f"{account} {text}",
                    "1 Driftskonti",
                    "I alt (netto)",
                    f"Løbende priser ({unit})",
                    str(year),
                    float(in_unit(amount * 100, unit)),
                ]
            )
        rows.append(
            [
                area,
                f"{account} {text}",
                "1 Driftskonti",
                "I alt (netto)",
                f"Løbende priser ({unit})",
                str(year),
                float(in_unit(amount, unit)),
            ]
        )
    return rows


def postings(entries: Sequence[Entry], style: str) -> tuple[list[list[object]], list[list[object]]]:
    """A posting file and the controller's map for it, from the entries: each entry booked as
    two debits and a credit correction, so the bookings add up to it exactly.

    `opus` (KMD Opus): keyed by an artskonto per function, a Debet/kredit flag and unsigned
    Danish text amounts, a posting date and no year column. `prisme` (Prisme/EG): keyed by
    the cost centre (Omk_sted), signed amounts, a Regnskabsår column, an `I alt` row."""
    functions = [f[0] for f in FUNCTIONS]
    if style == "opus":
        rows: list[list[object]] = [
            [
                "Artskonto",
                "Omkostningssted",
                "PSP-element",
                "Bogføringsdato",
                "Bilagsnr",
                "Tekst",
                "Debet/kredit",
                "Beløb",
            ]
        ]
        mapping: list[list[object]] = [["Artskonto", "Funktion", "Dranst", "Tekst"]]
        mapping += [
            [f"4{n:02d}010", account, "1", text]
            for n, (account, text, _c, _p) in enumerate(FUNCTIONS)
        ]
    else:
        rows = [
            ["Regnskabsår", "Omk_sted", "Ansvarssted", "Bilagsdato", "Posteringstekst", "Beløb"]
        ]
        mapping = [["Omk.sted", "Formål"]]
        mapping += [[e.cost_centre, e.account] for e in entries]
    total = Decimal(0)
    for i, e in enumerate(entries):
        n = functions.index(e.account)
        first = e.amount * 6 / 10
        correction = Decimal("1250.50") + n
        for k, (amount, credit) in enumerate(
            ((first, False), (e.amount - first + correction, False), (correction, True))
        ):
            date = f"{3 + k:02d}.{1 + i % 12:02d}.{e.year}"
            total += -amount if credit else amount
            if style == "opus":
                rows.append(
                    [
                        f"4{n:02d}010",
                        e.cost_centre,
                        f"XG-{n}",
                        date,
                        f"B{i}-{k}",
                        e.text,
                        "K" if credit else "D",
                        danish(amount, 2),
                    ]
                )
            else:
                rows.append(
                    [
                        e.year,
                        e.cost_centre,
                        f"A{n % 3}",
                        f"{e.year}-{1 + i % 12:02d}-{3 + k:02d}",
                        e.text,
                        float(-amount if credit else amount),
                    ]
                )
    if style == "prisme":
        rows.append(["I alt", None, None, None, None, float(total)])
    return rows, mapping


@dataclass(frozen=True)
class CorpusFile:
    """One file of the corpus: how to import it and what must come out."""

    name: str
    shape: str  # in words, for the report
    kind: str  # budget, accounts
    args: tuple[str, ...]
    expected: dict[tuple[int, str], Decimal] | None  # None: refused
    refusal: str = ""  # words the refusal must hold


def corpus(folder: Path) -> list[CorpusFile]:
    """Write the whole corpus to `folder`; deterministic (no randomness, no clock)."""
    b, r = budget(), budget("accounts")
    bt, rt = totals(b), totals(r)
    out: list[CorpusFile] = []

    def add(
        name: str,
        shape: str,
        writer: Callable[[Path], Path],
        kind: str = "budget",
        args: tuple[str, ...] = (),
        expected: dict | None = None,
        refusal: str = "",
    ) -> None:
        writer(folder / name)
        exp = expected if expected is not None or refusal else (bt if kind == "budget" else rt)
        out.append(CorpusFile(name, shape, kind, args, exp, refusal))

    title = ("{name} Kommune", "Vedtaget budget 2026 og overslagsår 2027–2029 ({unit})")
    for unit in UNITS:
        u = unit.replace(".", "").replace(" ", "")
        for style in ("kind", "bare", "words"):
            add(
                f"wide-{style}-{u}.xlsx",
                f"wide, {style} year columns, title rows, {unit}",
                lambda p, unit=unit, style=style: write_xlsx(
                    p, wide(b, unit, style=style, title_rows=title)
                ),
            )
        add(
            f"wide-committee-sheets-subtotals-{u}.xlsx",
            f"wide, one sheet per committee, Hovedkonto/I alt subtotals, {unit}",
            lambda p, unit=unit: write_xlsx(
                p,
                wide(
                    b,
                    unit,
                    style="bare",
                    per_committee=True,
                    subtotals=True,
                    grand_total="I alt",
                    title_rows=title,
                ),
            ),
        )
        add(
            f"long-no-kind-{u}.csv",
            f"long csv, no budget-kind column, unit in header, {unit}",
            lambda p, unit=unit: write_csv(p, long(b, unit)),
        )
        add(
            f"statbank-{u}.csv",
            f"statbank csv with BOM, PRISENHED {unit}, Hele landet rows",
            lambda p, unit=unit: write_csv(p, statbank(r, unit), encoding="utf-8-sig"),
            kind="accounts",
            args=("--municipality", str(MUNICIPALITY)),
        )
    add(
        "wide-subtotals-every-level.xlsx",
        "wide, committee column, subtotals per main account and committee, grand total",
        lambda p: write_xlsx(
            p, wide(b, "1.000 kr.", subtotals=True, grand_total="Total", title_rows=title)
        ),
    )
    add(
        "opus-underscored-headers.xlsx",
        "KMD Opus-like: Formål, Ansvarssted, account_text",
        lambda p: write_xlsx(
            p,
            wide(
                b,
                "1.000 kr.",
                headers=("Formål", "account_text", "Udvalg", "Ansvarssted"),
                title_rows=title,
            ),
        ),
    )
    add(
        "prisme-aktivitet-dranst.xlsx",
        "Prisme-like: Omk_sted, DRANST text, Aktivitet unused",
        lambda p: write_xlsx(
            p,
            wide(
                b,
                "kr.",
                headers=("Funktion", "Tekst", "udvalg", "Omk_sted", "DRANST", "Aktivitet"),
                style="words",
                unit_in="header",
            ),
        ),
    )
    add(
        "english-cost-centre.xlsx",
        "English headers with underscores, DKK thousand in header",
        lambda p: write_xlsx(
            p,
            wide(
                b,
                "1.000 kr.",
                headers=("account", "account_text", "committee", "cost_centre"),
                unit_in="header",
            ),
        ),
    )
    add(
        "table-from-c5-text-numbers.xlsx",
        "title rows, table from column C, Danish text numbers",
        lambda p: write_xlsx(
            p, wide(b, "1.000 kr.", title_rows=title, blank_cols=2, text_numbers=True)
        ),
    )
    add(
        "long-unit-column.csv",
        "long csv with a unit column (Enhed)",
        lambda p: write_csv(p, long(b, "1.000 kr.", unit_in="column")),
    )
    add(
        "long-kind-column-windows.csv",
        "long csv, Windows-1252, Budgettype column",
        lambda p: write_csv(p, long(b, "kr.", kind_header="Budgettype"), encoding="cp1252"),
    )
    add(
        "long-accounts-2024.xlsx",
        "long accounts, År 2024, --kind accounts = R",
        lambda p: write_xlsx(p, [Sheet("Regnskab", long(r, "kr."))]),
        kind="accounts",
    )
    add(
        "statbank-name-only.csv",
        "statbank csv naming the municipality; no --municipality",
        lambda p: write_csv(p, statbank(b, "1.000 kr.")),
    )
    add(
        "budget-year-override.xlsx",
        "wide bare years, --budget-year 2026 given",
        lambda p: write_xlsx(p, wide(b, "1.000 kr.", style="bare", title_rows=title)),
        args=("--budget-year", "2026"),
    )
    add(
        "no-unit-anywhere.xlsx",
        "wide, no unit anywhere, --unit '1.000 kr.' given",
        lambda p: write_xlsx(p, wide(b, "1.000 kr.", unit_in="none")),
        args=("--unit", "1.000 kr."),
    )
    opus_rows, opus_map = postings(r, "opus")
    add(
        "opus-postings-artskonto-dk.csv",
        "KMD Opus posting file: Artskonto → function map, Debet/kredit, posting dates, kr.",
        lambda p: (write_csv(folder / "opus-artskonti.csv", opus_map), write_csv(p, opus_rows))[1],
        kind="accounts",
        args=("--posting-map", str(folder / "opus-artskonti.csv"), "--unit", "kr."),
    )
    prisme_rows, prisme_map = postings(r, "prisme")
    add(
        "prisme-postings-omksted-signed.xlsx",
        "Prisme/EG posting sheet: Omk_sted → function map (xlsx), signed amounts, "
        "Regnskabsår, title (kr.), I alt row",
        lambda p: (
            write_xlsx(folder / "prisme-omksteder.xlsx", [Sheet("Kort", prisme_map)]),
            write_xlsx(p, [Sheet("Posteringer", [["Posteringer 2024 (kr.)"], [], *prisme_rows])]),
        )[1],
        kind="accounts",
        args=("--posting-map", str(folder / "prisme-omksteder.xlsx")),
    )
    # refused, with the message that says what to do instead
    add(
        "no-unit-refused.xlsx",
        "wide, no unit anywhere, no --unit: refused",
        lambda p: write_xlsx(p, wide(b, "1.000 kr.", unit_in="none")),
        refusal="ingen enhed i titel",
    )
    add(
        "opus-postings.csv",
        "KMD Opus posting file",
        lambda p: write_csv(
            p,
            [
                [
                    "Artskonto",
                    "Omkostningssted",
                    "PSP-element",
                    "Bogføringsdato",
                    "Debet/kredit",
                    "Beløb",
                ],
                ["400010", "4000", "XG-1234", "03.01.2026", "D", "12.500,00"],
            ],
        ),
        refusal="posteringsfil",
    )
    add(
        "regk31-per-inhabitant.csv",
        "REGK31 per-inhabitant extract under --kind accounts",
        lambda p: write_csv(
            p,
            [
                [
                    "Pr. indbygger, løbende priser (kr.)",
                    "I alt (netto)",
                    "0.28.20 Grønne områder og naturpladser",
                    NAME,
                    "174",
                ]
            ],
            delimiter=",",
        ),
        kind="accounts",
        refusal="--kind key-figures",
    )
    add(
        "scaled-wrong-unit.xlsx",
        "amounts in 1.000 kr. but the title says kr.",
        lambda p: write_xlsx(p, wide(b, "1.000 kr.", title_rows=("Budget 2026–2029 (kr.)",))),
        refusal="Enheden er nok 1.000 kr.",
    )
    return out
