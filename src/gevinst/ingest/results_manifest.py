"""The manifest of a `gevinst spark` run: what it read, with which rules, by which gevinst.

`gevinst spark` writes `OUT/manifest.json` last, after the parquet (and removes an old one
first), so an output folder with a manifest is a finished run. `gevinst import --kind
benefit-weeks-results` reads it to know the run's provenance — every input file with its
SHA-256, municipality and row count, the fingerprint of the rule tables (`model_sql.
rules_fingerprint`) and of the model's SQL, the gevinst version — and refuses results computed
with other rule tables than the database's, since their split would not be the one gevinst
shows everywhere else.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gevinst.errors import Problem
from gevinst.messages import Lang, msg, register

NAME = "manifest.json"
FORMAT = "gevinst-benefit-weeks-results"
FORMAT_VERSION = 1

register(
    {
        "results.manifest_missing": {
            "da": "manifest.json mangler: mappen er ikke et færdigt resultat af gevinst spark "
            "(manifestet skrives til sidst; kør gevinst spark igen)",
            "en": "manifest.json is missing: the folder is not a finished gevinst spark output "
            "(the manifest is written last; run gevinst spark again)",
        },
        "results.manifest_json": {
            "da": "kan ikke læses som JSON ({detail})",
            "en": "cannot be read as JSON ({detail})",
        },
        "results.manifest_field": {
            "da": "feltet {field}: {detail}",
            "en": "the field {field}: {detail}",
        },
        "results.manifest_format": {
            "da": "format {found} version {version} er ikke {expected} version {expected_version}",
            "en": "format {found} version {version} is not {expected} version {expected_version}",
        },
    }
)


class InputFile(BaseModel):
    """One person-week file the run read; `input_no` is the `import_id` of its rows there."""

    model_config = ConfigDict(extra="forbid")

    input_no: int = Field(ge=1)
    file: str
    municipality_code: int
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rows: int = Field(ge=0)


class Manifest(BaseModel):
    """manifest.json of a `gevinst spark` output folder."""

    model_config = ConfigDict(extra="forbid")

    format: str
    format_version: int
    gevinst_version: str
    created_at: str
    master: str
    rules_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    model_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rule_parameters: dict[str, int]
    municipalities: list[int]
    rows: int = Field(ge=0)
    inputs: list[InputFile] = Field(min_length=1)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(out: Path, manifest: Manifest) -> Path:
    """Write `out/manifest.json` (atomically: a reader never sees half a manifest)."""
    target = out / NAME
    partial = out / f".{NAME}.partial"
    partial.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    partial.replace(target)
    return target


def read_manifest(folder: Path, lang: Lang = "da") -> tuple[Manifest | None, list[Problem]]:
    """The manifest of `folder`, or the problems that make it unusable (each naming the file)."""
    path = folder / NAME
    if not path.is_file():
        return None, [Problem(str(path), "", msg("results.manifest_missing", lang))]
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [Problem(str(path), "", msg("results.manifest_json", lang, detail=exc))]
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        return None, [
            Problem(
                str(path),
                "",
                msg(
                    "results.manifest_field",
                    lang,
                    field=".".join(str(p) for p in e["loc"]) or "-",
                    detail=e["msg"],
                ),
            )
            for e in exc.errors()
        ]
    if (manifest.format, manifest.format_version) != (FORMAT, FORMAT_VERSION):
        return None, [
            Problem(
                str(path),
                "",
                msg(
                    "results.manifest_format",
                    lang,
                    found=manifest.format,
                    version=manifest.format_version,
                    expected=FORMAT,
                    expected_version=FORMAT_VERSION,
                ),
            )
        ]
    return manifest, []
