-- decision_variants: what the budget-decision page offers for one municipality: one row per
-- saved case and scenario (adopted cases only for a politician, $adopted_only), with the
-- scenario's title. Columns: case_id, name, owner, status, scenario, scenario_title,
-- scenario_description.
SELECT DISTINCT
    c.case_id, c.name, c.owner, c.status, s.scenario,
    coalesce(t.title, s.scenario) AS scenario_title, t.description AS scenario_description
FROM cases AS c
JOIN case_summary AS s USING (case_id)
LEFT JOIN case_scenario_titles AS t USING (case_id, scenario)
WHERE c.municipality_code = $municipality AND (c.status = 'adopted' OR NOT $adopted_only)
ORDER BY c.case_id, s.scenario <> 'basis', s.scenario
