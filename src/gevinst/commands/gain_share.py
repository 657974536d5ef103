"""`gevinst gain-share CASE_ID… --share 0.5 -o proposal.xlsx`: a gevinstdeling proposal from
the cases' realised gains, as a workbook for the committee (rule: `domain.gain_share`)."""

from __future__ import annotations

from pathlib import Path

import click

from gevinst.commands.options import db_option, lang_option
from gevinst.domain.gain_share import DEFAULT_SHARE
from gevinst.fmt import kr
from gevinst.messages import msg, register
from gevinst.reports.gain_share_workbook import write_gain_share_workbook
from gevinst.services.gain_share import proposal as gain_share_proposal
from gevinst.settings import Lang, load_settings

register(
    {
        "gain_share.line": {
            "da": "{year}: {amount} fra {giver} til {receiver}",
            "en": "{year}: {amount} from {giver} to {receiver}",
        },
        "gain_share.written": {
            "da": "Forslag ({share} tilbage) skrevet til {path}: i alt {total}",
            "en": "Proposal ({share} returned) written to {path}: {total} in all",
        },
    }
)


@click.command("gain-share")
@click.argument("case_ids", nargs=-1, required=True)
@click.option(
    "--share",
    type=click.FloatRange(0, 1),
    default=DEFAULT_SHARE,
    show_default=True,
    help="Andel af den realiserede nettogevinst, der går tilbage til det investerende udvalg.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Excel-fil til forslaget (.xlsx).",
)
@db_option
@lang_option
def gain_share_command(
    case_ids: tuple[str, ...], share: float, output: Path, db: Path | None, lang: Lang | None
) -> None:
    """Forslag til gevinstdeling: omplaceringer til det investerende udvalg."""
    settings = load_settings(db, lang)
    found = gain_share_proposal(settings.db, list(case_ids), share, settings.lang)
    proposal = found.proposal
    write_gain_share_workbook(proposal, found.cases, output)
    for r in proposal.by_year().iter_rows(named=True):
        click.echo(
            msg(
                "gain_share.line",
                settings.lang,
                year=r["year"],
                amount=kr(r["transfer_dkk"], lang=settings.lang),
                giver=r["from_committee"],
                receiver=r["to_committee"],
            )
        )
    click.echo(
        msg(
            "gain_share.written",
            settings.lang,
            share=f"{share:.0%}",
            path=output,
            total=kr(proposal.total_dkk, lang=settings.lang),
        )
    )
