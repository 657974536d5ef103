"""A national-scale database for the dashboard benchmarks, built by package code.

98 municipalities with three years of budget (B) and accounts (R) lines each, 200 cases (the
demo cases repeated across municipalities, each evaluated with its scenarios at the central
estimate and 2.000 Monte Carlo draws to keep the build under a minute), and the real REGK31
key figures where ../shared is present. Lines are generated in DuckDB (no Python objects).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from gevinst.cases import parse_case
from gevinst.cases.evaluation import evaluate_variants
from gevinst.demo import add_demo_key_figures, demo_case_files
from gevinst.reference import bundled_reference
from gevinst.store import build_model, connect
from gevinst.store.cases import save_case
from gevinst.store.db import transaction
from gevinst.store.reference import write_reference

CASES = 200
YEARS = (2024, 2025, 2026)
STAMP = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def build_national(path: Path, cases: int = CASES) -> dict[str, int]:
    ref = bundled_reference()
    codes = sorted(ref.municipalities)
    accounts = sorted(ref.accounts)
    templates = [p.read_text(encoding="utf-8") for p in demo_case_files()]
    with connect(path) as con:
        build_model(con)
        write_reference(con, ref)
        _budget_lines(con, codes, accounts)
        add_demo_key_figures(con, ref)
        for n in range(cases):
            text = templates[n % len(templates)]
            code = codes[n % len(codes)]
            text = re.sub(r'(?m)^id = "([^"]+)"', rf'id = "\1-{n}"', text, count=1)
            text = re.sub(r"(?m)^municipality = \d+", f"municipality = {code}", text, count=1)
            text = re.sub(
                r"(?m)^host_municipality = \d+",
                f"host_municipality = {codes[(n + 1) % len(codes)]}",
                text,
            )
            case = parse_case(text, f"case-{n}.toml", ref)
            evaluations = evaluate_variants(
                case, ref, case.scenario_names, ["central"], draws=2_000, evaluated_at=STAMP
            )
            save_case(con, case, text, f"case-{n}.toml", evaluations, "benchmark", saved_at=STAMP)
        counts = {
            "budget_lines": con.execute("SELECT count(*) FROM budget_lines").fetchall()[0][0],
            "cases": con.execute("SELECT count(*) FROM cases").fetchall()[0][0],
        }
    return counts


def _budget_lines(con, codes: list[int], accounts: list[str]) -> None:  # type: ignore[no-untyped-def]
    """One import per municipality and kind, each with every account × 10 cost centres per
    year: 98 × 2 × 3 × accounts × 10 lines."""
    with transaction(con):
        con.execute(
            """
            INSERT INTO import_registry
            SELECT row_number() OVER () AS import_id, kind, m AS municipality_code,
                   kind || '-' || m || '.xlsx', md5(kind || m), 0, $stamp, 'benchmark',
                   CASE kind WHEN 'budget' THEN 'B' ELSE 'R' END, $first, $last, 1,
                   'benchmark', 'kr.'
            FROM unnest($codes) AS t(m), (VALUES ('budget'), ('accounts')) AS k(kind)
        """,
            {"codes": codes, "stamp": STAMP, "first": YEARS[0], "last": YEARS[-1]},
        )
        con.execute(
            """
            INSERT INTO raw_budget_lines BY NAME
            SELECT r.import_id, 'Budget' AS source_sheet,
                   row_number() OVER (PARTITION BY r.import_id) + 1 AS source_row,
                   r.municipality_code, y AS year, r.budget_kinds AS budget_kind, 1 AS version,
                   a.account, NULL AS account_detail, 1 AS dranst, '4' AS art,
                   a.committee, a.department, 'OS-' || c AS cost_centre,
                   round(1000 + hash(r.municipality_code, a.account, y, c) % 5000000, 2)
                       ::DECIMAL(18, 2) AS amount_dkk
            FROM import_registry AS r, unnest($years) AS t(y), ref_accounts AS a,
                 range(10) AS cc(c)
        """,
            {"years": list(YEARS)},
        )
