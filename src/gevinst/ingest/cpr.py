"""What looks like a CPR number, in one place: the benefit-week import (in DuckDB SQL) and a
cohort's id file (in Python) refuse the same values.

A CPR number is DDMMYY-SSSS (CPR-loven § 3; the dash optional). A person id is taken for one
when it is at least 10 characters and holds 6 digits that read as a date followed by 4 digits,
with no digit right before or after, so a pseudonym like `P000123` is not.
"""

from __future__ import annotations

import datetime as dt
import re

#: the pattern as text: it runs both in Python's `re` and in DuckDB's `regexp_*` (RE2);
#: group 2 is the date part
CPR_PATTERN = r"(^|[^0-9])([0-9]{6})-?[0-9]{4}([^0-9]|$)"
_CPR = re.compile(CPR_PATTERN)


def looks_like_cpr(value: str) -> bool:
    found = _CPR.search(value)
    return found is not None and len(value) >= 10 and _is_date(found.group(2))


def masked(value: str) -> str:
    """The value with every digit as X, safe to show in a message."""
    return re.sub("[0-9]", "X", value)


def _is_date(ddmmyy: str) -> bool:
    try:
        dt.datetime.strptime(ddmmyy, "%d%m%y")
    except ValueError:
        return False
    return True
