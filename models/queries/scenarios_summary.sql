-- Scenarios page: one row per payer of one variant ($case_id, $scenario, $estimate): the rows
-- of case_summary, whether the payer is the investing municipality (is_home), and the case.
-- Columns: case_summary's, is_home, name, municipality_code, municipality_name, owner,
-- base_year, horizon_years, status, case_source, scenario_title, scenario_description.
SELECT
    s.case_id, s.scenario, s.estimate, s.payer_kind, s.payer_code, s.undiscounted_net_dkk,
    s.npv_dkk, s.payback_year, s.payback_year_discounted, s.npv_p10_dkk, s.npv_p50_dkk,
    s.npv_p90_dkk, s.p_payback_budget_period, s.p_payback_horizon,
    s.break_even_effect_budget_period, s.break_even_effect_horizon,
    coalesce(s.payer_kind = 'municipality' AND s.payer_code = c.municipality_code, false)
        AS is_home,
    c.name, c.municipality_code, c.municipality_name, c.owner, c.base_year, c.horizon_years,
    c.status, c.source AS case_source, coalesce(t.title, s.scenario) AS scenario_title,
    t.description AS scenario_description
FROM case_summary AS s
JOIN cases AS c USING (case_id)
LEFT JOIN case_scenario_titles AS t USING (case_id, scenario)
WHERE s.case_id = $case_id AND s.scenario = $scenario AND s.estimate = $estimate
ORDER BY is_home DESC, s.payer_kind, s.payer_code
