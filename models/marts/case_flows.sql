-- case_flows: one row per case, scenario, estimate, year, payer, department, account, flow
-- kind, unit and effect. Sign: amount_dkk > 0 is money the payer spends, < 0 money it saves
-- or receives. Per case, scenario, estimate and year the refusion, transfer, equalisation and
-- financing flows sum to 0 over all payers; all flows sum to gross cost minus gross gain.
CREATE OR REPLACE VIEW case_flows AS
SELECT
    f.case_id, f.scenario, f.estimate, f.year, f.payer_kind, f.payer_code, f.department,
    f.account, f.budget_frame, f.flow, f.amount_dkk, f.unit_id, f.effect_no, f.rule, f.source,
    f.evaluated_at
FROM int_case_flow_rows AS f;

COMMENT ON VIEW case_flows IS 'Who pays or saves how much per year for each investment case: one row per case, scenario, estimate, year, payer, department, account, flow kind, unit and effect. amount_dkk > 0 = the payer spends; < 0 = it saves or receives.';
COMMENT ON COLUMN case_flows.case_id IS 'The case''s id from its case file (lower-case).';
COMMENT ON COLUMN case_flows.scenario IS 'Named variant of the case''s assumptions; basis is the case as written.';
COMMENT ON COLUMN case_flows.estimate IS 'low (pessimistic), central or high (optimistic) value of every uncertain number.';
COMMENT ON COLUMN case_flows.year IS 'Calendar year of the flow (base_year + i).';
COMMENT ON COLUMN case_flows.payer_kind IS 'municipality, region, state, municipalities (the other municipalities collectively, e.g. through equalisation; code null) or external (a fund or foundation paying a cost line).';
COMMENT ON COLUMN case_flows.payer_code IS 'Municipality code (3 digits) or region code (1081-1085); null for the state and external payers.';
COMMENT ON COLUMN case_flows.department IS 'Department (forvaltning) of the payer whose budget the flow hits.';
COMMENT ON COLUMN case_flows.account IS 'Function of the municipal chart of accounts (hovedkonto.hovedfunktion.funktion, e.g. 5.57.73); null outside municipal accounts.';
COMMENT ON COLUMN case_flows.budget_frame IS 'Municipal budget frame the flow hits: service, transfers-guaranteed, insured-unemployed, transfers-other, health-cofinancing or construction; null for regions, the state, taxes and equalisation.';
COMMENT ON COLUMN case_flows.flow IS 'cost (the investment), gain (change in gross expense or tax, negative = saving), refusion (state refusion or co-financing), transfer (§ 9 c bills between municipalities), equalisation (udligning of a changed tax base) or financing (what comes back or leaves through the financing system: employment grant, budget guarantee, the timing of tax and equalisation; see data/reference/financing.toml).';
COMMENT ON COLUMN case_flows.amount_dkk IS 'Amount in kr., base-year prices, rounded to øre; > 0 the payer spends, < 0 it saves or receives.';
COMMENT ON COLUMN case_flows.unit_id IS 'Unit of the unit-cost catalogue (or the case''s local unit) the effect changes; null for cost lines.';
COMMENT ON COLUMN case_flows.effect_no IS 'Number of the [[effect]] in the case file (1-based); null for cost lines.';
COMMENT ON COLUMN case_flows.rule IS 'Rule and the regime (years) it held in, as rule:first-last: staircase:2016-, dagpenge-cofinancing:2016-, fixed-65:2016-, costly-cases:2021- (thresholds of the year used, flagged when the latest known are indexed), kmf:2007-2018 / kmf-frozen:2019-2026 / kmf-transition:2027-2028 / kmf-abolished:2029- (health co-financing), § 9 c:2016- (and § 9 c:2021-2023, § 9 c:2024- for førtidspension and seniorpension), section-110, equalisation:2021-, tax, none, and for financing flows employment-grant:SHARE (beskæftigelsestilskud), budget-guarantee:SHARE (budgetgaranti), tax-timing:METHOD, LAG (statsgaranti or selvbudgettering); see data/reference/rules.toml [regimes].';
COMMENT ON COLUMN case_flows.source IS 'Where the figure comes from: the unit''s published source, or the case''s source for cost lines.';
COMMENT ON COLUMN case_flows.evaluated_at IS 'When the evaluation was made (UTC).';
