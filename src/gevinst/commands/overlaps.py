"""`gevinst overlaps`: cases that claim the same saving (unit, municipality, year; shared
persons where known), and the portfolio total with and without the overlap."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.domain.overlap import find_overlaps
from gevinst.fmt import kr
from gevinst.messages import msg, register
from gevinst.settings import Lang, load_settings
from gevinst.store import connect
from gevinst.store.overlap import claims, persons

register(
    {
        "overlaps.none": {
            "da": "Ingen cases gør krav på den samme gevinst.",
            "en": "No two cases claim the same gain.",
        },
        "overlaps.title": {
            "da": "Mulig dobbelttælling (samme enhed, kommune og år):",
            "en": "Possible double counting (same unit, municipality and year):",
        },
        "overlaps.pair": {
            "da": "{year} {unit} i {code}: {kept} ({kept_dkk}) og {other} "
            "({other_dkk}){persons}; fjernes: {removed}",
            "en": "{year} {unit} in {code}: {kept} ({kept_dkk}) and {other} "
            "({other_dkk}){persons}; removed: {removed}",
        },
        "overlaps.persons": {"da": ", {n} fælles personer", "en": ", {n} shared persons"},
        "overlaps.unknown": {"da": ", personer ukendte", "en": ", persons unknown"},
        "overlaps.totals": {
            "da": "Porteføljens bruttobesparelse pr. år (med / uden overlap):",
            "en": "The portfolio's gross saving per year (with / without overlap):",
        },
        "overlaps.rule": {
            "da": "Regel: den største besparelse pr. enhed, kommune og år beholdes; "
            "de øvrige fjernes (ved kendte personer kun de fælles personers "
            "andel).",
            "en": "Rule: the largest saving per unit, municipality and year is kept; "
            "the others are removed (with known persons only the shared "
            "persons' share).",
        },
    }
)


@click.command("overlaps")
@db_option
@click.option("--municipality", type=int, default=None, help="Kun denne kommune.")
@lang_option
def overlaps_command(db: Path | None, municipality: int | None, lang: Lang | None) -> None:
    """Find cases, der tæller den samme gevinst (dobbelttælling)."""
    settings = load_settings(db, lang)
    lang_ = settings.lang
    with connect(settings.db, read_only=True) as con:
        result = find_overlaps(claims(con, municipality), persons(con))
    if not result.any:
        click.echo(msg("overlaps.none", lang_))
    else:
        click.echo(msg("overlaps.title", lang_))
        for r in result.pairs.iter_rows(named=True):
            who = (
                msg("overlaps.persons", lang_, n=r["shared_persons"])
                if r["persons_known"]
                else msg("overlaps.unknown", lang_)
            )
            click.echo(
                "  "
                + msg(
                    "overlaps.pair",
                    lang_,
                    year=r["year"],
                    unit=r["unit_id"],
                    code=r["municipality_code"],
                    kept=r["kept_case"],
                    kept_dkk=kr(r["kept_claim_dkk"], lang=lang_),
                    other=r["other_case"],
                    other_dkk=kr(r["other_claim_dkk"], lang=lang_),
                    persons=who,
                    removed=kr(r["removed_dkk"], lang=lang_),
                )
            )
        click.echo(msg("overlaps.rule", lang_))
    click.echo(msg("overlaps.totals", lang_))
    for r in result.totals.iter_rows(named=True):
        click.echo(
            f"  {r['year']}  {kr(r['claimed_dkk'], lang=lang_):>20}  "
            f"{kr(r['without_overlap_dkk'], lang=lang_):>20}"
        )
