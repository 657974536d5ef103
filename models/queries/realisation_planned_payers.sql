-- One case's planned gains per payer and year, net of refusion and transfers (no costs), from
-- the version the realisation plan uses (frozen decision version, else current); basis, central.
WITH chosen AS (
    SELECT coalesce(max(CASE WHEN is_decision THEN version END),
                    max(CASE WHEN is_current THEN version END)) AS version
    FROM case_versions WHERE case_id = $case_id
)
SELECT f.year, f.payer_kind, sum(f.amount_dkk) AS planned_dkk
FROM case_flows_history AS f, chosen
WHERE f.case_id = $case_id AND f.version = chosen.version AND f.scenario = 'basis'
    AND f.estimate = 'central' AND f.flow <> 'cost'
GROUP BY f.year, f.payer_kind
ORDER BY f.year, f.payer_kind
