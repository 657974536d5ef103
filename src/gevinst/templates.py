"""Excel templates for imports (`gevinst template budget|accounts`): a header row that
`gevinst import` recognises without a mapping, data validation, an example row and a sheet of
instructions in Danish. Written through `reports.excel.put`, so no text becomes a formula."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from gevinst.reports.excel import KR_FORMAT, put, write_table

HEADER = (
    "År",
    "Budgettype",
    "Konto",
    "Dranst",
    "Art",
    "Udvalg",
    "Afdeling",
    "Omkostningssted",
    "Tekst",
    "Beløb (kr.)",
)
LAST_ROW = 100_000  # validation reaches this far; Excel's own limit is 1.048.576


@dataclass(frozen=True)
class TemplateKind:
    sheet: str
    kinds: tuple[str, ...]
    example_kind: str
    title: str


KINDS = {
    "budget": TemplateKind("Budget", ("B", "BO", "KB"), "B", "budget (B, BO, KB)"),
    "accounts": TemplateKind("Regnskab", ("R",), "R", "regnskab (R)"),
}

INSTRUCTIONS = [
    ("Sådan udfylder du skabelonen", ""),
    ("", ""),
    (
        "Én række pr. konto, år og beløbstype. Række 2 på arket {sheet} er et eksempel: overskriv "
        "eller slet den.",
        "",
    ),
    ("Importér bagefter med: gevinst import FIL.xlsx --kind {kind} --municipality KOMMUNEKODE", ""),
    ("", ""),
    ("Kolonne", "Sådan"),
    ("År", "Budget- eller regnskabsåret, fx 2026 (2000–2100)."),
    (
        "Budgettype",
        "{kinds}: B = vedtaget budget, BO = budgetoverslagsår, KB = korrigeret "
        "budget, R = regnskab.",
    ),
    (
        "Konto",
        "Funktion i den autoriserede kontoplan: hovedkonto.hovedfunktion.funktion, fx "
        "5.28.21 (eller 52821).",
    ),
    ("Dranst", "1 = drift, 2 = statsrefusion, 3 = anlæg."),
    (
        "Art",
        "Ét ciffer (1 lønninger, 2 varekøb, 4 tjenesteydelser, 5 tilskud og overførsler, "
        "7 indtægter …) eller en gruppe som 4.0. Må være tom.",
    ),
    ("Udvalg", "Det politiske udvalg, fx Børne- og Familieudvalget. Må være tom."),
    ("Afdeling", "Forvaltning eller afdeling. Må være tom."),
    ("Omkostningssted", "Jeres omkostningssted. Må være tom."),
    ("Tekst", "Fri tekst; bruges ikke i beregninger."),
    (
        "Beløb (kr.)",
        "I hele kroner (ikke 1.000 kr.); udgifter positive, indtægter negative. "
        "Skriv tal, ikke formler.",
    ),
    ("", ""),
    ("Samme konto, år, budgettype, dranst, art, udvalg og omkostningssted må kun stå én gang.", ""),
    ("Rækker med 'I alt' eller 'Total' i kontokolonnen tælles ikke med.", ""),
]


def write_import_template(kind: str, path: Path) -> None:
    """Write the template for an import kind (`budget` or `accounts`) to `path`."""
    spec = KINDS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    example = (
        2026,
        spec.example_kind,
        "5.28.21",
        1,
        4,
        "Børne- og Familieudvalget",
        "Børn og Familie",
        "1001",
        "Eksempel: overskriv eller slet denne række",
        1_200_000,
    )
    write_table(ws, HEADER, [example], formats={10: KR_FORMAT})
    for row in range(2, 3):
        for col in range(1, len(HEADER) + 1):
            ws.cell(row=row, column=col).font = Font(italic=True, color="7F7F7F")
    for letter in "CH":  # accounts and cost centres stay text: 5.28.21 is not a number
        for row in range(2, 1001):
            ws[f"{letter}{row}"].number_format = "@"
    _validate(ws, spec)
    ws.column_dimensions["F"].width = 30
    ws.column_dimensions["I"].width = 40
    _instructions(wb.create_sheet("Vejledning"), spec, kind)
    wb.save(path)


def _validate(ws, spec: TemplateKind) -> None:
    rules = [
        (
            DataValidation(
                type="whole",
                operator="between",
                formula1="2000",
                formula2="2100",
                error="Året skal være et helt tal mellem 2000 og 2100.",
            ),
            "A",
        ),
        (
            DataValidation(
                type="list",
                formula1='"' + ",".join(spec.kinds) + '"',
                error="Budgettype: " + ", ".join(spec.kinds),
            ),
            "B",
        ),
        (
            DataValidation(
                type="custom",
                formula1='OR(AND(LEN(C2)=7,MID(C2,2,1)=".",'
                'MID(C2,5,1)="."),AND(LEN(C2)=5,ISNUMBER(--C2)))',
                error="Konto skrives som 5.28.21 eller 52821.",
            ),
            "C",
        ),
        (
            DataValidation(
                type="list", formula1='"1,2,3"', error="Dranst: 1 drift, 2 statsrefusion, 3 anlæg."
            ),
            "D",
        ),
        (
            DataValidation(
                type="decimal",
                operator="between",
                formula1="-50000000000",
                formula2="50000000000",
                error="Beløbet skal være et tal i kr.",
            ),
            "J",
        ),
    ]
    for rule, col in rules:
        rule.showErrorMessage = True
        rule.errorTitle = "Ugyldig værdi"
        rule.allow_blank = True
        ws.add_data_validation(rule)
        rule.add(f"{col}2:{col}{LAST_ROW}")


def _instructions(ws, spec: TemplateKind, kind: str) -> None:
    for r, (first, second) in enumerate(INSTRUCTIONS, start=1):
        values = {"sheet": spec.sheet, "kind": kind, "kinds": ", ".join(spec.kinds)}
        put(ws, r, 1, first.format(**values)).alignment = Alignment(wrap_text=False)
        put(ws, r, 2, second.format(**values)).alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A6"].font = ws["B6"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
