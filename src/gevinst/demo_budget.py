"""Demo budgets and accounts — DEMO DATA, not any municipality's real budget.

For the demo municipalities (101 København, 151 Ballerup, 169 Høje-Taastrup, 657 Herning: the
municipalities of the demo cases) this module generates, deterministically, the adopted budget
B2026 with outlook years BO2027–BO2029 and the revised budget KB2025, and the accounts R2025,
by committee, function (every function of `data/reference/accounts.csv`), dranst, art and cost
centre. It writes them as xlsx workbooks in the shapes municipalities really export and imports
them through the real pipeline (`prepare_import` → `to_batch` → the store write), so the demo
exercises the importer and every line has a source file, sheet and row.

Levels: net kr. per inhabitant. For the 25 functions in Danmarks Statistik's REGK31 2024
extract (../shared/real-data, `Pr. indbygger, løbende priser`, net) the municipality's own 2024
figure is used, copied here as fixed numbers (so the demo is the same on every machine); for the
other functions plausible fixed levels (illustrative, not sourced). Inhabitants are rounded 2025
figures (illustrative). Levels are raised 3 % to 2026 prices; outlook years, KB2025 and R2025
vary by a few per cent from a seeded generator. Amounts are whole thousands of kroner, so a
workbook in 1.000 kr. holds them exactly.

The import writes through `store.imports.write_import_to(con, batch)` on the demo build's
connection, the same write the CLI and the dashboard's import page use.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl

from gevinst.reference import TRANSFER_FRAMES, Reference
from gevinst.store.imports import write_import_to

#: rounded inhabitants 1 January 2025 (illustrative: used only to scale per-inhabitant levels)
INHABITANTS = {101: 667_000, 151: 52_000, 169: 58_000, 657: 90_000}

#: REGK31 2024, net kr. per inhabitant, current prices (Danmarks Statistik, via
#: github.com/marieleth/marieleth--hvad-bruger-din-kommune-pengene-paa data/2024.csv)
REGK31_2024: dict[str, tuple[int, int, int, int]] = {  # 101, 151, 169, 657
    "0.28.20": (278, 373, 174, 255),
    "0.32.31": (204, 611, 718, 277),
    "2.28.11": (539, 481, 728, 507),
    "2.32.31": (634, 603, 497, 563),
    "3.22.01": (5125, 10056, 8493, 7539),
    "3.22.05": (787, 1222, 975, 666),
    "3.22.08": (1066, 1334, 1459, 897),
    "3.22.10": (946, 805, 1211, 851),
    "3.32.50": (289, 708, 494, 492),
    "4.62.81": (3542, 4503, 3869, 3888),
    "4.62.85": (401, 519, 408, 482),
    "5.25.14": (4954, 5424, 5380, 3808),
    "5.28.21": (1254, 2166, 2441, 1167),
    "5.28.22": (356, 581, 641, 846),
    "5.30.26": (1418, 2578, 2793, 1758),
    "5.30.27": (3914, 5216, 2639, 3954),
    "5.30.28": (655, 1524, 1436, 1048),
    "5.38.45": (379, 335, 364, 138),
    "5.48.66": (2768, 3644, 3341, 3038),
    "5.57.73": (1736, 1523, 1787, 1719),
    "5.57.78": (2735, 1524, 2393, 1366),
    "5.58.81": (1150, 2179, 2164, 3807),
    "5.68.90": (908, 894, 894, 1187),
    "6.42.41": (44, 184, 141, 144),
    "6.45.51": (3685, 3935, 3221, 2294),
}
#: functions REGK31's extract does not have: plausible fixed levels (illustrative)
FIXED_LEVELS = {
    "3.22.07": 150,
    "4.62.82": 350,
    "4.62.88": 120,
    "5.28.20": 450,
    "5.28.23": 600,
    "5.28.24": 60,
    "5.38.42": 350,
    "5.38.50": 1200,
    "5.38.52": 700,
    "5.38.53": 250,
    "5.38.58": 150,
    "5.38.59": 300,
    "5.57.71": 1500,
    "5.57.72": 80,
    "5.57.74": 60,
    "5.57.76": 900,
    "5.58.80": 60,
    "5.58.83": 200,
    "5.68.98": 300,
}
DEFAULT_LEVEL = 100
PRICE_2024_TO_2026 = 1.03
REFUSION_SHARE = 0.30  # transfers: gross on dranst 1, state refusion on dranst 2 (art 8.6)
BUDGET_SLICES = (("KB", 2025), ("B", 2026), ("BO", 2027), ("BO", 2028), ("BO", 2029))
ACCOUNTS_SLICES = (("R", 2025),)
SERVICE_ARTS = (("1", 0.55), ("2", 0.10), ("4", 0.39), ("7", -0.04))


@dataclass(frozen=True)
class DemoLine:
    municipality: int
    year: int
    kind: str
    account: str
    dranst: int
    art: str
    committee: str
    department: str
    cost_centre: str
    amount_dkk: int  # whole thousands of kroner


def level(municipality: int, account: str) -> int:
    """Net kr. per inhabitant (2024 prices) of a function in a demo municipality."""
    if account in REGK31_2024:
        return REGK31_2024[account][list(INHABITANTS).index(municipality)]
    return FIXED_LEVELS.get(account, DEFAULT_LEVEL)


def _thousands(value: float) -> int:
    return round(value / 1000.0) * 1000


def _parts(account: str, frame: str) -> list[tuple[int, str, float]]:
    """(dranst, art, share of the net) for one function."""
    # cash benefits (5.46-5.58) carry state refusion on dranst 2; operating costs on 5.68 do not
    if frame in TRANSFER_FRAMES and account.startswith(("5.4", "5.5")):
        gross = 1 / (1 - REFUSION_SHARE)
        return [(1, "5", gross), (2, "8.6", 1 - gross)]
    parts = [(1, art, share) for art, share in SERVICE_ARTS]
    if account == "2.28.11":
        parts.append((3, "2", 0.25))  # road construction (anlæg)
    return parts


def generate(ref: Reference, municipalities: Iterable[int] = INHABITANTS) -> list[DemoLine]:
    """Every demo line, deterministic (seeded per municipality and function)."""
    out: list[DemoLine] = []
    for code in municipalities:
        for account, info in sorted(ref.accounts.items()):
            rng = random.Random(f"gevinst-demo-budget-{code}-{account}")
            base = level(code, account) * INHABITANTS[code] * PRICE_2024_TO_2026
            factor = _factors(rng)
            centres = _centres(code, account)
            for (kind, year), f in sorted(factor.items(), key=lambda kv: kv[0][1]):
                for dranst, art, share in _parts(account, info.budget_frame):
                    for n, centre in enumerate(centres):
                        split = 1.0 if len(centres) == 1 else (0.6 if n == 0 else 0.4)
                        amount = _thousands(base * f * share * split)
                        if amount:
                            out.append(
                                DemoLine(
                                    code,
                                    year,
                                    kind,
                                    account,
                                    dranst,
                                    art,
                                    info.committee,
                                    info.department,
                                    centre,
                                    amount,
                                )
                            )
    return out


def _factors(rng: random.Random) -> dict[tuple[str, int], float]:
    """Each budget slice's level against the 2026 budget (B2026 = 1), drawn in a fixed order
    (the same seed gives the same demo)."""
    factor = {("B", 2026): 1.0}
    for kind, year in BUDGET_SLICES + ACCOUNTS_SLICES:
        if kind == "BO":
            factor[(kind, year)] = factor[("B", 2026)] * (1 + rng.uniform(-0.03, 0.03))
        elif kind == "KB":
            factor[(kind, year)] = 0.985 * (1 + rng.uniform(-0.02, 0.02))
    factor[("R", 2025)] = factor[("KB", 2025)] * (1 + rng.uniform(-0.07, 0.05))
    return factor


def _centres(code: int, account: str) -> list[str]:
    """One cost centre per function, two for the larger ones."""
    centres = [f"{code}-{account.replace('.', '')}-01"]
    if level(code, account) >= 2000:
        centres.append(f"{code}-{account.replace('.', '')}-02")
    return centres


def totals(lines: Iterable[DemoLine]) -> dict[tuple[int, int, str], int]:
    """(municipality, year, budget kind) → kr., what the import must reproduce."""
    out: dict[tuple[int, int, str], int] = {}
    for line in lines:
        key = (line.municipality, line.year, line.kind)
        out[key] = out.get(key, 0) + line.amount_dkk
    return out


# --- workbooks in real export shapes -------------------------------------------------------

_DETAIL = ("account", "dranst", "art", "cost_centre")


def _wide_rows(
    lines: list[DemoLine], slices, with_committee: bool, scale: int, compact: bool
) -> tuple[list[str], list[list[object]]]:
    keys: dict[tuple, dict[tuple[str, int], int]] = {}
    for line in lines:
        key = (
            line.committee,
            line.department,
            line.account,
            line.dranst,
            line.art,
            line.cost_centre,
        )
        keys.setdefault(key, {})[(line.kind, line.year)] = line.amount_dkk
    header = (
        (["Udvalg"] if with_committee else [])
        + ["Afdeling", "Konto", "Dranst", "Art", "Omk.sted"]
        + [f"{k}{y}" for k, y in slices]
    )
    rows = []
    for (committee, department, account, dranst, art, centre), amounts in sorted(keys.items()):
        konto = account.replace(".", "") if compact else account
        cells: list[object] = ([committee] if with_committee else []) + [
            department,
            konto,
            dranst,
            art,
            centre,
        ]
        cells += [None if s not in amounts else amounts[s] / scale for s in slices]
        rows.append(cells)
    return header, rows


def wide_workbook(
    path: Path,
    lines: list[DemoLine],
    slices,
    title: str | None,
    scale: int,
    per_committee: bool = False,
    compact: bool = False,
) -> Path:
    """`B2026 | BO2027 …` columns, a title row naming the unit; one sheet or one per committee."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    groups: dict[str, list[DemoLine]] = {}
    for line in lines:
        groups.setdefault(line.committee if per_committee else "Budget", []).append(line)
    for name, group in sorted(groups.items()):
        ws = wb.create_sheet(name[:31])
        if title:
            ws.append([title])
            ws.append([])
        header, rows = _wide_rows(group, slices, not per_committee, scale, compact)
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def long_workbook(path: Path, lines: list[DemoLine], title: str) -> Path:
    """One row per line and year, `År` and `Budgettype` columns, amounts in kr."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([title])
    ws.append(
        [
            "Udvalg",
            "Afdeling",
            "Konto",
            "Dranst",
            "Art",
            "Omkostningssted",
            "År",
            "Budgettype",
            "Beløb (kr.)",
        ]
    )
    for line in sorted(
        lines, key=lambda x: (x.committee, x.account, x.dranst, x.art, x.cost_centre, x.year)
    ):
        ws.append(
            [
                line.committee,
                line.department,
                line.account,
                line.dranst,
                line.art,
                line.cost_centre,
                line.year,
                line.kind,
                line.amount_dkk,
            ]
        )
    wb.save(path)
    return path


def demo_workbooks(ref: Reference, folder: Path) -> list[tuple[int, str, Path]]:
    """(municipality, kind, workbook) for every demo import, each in a different shape."""
    lines = generate(ref)
    out: list[tuple[int, str, Path]] = []
    name = {code: ref.municipalities[code].name for code in INHABITANTS}

    def pick(code: int, kinds: set[str]) -> list[DemoLine]:
        return [x for x in lines if x.municipality == code and x.kind in kinds]

    budget, accounts = {"B", "BO", "KB"}, {"R"}
    out.append(
        (
            101,
            "budget",
            wide_workbook(
                folder / "kk-budget-2026-2029.xlsx",
                pick(101, budget),
                BUDGET_SLICES,
                f"{name[101]} Kommune — Budget 2026-2029 (1.000 kr.)",
                1000,
            ),
        )
    )
    out.append(
        (
            101,
            "accounts",
            long_workbook(
                folder / "kk-regnskab-2025.xlsx", pick(101, accounts), f"{name[101]}: Regnskab 2025"
            ),
        )
    )
    out.append(
        (
            151,
            "budget",
            long_workbook(
                folder / "ballerup-budget.xlsx", pick(151, budget), f"{name[151]}: Budget 2026-2029"
            ),
        )
    )
    out.append(
        (
            151,
            "accounts",
            wide_workbook(
                folder / "ballerup-regnskab-2025.xlsx",
                pick(151, accounts),
                ACCOUNTS_SLICES,
                "Regnskab 2025 (kr.)",
                1,
            ),
        )
    )
    out.append(
        (
            169,
            "budget",
            wide_workbook(
                folder / "htk-budget-pr-udvalg.xlsx",
                pick(169, budget),
                BUDGET_SLICES,
                "Vedtaget budget 2026 og overslagsår (1.000 kr.)",
                1000,
                per_committee=True,
            ),
        )
    )
    out.append(
        (
            169,
            "accounts",
            wide_workbook(
                folder / "htk-regnskab-pr-udvalg.xlsx",
                pick(169, accounts),
                ACCOUNTS_SLICES,
                "Regnskab 2025 (1.000 kr.)",
                1000,
                per_committee=True,
            ),
        )
    )
    out.append(
        (
            657,
            "budget",
            wide_workbook(
                folder / "herning-budget.xlsx",
                pick(657, budget),
                BUDGET_SLICES,
                "Herning Kommune budget 2026 (kr.)",
                1,
                compact=True,
            ),
        )
    )
    out.append(
        (
            657,
            "accounts",
            long_workbook(
                folder / "herning-regnskab-2025.xlsx", pick(657, accounts), "Regnskab 2025"
            ),
        )
    )
    return out


def add_demo_budgets(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Demo step: generate the workbooks and import each through the real pipeline."""
    from gevinst.demo import DEMO_TIMESTAMP, DEMO_USER  # the demo imports this module
    from gevinst.ingest.budget import ImportOptions, prepare_import
    from gevinst.services.import_file import to_batch

    with tempfile.TemporaryDirectory(prefix="gevinst-demo-budget-") as tmp:
        for code, kind, path in demo_workbooks(ref, Path(tmp)):
            # mypy: the demo's kinds are the literals 'budget'/'accounts'
            options = ImportOptions(kind=kind, municipality=code)  # type: ignore[arg-type]
            prepared = prepare_import([path], options, ref)
            write_import_to(con, to_batch(prepared, DEMO_USER), DEMO_TIMESTAMP)
