-- The scenarios saved for one case: one row per scenario (basis first), with the title people
-- see (case_scenario_titles; the id where the case was saved before titles were kept).
-- Columns: scenario, title, description.
SELECT DISTINCT s.scenario, coalesce(t.title, s.scenario) AS title, t.description
FROM case_summary AS s
LEFT JOIN case_scenario_titles AS t USING (case_id, scenario)
WHERE s.case_id = $case_id
ORDER BY s.scenario <> 'basis', s.scenario
