"""The refusion staircase at person level: one rule, the engine's and the SQL model's.

Given persons as week sequences (DESIGN "Domain rules" and issue 6's worked examples), the SQL
model (`benefit_weeks`) and the reference rule (`tests/_rule_references.person_counters` +
`staircase.step_share`) must give the same count
week and the same split to the øre, and every row must conserve its gross amount.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gevinst.domain import staircase
from gevinst.store import build_model, run_audits
from gevinst.store.benefit_weeks import materialise, write_rule_steps
from tests._rule_references import person_counters

MONDAY = dt.date(2020, 1, 6)
KIND_OF = {
    "kontanthjaelp": "benefit",
    "sygedagpenge": "benefit",
    "dagpenge": "benefit",
    "uddannelseshjaelp": "benefit",
    "anden-offentlig-forsoergelse": "other",
    "fleksjob-foer-2013": "other",
}

# A person is a list of weeks from their first row: a benefit name, or None (no row: self-support)
Person = list[str | None]


@pytest.fixture
def con(ref):
    connection = duckdb.connect()
    build_model(connection)
    write_rule_steps(connection, ref)
    yield connection
    connection.close()


#: person-weeks stored with only the file's fields (as the migration keeps a row the model never
#: derived): `materialise` computes the rest from the stored rows themselves, the rebuild of a
#: purge; `gevinst import` (tests/test_benefit_weeks_import.py) reads them from the files instead
STORED_WEEKS = (
    "INSERT INTO benefit_weeks_rows (import_id, source_row, municipality_code, person_id, "
    "week_start, benefit, gross_dkk, counter_week_at_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def load(
    con,
    persons: dict[str, Person],
    amounts: dict[str, list[float]] | None = None,
    start: dict[str, int] | None = None,
    municipality: int = 169,
) -> None:
    rows = []
    for pid, weeks in persons.items():
        for t, benefit in enumerate(weeks):
            if benefit is None:
                continue
            amount = amounts[pid][t] if amounts else 3_000.0
            first = (start or {}).get(pid)
            rows.append(
                (
                    1,
                    len(rows) + 2,
                    municipality,
                    pid,
                    MONDAY + dt.timedelta(weeks=t),
                    benefit,
                    amount,
                    first,
                )
            )
    con.executemany(STORED_WEEKS, rows)
    materialise(con, [municipality])


def sql_rows(con, pid: str) -> list[tuple]:
    return con.execute(
        "SELECT week_start, benefit, gross_dkk, counter_week, state_share, state_dkk, "
        "municipal_dkk FROM benefit_weeks WHERE person_id = ? ORDER BY week_start",
        [pid],
    ).fetchall()


def sql_counters(con, pid: str) -> list[int | None]:
    return [r[3] for r in sql_rows(con, pid)]


def engine_rows(ref, weeks: Person, amounts: list[float], start: int | None = None) -> list[tuple]:
    """The same person through the reference rule: person_counters + step_share."""
    kinds = ["self" if b is None else KIND_OF[b] for b in weeks]
    counters = person_counters(
        kinds, ref.rules.reset_self_support_weeks, ref.rules.reset_window_weeks
    )
    out, period = [], -1
    for t, (benefit, counter) in enumerate(zip(weeks, counters, strict=True)):
        if benefit is None:
            continue
        if counter == 1:
            period += 1
        if counter is not None and period == 0 and start:
            counter += start - 1
        gross = Decimal(str(amounts[t])).quantize(Decimal("0.01"))
        rule = ref.rules.benefits[benefit]
        if rule == "staircase":
            share = Decimal(str(float(staircase.step_share(counter, ref.rules.staircase))))
            state = (gross * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
        elif rule == "dagpenge-cofinancing":
            municipal_share = Decimal(
                str(float(staircase.step_share(counter, ref.rules.cofinancing)))
            )
            share = 1 - municipal_share
            state = gross - (gross * municipal_share).quantize(Decimal("0.01"), ROUND_HALF_UP)
        elif rule == "fixed-65":
            share = Decimal(str(ref.rules.fixed_65_share))
            state = (gross * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
        else:
            share, state = Decimal(0), Decimal("0.00")
        out.append(
            (MONDAY + dt.timedelta(weeks=t), benefit, gross, counter, share, state, gross - state)
        )
    return out


def assert_same(con, ref, persons: dict[str, Person], amounts, start=None) -> None:
    for pid, weeks in persons.items():
        expected = engine_rows(ref, weeks, amounts[pid], (start or {}).get(pid))
        got = [
            (w, b, g, c, s.normalize() if s is not None else s, st_, m)
            for w, b, g, c, s, st_, m in sql_rows(con, pid)
        ]
        expected = [(w, b, g, c, s.normalize(), st_, m) for w, b, g, c, s, st_, m in expected]
        assert got == expected, pid


# --- DESIGN / issue 6 worked examples, person level ----------------------------------------

K, S, D = "kontanthjaelp", "sygedagpenge", "dagpenge"
WORKED: dict[str, Person] = {
    "across-benefits": [S] * 10 + [K] * 5,
    "forty-weeks-work": [K] * 10 + [None] * 40 + [K],
    "fifty-two-in-a-row": [K] * 10 + [None] * 52 + [K],
    "two-gaps-of-thirty": [K] * 10 + [None] * 30 + [K] * 20 + [None] * 30 + [K],
    "first-gap-too-old": [K] * 10 + [None] * 30 + [K] * 130 + [None] * 30 + [K],
    "other-support": [K] * 10 + ["anden-offentlig-forsoergelse"] * 60 + [K],
    "dagpenge-then-kontanthjaelp": [D] * 30 + [K] * 30,
}


def test_worked_examples_in_sql(con):
    load(con, WORKED)
    assert sql_counters(con, "across-benefits")[10] == 11
    assert sql_counters(con, "forty-weeks-work")[-1] == 11
    assert sql_counters(con, "fifty-two-in-a-row")[-1] == 1
    two_gaps = sql_counters(con, "two-gaps-of-thirty")
    assert two_gaps[10] == 11 and two_gaps[-1] == 1
    assert sql_counters(con, "first-gap-too-old")[-1] == 10 + 130 + 1
    assert sql_counters(con, "other-support")[-1] == 11


def test_worked_examples_agree_with_the_engine_to_the_ore(con, ref):
    load(con, WORKED)
    assert_same(con, ref, WORKED, {p: [3_000.0] * len(w) for p, w in WORKED.items()})


def test_sixty_weeks_of_kontanthjaelp_split(con):
    # DESIGN: 60 weeks × 3.000 kr. = 180.000; refusion 64.200; municipal 115.800
    load(con, {"p": [K] * 60})
    gross, state, municipal = con.execute(
        "SELECT sum(gross_dkk), sum(state_dkk), sum(municipal_dkk) FROM benefit_weeks"
    ).fetchone()
    assert (gross, state, municipal) == (180_000, 64_200, 115_800)


def test_thirty_weeks_of_dagpenge_cofinancing(con):
    # DESIGN: 30 weeks × 5.000 kr. dagpenge: the municipality co-finances 84.000
    load(con, {"p": [D] * 30}, {"p": [5_000.0] * 30})
    assert con.execute("SELECT sum(municipal_dkk) FROM benefit_weeks").fetchone() == (84_000,)


def test_counter_week_at_start_shifts_the_first_period_only(con, ref):
    persons = {"p": [K] * 3 + [None] * 52 + [K] * 2}
    load(con, persons, start={"p": 30})
    assert sql_counters(con, "p") == [30, 31, 32, 1, 2]
    assert_same(con, ref, persons, {"p": [3_000.0] * 57}, start={"p": 30})


def test_fixed_65_and_none_stay_off_the_counter(con):
    load(con, {"p": ["fleksjob-foer-2013", K, "anden-offentlig-forsoergelse", K]})
    rows = sql_rows(con, "p")
    assert [r[3] for r in rows] == [None, 1, None, 2]
    assert rows[0][5] == Decimal("1950.00")  # 65 % of 3.000
    assert rows[2][5] == 0


def test_a_benefit_the_reference_no_longer_names_keeps_its_rows(con, ref):
    """Rows stored under a benefit that a later reference drops are rebuilt as rule none: the
    name kept, off the counter, the municipality pays all; the counter runs on without them."""
    load(con, {"p": [K, S, K, S]})
    benefits = {b: r for b, r in ref.rules.benefits.items() if b != S}
    changed = ref.model_copy(update={"rules": ref.rules.model_copy(update={"benefits": benefits})})
    write_rule_steps(con, changed)
    materialise(con, [169])
    rows = sql_rows(con, "p")
    assert [(r[1], r[3]) for r in rows] == [(K, 1), (S, None), (K, 2), (S, None)]
    assert [(r[5], r[6]) for r in rows if r[1] == S] == [(0, Decimal("3000.00"))] * 2


def test_municipalities_count_separately(con):
    load(con, {"p": [K] * 5}, municipality=169)
    load(con, {"p": [K] * 2}, municipality=101)
    counts = dict(
        con.execute(
            "SELECT municipality_code, max(counter_week) FROM benefit_weeks GROUP BY 1"
        ).fetchall()
    )
    assert counts == {169: 5, 101: 2}


def test_audits_pass_on_the_worked_examples(con):
    load(con, WORKED)
    failures = run_audits(con)
    assert {k: v for k, v in failures.items() if k.startswith("benefit_weeks")} == {}


# --- random persons: the SQL model and the engine agree --------------------------------------

_WEEK = st.sampled_from(
    [K, S, D, "uddannelseshjaelp", "anden-offentlig-forsoergelse", "fleksjob-foer-2013", None]
)
_RUN = st.tuples(
    st.sampled_from([K, S, D, "anden-offentlig-forsoergelse", None, None]), st.integers(1, 70)
)


@st.composite
def persons(draw) -> tuple[dict[str, Person], dict[str, list[float]]]:
    people: dict[str, Person] = {}
    amounts: dict[str, list[float]] = {}
    for i in range(draw(st.integers(1, 8))):
        runs = draw(st.lists(_RUN, min_size=1, max_size=12))
        weeks: Person = [w for kind, n in runs for w in [kind] * n]
        weeks += draw(st.lists(_WEEK, max_size=6))
        if weeks[0] is None:  # the first row is a row
            weeks[0] = K
        people[f"p{i}"] = weeks
        amounts[f"p{i}"] = draw(
            st.lists(
                st.decimals(0, 9_999, places=2).map(float), min_size=len(weeks), max_size=len(weeks)
            )
        )
    return people, amounts


@pytest.fixture(scope="module")
def shared_con(ref):
    connection = duckdb.connect()
    build_model(connection)
    write_rule_steps(connection, ref)
    yield connection
    connection.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(generated=persons())
def test_random_persons_agree_with_the_engine_to_the_ore(shared_con, ref, generated):
    people, amounts = generated
    shared_con.execute("DELETE FROM benefit_weeks_rows")
    load(shared_con, people, amounts)
    assert_same(shared_con, ref, people, amounts)
    assert shared_con.execute(
        "SELECT count(*) FROM benefit_weeks WHERE state_dkk + municipal_dkk <> gross_dkk"
    ).fetchone() == (0,)


def test_the_restart_rule_takes_its_numbers_from_the_reference(ref):
    """Given a reference where 40 self-supporting weeks restart the count (not 52), the SQL
    model — its numbers written in when it is loaded — restarts after a 40-week gap."""
    rules = ref.rules.model_copy(update={"reset_self_support_weeks": 40})
    changed = ref.model_copy(update={"rules": rules})
    connection = duckdb.connect()
    try:
        build_model(connection, ref=changed)
        write_rule_steps(connection, changed)
        load(connection, {"forty-weeks-work": WORKED["forty-weeks-work"]})
        assert sql_counters(connection, "forty-weeks-work")[-1] == 1
    finally:
        connection.close()
    kinds = ["self" if w is None else KIND_OF[w] for w in WORKED["forty-weeks-work"]]
    assert person_counters(kinds, reset_self_support_weeks=40)[-1] == 1
    assert person_counters(kinds)[-1] == 11  # and 52, the law's number, does not
