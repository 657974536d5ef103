"""One view of a unit, whether it comes from the catalogue or is defined in the case itself.

Amounts are moved to the case's base-year prices here, once, with the reference P/L index,
so the rest of the engine never thinks about price levels.
"""

from __future__ import annotations

from dataclasses import dataclass

from gevinst.cases.schema import Case, LocalUnit
from gevinst.reference import Reference, Unit, UnitPayer


@dataclass(frozen=True, slots=True)
class UnitView:
    id: str
    per: str
    price_dkk: float  # in the case's base-year prices
    rule: str
    payers: tuple[UnitPayer, ...]
    source: str
    illustrative: bool
    local: bool
    benefit: str | None = None  # the benefit a cash unit pays (rules.toml [benefits], [section_9c])


def _from_catalogue(unit: Unit, ref: Reference, base_year: int) -> UnitView:
    factor = ref.index_factor(unit.price_year, base_year)
    return UnitView(
        unit.id,
        unit.per,
        unit.gross_dkk * factor,
        unit.rule,
        unit.payers,
        unit.source,
        unit.illustrative,
        local=False,
        benefit=unit.benefit,
    )


def _from_case(unit: LocalUnit, ref: Reference, base_year: int) -> UnitView:
    specs = unit.payers if unit.payers is not None else [unit.payer]
    payers = tuple(
        UnitPayer(kind=p.kind, share=p.share, department=p.department, account=p.account)
        for p in specs
        if p is not None
    )
    factor = ref.index_factor(unit.price_year, base_year) if unit.price_year else 1.0
    return UnitView(
        unit.id,
        unit.effective_per,
        unit.gross_dkk * factor,
        unit.rule,
        payers,
        unit.source,
        illustrative=True,
        local=True,
        benefit=unit.benefit,
    )


def resolve_units(case: Case, ref: Reference) -> dict[str, UnitView]:
    """Every unit the case's effects name, by id (load.py has checked that they exist)."""
    views: dict[str, UnitView] = {}
    for effect in case.effect:
        local = next((u for u in case.unit if u.id == effect.unit), None)
        if local is not None:
            views[effect.unit] = _from_case(local, ref, case.base_year)
        else:
            views[effect.unit] = _from_catalogue(ref.units[effect.unit], ref, case.base_year)
    return views
