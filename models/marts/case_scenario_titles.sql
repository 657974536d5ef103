-- case_scenario_titles: one row per saved case and scenario (basis included): the title and
-- one-line description people see instead of the scenario's id, from the case file.
CREATE OR REPLACE VIEW case_scenario_titles AS
SELECT
    case_id, scenario, coalesce(title, CASE WHEN scenario = 'basis' THEN 'Basis' END, scenario)
        AS title,
    description
FROM case_scenario_rows;

COMMENT ON VIEW case_scenario_titles IS 'One row per saved case and scenario: the title and one-line description the case file gives it (what politicians read instead of the id).';
COMMENT ON COLUMN case_scenario_titles.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_scenario_titles.scenario IS 'The scenario''s id, as in case_flows and case_summary.';
COMMENT ON COLUMN case_scenario_titles.title IS 'The scenario''s title from the case file; its id when the file gives none; Basis for basis.';
COMMENT ON COLUMN case_scenario_titles.description IS 'One line about the scenario from the case file (null if none).';
