-- Audit: every payer's undiscounted net in case_summary equals the sum of its flows.
-- Expect zero rows.
WITH by_payer AS (
    SELECT case_id, scenario, estimate, payer_kind, payer_code, sum(amount_dkk) AS net_dkk
    FROM case_flows
    GROUP BY case_id, scenario, estimate, payer_kind, payer_code
)
SELECT s.case_id, s.scenario, s.estimate, s.payer_kind, s.payer_code,
       s.undiscounted_net_dkk, b.net_dkk
FROM case_summary AS s
LEFT JOIN by_payer AS b
    ON s.case_id = b.case_id AND s.scenario = b.scenario AND s.estimate = b.estimate
    AND s.payer_kind = b.payer_kind AND s.payer_code IS NOT DISTINCT FROM b.payer_code
WHERE b.net_dkk IS NULL OR abs(s.undiscounted_net_dkk - b.net_dkk) > 0.05
