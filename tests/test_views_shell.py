"""The shell's plain functions: links keep the page and its choices in the other language."""

from __future__ import annotations

from dashboards.app import lang_of, lang_switch
from dashboards.components.shell import href


def test_language_switch_keeps_every_choice():
    link = lang_switch("/scenarios", "?v=a:basis:central&v=b:x:low")
    assert link.href == "/scenarios?lang=en&v=a:basis:central&v=b:x:low"
    assert lang_switch("/case", "?id=x&lang=en").href == "/case?id=x"


def test_language_defaults_to_danish_and_rejects_anything_else():
    assert lang_of(None) == "da"
    assert lang_of("?lang=en") == "en"
    assert lang_of("?lang=<script>") == "da"


def test_href_drops_empty_values():
    assert href("/case", "da", id="", scenario=None) == "/case"
    assert href("/case", "en", id="a b") == "/case?lang=en&id=a+b"
