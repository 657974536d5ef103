"""One message catalogue: every module's texts register into `gevinst.messages` without
clashing, in both languages; and the login page's template escapes what it echoes."""

from __future__ import annotations

import importlib
import pkgutil

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
