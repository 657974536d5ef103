-- Audit: case_summary has one row per case, scenario, estimate and payer. Expect zero rows.
SELECT case_id, scenario, estimate, payer_kind, payer_code, count(*) AS rows
FROM case_summary
GROUP BY case_id, scenario, estimate, payer_kind, payer_code
HAVING count(*) > 1
