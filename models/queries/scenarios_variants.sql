-- Scenarios page, the variants people can pick: one row per case, scenario and estimate that
-- has been evaluated, with the case's name and investing municipality.
-- Columns: case_id, name, municipality_code, municipality_name, owner, scenario, estimate,
-- scenario_title (what people see: case_scenario_titles, else the id).
-- Only cases of the user's municipalities ($allowed), adopted ones only for a politician
-- ($adopted_only): see dashboards/auth.py.
SELECT DISTINCT
    c.case_id, c.name, c.municipality_code, c.municipality_name, c.owner, s.scenario, s.estimate,
    coalesce(t.title, s.scenario) AS scenario_title
FROM case_summary AS s
JOIN cases AS c USING (case_id)
LEFT JOIN case_scenario_titles AS t USING (case_id, scenario)
WHERE list_contains($allowed, c.municipality_code) AND (c.status = 'adopted' OR NOT $adopted_only)
ORDER BY c.case_id, s.scenario <> 'basis', s.scenario, s.estimate
