-- One row per case: who invests, total investment, and the central basis figures for the
-- investing municipality and for all payers together (the portfolio list).
SELECT
    c.case_id, c.name, c.municipality_code, c.municipality_name, c.owner, c.status,
    c.base_year, c.horizon_years,
    sum(f.amount_dkk) FILTER (WHERE f.flow = 'cost') AS investment_dkk,
    any_value(s.npv_dkk) AS npv_municipality_dkk,
    any_value(s.payback_year) AS payback_year,
    any_value(s.p_payback_budget_period) AS p_payback_budget_period,
    any_value(t.npv_all_dkk) AS npv_all_dkk
FROM cases AS c
LEFT JOIN case_flows AS f
    ON f.case_id = c.case_id AND f.scenario = 'basis' AND f.estimate = 'central'
LEFT JOIN case_summary AS s
    ON s.case_id = c.case_id AND s.scenario = 'basis' AND s.estimate = 'central'
    AND s.payer_kind = 'municipality' AND s.payer_code = c.municipality_code
LEFT JOIN (
    SELECT case_id, sum(npv_dkk) AS npv_all_dkk FROM case_summary
    WHERE scenario = 'basis' AND estimate = 'central' GROUP BY case_id
) AS t ON t.case_id = c.case_id
GROUP BY ALL
ORDER BY c.municipality_code, c.case_id
