-- import_current_slices: one row per budget kind and year of one municipality's current budget
-- and accounts, with the import that wrote it: what a new import of the same slice replaces.
-- Columns: budget_kind, year, version, import_id, lines.
SELECT budget_kind, year, version, min(import_id) AS import_id, count(*) AS lines
FROM budget_lines
WHERE municipality_code = $municipality
GROUP BY ALL
ORDER BY year, budget_kind
