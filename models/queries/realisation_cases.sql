-- The realisation page's case picker: one row per saved case, adopted ones first.
-- Only cases of the user's municipalities ($allowed), adopted ones only for a politician
-- ($adopted_only): see dashboards/auth.py.
SELECT case_id, name, municipality_code, municipality_name, owner, status, decided_on
FROM cases AS c
WHERE list_contains($allowed, c.municipality_code) AND (c.status = 'adopted' OR NOT $adopted_only)
ORDER BY status = 'adopted' DESC, name, case_id
