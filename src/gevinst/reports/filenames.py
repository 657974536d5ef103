"""Download and output file names made from user text (a case id, a municipality, a title).

One function, used by every dashboard download and the CLI's default output names: plain
ASCII letters, digits, `-`, `_` and `.`, Danish letters spelt out (æ → ae, ø → oe, å → aa, as
in a URL or an e-mail address), no path separators, no leading dot, a bounded length, and a
suffix the caller chooses (never taken from the user).
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 100
FALLBACK = "gevinst"

_DANISH = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"}
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIX = re.compile(r"^(\.[A-Za-z0-9]{1,10})*$")
# names Windows will not create whatever the suffix (CON.xlsx is still CON)
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_filename(text: str, suffix: str = "", max_length: int = MAX_LENGTH) -> str:
    """`safe_filename("Gevinstdeling Ærø/2026", ".xlsx")` → `Gevinstdeling-Aeroe-2026.xlsx`."""
    if not _SUFFIX.match(suffix):
        raise ValueError(f"not a file suffix: {suffix!r}")
    spelt = unicodedata.normalize("NFKC", str(text)).translate(_DANISH)
    ascii_text = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_text)
    stem = re.sub(r"-{2,}", "-", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_ ")
    stem = stem[: max(1, max_length - len(suffix))].rstrip(".-_ ")
    if not stem:
        stem = FALLBACK
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{FALLBACK}-{stem}"
    return stem + suffix
