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
