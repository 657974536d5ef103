"""Every page loads in Chromium under the Content-Security-Policy with zero violations
(issue 15, point 4): the policy allows what Dash and plotly need and nothing else.

Given the demo server and its administrator: each page of the app (and the login page) is
opened, its main content waited for, and the browser's CSP reports — `securitypolicyviolation`
events and the console's "Content Security Policy" lines — must be empty; the header is there.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import csp_violations

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "#portfolio-body table, #portfolio-body .js-plotly-plot, #portfolio-body p"),
    ("/case?id=tidlig-familieindsats", "#case-body .js-plotly-plot, #case-body table"),
    ("/scenarios", "#scenarios-body table, #scenarios-body .js-plotly-plot"),
    ("/budget", "#budget-committee-table"),
    ("/realisation?case=sverigesmodellen-herning", "#realisation-body table, #realisation-body p"),
    ("/peers", "#peers-body .js-plotly-plot, #peers-body table, #peers-body p"),
    ("/import", "#import-upload"),
]


@pytest.mark.parametrize("path, content", PAGES)
def test_every_page_loads_without_a_csp_violation(page, path: str, content: str) -> None:  # type: ignore[no-untyped-def]
    answer = page.goto(path)
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    page.wait_for_selector(content, timeout=90_000)  # a busy machine: content, not speed
    page.wait_for_load_state("networkidle")
    assert csp_violations(page) == []


def test_the_login_page_has_the_policy_and_no_violation(anonymous_page) -> None:  # type: ignore[no-untyped-def]
    answer = anonymous_page.goto("/login")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    anonymous_page.wait_for_selector("#login-username")
    assert csp_violations(anonymous_page) == []
