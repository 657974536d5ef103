-- Portfolio: one row per case for a scenario and estimate: investment, NPV per payer group
-- (the investing municipality, other municipalities, regions, the state, external funders),
-- payback and P(payback in the budget period) for the investing municipality.
-- Only cases of the user's municipalities ($allowed), adopted ones only for a politician
-- ($adopted_only): see dashboards/auth.py.
WITH s AS (
    SELECT s.*, c.municipality_code AS home
    FROM case_summary AS s JOIN cases AS c USING (case_id)
    WHERE s.scenario = $scenario AND s.estimate = $estimate
)
SELECT
    c.case_id, c.name, c.municipality_code, c.municipality_name, c.owner, c.status,
    c.base_year,
    (SELECT sum(f.amount_dkk) FROM case_flows AS f
     WHERE f.case_id = c.case_id AND f.scenario = $scenario AND f.estimate = $estimate
       AND f.flow = 'cost') AS investment_dkk,
    sum(s.npv_dkk) FILTER (WHERE s.payer_kind = 'municipality' AND s.payer_code = s.home)
        AS npv_municipality_dkk,
    sum(s.npv_dkk) FILTER (WHERE (s.payer_kind = 'municipality' AND s.payer_code <> s.home)
                               OR s.payer_kind = 'municipalities')
        AS npv_other_municipalities_dkk,
    sum(s.npv_dkk) FILTER (WHERE s.payer_kind = 'region') AS npv_region_dkk,
    sum(s.npv_dkk) FILTER (WHERE s.payer_kind = 'state') AS npv_state_dkk,
    sum(s.npv_dkk) FILTER (WHERE s.payer_kind = 'external') AS npv_external_dkk,
    sum(s.npv_dkk) AS npv_all_dkk,
    max(s.payback_year) FILTER (WHERE s.payer_kind = 'municipality' AND s.payer_code = s.home)
        AS payback_year,
    max(s.p_payback_budget_period)
        FILTER (WHERE s.payer_kind = 'municipality' AND s.payer_code = s.home)
        AS p_payback_budget_period
FROM cases AS c
JOIN s ON s.case_id = c.case_id
WHERE list_contains($allowed, c.municipality_code) AND (c.status = 'adopted' OR NOT $adopted_only)
GROUP BY ALL
ORDER BY c.municipality_code, c.case_id
