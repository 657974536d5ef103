"""Properties of issue 11: header spelling never changes what is imported, and a file scaled
by 1.000 with no unit anywhere never imports silently.

Given a budget at a Danish municipality's scale (REGK31 per inhabitant × a population in
1.800–660.000), written as a long csv whose headers are spelt any way people and systems
spell them — case, underscores, hyphens, Danish letters folded, known synonyms — the import's
totals are the budget's. Given the same budget with amounts in 1.000 kr. and no unit in title,
header or a unit column, the import never exits 0 without a warning.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from _export_shapes import FUNCTIONS, write_csv
from _import_fixtures import budget_totals, run_import

SPELLINGS = {
    "account": [
        "Konto",
        "Kontonr.",
        "Funktion",
        "FUNKTION",
        "Formål",
        "Formaal",
        "account",
        "Account_No",
        "konto-nr",
    ],
    "year": ["År", "Aar", "år", "Year", "TID", "Budgetår", "budget_aar", "Regnskabsår"],
    "kind": ["Budgettype", "budget_type", "Budget-type", "BELØBSTYPE", "Beloebstype"],
    "committee": ["Udvalg", "UDVALG", "Committee", "Politisk_udvalg", "politisk-udvalg"],
    "cost_centre": [
        "Omkostningssted",
        "Omk_sted",
        "omk.sted",
        "OMK-STED",
        "Ansvarssted",
        "cost_centre",
        "Cost Center",
        "ansvar",
    ],
    "amount": ["Beløb", "Beloeb", "BELØB", "amount", "Amount_DKK", "INDHOLD", "Værdi"],
}


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.title())[how]


@st.composite
def budgets(draw: st.DrawFn) -> list[tuple[str, str, str, int, str, Decimal]]:
    people = draw(st.integers(1_800, 660_000))
    functions = draw(
        st.lists(st.sampled_from(FUNCTIONS), min_size=3, max_size=8, unique_by=lambda f: f[0])
    )
    rows = []
    for account, _text, committee, per_inhabitant in functions:
        for i, year in enumerate((2026, 2027)):
            noise = draw(st.integers(80, 120))
            amount = Decimal(per_inhabitant * people * noise // 100 // 1000 * 1000)
            rows.append((account, committee, f"{4000 + i}", year, "B" if i == 0 else "BO", amount))
    return rows


def _expected(rows) -> dict[tuple[int, str], Decimal]:
    out: dict[tuple[int, str], Decimal] = {}
    for _a, _c, _cc, year, kind, amount in rows:
        out[(year, kind)] = out.get((year, kind), Decimal(0)) + amount
    return out


def _write(path: Path, rows, names: dict[str, str], unit: str | None, scale: int = 1) -> Path:
    suffix = f" ({unit})" if unit else ""
    head = [
        names["account"],
        names["year"],
        names["kind"],
        names["committee"],
        names["cost_centre"],
        names["amount"] + suffix,
    ]
    body = [[a, y, k, c, cc, float(amount / scale)] for a, c, cc, y, k, amount in rows]
    return write_csv(path, [head, *body])


@settings(max_examples=15, deadline=None)
@given(
    rows=budgets(),
    picks=st.fixed_dictionaries(
        {
            field: st.tuples(st.sampled_from(names), st.integers(0, 3))
            for field, names in SPELLINGS.items()
        }
    ),
)
def test_renaming_headers_never_changes_the_totals(rows, picks) -> None:
    names = {field: _case(name, how) for field, (name, how) in picks.items()}
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "b.csv", rows, names, "kr.")
        db = Path(tmp) / "g.duckdb"
        result = run_import([path], db)
        assert result.exit_code == 0, (names, result.output)
        assert budget_totals(db) == _expected(rows)


@settings(max_examples=15, deadline=None)
@given(rows=budgets(), accept=st.booleans())
def test_amounts_scaled_by_a_thousand_without_a_unit_never_import_silently(rows, accept):
    names = {field: spellings[0] for field, spellings in SPELLINGS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "b.csv", rows, names, None, scale=1000)
        db = Path(tmp) / "g.duckdb"
        result = run_import([path], db, *(["--accept-warnings"] if accept else []))
        if result.exit_code == 0:
            assert "Accepterede advarsler" in result.output
            assert "ingen enhed i titel" in result.output
        else:
            assert result.exit_code == 2 and not db.exists()
            assert "ingen enhed i titel" in result.output
