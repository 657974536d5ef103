"""Budget view: imported budget and accounts by committee, function and year; budget against
accounts; and where a case's planned gains sit in the budget lines they should reduce.

Pure functions from query frames (`models/queries/budget_*.sql`) to tables and figures, tested
as such; `budget_body` and `trace_body` read the app's database through `data.db()`. Every
figure can be traced: a function or gain row opens the budget lines behind it with their source
file, sheet, row and import.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html

from dashboards import auth, data
from dashboards.components import colours
from dashboards.components.deferred import deferred_graph
from dashboards.components.glossary import term
from dashboards.components.money import (
    PLOTLY_SEPARATORS,
    kr,
    round_to_total,
    thousands,
)
from dashboards.components.shell import href
from dashboards.components.tables import table, thousands_columns
from dashboards.i18n import register, t
from gevinst import fmt

register(
    {
        "budget.title": {"da": "Budget og regnskab", "en": "Budget and accounts"},
        "budget.municipality": {"da": "Kommune", "en": "Municipality"},
        "budget.none": {
            "da": "Der er ikke importeret budget eller regnskab for nogen kommune endnu. "
            "Brug siden Import.",
            "en": "No budget or accounts have been imported yet. Use the Import page.",
        },
        "budget.intro": {
            "da": "Importeret budget (B, BO, KB) og regnskab (R) i 1.000 kr., som kommunen "
            "skriver dem (udgifter positive); casernes gevinster vises som på alle sider "
            "(+ = gevinst). Rækkerne summer til totalen. Vælg en funktion for at se de "
            "budgetlinjer, tallet kommer fra (fil, ark og række).",
            "en": "Imported budget (B, BO, KB) and accounts (R) in DKK thousands, as the "
            "municipality writes them (expenses positive); the cases' gains are shown as on "
            "every page (+ = gain). Rows add up to the total. Choose a function to see the "
            "budget lines behind the figure (file, sheet and row).",
        },
        "budget.intro.summary": {
            "da": "Importeret budget (B, BO, KB) og regnskab (R) i 1.000 kr., som kommunen "
            "skriver dem (udgifter positive); casernes gevinster vises som på alle sider "
            "(+ = gevinst). Rækkerne summer til totalen.",
            "en": "Imported budget (B, BO, KB) and accounts (R) in DKK thousands, as the "
            "municipality writes them (expenses positive); the cases' gains are shown as on "
            "every page (+ = gain). Rows add up to the total.",
        },
        "budget.by_committee": {
            "da": "Budget og regnskab pr. udvalg (1.000 kr.)",
            "en": "Budget and accounts by committee (DKK thousands)",
        },
        "budget.by_function": {
            "da": "Budget og regnskab pr. funktion (1.000 kr.)",
            "en": "Budget and accounts by function (DKK thousands)",
        },
        "budget.chart": {
            "da": "Pr. udvalg og år (mio. kr.)",
            "en": "By committee and year (DKK m)",
        },
        "budget.total": {"da": "I alt", "en": "Total"},
        "budget.committee": {"da": "Udvalg", "en": "Committee"},
        "budget.function": {"da": "Funktion", "en": "Function"},
        "budget.name": {"da": "Navn", "en": "Name"},
        "budget.vs.title": {"da": "Budget mod regnskab", "en": "Budget against accounts"},
        "budget.vs.same": {
            "da": "{budget} (budget) mod {accounts} (regnskab), samme år. Afvigelse = regnskab − "
            "budget; positiv = merforbrug.",
            "en": "{budget} (budget) against {accounts} (accounts), the same year. Difference = "
            "accounts − budget; positive = overspending.",
        },
        "budget.vs.latest": {
            "da": "Der er ikke budget og regnskab for samme år; her sammenlignes det seneste budget "
            "{budget} med det seneste regnskab {accounts}. Afvigelse = regnskab − budget.",
            "en": "There is no budget and accounts for the same year; this compares the latest "
            "budget {budget} with the latest accounts {accounts}. Difference = accounts − "
            "budget.",
        },
        "budget.vs.missing": {
            "da": "Der mangler enten budget eller regnskab for kommunen.",
            "en": "Either the budget or the accounts are missing.",
        },
        "budget.vs.caption": {
            "da": "{budget} mod {accounts} pr. udvalg (1.000 kr.)",
            "en": "{budget} against {accounts} by committee (DKK thousands)",
        },
        "budget.vs.difference": {"da": "Afvigelse", "en": "Difference"},
        "budget.vs.percent": {"da": "Afvigelse i %", "en": "Difference, %"},
        "budget.gains.title": {
            "da": "Hvor casens planlagte gevinster ligger i budgettet",
            "en": "Where the cases' planned gains sit in the budget",
        },
        "budget.gains.intro": {
            "da": "For hver case i kommunen (scenarie basis, centralt skøn): kommunens egne "
            "bruttogevinster pr. konto og år ved siden af budgetlinjerne på samme konto "
            "(drift, dranst 1) — de linjer, gevinsten skal hjemtages fra. Gevinsten vises som "
            "besparelse (positiv = budgetlinjen kan sænkes); andel = besparelse / budget. Kun "
            "år med importeret budget.",
            "en": "For each case of the municipality (basis scenario, central estimate): the "
            "municipality's own gross gains per account and year next to the budget lines on "
            "the same account (operations, dranst 1) — the lines the gain should be harvested "
            "from. The gain is shown as a saving (positive = the budget line can be lowered); "
            "share = saving / budget. Only years with an imported budget.",
        },
        "budget.gains.none": {
            "da": "Ingen cases med gevinster for denne kommune.",
            "en": "No cases with gains for this municipality.",
        },
        "budget.gains.caption": {
            "da": "{case}: gevinster mod budgetlinjer (kr.)",
            "en": "{case}: gains against budget lines (DKK)",
        },
        "budget.gains.outside": {
            "da": "Besparelser i år uden importeret budget (ikke vist): {amount}",
            "en": "Savings in years without an imported budget (not shown): {amount}",
        },
        "budget.gains.year": {"da": "År", "en": "Year"},
        "budget.gains.gain": {"da": "Planlagt besparelse", "en": "Planned saving"},
        "budget.gains.budget": {"da": "Budget på kontoen", "en": "Budget on the account"},
        "budget.gains.kind": {"da": "Budget", "en": "Budget"},
        "budget.gains.share": {"da": "Andel af budgettet", "en": "Share of the budget"},
        "budget.gains.nobudget": {"da": "intet budget", "en": "no budget"},
        "budget.trace.title": {
            "da": "Budgetlinjerne bag {account} {name}",
            "en": "The budget lines behind {account} {name}",
        },
        "budget.trace.hint": {
            "da": "Vælg en funktion eller en gevinst ovenfor for at se kilden.",
            "en": "Choose a function or a gain above to see its source.",
        },
        "budget.trace.caption": {
            "da": "Linjer fra importen (kr.), med fil, ark og række",
            "en": "Lines from the import (DKK), with file, sheet and row",
        },
        "budget.trace.slice": {"da": "Budget", "en": "Budget"},
        "budget.trace.file": {"da": "Fil", "en": "File"},
        "budget.trace.sheet": {"da": "Ark", "en": "Sheet"},
        "budget.trace.row": {"da": "Række", "en": "Row"},
        "budget.trace.import": {"da": "Import", "en": "Import"},
        "budget.trace.amount": {"da": "Beløb", "en": "Amount"},
        "budget.trace.centre": {"da": "Omk.sted", "en": "Cost centre"},
        "budget.trace.open": {"da": "Vis kilde for {account}", "en": "Show source of {account}"},
    }
)

KIND_ORDER = {"R": 0, "KB": 1, "B": 2, "BO": 3}
ACCOUNT = re.compile(r"^\d\.\d{2}\.\d{2}$")
Slice = tuple[str, int]


def share(value: float | None, lang: str, decimals: int = 2) -> str:
    """Small shares need decimals: a gain is often a fraction of a per cent of its line."""
    return "" if value is None else fmt.percent(value, decimals, "en" if lang == "en" else "da")


def slice_label(s: Slice) -> str:
    return f"{s[0]}{s[1]}"


def slices(by_function: pl.DataFrame) -> list[Slice]:
    """The budget kinds and years present, in reading order: R2025, KB2025, B2026, BO2027 …"""
    found = by_function.select("budget_kind", "year").unique().rows()
    return sorted(((k, y) for k, y in found), key=lambda s: (s[1], KIND_ORDER.get(s[0], 9)))


def pivot(by_function: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """One row per `keys`, one kr. column per slice (`B2026` …), zeros where absent."""
    labelled = by_function.with_columns(
        pl.concat_str("budget_kind", pl.col("year").cast(pl.String)).alias("slice")
    )
    columns = [slice_label(s) for s in slices(by_function)]
    wide = (
        labelled.group_by([*keys, "slice"])
        .agg(pl.col("amount_dkk").sum())
        .pivot(on="slice", index=keys, values="amount_dkk")
    )
    for c in columns:
        if c not in wide.columns:
            wide = wide.with_columns(pl.lit(0.0).alias(c))
    return wide.select(*keys, *[pl.col(c).fill_null(0.0) for c in columns]).sort(keys)


def municipality_options(frame: pl.DataFrame) -> list[dict]:
    return [
        {
            "label": f"{r['municipality_name']} ({r['municipality_code']})",
            "value": r["municipality_code"],
        }
        for r in frame.iter_rows(named=True)
    ]


def _trace_button(key: str, account: str, label: str, lang: str) -> html.Button:
    return html.Button(
        label,
        id={"type": "budget-trace", "index": f"{key}:{account}"},
        className="link-button",
        n_clicks=0,
        title=t("budget.trace.open", lang).format(account=account),
    )


def committee_table(by_function: pl.DataFrame, lang: str) -> html.Table:
    wide = pivot(by_function, ["committee"])
    columns = [slice_label(s) for s in slices(by_function)]
    rows, totals = thousands_columns([wide[c].to_list() for c in columns], lang)
    body = [[name, *row] for name, row in zip(wide["committee"], rows, strict=True)]
    return table(
        t("budget.by_committee", lang),
        [t("budget.committee", lang), *columns],
        body,
        numeric=range(1, len(columns) + 1),
        table_id="budget-committee-table",
        footer=[t("budget.total", lang), *totals],
    )


def function_table(by_function: pl.DataFrame, lang: str, traceable: bool = True) -> html.Table:
    """Functions by year; with `traceable`, each opens its source lines (not for a role that
    may not see them: the function is plain text then, so nothing invites a refusal)."""
    wide = pivot(by_function, ["committee", "account", "account_name"])
    columns = [slice_label(s) for s in slices(by_function)]
    rows, totals = thousands_columns([wide[c].to_list() for c in columns], lang)
    body = [
        [
            _trace_button("fn", r["account"], r["account"], lang) if traceable else r["account"],
            r["account_name"],
            r["committee"],
            *row,
        ]
        for r, row in zip(wide.iter_rows(named=True), rows, strict=True)
    ]
    return table(
        t("budget.by_function", lang),
        [t("budget.function", lang), t("budget.name", lang), t("budget.committee", lang), *columns],
        body,
        numeric=range(3, len(columns) + 3),
        table_id="budget-function-table",
        footer=[t("budget.total", lang), "", "", *totals],
    )


def committee_figure(by_function: pl.DataFrame, lang: str) -> go.Figure:
    wide = pivot(by_function, ["committee"])
    figure = go.Figure()
    for i, s in enumerate(slices(by_function)):
        label = slice_label(s)
        figure.add_bar(
            y=wide["committee"].to_list(),
            x=[v / 1e6 for v in wide[label]],
            name=label,
            orientation="h",
            marker={
                "color": colours.OKABE_ITO[i % len(colours.OKABE_ITO)],
                "pattern": {"shape": ["", "/", ".", "x", "-", "+"][i % 6]},
            },
            hovertemplate="%{y} " + label + ": %{x:,.1f} mio. kr.<extra></extra>",
        )
    figure.update_layout(
        title=t("budget.chart", lang),
        barmode="group",
        separators=PLOTLY_SEPARATORS[lang],
        height=140 + 60 * wide.height,
        margin={"l": 220, "r": 20, "t": 60, "b": 40},
        yaxis={"autorange": "reversed"},
        legend={"traceorder": "normal"},
        xaxis={"tickformat": ",.0f", "title": {"text": "mio. kr."}},
    )
    return figure


def comparison_slices(by_function: pl.DataFrame) -> tuple[Slice | None, Slice | None, bool]:
    """(budget, accounts, same_year): the revised budget KB (else B) of the latest year that
    also has accounts R; without such a year, the latest budget (B, else KB) against the
    latest accounts."""
    present = set(slices(by_function))
    accounts_years = sorted(y for k, y in present if k == "R")
    if not accounts_years:
        return None, None, False
    for year in reversed(accounts_years):
        for kind in ("KB", "B"):
            if (kind, year) in present:
                return (kind, year), ("R", year), True
    budgets = sorted((y, -KIND_ORDER[k], k) for k, y in present if k in ("B", "KB"))
    if not budgets:
        return None, None, False
    year, _, kind = budgets[-1]
    return (kind, year), ("R", accounts_years[-1]), False


def budget_vs_accounts(
    by_function: pl.DataFrame,
) -> tuple[pl.DataFrame, Slice | None, Slice | None, bool]:
    """Per committee: budget, accounts and difference (accounts − budget) in kr."""
    budget, accounts, same = comparison_slices(by_function)
    if budget is None or accounts is None:
        return pl.DataFrame(), None, None, False
    wide = pivot(by_function, ["committee"])
    b, r = slice_label(budget), slice_label(accounts)
    frame = wide.select(
        "committee", pl.col(b).alias("budget_dkk"), pl.col(r).alias("accounts_dkk")
    ).with_columns((pl.col("accounts_dkk") - pl.col("budget_dkk")).alias("difference_dkk"))
    return frame, budget, accounts, same


def comparison_section(by_function: pl.DataFrame, lang: str) -> list:
    frame, budget, accounts, same = budget_vs_accounts(by_function)
    heading = html.H2(t("budget.vs.title", lang))
    if budget is None or accounts is None:
        return [heading, html.P(t("budget.vs.missing", lang))]
    b, r = slice_label(budget), slice_label(accounts)
    note = t("budget.vs.same" if same else "budget.vs.latest", lang).format(budget=b, accounts=r)
    budget_col, accounts_col = frame["budget_dkk"].to_list(), frame["accounts_dkk"].to_list()
    shown_b, shown_r = round_to_total(budget_col), round_to_total(accounts_col)
    # the difference is taken of the shown (rounded) columns, so it adds up as well
    diffs = [r - b for b, r in zip(shown_b, shown_r, strict=True)]
    body = [
        [
            name,
            thousands(sb, lang),
            thousands(sr, lang),
            thousands(d, lang),
            share((r - b) / b, lang, 1) if b else "",
        ]
        for name, sb, sr, d, b, r in zip(
            frame["committee"], shown_b, shown_r, diffs, budget_col, accounts_col, strict=True
        )
    ]
    total_budget, total_accounts = sum(budget_col), sum(accounts_col)
    footer = [
        t("budget.total", lang),
        thousands(sum(shown_b), lang),
        thousands(sum(shown_r), lang),
        thousands(sum(diffs), lang),
        share((total_accounts - total_budget) / total_budget, lang, 1) if total_budget else "",
    ]
    return [
        heading,
        html.P(note, id="budget-vs-note"),
        table(
            t("budget.vs.caption", lang).format(budget=b, accounts=r),
            [
                t("budget.committee", lang),
                b,
                r,
                t("budget.vs.difference", lang),
                t("budget.vs.percent", lang),
            ],
            body,
            numeric=range(1, 5),
            table_id="budget-vs-table",
            footer=footer,
        ),
    ]


def gains_against_budget(
    gains: pl.DataFrame, by_function: pl.DataFrame, operations: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Per case, account and year: the planned gain (kr., < 0 = saving) next to the budget on
    the same account and year (B, else BO, else KB) and the share of it the gain represents
    (positive share = the budget line shrinks). `operations`, when given, is the budget on
    dranst 1 only (same columns as `by_function`); otherwise all of `by_function` is used."""
    budget = operations if operations is not None else by_function
    per_year = (
        budget.filter(pl.col("budget_kind").is_in(["B", "BO", "KB"]))
        .group_by("account", "year", "budget_kind")
        .agg(pl.col("amount_dkk").sum())
        .with_columns(
            pl.col("budget_kind")
            .replace_strict({"B": 0, "BO": 1, "KB": 2}, return_dtype=pl.Int8)
            .alias("_rank")
        )
        .sort("_rank")
        .group_by("account", "year", maintain_order=True)
        .first()
        .select("account", "year", "budget_kind", pl.col("amount_dkk").alias("budget_dkk"))
    )
    joined = gains.rename({"amount_dkk": "gain_dkk"}).join(
        per_year, on=["account", "year"], how="left"
    )
    return joined.with_columns(
        pl.when(pl.col("budget_dkk").is_not_null() & (pl.col("budget_dkk") != 0))
        .then(-pl.col("gain_dkk") / pl.col("budget_dkk"))
        .otherwise(None)
        .alias("share")
    ).sort("case_id", "year", "account")


def gains_section(matched: pl.DataFrame, lang: str, traceable: bool = True) -> list:
    parts: list = [
        html.H2(term(t("budget.gains.title", lang), "harvest", lang)),
        html.P(t("budget.gains.intro", lang)),
    ]
    if matched.is_empty():
        return [*parts, html.P(t("budget.gains.none", lang))]
    for (case_id, case_name), group in matched.group_by(
        "case_id", "case_name", maintain_order=True
    ):
        shown = group.filter(pl.col("budget_dkk").is_not_null())
        outside = float(group.filter(pl.col("budget_dkk").is_null())["gain_dkk"].sum())
        rows = [
            [
                str(r["year"]),
                _trace_button(f"gain-{case_id}-{r['year']}", r["account"], r["account"], lang)
                if traceable
                else r["account"],
                r["account_name"],
                kr(-r["gain_dkk"], lang),
                slice_label((r["budget_kind"], r["year"])),
                kr(r["budget_dkk"], lang),
                share(r["share"], lang),
            ]
            for r in shown.iter_rows(named=True)
        ]
        saving = -outside
        parts.append(
            html.Div(
                [
                    html.H3(dcc.Link(case_name, href=href("/case", lang, id=case_id))),
                    table(
                        t("budget.gains.caption", lang).format(case=case_name),
                        [
                            t("budget.gains.year", lang),
                            t("budget.function", lang),
                            t("budget.name", lang),
                            t("budget.gains.gain", lang),
                            t("budget.gains.kind", lang),
                            t("budget.gains.budget", lang),
                            t("budget.gains.share", lang),
                        ],
                        rows,
                        numeric=(3, 5, 6),
                        table_id=f"budget-gains-{case_id}",
                    ),
                    html.P(
                        t("budget.gains.outside", lang).format(amount=kr(saving, lang)),
                        className="note",
                    )
                    if group.height > shown.height
                    else None,
                ],
                className="budget-case",
            )
        )
    return parts


def parse_trace(index: object) -> str | None:
    """The account of a trace button's index (`fn:5.28.21`), or None if it is not one."""
    if not isinstance(index, str) or ":" not in index:
        return None
    account = index.rsplit(":", 1)[1]
    return account if ACCOUNT.match(account) else None


def trace_table(lines: pl.DataFrame, lang: str) -> html.Table:
    rows = [
        [
            slice_label((r["budget_kind"], r["year"])),
            str(r["dranst"] or ""),
            r["art"] or "",
            r["committee"] or "",
            r["cost_centre"] or "",
            kr(r["amount_dkk"], lang),
            r["source_file"],
            r["source_sheet"] or "",
            str(r["source_row"]),
            dcc.Link(str(r["import_id"]), href=href("/import", lang, import_id=r["import_id"])),
        ]
        for r in lines.iter_rows(named=True)
    ]
    return table(
        t("budget.trace.caption", lang),
        [
            t("budget.trace.slice", lang),
            "Dranst",
            "Art",
            t("budget.committee", lang),
            t("budget.trace.centre", lang),
            t("budget.trace.amount", lang),
            t("budget.trace.file", lang),
            t("budget.trace.sheet", lang),
            t("budget.trace.row", lang),
            t("budget.trace.import", lang),
        ],
        rows,
        numeric=(5, 8),
        table_id="budget-trace-table",
    )


def trace_body(municipality: int, account: str, lang: str) -> list:
    database = data.db()
    lines = database.query("budget_source_lines", municipality=municipality, account=account)
    names = database.query("budget_account_name", account=account)
    name = names["name"][0] if names.height else ""
    return [
        html.H2(t("budget.trace.title", lang).format(account=account, name=name)),
        trace_table(lines, lang),
    ]


def budget_body(municipality: int, lang: str) -> list:
    database = data.db()
    by_function = database.query("budget_by_function", municipality=municipality)
    if by_function.is_empty():
        return [html.P(t("budget.none", lang))]
    operations = database.query("budget_operations", municipality=municipality)
    matched = gains_against_budget(
        database.query(
            "budget_case_gains",
            municipality=municipality,
            adopted_only=auth.user().role == "politician",
        ),  # their drafts are not for politicians
        by_function,
        operations,
    )
    # source lines are not for politicians: no buttons that lead to them, no text asking
    traceable = auth.user().is_one_of(auth.PERSON_LEVEL)
    intro = "budget.intro" if traceable else "budget.intro.summary"
    return [
        html.P([t(intro, lang), " ", term("B, BO, KB, R", "budget_kinds", lang), "."]),
        committee_table(by_function, lang),
        deferred_graph("budget-chart", committee_figure(by_function, lang)),
        *comparison_section(by_function, lang),
        *gains_section(matched, lang, traceable),
        function_table(by_function, lang, traceable),
    ]
