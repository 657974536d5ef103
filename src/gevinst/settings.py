"""The one settings object: where the database is and which language people read.

Precedence: an explicit `--db` beats `GEVINST_DB`, which beats a file in the user's data
directory (platformdirs), so a finance director never has to know a path to get started.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from gevinst.messages import DEFAULT_LANG, Lang

__all__ = ["Lang", "Settings", "default_db_path", "load_settings"]


def default_db_path() -> Path:
    return user_data_path("gevinst", appauthor=False) / "gevinst.duckdb"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GEVINST_", extra="ignore")

    db: Path = Field(default_factory=default_db_path, description="DuckDB database file")
    lang: Lang = Field(default=DEFAULT_LANG, description="language of messages and reports")
    user: str = Field(default="", description="who is importing or saving (audit trail)")


def load_settings(db: Path | None = None, lang: Lang | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if db is not None:
        overrides["db"] = db
    if lang is not None:
        overrides["lang"] = lang
    # mypy: pydantic-settings validates each override by its field
    return Settings(**overrides)  # type: ignore[arg-type]
