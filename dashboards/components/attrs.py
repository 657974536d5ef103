"""HTML attributes whose names are not Python identifiers (`aria-live`, `aria-label`, ...).

Dash takes them as `**{"aria-live": "polite"}` (its components accept any `aria-*`/`data-*`
keyword at run time), but its typed signatures would read a `dict[str, str]` splat as a value
for every typed parameter. Typing the splat as `dict[str, Any]` says what it is.
"""

from __future__ import annotations

from typing import Any


def aria(name: str, value: str) -> dict[str, Any]:
    """`**aria("live", "polite")` for `aria-live="polite"`."""
    return {f"aria-{name}": value}
