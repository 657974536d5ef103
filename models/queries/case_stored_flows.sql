-- Every stored flow row of one case (all scenarios and estimates), with the columns of
-- int_case_flow_rows: kept as they are when an adopted case's evaluations are frozen.
SELECT case_id, scenario, estimate, year, payer_kind, payer_code, department, account,
       budget_frame, flow, amount_dkk, unit_id, effect_no, rule, source, evaluated_at
FROM int_case_flow_rows WHERE case_id = $case_id
