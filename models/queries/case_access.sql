-- case_access: one row (or none) for a saved case: the municipality it belongs to (the
-- investing one) and its status, what decides who may see it. Columns: municipality_code,
-- status.
SELECT municipality_code, status FROM cases WHERE case_id = $case_id
