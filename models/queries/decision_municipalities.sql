-- decision_municipalities: the municipalities of the user ($allowed) that have saved cases
-- (adopted ones only for a politician, $adopted_only), for the budget-decision page.
-- Columns: municipality_code, municipality_name.
SELECT DISTINCT c.municipality_code, c.municipality_name
FROM cases AS c
WHERE list_contains($allowed, c.municipality_code) AND (c.status = 'adopted' OR NOT $adopted_only)
ORDER BY c.municipality_code
