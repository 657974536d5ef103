-- Every stored department row of one case (one row per scenario, estimate, payer, department).
SELECT case_id, scenario, estimate, payer_kind, payer_code, department, undiscounted_net_dkk,
       npv_dkk, payback_year
FROM case_department_rows WHERE case_id = $case_id
