"""Shared fixtures: the bundled reference data, and paths to ../shared when it is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gevinst.reference import Reference, bundled_reference

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def ref() -> Reference:
    return bundled_reference()


def shared_path(*parts: str) -> Path:
    """A file in ../shared; skipped where it is absent (a user's machine), required in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is required under CI=true")
        pytest.skip(f"{path} is not here")
    return path
