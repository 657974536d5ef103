-- case_department_summary: one row per case, scenario, estimate, payer and department, so a
-- director sees which department invests and which gains within the same municipality.
CREATE OR REPLACE VIEW case_department_summary AS
SELECT
    d.case_id, d.scenario, d.estimate, d.payer_kind, d.payer_code, d.department,
    d.undiscounted_net_dkk, d.npv_dkk, d.payback_year
FROM case_department_rows AS d;

COMMENT ON VIEW case_department_summary IS 'Per case, scenario, estimate, payer and department: net and present value, to see which department invests and which gains.';
COMMENT ON COLUMN case_department_summary.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_department_summary.scenario IS 'Named variant; basis is the case as written.';
COMMENT ON COLUMN case_department_summary.estimate IS 'low, central or high.';
COMMENT ON COLUMN case_department_summary.payer_kind IS 'municipality, region, state, municipalities (the other municipalities collectively, e.g. through equalisation; code null) or external.';
COMMENT ON COLUMN case_department_summary.payer_code IS 'Municipality or region code; null for the state and external payers.';
COMMENT ON COLUMN case_department_summary.department IS 'Department of the payer (for the state: the part of the state, e.g. a-kasse, or Udligningsordningen).';
COMMENT ON COLUMN case_department_summary.undiscounted_net_dkk IS 'Sum of the department''s flows, undiscounted; > 0 it spends more than it saves.';
COMMENT ON COLUMN case_department_summary.npv_dkk IS 'Present value of the department''s savings minus costs.';
COMMENT ON COLUMN case_department_summary.payback_year IS 'First year from which the department''s cumulative net stays at or below 0; null if never.';
