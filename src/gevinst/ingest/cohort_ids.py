"""A cohort's id file: a csv or parquet file with a `person_id` column of pseudonyms. Checked
before anything is written: the column is there, there is at least one id, and nothing looks
like a CPR number (`ingest.cpr`, the same rule as the benefit-week import)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from gevinst.errors import InputRejected, Problem
from gevinst.ingest.cpr import looks_like_cpr, masked
from gevinst.messages import Lang, msg, register

register(
    {
        "cohort.ids.kind": {
            "da": "id-filen skal være csv eller parquet",
            "en": "the id file must be csv or parquet",
        },
        "cohort.ids.column": {
            "da": "kolonnen person_id mangler; fandt: {found}",
            "en": "the column person_id is missing; found: {found}",
        },
        "cohort.ids.unreadable": {
            "da": "filen kan ikke læses ({detail})",
            "en": "the file cannot be read ({detail})",
        },
        "cohort.ids.cpr": {
            "da": "person_id ligner et CPR-nummer ({value}); brug et pseudonym — intet er gemt",
            "en": "person_id looks like a CPR number ({value}); use a pseudonym — nothing "
            "was stored",
        },
        "cohort.ids.empty": {
            "da": "filen indeholder ingen person_id",
            "en": "the file holds no person_id",
        },
    }
)


def _read(path: Path, lang: Lang) -> pl.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            return pl.read_parquet(path)
        first = path.read_bytes().decode("utf-8").split("\n", 1)[0]  # as DuckDB reads it
        separator = ";" if first.count(";") > first.count(",") else ","
        return pl.read_csv(path, separator=separator, infer_schema=False, encoding="utf8-lossy")
    except Exception as exc:  # a damaged file is an answer, not a crash
        raise InputRejected(
            [
                Problem(
                    path.name,
                    "",
                    msg("cohort.ids.unreadable", lang, detail=str(exc).splitlines()[0][:200]),
                )
            ]
        ) from exc


def check_ids_file(path: Path, lang: Lang = "da") -> int:
    """The id file has a `person_id` column of pseudonyms (nothing like a CPR number);
    returns the number of distinct ids. `InputRejected` otherwise: nothing is written."""
    name = path.name
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise InputRejected([Problem(name, "", msg("cohort.ids.kind", lang))])
    frame = _read(path, lang)
    # the name DuckDB will read (`define_cohort`): case-insensitive, nothing around it
    column = next((c for c in frame.columns if c.lstrip("\ufeff").lower() == "person_id"), None)
    if column is None:
        raise InputRejected(
            [Problem(name, "", msg("cohort.ids.column", lang, found=", ".join(frame.columns)))]
        )
    ids = [str(v).strip() for v in frame[column].to_list() if v is not None and str(v).strip()]
    problems = [
        Problem(name, f"person_id, row {row}", msg("cohort.ids.cpr", lang, value=masked(value)))
        for row, value in enumerate(ids, start=2)
        if looks_like_cpr(value)
    ]
    if problems:
        raise InputRejected(problems[:20])
    if not ids:
        raise InputRejected([Problem(name, "", msg("cohort.ids.empty", lang))])
    return len(set(ids))
