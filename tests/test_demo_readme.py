"""The figures in data/demo/README.md come from the golden snapshots (tests/golden), so they
cannot go stale: the "Headline results" table between its two markers is generated from the
snapshots' `summary` rows, and this test fails when the README differs. `--snapshot-update`
rewrites the table (after the snapshots themselves are updated on purpose)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from gevinst import fmt

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "data" / "demo" / "README.md"
GOLDEN = Path(__file__).parent / "golden"
START = "<!-- headline:start (generated from tests/golden by tests/test_demo_readme.py) -->"
END = "<!-- headline:end -->"
ORDER = (
    "sverigesmodellen-herning",
    "tidlig-familieindsats",
    "ips-mentor-beskaeftigelse",
    "housing-first-unge",
    "botilbud-anden-kommune-9c",
)
OTHERS = {"region": "region", "state": "staten", "municipalities": "øvrige kommuner"}


def _mio(value: float) -> str:
    return f"{fmt.number(value / 1e6, 1, 'da')} mio. kr."


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{fmt.number(share * 100, 0, 'da')} %"


def _row(case: dict) -> str:
    summary = case["summary"]
    home = summary[0]  # the investing municipality comes first (evaluate's payer order)
    others = []
    for row in summary[1:]:
        if row["payer_kind"] == "municipality":
            label = f"kommune {row['payer_code']}"
        else:
            label = OTHERS.get(row["payer_kind"], row["payer_kind"])
        others.append(f"{label} {_mio(row['npv_dkk'])}")
    payback = str(home["payback_year"]) if home["payback_year"] is not None else "aldrig"
    return (
        f"| {case['name']} ({home['payer_code']}) | {_mio(home['npv_dkk'])} "
        f"(P10–P90 {fmt.number(home['npv_p10_dkk'] / 1e6, 1, 'da')} til "
        f"{fmt.number(home['npv_p90_dkk'] / 1e6, 1, 'da')}) | {payback} | "
        f"{_pct(home['p_payback_budget_period'])} | {_pct(home['p_payback_horizon'])} | "
        f"{'; '.join(others) or '–'} |"
    )


def headline_table() -> str:
    lines = [
        START,
        "| case (kommune) | municipality NPV | payback | P(payback in budget period) | "
        "P(payback in horizon) | other payers' NPV |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for case_id in ORDER:
        case = json.loads((GOLDEN / f"{case_id}.json").read_text(encoding="utf-8"))["cases"][0]
        assert (case["scenario"], case["estimate"]) == ("basis", "central")
        lines.append(_row(case))
    lines.append(END)
    return "\n".join(lines)


def _block(text: str) -> str:
    match = re.search(re.escape(START) + r".*?" + re.escape(END), text, flags=re.S)
    assert match, "data/demo/README.md has no generated headline block"
    return match.group(0)


def test_readme_headline_figures_are_the_golden_snapshots(snapshot_update: bool) -> None:
    text = README.read_text(encoding="utf-8")
    expected = headline_table()
    if snapshot_update:
        README.write_text(text.replace(_block(text), expected), encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    assert _block(text) == expected, (
        "data/demo/README.md's headline table is stale; run pytest tests/test_demo_readme.py "
        "--snapshot-update after updating the golden snapshots on purpose"
    )


def test_no_other_engine_figure_in_the_readme() -> None:
    """Outside the generated block the README quotes only the evaluations' own figures and
    parameters; an NPV written by hand ("17,6 mio. kr.") would go stale again."""
    text = README.read_text(encoding="utf-8")
    outside = text.replace(_block(text), "")
    allowed = {"6,7", "7,7", "3,5", "0,6", "1,7", "1,9", "0,56", "0,64", "2,5", "72.000"}
    found = set(re.findall(r"(\d+(?:[.,]\d+)?) mio\. kr\.", outside))
    assert found <= allowed, sorted(found - allowed)
