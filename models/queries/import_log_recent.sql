-- import_log_recent: one row per imported budget or accounts file, newest first (at most 200).
-- Columns: import_id, kind, municipality_code, municipality_name, file_name, sha256, rows,
-- imported_at, imported_by, budget_kinds, first_year, last_year, version, shape, unit.
-- Only imports for the user's municipalities ($allowed).
SELECT
    l.import_id, l.kind, l.municipality_code, m.name AS municipality_name, l.file_name,
    l.sha256, l.rows, l.imported_at, l.imported_by, l.budget_kinds, l.first_year,
    l.last_year, l.version, l.shape, l.unit
FROM import_log AS l
LEFT JOIN municipalities AS m USING (municipality_code)
WHERE l.kind IN ('budget', 'accounts') AND list_contains($allowed, l.municipality_code)
ORDER BY l.import_id DESC
LIMIT 200
