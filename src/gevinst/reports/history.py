"""A case's history for people: its saved versions, and for an adopted case the figures as
decided next to the figures now, with the difference explained by cause (`gevinst history`;
the realisation page shows the same causes through `cause_lines`)."""

from __future__ import annotations

from gevinst.domain.versions import Explanation, Step
from gevinst.fmt import kr
from gevinst.messages import Lang, msg, register
from gevinst.store.history import CaseComparison, StoredVersion

register(
    {
        "history.versions": {"da": "Versioner af {case}", "en": "Versions of {case}"},
        "history.version": {
            "da": "v{version}  {saved_at}  {by:<12} {status:<8} {decided}{marks}",
            "en": "v{version}  {saved_at}  {by:<12} {status:<8} {decided}{marks}",
        },
        "history.current": {"da": "gældende", "en": "current"},
        "history.decision": {"da": "besluttet (frosset)", "en": "decision (frozen)"},
        "history.not_adopted": {
            "da": "Casen er ikke vedtaget; der er ingen beslutning at sammenligne med.",
            "en": "The case is not adopted; there is no decision to compare with.",
        },
        "history.unchanged": {
            "da": "Uændret siden beslutningen (v{version}).",
            "en": "Unchanged since the decision (v{version}).",
        },
        "history.compare": {
            "da": "Som besluttet (v{old}) og nu (v{new}), basis, centralt skøn:",
            "en": "As decided (v{old}) and now (v{new}), basis, central estimate:",
        },
        "history.header": {
            "da": "{payer:<22} {year:>5} {decided:>18} {now:>18} {diff:>18}",
            "en": "{payer:<22} {year:>5} {decided:>18} {now:>18} {diff:>18}",
        },
        "history.col.payer": {"da": "Betaler", "en": "Payer"},
        "history.col.year": {"da": "År", "en": "Year"},
        "history.col.decided": {"da": "Besluttet", "en": "Decided"},
        "history.col.now": {"da": "Nu", "en": "Now"},
        "history.col.diff": {"da": "Forskel", "en": "Difference"},
        "history.changes": {"da": "Hvad er ændret:", "en": "What changed:"},
        "history.causes": {
            "da": "Ændring i nutidsværdi for {payer} fordelt på årsag (trinvis "
            "udskiftning i fast rækkefølge):",
            "en": "Change in present value for {payer} by cause (step-wise "
            "substitution in a fixed order):",
        },
        "history.total": {"da": "I alt", "en": "Total"},
        "history.cause.unit": {"da": "enhedspris {detail}", "en": "unit cost {detail}"},
        "history.cause.local-unit": {
            "da": "casens egen enhed {detail}",
            "en": "the case's own unit {detail}",
        },
        "history.cause.persons": {"da": "målgruppens størrelse", "en": "size of the target group"},
        "history.cause.cost": {"da": "investeringens omkostninger", "en": "the investment's costs"},
        "history.cause.effect": {"da": "effekt {detail}", "en": "effect {detail}"},
        "history.cause.other": {"da": "øvrige antagelser", "en": "other assumptions"},
        "history.cause.rules": {
            "da": "regler og referencedata i øvrigt",
            "en": "rules and other reference data",
        },
        "history.payer.municipality": {"da": "kommune {code}", "en": "municipality {code}"},
        "history.payer.region": {"da": "region {code}", "en": "region {code}"},
        "history.payer.state": {"da": "staten", "en": "the state"},
        "history.payer.municipalities": {"da": "øvrige kommuner", "en": "the other municipalities"},
        "history.payer.external": {"da": "ekstern finansiering", "en": "external funding"},
    }
)


def payer_name(kind: str, code: int | None, lang: Lang) -> str:
    return msg(f"history.payer.{kind}", lang, code=code if code is not None else "")


def cause_label(step: Step, lang: Lang) -> str:
    kinds = step.kind.split(" + ")
    if len(kinds) == 1:
        return msg(f"history.cause.{step.kind}", lang, detail=step.detail)
    return " + ".join(msg(f"history.cause.{k}", lang, detail="").strip() for k in kinds) + (
        f" ({step.detail})" if step.detail else ""
    )


def cause_lines(
    explanation: Explanation, payer: tuple[str, int | None], lang: Lang
) -> list[tuple[str, float]]:
    rows = [(cause_label(s, lang), s.npv_change.get(payer, 0.0)) for s in explanation.steps]
    return [r for r in rows if abs(r[1]) >= 0.005]


def render(
    case_id: str, stored: list[StoredVersion], comparison: CaseComparison | None, lang: Lang
) -> str:
    lines = [msg("history.versions", lang, case=case_id)]
    for v in stored:
        marks = [msg("history.current", lang)] if v.is_current else []
        if v.is_decision:
            marks.append(msg("history.decision", lang))
        lines.append(
            "  "
            + msg(
                "history.version",
                lang,
                version=v.version,
                saved_at=v.saved_at.strftime("%Y-%m-%d %H:%M"),
                by=v.saved_by,
                status=v.status,
                decided=v.decided_on or "",
                marks=f"  ({', '.join(marks)})" if marks else "",
            )
        )
    lines.append("")
    if comparison is None:
        lines.append(msg("history.not_adopted", lang))
        return "\n".join(lines) + "\n"
    if comparison.decision.version == comparison.current.version:
        lines.append(msg("history.unchanged", lang, version=comparison.decision.version))
        return "\n".join(lines) + "\n"
    lines.append(
        msg(
            "history.compare", lang, old=comparison.decision.version, new=comparison.current.version
        )
    )
    lines.append(
        "  "
        + msg(
            "history.header",
            lang,
            payer=msg("history.col.payer", lang),
            year=msg("history.col.year", lang),
            decided=msg("history.col.decided", lang),
            now=msg("history.col.now", lang),
            diff=msg("history.col.diff", lang),
        )
    )
    for r in comparison.by_year.iter_rows(named=True):
        if abs(r["difference_dkk"]) < 0.005 and abs(r["now_dkk"]) < 0.005:
            continue
        lines.append(
            "  "
            + msg(
                "history.header",
                lang,
                payer=payer_name(r["payer_kind"], r["payer_code"], lang),
                year=r["year"],
                decided=kr(r["decided_dkk"], lang=lang),
                now=kr(r["now_dkk"], lang=lang),
                diff=kr(r["difference_dkk"], lang=lang),
            )
        )
    lines += ["", msg("history.changes", lang)]
    lines += [f"  {c.where}: {c.old} → {c.new}" for c in comparison.changes]
    explanation = comparison.explanation
    payers = sorted(
        set(explanation.decided) | set(explanation.now),
        key=lambda p: (p[0] != "municipality", p[0], p[1] or 0),
    )
    for payer in payers:
        lines += ["", msg("history.causes", lang, payer=payer_name(*payer, lang))]
        for label, amount in cause_lines(explanation, payer, lang):
            lines.append(f"  {label:<48} {kr(amount, lang=lang):>18}")
        lines.append(
            f"  {msg('history.total', lang):<48} {kr(explanation.total(payer), lang=lang):>18}"
        )
    return "\n".join(lines) + "\n"
