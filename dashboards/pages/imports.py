"""Import page (controller): upload workbooks, see the dry run or the validation report
(downloadable), confirm the write, and read the import log with the rows each import wrote.

Callbacks validate what the client sends (contents, names, kind, municipality), then call
`dashboards.views.imports`; the write goes through the server's one writer
(`data.db().writer()`), as one transaction.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import dash
import polars as pl
from dash import ALL, Input, Output, State, callback, dcc, html, no_update

from dashboards import auth, data
from dashboards.app import lang_of
from dashboards.components.attrs import aria
from dashboards.i18n import t, valid_lang
from dashboards.views import imports as view
from gevinst.reference import bundled_reference
from gevinst.reports.filenames import safe_filename

dash.register_page(__name__, path="/import", name="Import", order=5)


def _log_options(log: pl.DataFrame) -> list[dict]:
    return [
        {"label": f"{r['import_id']}: {r['file_name']}", "value": r["import_id"]}
        for r in log.iter_rows(named=True)
    ]


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) <= 9 else None


def layout(
    lang: str = "da",
    municipality: str | None = None,
    kind: str | None = None,
    import_id: str | None = None,
    **_: object,
) -> html.Div:
    """`?municipality=169&kind=accounts` preselect the options; `?import_id=N` shows the rows
    of import N."""
    lang = valid_lang(lang)
    refused = auth.page_refusal("import", lang)  # controllers and admins only
    if refused is not None:
        return refused
    allowed = set(auth.allowed_municipalities())
    towns = {c: m for c, m in bundled_reference().municipalities.items() if c in allowed}
    # the log is laid out with the page, not sent by a callback after it: Dash 4.4's renderer
    # takes seconds (tens at national scale) to mount a large table a callback returns
    log = data.db().query("import_log_recent", allowed=auth.allowed_municipalities())
    log_options = _log_options(log)
    chosen, refusal = _chosen_import(import_id, log_options, None)
    return html.Div(
        [
            html.H1(t("import.title", lang)),
            *_refused_municipality(municipality, towns, lang),
            *([auth.refuse_parameter(refusal, "import.layout", lang)] if refusal else []),
            html.P(t("import.intro", lang)),
            html.Div(
                [
                    html.Label(
                        [
                            t("import.municipality", lang),
                            dcc.Dropdown(
                                id="import-municipality",
                                value=_int(municipality) if _int(municipality) in towns else None,
                                options=[
                                    {"label": f"{m.name} ({code})", "value": code}
                                    for code, m in sorted(towns.items())
                                ],
                            ),
                        ],
                        className="filter",
                    ),
                    html.Fieldset(
                        [
                            html.Legend(t("import.kind", lang)),
                            dcc.RadioItems(
                                id="import-kind",
                                value=kind if kind in view.KINDS else "budget",
                                options=[
                                    {"label": t(f"import.kind.{k}", lang), "value": k}
                                    for k in view.KINDS
                                ],
                                inline=True,
                            ),
                        ],
                        className="filter",
                    ),
                    dcc.Checklist(
                        id="import-accept",
                        value=[],
                        options=[{"label": t("import.accept", lang), "value": "accept"}],
                    ),
                    dcc.Checklist(
                        id="import-replace-all",
                        value=[],
                        options=[{"label": t("import.replace_all", lang), "value": "all"}],
                    ),
                ],
                className="import-options filters",
            ),
            html.Details(
                [
                    html.Summary(t("import.mapping", lang)),
                    html.P(t("import.mapping.intro", lang)),
                    html.Div(
                        [
                            html.Label(
                                [
                                    t("import.mapping.sheet", lang),
                                    dcc.Dropdown(id="import-sheet", options=[], value=None),
                                ],
                                className="filter",
                            ),
                            html.Label(
                                [
                                    t("import.mapping.header_row", lang),
                                    dcc.Input(
                                        id="import-header-row",
                                        type="number",
                                        min=1,
                                        step=1,
                                        value=None,
                                        debounce=True,
                                    ),
                                ],
                                className="filter",
                            ),
                            html.Label(
                                [
                                    t("import.mapping.unit", lang),
                                    dcc.Dropdown(
                                        id="import-unit",
                                        value=None,
                                        options=[
                                            {"label": u, "value": u} for u in view.UNIT_FACTORS
                                        ],
                                    ),
                                ],
                                className="filter",
                            ),
                            html.Label(
                                [
                                    t("import.mapping.kind", lang),
                                    dcc.Dropdown(
                                        id="import-budget-kind",
                                        value=None,
                                        options=[{"label": k, "value": k} for k in view.ROLE_KINDS],
                                    ),
                                ],
                                className="filter",
                            ),
                            html.Label(
                                [
                                    t("import.mapping.name", lang),
                                    dcc.Input(
                                        id="import-mapping-name",
                                        type="text",
                                        value="",
                                        maxLength=80,
                                        debounce=True,
                                    ),
                                ],
                                className="filter",
                            ),
                        ],
                        className="filters",
                    ),
                    html.Div(id="import-columns", className="filters"),
                ],
                id="import-mapping-panel",
            ),
            dcc.Upload(
                id="import-upload",
                multiple=True,
                className="import-upload",
                accept=".xlsx,.csv",
                children=html.Div(
                    [
                        t("import.drop", lang),
                        html.Span(t("import.choose", lang), className="link-button"),
                    ]
                ),
            ),
            dcc.Loading(
                html.Div(html.P(t("import.waiting", lang)), id="import-result"), id="import-loading"
            ),
            html.Button(
                t("import.confirm", lang),
                id="import-confirm",
                className="primary",
                disabled=True,
                n_clicks=0,
            ),
            dcc.Loading(html.Div(id="import-outcome", **aria("live", "polite"))),
            dcc.Store(id="import-problems-store"),
            dcc.Store(id="import-picked", data=0),
            dcc.Store(id="import-written", data=0),
            dcc.Download(id="import-download"),
            html.H2(t("import.mapping.saved", lang)),
            html.Div(id="import-mappings"),
            html.H2(t("import.log", lang)),
            html.Div(view.import_log_table(log, lang), id="import-log"),
            html.Label(
                [
                    t("import.rows.choose", lang),
                    dcc.Dropdown(id="import-choose", options=log_options, value=chosen),
                ],
                className="filter no-print",
            ),
            html.Div(id="import-rows"),
        ],
        className="import-page",
    )


def _refused_municipality(given: str | None, towns: dict, lang: str) -> list:
    """`?municipality=` the user may not import for: said and recorded, not dropped."""
    if given is None or _int(given) in towns:
        return []
    code = _int(given)
    refusal = (
        auth.Refused("auth.reason.municipality", object=code, municipality=code, code=code)
        if code is not None
        else auth.Refused(
            "auth.reason.parameter",
            object=f"municipality={given}"[:80],
            name="municipality",
            value=given,
        )
    )
    return [auth.refuse_parameter(refusal, "import.layout", lang)]


def _record_rejection(problems: object, names: object, municipality: int, step: str) -> None:
    """A rejected upload (a disguised file, a zip bomb, XXE, too large, bad cells) is a
    refusal: recorded with the files' names and the first problems."""
    listed = list(problems) if isinstance(problems, list | tuple) else []
    errors = [p for p in listed if getattr(p, "severity", "error") == "error"] or listed
    files = (
        ", ".join(n for n in names if isinstance(n, str)) if isinstance(names, list) else str(names)
    )
    auth.audit(
        "refused",
        object=files[:300],
        municipality=municipality,
        detail=f"upload rejected ({step}, {len(errors)} problems): "
        + " | ".join(p.line() for p in errors[:3])[:400],
    )


@callback(
    Output("import-result", "children"),
    Output("import-confirm", "disabled"),
    Output("import-problems-store", "data"),
    Output("import-outcome", "children", allow_duplicate=True),
    Input("import-picked", "data"),
    Input("import-kind", "value"),
    Input("import-municipality", "value"),
    Input("import-accept", "value"),
    Input("import-replace-all", "value"),
    Input("import-unit", "value"),
    Input("import-budget-kind", "value"),
    Input({"type": "import-role", "index": ALL}, "value"),
    State({"type": "import-role", "index": ALL}, "id"),
    State("import-sheet", "value"),
    State("import-header-row", "value"),
    State("import-mapping-name", "value"),
    State("import-upload", "contents"),
    State("import-upload", "filename"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.IMPORTERS)
def _dry_run(
    _picked: object,
    kind: object,
    municipality: object,
    accept: object,
    replace_all: object,
    unit: object,
    budget_kind: object,
    roles: object,
    role_ids: object,
    sheet: object,
    header_row: object,
    name: object,
    contents: object,
    names: object,
    search: str | None,
) -> tuple:
    """The dry run, again whenever an option or the mapping editor changes. An upload (or a
    new sheet or header row) reaches it through `_columns`, which lays out the editor's
    pickers first: one run per change, not one for the file and one for its pickers."""
    lang = lang_of(search)
    choice = _choice(sheet, header_row, unit, budget_kind, roles, role_ids, name)
    options = view.options_for(
        kind, municipality, accept, lang, bundled_reference(), replace_all, choice
    )
    if not contents or options is None:
        return html.P(t("import.waiting", lang)), True, None, None
    auth.check_municipality(options.municipality)
    uploads, problems = view.decode_uploads(contents, names, lang)
    if problems:
        _record_rejection(problems, names, options.municipality, "dry run")
        return view.rejected_view(problems, lang), True, view.problems_to_store(problems), None
    with data.db().writer() as con:
        result = view.dry_run(uploads, options, bundled_reference(), con)
    if not result.ok:
        _record_rejection(result.problems, names, options.municipality, "dry run")
        return (
            view.rejected_view(result.problems, lang),
            True,
            view.problems_to_store(result.problems),
            None,
        )
    assert result.outcome is not None
    return view.summary_view(result, lang), result.outcome.noop, None, None


@callback(
    Output("import-outcome", "children"),
    Output("import-confirm", "disabled", allow_duplicate=True),
    Output("import-written", "data"),
    Input("import-confirm", "n_clicks"),
    State("import-upload", "contents"),
    State("import-upload", "filename"),
    State("import-kind", "value"),
    State("import-municipality", "value"),
    State("import-accept", "value"),
    State("import-replace-all", "value"),
    State("import-sheet", "value"),
    State("import-header-row", "value"),
    State("import-unit", "value"),
    State("import-budget-kind", "value"),
    State({"type": "import-role", "index": ALL}, "value"),
    State({"type": "import-role", "index": ALL}, "id"),
    State("import-mapping-name", "value"),
    State("import-written", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.IMPORTERS)
def _confirm(
    clicks: object,
    contents: object,
    names: object,
    kind: object,
    municipality: object,
    accept: object,
    replace_all: object,
    sheet: object,
    header_row: object,
    unit: object,
    budget_kind: object,
    roles: object,
    role_ids: object,
    name: object,
    written: object,
    search: str | None,
) -> tuple:
    lang = lang_of(search)
    choice = _choice(sheet, header_row, unit, budget_kind, roles, role_ids, name)
    options = view.options_for(
        kind, municipality, accept, lang, bundled_reference(), replace_all, choice
    )
    if not clicks or not contents or options is None:
        return no_update, no_update, no_update
    auth.check_municipality(options.municipality)
    uploads, problems = view.decode_uploads(contents, names, lang)
    if problems:
        _record_rejection(problems, names, options.municipality, "import")
        return view.rejected_view(problems, lang), True, no_update
    with data.db().writer() as con:
        result = view.confirm(
            uploads, options, bundled_reference(), con, imported_by=auth.user().username
        )
    if not result.ok:
        _record_rejection(result.problems, names, options.municipality, "import")
        return view.rejected_view(result.problems, lang), True, no_update
    assert result.outcome is not None
    auth.audit(
        "import",
        object=", ".join(u.name for u in uploads)[:300],
        municipality=options.municipality,
        detail=f"{options.kind}: " + view.outcome_text(result, "en", written=True)[:300],
    )
    count = (
        written + 1
        if isinstance(written, int) and not isinstance(written, bool) and 0 <= written < 1_000_000
        else 1
    )
    return (
        html.P(
            view.outcome_text(result, lang, written=True),
            id="import-done",
            className="import-status ok",
            role="status",
        ),
        True,
        count,
    )


def _choice(
    sheet: object,
    header_row: object,
    unit: object,
    budget_kind: object,
    roles: object,
    role_ids: object,
    name: object,
) -> view.MappingChoice:
    """The mapping editor's values as sent; `view.options_for` validates them."""
    by_header: dict[str, object] = {}
    if isinstance(roles, list) and isinstance(role_ids, list) and len(roles) == len(role_ids):
        for role, ident in zip(roles, role_ids, strict=True):
            if isinstance(ident, dict) and isinstance(ident.get("index"), str) and role:
                by_header[ident["index"]] = role
    return view.MappingChoice(sheet, header_row, unit, budget_kind, by_header, name)


@callback(
    Output("import-columns", "children"),
    Output("import-sheet", "options"),
    Output("import-picked", "data"),
    Input("import-upload", "contents"),
    Input("import-header-row", "value"),
    Input("import-sheet", "value"),
    State("import-upload", "filename"),
    State("import-kind", "value"),
    State("import-municipality", "value"),
    State("import-picked", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.IMPORTERS)
def _columns(
    contents: object,
    header_row: object,
    sheet: object,
    names: object,
    kind: object,
    municipality: object,
    picked: object,
    search: str | None,
) -> tuple:
    """The mapping editor: a role for each cell of the chosen sheet's header row; then the
    dry run (`import-picked` counts the layouts)."""
    lang = lang_of(search)
    count = (
        picked + 1
        if isinstance(picked, int) and not isinstance(picked, bool) and 0 <= picked < 1_000_000
        else 1
    )
    options = view.options_for(kind, municipality, [], lang, bundled_reference())
    if not contents or options is None:
        return [], [], count
    auth.check_municipality(options.municipality)
    uploads, problems = view.decode_uploads(contents, names, lang)
    if problems:
        return [], [], count
    found = view.previews(uploads, options, header_row)
    sheets = [{"label": p.name, "value": p.name} for p in found if p.name]
    shown = [p for p in found if sheet in (None, p.name)][:1]
    fields = [
        html.Label(
            [
                t("import.mapping.role", lang).format(header=h),
                dcc.Dropdown(
                    id={"type": "import-role", "index": h},
                    value="",
                    options=view.role_options(h, lang),
                    clearable=False,
                ),
            ],
            className="filter",
        )
        for p in shown
        for h in dict.fromkeys(p.headers)
    ]
    return fields, sheets, count


@callback(
    Output("import-mappings", "children"),
    Input("import-municipality", "value"),
    Input("import-written", "data"),
    State("url", "search"),
)
@auth.guarded(*auth.IMPORTERS)
def _saved(_municipality: object, _written: object, search: str | None) -> object:
    """The saved mappings of the user's municipalities (controllers and admins only)."""
    found = data.db().query("import_mappings_list", allowed=auth.allowed_municipalities())
    return view.saved_mappings_table(found, lang_of(search))


@callback(
    Output("import-download", "data"),
    Input("import-download-button", "n_clicks"),
    State("import-problems-store", "data"),
    State("url", "search"),
    prevent_initial_call=True,
)
@auth.guarded(*auth.IMPORTERS)
def _download(clicks: object, stored: object, search: str | None) -> object:
    problems = view.problems_from_store(stored)
    if not clicks or not problems:
        return no_update
    lang = lang_of(search)
    name = safe_filename("valideringsrapport" if lang == "da" else "validation-report", ".csv")
    auth.audit("download", object=name, detail=f"validation report, {len(problems)} problems")
    return {"content": view.problems_csv(problems, lang), "filename": name, "type": "text/csv"}


@callback(
    Output("import-log", "children"),
    Output("import-choose", "options"),
    Output("import-choose", "value"),
    Input("url", "search"),
    Input("import-written", "data"),
    State("import-choose", "value"),
    prevent_initial_call=True,
)  # the layout carries the first log
@auth.guarded(*auth.IMPORTERS)
def _log(search: str | None, _written: object, current: object) -> tuple:
    lang = lang_of(search)
    log = data.db().query("import_log_recent", allowed=auth.allowed_municipalities())
    options = _log_options(log)
    given = parse_qs(search.lstrip("?") if isinstance(search, str) else "").get("import_id")
    chosen, refusal = _chosen_import(given[0] if given else None, options, current)
    if refusal is not None:
        dash.set_props(
            "auth-message", {"children": auth.refuse_parameter(refusal, "imports._log", lang)}
        )
    return view.import_log_table(log, lang), options, chosen


def _chosen_import(
    given: str | None, options: list[dict], current: object
) -> tuple[int | None, auth.Refused | None]:
    """The import `?import_id=` names if it is among the listed ones (else the current
    choice), and the refusal when it is another municipality's or none: said, not dropped."""
    wanted = _int(given)
    known = {o["value"] for o in options}
    refusal = None
    if given is not None and wanted not in known:
        try:
            auth.check_import(wanted)  # the user's own, just not among the recent ones: fine
        except auth.Refused as refused:
            refusal = refused
    if wanted in known:
        return wanted, refusal
    return (current if isinstance(current, int) and current in known else None), refusal


@callback(
    Output("import-rows", "children"), Input("import-choose", "value"), Input("url", "search")
)
@auth.guarded(*auth.IMPORTERS)
def _rows(import_id: object, search: str | None) -> object:
    if import_id is None:
        return None
    auth.check_import(import_id)  # rows of the user's municipalities only
    assert isinstance(import_id, int)
    lang = lang_of(search)
    database = data.db()
    rows = database.query("import_rows", import_id=import_id)
    total = int(database.query("import_row_count", import_id=import_id)["lines"][0])
    return view.import_rows_table(import_id, rows, total, lang)
