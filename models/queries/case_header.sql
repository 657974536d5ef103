-- One case's header: one row per case (zero rows for an unknown id), with the case file's
-- text so the page can evaluate what-ifs with the same engine (the current version's
-- case_toml; through the public views, so a database not yet moved to the versioned layout,
-- opened read-only, still shows its cases).
SELECT
    c.case_id, c.name, c.municipality_code, c.municipality_name, c.owner, c.base_year,
    c.horizon_years, c.status, c.decided_on, c.source, c.file_name, c.sha256, c.saved_at,
    c.saved_by, v.case_toml
FROM cases AS c
JOIN case_versions AS v ON v.case_id = c.case_id AND v.is_current
WHERE c.case_id = $case_id
