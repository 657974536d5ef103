-- Cross-silo flows: per case, the investing department and every receiving payer and
-- department with its net amount over the horizon (all flow kinds, so net of refusion,
-- transfers and equalisation). amount_dkk < 0 = the receiver gains.
-- Only cases of the user's municipalities ($allowed), adopted ones only for a politician
-- ($adopted_only): see dashboards/auth.py.
SELECT
    c.case_id, c.municipality_code, c.owner AS investing_department,
    f.payer_kind, f.payer_code, f.department,
    (f.payer_kind = 'municipality' AND f.payer_code = c.municipality_code) AS is_home,
    sum(f.amount_dkk) AS amount_dkk,
    sum(f.amount_dkk) FILTER (WHERE f.flow = 'cost') AS cost_dkk
FROM case_flows AS f
JOIN cases AS c USING (case_id)
WHERE f.scenario = $scenario AND f.estimate = $estimate
  AND list_contains($allowed, c.municipality_code) AND (c.status = 'adopted' OR NOT $adopted_only)
GROUP BY ALL
