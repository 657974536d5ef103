-- budget_municipalities: one row per municipality that has imported budget or accounts lines.
-- Columns: municipality_code, municipality_name.
-- Only the user's municipalities ($allowed).
SELECT DISTINCT b.municipality_code, m.name AS municipality_name
FROM budget_lines AS b
LEFT JOIN municipalities AS m USING (municipality_code)
WHERE list_contains($allowed, b.municipality_code)
ORDER BY b.municipality_code
