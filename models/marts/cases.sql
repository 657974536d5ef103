-- cases: one row per saved investment case, with its municipality's name and status.
CREATE OR REPLACE VIEW cases AS
SELECT
    c.case_id, c.name, c.municipality_code, m.name AS municipality_name, c.owner, c.base_year,
    c.horizon_years, c.status, c.decided_on, c.source, c.file_name, c.sha256, c.saved_at,
    c.saved_by
FROM int_case_registry AS c
LEFT JOIN ref_municipalities AS m USING (municipality_code);

COMMENT ON VIEW cases IS 'One row per saved investment case: who invests, its years, status and where it came from.';
COMMENT ON COLUMN cases.case_id IS 'The case''s id.';
COMMENT ON COLUMN cases.name IS 'The case''s name.';
COMMENT ON COLUMN cases.municipality_code IS 'The investing municipality.';
COMMENT ON COLUMN cases.municipality_name IS 'Its name as Danmarks Statistik spells it.';
COMMENT ON COLUMN cases.owner IS 'The investing department.';
COMMENT ON COLUMN cases.base_year IS 'Year 0 of the case; amounts are in this year''s prices.';
COMMENT ON COLUMN cases.horizon_years IS 'Number of years evaluated.';
COMMENT ON COLUMN cases.status IS 'draft or adopted.';
COMMENT ON COLUMN cases.decided_on IS 'Date of the decision for an adopted case.';
COMMENT ON COLUMN cases.source IS 'Where the case''s figures come from.';
COMMENT ON COLUMN cases.file_name IS 'The case file it was saved from.';
COMMENT ON COLUMN cases.sha256 IS 'SHA-256 of the case file''s text.';
COMMENT ON COLUMN cases.saved_at IS 'When it was saved (UTC).';
COMMENT ON COLUMN cases.saved_by IS 'Who saved it.';
