-- Every stored summary row of one case (one row per scenario, estimate and payer).
SELECT case_id, scenario, estimate, payer_kind, payer_code, undiscounted_net_dkk, npv_dkk,
       payback_year, payback_year_discounted, npv_p10_dkk, npv_p50_dkk, npv_p90_dkk,
       p_payback_budget_period, p_payback_horizon, break_even_effect_budget_period,
       break_even_effect_horizon
FROM int_case_summary_rows WHERE case_id = $case_id
