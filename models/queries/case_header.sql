-- One case's header: one row per case (zero rows for an unknown id), with the case file's
-- text so the page can evaluate what-ifs with the same engine (int_case_registry.case_toml).
SELECT
    c.case_id, c.name, c.municipality_code, c.municipality_name, c.owner, c.base_year,
    c.horizon_years, c.status, c.decided_on, c.source, c.file_name, c.sha256, c.saved_at,
    c.saved_by, r.case_toml
FROM cases AS c
JOIN int_case_registry AS r USING (case_id)
WHERE c.case_id = $case_id
