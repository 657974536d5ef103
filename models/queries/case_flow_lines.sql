-- One case, scenario and estimate: one row per year, payer, department, account, flow kind,
-- unit and effect (the rows of case_flows, each with its unit, effect, rule and source).
SELECT
    year, payer_kind, payer_code, department, account, budget_frame, flow, amount_dkk,
    unit_id, effect_no, rule, source
FROM case_flows
WHERE case_id = $case_id AND scenario = $scenario AND estimate = $estimate
ORDER BY year, payer_kind, payer_code, department, flow, effect_no NULLS FIRST, account
