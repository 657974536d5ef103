"""Where the bundled reference data, demo cases and SQL models are.

In a source checkout (`pip install -e .`) they sit at the repository root; in a wheel they are
copied into `gevinst/_bundled/` (see pyproject's force-include). One function decides.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parents[1] / name


def data_dir() -> Path:
    return _bundled("data")


def reference_dir() -> Path:
    return data_dir() / "reference"


def demo_dir() -> Path:
    return data_dir() / "demo"


def models_dir() -> Path:
    return _bundled("models")
