-- case_summary: one row per case, scenario, estimate and payer (no subtotal rows).
-- undiscounted_net_dkk keeps the flows' sign (> 0: the payer spends more than it saves);
-- npv_dkk is the present value of savings minus costs (a case that only costs is negative).
CREATE OR REPLACE VIEW case_summary AS
SELECT
    s.case_id, s.scenario, s.estimate, s.payer_kind, s.payer_code, s.undiscounted_net_dkk,
    s.npv_dkk, s.payback_year, s.payback_year_discounted, s.npv_p10_dkk, s.npv_p50_dkk,
    s.npv_p90_dkk, s.p_payback_budget_period, s.p_payback_horizon,
    s.break_even_effect_budget_period, s.break_even_effect_horizon
FROM int_case_summary_rows AS s;

COMMENT ON VIEW case_summary IS 'Per case, scenario, estimate and payer: net, present value, payback and uncertainty. One row per payer; departments are in case_department_summary.';
COMMENT ON COLUMN case_summary.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_summary.scenario IS 'Named variant; basis is the case as written.';
COMMENT ON COLUMN case_summary.estimate IS 'low, central or high.';
COMMENT ON COLUMN case_summary.payer_kind IS 'municipality, region, state, municipalities (the other municipalities collectively, e.g. through equalisation; code null) or external.';
COMMENT ON COLUMN case_summary.payer_code IS 'Municipality or region code; null for the state and external payers.';
COMMENT ON COLUMN case_summary.undiscounted_net_dkk IS 'Sum of the payer''s flows over the horizon, undiscounted; > 0 the payer spends more than it saves.';
COMMENT ON COLUMN case_summary.npv_dkk IS 'Present value of savings minus costs (nutidsværdi), Finansministeriet''s declining rate unless the case assumes another.';
COMMENT ON COLUMN case_summary.payback_year IS 'First year from which the payer''s cumulative net stays at or below 0, undiscounted; null if never within the horizon.';
COMMENT ON COLUMN case_summary.payback_year_discounted IS 'The same on discounted amounts.';
COMMENT ON COLUMN case_summary.npv_p10_dkk IS '10th percentile of the NPV over 10.000 Monte Carlo draws (triangular, fixed seed).';
COMMENT ON COLUMN case_summary.npv_p50_dkk IS 'Median NPV over the Monte Carlo draws.';
COMMENT ON COLUMN case_summary.npv_p90_dkk IS '90th percentile of the NPV over the Monte Carlo draws.';
COMMENT ON COLUMN case_summary.p_payback_budget_period IS 'Share of draws in which the case''s municipality pays back (undiscounted) within the budget year and 3 outlook years; null for other payers.';
COMMENT ON COLUMN case_summary.p_payback_horizon IS 'Share of draws in which the case''s municipality pays back within the horizon; null for other payers.';
COMMENT ON COLUMN case_summary.break_even_effect_budget_period IS 'Smallest share of the effects (1 = as estimated) with which the municipality pays back within the budget period; null if not even 10 times the effect does.';
COMMENT ON COLUMN case_summary.break_even_effect_horizon IS 'The same within the horizon.';
