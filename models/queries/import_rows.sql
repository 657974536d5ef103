-- import_rows: one row per budget line one import wrote (current or since replaced), in sheet
-- and row order, at most 200. Columns: source_sheet, source_row, year, budget_kind, version,
-- is_current, account, dranst, art, committee, department, cost_centre, amount_dkk.
SELECT
    source_sheet, source_row, year, budget_kind, version, is_current, account, dranst, art,
    committee, department, cost_centre, amount_dkk
FROM budget_line_versions
WHERE import_id = $import_id
ORDER BY source_sheet, source_row, year, budget_kind
LIMIT 200
