-- The realisation page's case picker: one row per saved case, adopted ones first.
SELECT case_id, name, municipality_code, municipality_name, owner, status, decided_on
FROM cases
ORDER BY status = 'adopted' DESC, name, case_id
