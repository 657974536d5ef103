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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden from the current output",
    )


@pytest.fixture
def snapshot_update(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--snapshot-update"))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test session by the package's own code."""
    from gevinst.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path
