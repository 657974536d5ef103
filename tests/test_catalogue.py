"""One message catalogue: every module's texts register into `gevinst.messages` without
clashing, in both languages; and the login page's template escapes what it echoes."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import dashboards
import gevinst
from gevinst.messages import CATALOGUE


def test_every_module_registers_its_texts_once_in_both_languages() -> None:
    # a key registered twice with different texts raises at import: import every module
    for package, prefix in ((gevinst, "gevinst."), (dashboards, "dashboards.")):
        for module in pkgutil.walk_packages(package.__path__, prefix):
            importlib.import_module(module.name)
    assert len(CATALOGUE) > 500
    for key, texts in CATALOGUE.items():
        assert set(texts) == {"da", "en"}, key
        assert all(isinstance(text, str) and text.strip() for text in texts.values()), key
    # the dashboards, the login page and the report labels read the same catalogue
    from dashboards.i18n import t
    from dashboards.login.page import text
    from gevinst.reports.labels import flow_name, frame_name

    assert t("nav.portfolio", "en") == "Portfolio"
    assert text("wrong", "da") == "Forkert brugernavn eller adgangskode."
    assert flow_name("refusion", "en") == "Refusion/co-financing"
    assert frame_name("no-such-frame") == "no-such-frame"


def test_the_glossary_silos_and_workbook_read_their_words_from_the_catalogue() -> None:
    # issue 14: no Danish/English table of their own left in these modules
    from dashboards.components import glossary
    from gevinst.reports import budget_decision_workbook, plain_language, scenario_frames

    for module, table in (
        (glossary, "TERMS"),
        (plain_language, "_OTHER_IN_TEXT"),
        (plain_language, "_OTHER_SUBJECT"),
        (scenario_frames, "OTHER_SILOS"),
        (scenario_frames, "PAYER_GROUP_LABEL"),
        (budget_decision_workbook, "_TEXT"),
        (plain_language, "ESTIMATE_WORD"),
    ):
        assert not hasattr(module, table), table
    assert sum(key.startswith("glossary.") for key in CATALOGUE) == 23
    assert glossary.term("NPV", "npv", "en").title.startswith("Present value:")
    assert scenario_frames.silo_label("municipalities", "da") == "Øvrige kommuner"
    for kind in scenario_frames.OTHER_SILO_KINDS:
        assert f"plain_language.in_text.{kind}" in CATALOGUE
        assert f"plain_language.subject.{kind}" in CATALOGUE
    for columns in budget_decision_workbook._COLUMNS.values():
        for column in columns:
            assert f"budget_decision_workbook.col.{column}" in CATALOGUE, column


def test_the_login_template_escapes_what_it_echoes() -> None:
    from dashboards.login.page import _TEMPLATES

    html = _TEMPLATES.get_template("login.html").render(
        lang="da",
        other="en",
        tx={},
        message="<b>m</b>",
        form=True,
        logout=False,
        csrf="t",
        next="/",
        username='"><script>alert(1)</script>',
        action="/login",
        switch_href="/login?lang=en",
        sso=None,
        demo_users=[],
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&#34;&gt;" in html


#: {"da": …, "en": …} tables outside the catalogue that are not texts: Plotly's decimal and
#: thousands separators per language are a number format, like `gevinst.fmt`'s
NOT_TEXTS = {("dashboards/components/money.py", "PLOTLY_SEPARATORS")}


def inline_tables(source: str) -> list[tuple[str, int]]:
    """Every dict literal with both a "da" and an "en" key that is not (part of) the argument
    of a `register(...)` call: (the name it is assigned to, or "", and its line)."""
    tree = ast.parse(source)
    registered: set[int] = set()
    named: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            getattr(node.func, "id", None) == "register"
            or getattr(node.func, "attr", None) == "register"
        ):
            registered.update(id(sub) for arg in node.args for sub in ast.walk(arg))
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            name = next((t.id for t in targets if isinstance(t, ast.Name)), "")
            named.update((id(sub), name) for sub in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and id(node) not in registered:
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"da", "en"} <= keys:
                found.append((named.get(id(node), ""), node.lineno))
    return found


def test_no_language_table_lives_outside_the_catalogue() -> None:
    # issue 14: one translation mechanism; a new {"da": …, "en": …} table fails here
    root = Path(__file__).resolve().parents[1]
    left = []
    for folder in ("src", "dashboards"):
        for path in sorted((root / folder).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            source = path.read_text(encoding="utf-8")
            for name, line in inline_tables(source):
                if (where, name) not in NOT_TEXTS:
                    left.append(f"{where}:{line} {name}")
    assert left == []


def test_the_table_check_finds_an_inline_table_and_passes_a_registered_one() -> None:
    inline = 'WORD = {"low": {"da": "lavt", "en": "low"}}\nx = {"da": 1, "en": 2}["da"]\n'
    assert inline_tables(inline) == [("WORD", 1), ("x", 2)]
    registered = 'register({"k": {"da": "lavt", "en": "low"}})\ni18n.register({"k": {"da": "a", "en": "b"}})\n'
    assert inline_tables(registered) == []


def test_the_moved_words_read_as_before() -> None:
    from dashboards.i18n import t
    from dashboards.views import case
    from gevinst.ingest.benefit_weeks import _weekday
    from gevinst.reports import labels, plain_language, workbook

    assert plain_language.estimate_word("low", "da") == "forsigtigt skøn"
    assert plain_language.estimate_word("unknown", "en") == "unknown"
    assert t("row.npv", "en") == "Present value"
    assert t("decision.estimate.low", "da") == "Lavt (forsigtigt)"
    assert case.rule_label("costly-cases:2021-", "da").startswith("særligt dyre enkeltsager")
    assert case.rule_label("no-such-rule", "da") == "no-such-rule"
    assert _weekday("2026-01-06 2", "da") == "2026-01-06 (tirsdag)"
    assert _weekday("2026-01-06 9", "en") == "2026-01-06 9"
    assert labels.flow_name("gain", "en") == "Gain (gross)"
    assert "health-cofinancing" in labels.FRAME_CODES
    assert workbook._header("monte_carlo", "en")[-2:] == [
        "P(payback in budget period)",
        "P(payback in horizon)",
    ]
