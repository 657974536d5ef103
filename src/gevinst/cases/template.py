"""`gevinst template case`: the commented case file people start from (data/templates)."""

from __future__ import annotations

from pathlib import Path

from gevinst.paths import data_dir


def case_template_text() -> str:
    return (data_dir() / "templates" / "case.toml").read_text(encoding="utf-8")


def write_case_template(path: Path) -> None:
    path.write_text(case_template_text(), encoding="utf-8")
