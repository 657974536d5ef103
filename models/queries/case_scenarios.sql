-- The scenarios saved for each case (for filters and side-by-side comparison), with the title
-- people see. Columns: case_id, scenario, title.
-- Only cases of the user's municipalities ($allowed), adopted ones only for a politician
-- ($adopted_only): see dashboards/auth.py.
SELECT DISTINCT s.case_id, s.scenario, coalesce(t.title, s.scenario) AS title
FROM case_summary AS s
JOIN cases AS c USING (case_id)
LEFT JOIN case_scenario_titles AS t USING (case_id, scenario)
WHERE list_contains($allowed, c.municipality_code) AND (c.status = 'adopted' OR NOT $adopted_only)
ORDER BY s.case_id, s.scenario
