-- budget_source_lines: one row per current budget or accounts line of one municipality and
-- account, with where it was read: the lineage behind every figure on the budget page.
-- Columns: year, budget_kind, version, account, dranst, art, committee, department,
-- cost_centre, amount_dkk, import_id, source_file, source_sheet, source_row.
SELECT
    year, budget_kind, version, account, dranst, art, committee, department, cost_centre,
    amount_dkk, import_id, source_file, source_sheet, source_row
FROM budget_lines
WHERE municipality_code = $municipality AND account = $account
ORDER BY year, budget_kind, dranst, art, cost_centre, source_row
