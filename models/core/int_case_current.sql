-- int_case_current: each saved case's current version (its latest; versions only grow).
-- int_case_registry, int_case_flow_rows, int_case_summary_rows: that version's registry row,
-- flows and summary, with the columns the current-case tables had before versions became the
-- only stored case tables (models/schema/case_history.sql). The public views cases, case_flows
-- and case_summary read these; nothing writes them.
CREATE OR REPLACE VIEW int_case_current AS
SELECT case_id, max(version) AS version
FROM case_version_registry
GROUP BY case_id;

COMMENT ON VIEW int_case_current IS 'One row per saved case: its current (latest) version.';

CREATE OR REPLACE VIEW int_case_registry AS
SELECT r.* EXCLUDE (version, unit_costs_json, unit_costs_sha256)
FROM case_version_registry AS r
JOIN int_case_current AS c USING (case_id, version);

COMMENT ON VIEW int_case_registry IS 'One row per saved case: the registry row (case file, who saved it, when) of its current version.';

CREATE OR REPLACE VIEW int_case_flow_rows AS
SELECT f.* EXCLUDE (version)
FROM case_version_flow_rows AS f
JOIN int_case_current AS c USING (case_id, version);

COMMENT ON VIEW int_case_flow_rows IS 'The flows of each saved case''s current version (grain and sign as case_flows).';

CREATE OR REPLACE VIEW int_case_summary_rows AS
SELECT s.* EXCLUDE (version)
FROM case_version_summary_rows AS s
JOIN int_case_current AS c USING (case_id, version);

COMMENT ON VIEW int_case_summary_rows IS 'The summary of each saved case''s current version (grain as case_summary).';
