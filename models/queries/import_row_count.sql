-- import_row_count: one row: how many budget lines an import wrote. Columns: lines.
SELECT count(*) AS lines FROM budget_line_versions WHERE import_id = $import_id
