-- case_flows_history: one row per case, version, scenario, estimate, year, payer, department,
-- account, flow kind, unit and effect: the flows of every saved version as evaluated when it
-- was saved (case_flows shows the current version only). Same columns and sign as case_flows,
-- plus version. case_summary_history: the same per case, version, scenario, estimate and payer.
CREATE OR REPLACE VIEW case_flows_history AS
SELECT
    f.case_id, f.version, f.scenario, f.estimate, f.year, f.payer_kind, f.payer_code,
    f.department, f.account, f.budget_frame, f.flow, f.amount_dkk, f.unit_id, f.effect_no,
    f.rule, f.source, f.evaluated_at
FROM case_version_flow_rows AS f;

COMMENT ON VIEW case_flows_history IS 'The flows of every saved version of every case, as evaluated when saved: one row per case, version, scenario, estimate, year, payer, department, account, flow kind, unit and effect. amount_dkk > 0 = the payer spends; < 0 = it saves or receives.';
COMMENT ON COLUMN case_flows_history.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_flows_history.version IS 'Version of the case (see case_versions).';
COMMENT ON COLUMN case_flows_history.scenario IS 'Named variant; basis is the case as written.';
COMMENT ON COLUMN case_flows_history.estimate IS 'low, central or high.';
COMMENT ON COLUMN case_flows_history.year IS 'Calendar year of the flow.';
COMMENT ON COLUMN case_flows_history.payer_kind IS 'municipality, region, state, municipalities (the other municipalities collectively, e.g. through equalisation; code null) or external.';
COMMENT ON COLUMN case_flows_history.payer_code IS 'Municipality or region code; null for the state and external payers.';
COMMENT ON COLUMN case_flows_history.department IS 'Department of the payer whose budget the flow hits.';
COMMENT ON COLUMN case_flows_history.account IS 'Function of the municipal chart of accounts; null outside municipal accounts.';
COMMENT ON COLUMN case_flows_history.budget_frame IS 'service, transfers-guaranteed, insured-unemployed, transfers-other, health-cofinancing or construction; null outside municipal budgets.';
COMMENT ON COLUMN case_flows_history.flow IS 'cost, gain, refusion, transfer or equalisation.';
COMMENT ON COLUMN case_flows_history.amount_dkk IS 'Amount in kr., base-year prices; > 0 the payer spends, < 0 it saves or receives.';
COMMENT ON COLUMN case_flows_history.unit_id IS 'Unit the effect changes; null for cost lines.';
COMMENT ON COLUMN case_flows_history.effect_no IS 'Number of the [[effect]] in that version''s file; null for cost lines.';
COMMENT ON COLUMN case_flows_history.rule IS 'Rule that produced the flow.';
COMMENT ON COLUMN case_flows_history.source IS 'Where the figure comes from.';
COMMENT ON COLUMN case_flows_history.evaluated_at IS 'When that version was evaluated (UTC).';

CREATE OR REPLACE VIEW case_summary_history AS
SELECT
    s.case_id, s.version, s.scenario, s.estimate, s.payer_kind, s.payer_code,
    s.undiscounted_net_dkk, s.npv_dkk, s.payback_year, s.payback_year_discounted
FROM case_version_summary_rows AS s;

COMMENT ON VIEW case_summary_history IS 'Per case, version, scenario, estimate and payer: net, present value and payback as evaluated when the version was saved.';
COMMENT ON COLUMN case_summary_history.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_summary_history.version IS 'Version of the case (see case_versions).';
COMMENT ON COLUMN case_summary_history.scenario IS 'Named variant; basis is the case as written.';
COMMENT ON COLUMN case_summary_history.estimate IS 'low, central or high.';
COMMENT ON COLUMN case_summary_history.payer_kind IS 'municipality, region, state, municipalities (the other municipalities collectively, e.g. through equalisation; code null) or external.';
COMMENT ON COLUMN case_summary_history.payer_code IS 'Municipality or region code; null for the state and external payers.';
COMMENT ON COLUMN case_summary_history.undiscounted_net_dkk IS 'Sum of the payer''s flows, undiscounted; > 0 the payer spends more than it saves.';
COMMENT ON COLUMN case_summary_history.npv_dkk IS 'Present value of savings minus costs.';
COMMENT ON COLUMN case_summary_history.payback_year IS 'First year from which the payer''s cumulative net stays at or below 0; null if never.';
COMMENT ON COLUMN case_summary_history.payback_year_discounted IS 'The same on discounted amounts.';
