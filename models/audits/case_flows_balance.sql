-- Audit: refusion, transfers, equalisation and financing move money between payers and must sum to 0
-- per case, scenario, estimate and year (tolerance 0,01 kr. per payer). Expect zero rows.
SELECT case_id, scenario, estimate, year, sum(amount_dkk) AS imbalance_dkk
FROM case_flows
WHERE flow IN ('refusion', 'transfer', 'equalisation', 'financing')
GROUP BY case_id, scenario, estimate, year
HAVING abs(sum(amount_dkk)) > 0.01 * count(DISTINCT (payer_kind, payer_code))
