-- One case, scenario and estimate: one row per payer (NPV, payback, P10/P50/P90,
-- P(payback) and break-even effect; the last three for the investing municipality only).
SELECT
    payer_kind, payer_code, undiscounted_net_dkk, npv_dkk, payback_year,
    payback_year_discounted, npv_p10_dkk, npv_p50_dkk, npv_p90_dkk, p_payback_budget_period,
    p_payback_horizon, break_even_effect_budget_period, break_even_effect_horizon
FROM case_summary
WHERE case_id = $case_id AND scenario = $scenario AND estimate = $estimate
