"""Rules of the tree that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

import gevinst

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(gevinst.__file__).parent


def test_only_store_opens_duckdb():
    opens = re.compile(r"duckdb\.connect\(")
    offenders = [str(p.relative_to(ROOT)) for base in (PACKAGE, ROOT / "dashboards")
                 for p in base.rglob("*.py")
                 if opens.search(p.read_text(encoding="utf-8"))
                 and "store" not in p.relative_to(base).parts]
    assert offenders == []


def test_the_domain_knows_nothing_of_files_sql_or_dash():
    forbidden = re.compile(r"^\s*(import|from)\s+(duckdb|dash|flask|openpyxl|fastexcel)\b",
                           re.MULTILINE)
    offenders = [p.name for p in (PACKAGE / "domain").rglob("*.py")
                 if forbidden.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_public_surface():
    assert set(gevinst.__all__) == {"GevinstError", "InputRejected", "Problem", "__version__"}
