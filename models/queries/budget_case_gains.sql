-- budget_case_gains: one row per case of one municipality, account and year: the planned gain
-- (flow = 'gain') the municipality itself books on that account (scenario basis, central
-- estimate). amount_dkk < 0 = a saving. Columns: case_id, case_name, account, account_name,
-- year, amount_dkk.
-- Adopted cases only for a politician ($adopted_only).
SELECT
    c.case_id, c.name AS case_name, f.account, coalesce(a.name, '') AS account_name, f.year,
    sum(f.amount_dkk) AS amount_dkk
FROM case_flows AS f
JOIN cases AS c USING (case_id)
LEFT JOIN accounts AS a ON a.account = f.account
WHERE c.municipality_code = $municipality
  AND (c.status = 'adopted' OR NOT $adopted_only)
  AND f.scenario = 'basis' AND f.estimate = 'central' AND f.flow = 'gain'
  AND f.payer_kind = 'municipality' AND f.payer_code = c.municipality_code
  AND f.account IS NOT NULL
GROUP BY ALL
ORDER BY c.case_id, f.account, f.year
