-- case_versions: one row per case and version of its case file (every save that changed the
-- file or the unit costs it uses), with who saved it and when, and which version is current
-- and which is the frozen decision version of an adopted case.
-- Decision version: of the versions saved with status adopted and the decided_on of the latest
-- adopted version, the first one; later saves of a changed adopted case never replace it.
-- Columns: case_id, version, name, municipality_code, owner, status, decided_on, file_name,
-- sha256, unit_costs_sha256, saved_at, saved_by, is_current, is_decision, case_toml, unit_costs_json.
CREATE OR REPLACE VIEW case_versions AS
WITH latest AS (
    SELECT case_id, max(version) AS current_version
    FROM case_version_registry
    GROUP BY case_id
),
adopted AS (
    SELECT case_id, version, decided_on,
           row_number() OVER (PARTITION BY case_id ORDER BY version DESC) AS newest_first
    FROM case_version_registry
    WHERE status = 'adopted'
),
decision AS (
    SELECT v.case_id, min(v.version) AS decision_version
    FROM case_version_registry AS v
    JOIN adopted AS a
        ON a.case_id = v.case_id AND a.newest_first = 1 AND v.decided_on = a.decided_on
    WHERE v.status = 'adopted'
    GROUP BY v.case_id
)
SELECT
    v.case_id, v.version, v.name, v.municipality_code, v.owner, v.status, v.decided_on,
    v.file_name, v.sha256, v.unit_costs_sha256, v.saved_at, v.saved_by,
    v.version = l.current_version AS is_current,
    coalesce(v.version = d.decision_version, false) AS is_decision,
    v.case_toml, v.unit_costs_json
FROM case_version_registry AS v
JOIN latest AS l USING (case_id)
LEFT JOIN decision AS d USING (case_id);

COMMENT ON VIEW case_versions IS 'One row per case and saved version of its case file (versioned assumptions): who saved it, when, whether it is current and whether it is the frozen decision version of an adopted case.';
COMMENT ON COLUMN case_versions.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_versions.version IS 'Version number, 1 for the first save; a save of unchanged content (same file text and unit costs) adds no version.';
COMMENT ON COLUMN case_versions.name IS 'The case''s name in this version.';
COMMENT ON COLUMN case_versions.municipality_code IS 'The investing municipality in this version.';
COMMENT ON COLUMN case_versions.owner IS 'The investing department in this version.';
COMMENT ON COLUMN case_versions.status IS 'draft or adopted, as this version''s file says.';
COMMENT ON COLUMN case_versions.decided_on IS 'Date of the decision, for an adopted version.';
COMMENT ON COLUMN case_versions.file_name IS 'The case file the version was saved from.';
COMMENT ON COLUMN case_versions.sha256 IS 'SHA-256 of the case file''s text.';
COMMENT ON COLUMN case_versions.unit_costs_sha256 IS 'SHA-256 of the unit costs (catalogue entries) the case used when saved.';
COMMENT ON COLUMN case_versions.saved_at IS 'When the version was saved (UTC).';
COMMENT ON COLUMN case_versions.saved_by IS 'Who saved it.';
COMMENT ON COLUMN case_versions.is_current IS 'True for the latest version (the one case_flows and case_summary show).';
COMMENT ON COLUMN case_versions.is_decision IS 'True for the frozen decision version: the first version saved as adopted with the decided_on of the latest adoption.';
COMMENT ON COLUMN case_versions.case_toml IS 'The case file''s full text in this version.';
COMMENT ON COLUMN case_versions.unit_costs_json IS 'JSON object: the catalogue units the case used when saved (unit id to gross amount, price year, rule, payers), so an old evaluation can be repeated.';
