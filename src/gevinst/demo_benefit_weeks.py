"""Demo benefit weeks and cohorts — DEMO DATA, no real persons.

For the IPS/mentor demo case (`ips-mentor-beskaeftigelse`, København 101) this module
generates, deterministically, pseudonymised person-week rows for a target group
(`TARGET_PERSONS`, ids `P000001`…) and a comparison group (`COMPARISON_PERSONS`, the ids after
them) over 2024–2027, writes them to a parquet file in a temporary folder and imports it
through the real benefit-week import (`store.benefit_weeks.import_benefit_weeks`: the checks,
the atomic write, the § 5/§ 6 model) as user `demo`. Then it defines the cohort
`ips-mentor-beskaeftigelse` (the case's id: that is how a cohort is linked to a case) with
both groups from id files, through `define_cohort`, and records the target group's ids as
the case's target persons (`case_target_persons`, used by the double-counting check).

The story the numbers tell (both groups drawn from the same distributions):

* everyone has a spell on benefit that began in 2024–2025: 55 % kontanthjælp, 15 %
  uddannelseshjælp (moved to kontanthjælp from 30 June 2025, when uddannelseshjælp was merged
  into the new kontanthjælp), 30 % sygedagpenge (a spell beginning 4–30 weeks before
  enrolment);
* each person is enrolled (target) or matched (comparison) in a week of the first half of 2026;
* the **built-in effect**: after enrolment a target person stays on benefit `KH_EFFECT`
  (35 %) fewer of the weeks a comparison person would (kontanthjælp, uddannelseshjælp), or
  `SDP_EFFECT` (5) fewer weeks on sygedagpenge (at least 2 weeks left);
* some leavers start education or another state-paid support: 20 weeks of
  `anden-offentlig-forsoergelse` (0 kr. in the municipality's file; they are not
  self-support, so they hold back the § 6 restart); some persons come back to kontanthjælp
  after 10–40 weeks;
* every 40th person had an earlier 8–16 week spell in early 2024 followed by more than 52
  self-supporting weeks, so the week count starts over (finansieringsloven § 6) when the
  current spell begins.

Before 2026 the groups look alike (the same distributions), from 2026 they part: the demo's
cohort comparison shows the effect's direction, by payer. The comparison group is not a
randomised control; the dashboards and the CLI say so.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from gevinst.reference import Reference

CASE_ID = "ips-mentor-beskaeftigelse"
COHORT_ID = CASE_ID  # a cohort named like a case follows that case
MUNICIPALITY = 101
TARGET_PERSONS = 120
COMPARISON_PERSONS = 240
FIRST_MONDAY = dt.date(2024, 1, 1)
WEEKS = 209  # 2024-01-01 … 2027-12-27
ENROLMENT_WEEKS = (105, 130)  # 2026-01-05 … 2026-06-29
MERGER_WEEK = 78  # 2025-06-30: uddannelseshjælp became kontanthjælp
KH_EFFECT = 0.35  # share of the remaining kontanthjælp weeks the target group avoids
SDP_EFFECT = 5  # weeks of sygedagpenge the target group avoids
FILE_NAME = "koebenhavn-ydelsesuger-demo.parquet"


@dataclass(frozen=True)
class DemoPerson:
    person_id: str
    group: str  # target or comparison
    weeks: tuple[tuple[int, str, float], ...]  # (week index, benefit, amount_dkk)


def person_id(number: int) -> str:
    """A pseudonym: `P` and six digits, never anything like a CPR number."""
    return f"P{number:06d}"


def _spell(first: int, last: int, benefit: str, amount: float) -> list[tuple[int, str, float]]:
    return [(w, benefit, amount) for w in range(max(first, 0), min(last, WEEKS - 1) + 1)]


def _person(number: int) -> DemoPerson:
    rng = random.Random(f"gevinst-demo-weeks-{number}")
    group = "target" if number <= TARGET_PERSONS else "comparison"
    draw = rng.random()
    kind = (
        "kontanthjaelp" if draw < 0.55 else "uddannelseshjaelp" if draw < 0.70 else "sygedagpenge"
    )
    enrolled = rng.randint(*ENROLMENT_WEEKS)
    restart = number % 40 == 0
    weeks: list[tuple[int, str, float]] = []
    if kind == "sygedagpenge":
        amount = float(rng.randint(3_600, 4_695))
        start = enrolled - rng.randint(4, 30)
        remaining = rng.randint(8, 30)
        if group == "target":
            remaining = max(2, remaining - SDP_EFFECT)
        weeks += _spell(start, enrolled + remaining - 1, "sygedagpenge", amount)
    else:
        amount = float(rng.randint(2_400, 3_800))
        start = rng.randint(70, 85) if restart else rng.randint(0, 80)
        remaining = rng.randint(26, 110)
        if group == "target":
            remaining = round(remaining * (1 - KH_EFFECT))
        for week, benefit, value in _spell(
            start, enrolled + remaining - 1, "kontanthjaelp", amount
        ):
            young = kind == "uddannelseshjaelp" and week < MERGER_WEEK
            weeks.append(
                (
                    week,
                    "uddannelseshjaelp" if young else benefit,
                    round(value * 0.55) if young else value,
                )
            )
    if restart:  # an earlier spell, then more than 52 self-supporting weeks: § 6 restart
        earlier = rng.randint(8, 16)
        weeks = _spell(0, min(earlier, start - 54), "kontanthjaelp", amount) + weeks
    left = enrolled + remaining
    if left < WEEKS and rng.random() < 0.12:  # education or other state-paid support
        weeks += _spell(left, left + 19, "anden-offentlig-forsoergelse", 0.0)
    elif left < WEEKS and rng.random() < 0.15:  # back on kontanthjælp after a while
        back = left + rng.randint(10, 40)
        weeks += _spell(
            back, back + rng.randint(8, 20), "kontanthjaelp", float(rng.randint(2_400, 3_800))
        )
    return DemoPerson(person_id(number), group, tuple(weeks))


def generate() -> list[DemoPerson]:
    """Every demo person, target group first; the same on every run and machine."""
    return [_person(n) for n in range(1, TARGET_PERSONS + COMPARISON_PERSONS + 1)]


def weeks_frame(persons: list[DemoPerson]) -> pl.DataFrame:
    """The person-week file's rows: person_id, week_start (Monday), benefit, amount_dkk."""
    rows = [
        (p.person_id, FIRST_MONDAY + dt.timedelta(weeks=w), benefit, amount)
        for p in persons
        for w, benefit, amount in p.weeks
    ]
    return pl.DataFrame(
        rows,
        schema={
            "person_id": pl.String,
            "week_start": pl.Date,
            "benefit": pl.String,
            "amount_dkk": pl.Float64,
        },
        orient="row",
    )


def _database_path(con: duckdb.DuckDBPyConnection) -> Path:
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if not row or not row[0]:
        raise RuntimeError("the demo's benefit weeks need a database file")
    return Path(row[0])


def add_demo_benefit_weeks(
    con: duckdb.DuckDBPyConnection, ref: Reference, user: str, at: dt.datetime
) -> None:
    """Demo step: the IPS case's person weeks imported for 101, its cohort and target persons.

    The import is `import_benefit_weeks` on the demo's database file (a second connection to
    the same DuckDB instance in this process), exactly as `gevinst import --kind
    benefit-weeks` runs it."""
    from gevinst.store.benefit_weeks import define_cohort, import_benefit_weeks
    from gevinst.store.overlap import add_case_persons

    found = con.execute("SELECT count(*) FROM cases WHERE case_id = ?", [CASE_ID]).fetchone()
    if not found or not found[0]:
        return
    persons = generate()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / FILE_NAME
        weeks_frame(persons).write_parquet(path)
        import_benefit_weeks(_database_path(con), [path], MUNICIPALITY, user, ref=ref, now=at)
        for group, label in (("target", "maalgruppe"), ("comparison", "sammenligningsgruppe")):
            ids = Path(folder) / f"ips-{label}-demo.csv"
            ids.write_text(
                "person_id\n" + "".join(f"{p.person_id}\n" for p in persons if p.group == group),
                encoding="utf-8",
            )
            define_cohort(con, COHORT_ID, group, MUNICIPALITY, ids_file=ids, now=at)
    add_case_persons(
        con,
        CASE_ID,
        [p.person_id for p in persons if p.group == "target"],
        "demo: IPS-målgruppen (ips-maalgruppe-demo.csv)",
        at=at,
    )
