-- import_mappings_list: one row per saved import mapping of the user's municipalities
-- ($allowed), by municipality and name. Columns: municipality_code, name, signature,
-- saved_at, saved_by.
SELECT municipality_code, name, signature, saved_at, saved_by
FROM import_mappings
WHERE list_contains($allowed, municipality_code)
ORDER BY municipality_code, name
