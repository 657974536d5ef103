"""Saved import mappings as controllers see them: list, show (as the TOML a `--mapping` file
would hold), delete. Called by `gevinst mapping` and the import page."""

from __future__ import annotations

import json
from pathlib import Path

from gevinst.store.mappings import SavedMapping, delete_mapping, list_mappings

__all__ = ["as_toml", "delete", "listed", "shown"]


def listed(db: Path, municipalities: list[int] | None = None) -> list[SavedMapping]:
    return list_mappings(db, municipalities)


def shown(db: Path, municipality: int, name: str) -> SavedMapping | None:
    return next((m for m in list_mappings(db, [municipality]) if m.name == name), None)


def delete(db: Path, municipality: int, name: str) -> bool:
    return delete_mapping(db, municipality, name)


def _toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string or list is valid TOML


def as_toml(saved: SavedMapping) -> str:
    """The saved mapping as the `--mapping` file that would give it (it can be edited and
    given again under the same name)."""
    data = json.loads(saved.mapping_json)
    lines = [
        f"# mapping '{saved.name}' for municipality {saved.municipality_code}, saved "
        f"{saved.saved_at:%Y-%m-%d %H:%M} by {saved.saved_by}",
        f"# header signature: {saved.signature}",
    ]
    for key in ("sheets", "header_row", "unit", "budget_kind"):
        if data.get(key) is not None:
            value = data[key]
            lines.append(f"{key} = {value if isinstance(value, int) else _toml_value(value)}")
    if data.get("columns"):
        lines.append("[columns]")
        lines += [f"{_toml_value(h)} = {_toml_value(t)}" for h, t in data["columns"].items()]
    if data.get("postings"):
        lines += _postings_toml(data["postings"])
    return "\n".join(lines)


def _postings_toml(postings: dict) -> list[str]:
    """A posting map as the mapping file's `[postings]`: key column, then key → function."""
    lines = ["[postings]", f"key = {_toml_value(postings['key'])}", "[postings.functions]"]
    for key, target in postings["functions"].items():
        value = (
            _toml_value(target["function"])
            if target.get("dranst") is None
            else f"{{ function = {_toml_value(target['function'])}, dranst = {target['dranst']} }}"
        )
        lines.append(f"{_toml_value(key)} = {value}")
    return lines
