-- The case picker: one row per saved case, with its municipality (for `/case` without an id).
SELECT case_id, name, municipality_code, municipality_name, owner
FROM cases
ORDER BY name, case_id
