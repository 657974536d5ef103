-- benefit_weeks_purged: one row per benefit-week import whose person-level rows were deleted by
-- `gevinst purge` (retention rules): who, when, how many rows. The import itself stays in
-- import_log. Columns: import_id, municipality_code, file_name, imported_at, rows_deleted,
-- purged_at, purged_by, reason.
CREATE OR REPLACE VIEW benefit_weeks_purged AS
SELECT
    p.import_id, p.municipality_code, r.file_name, r.imported_at, p.rows_deleted, p.purged_at,
    p.purged_by, p.reason
FROM benefit_weeks_purge_log AS p
LEFT JOIN import_registry AS r ON r.import_id = p.import_id;

COMMENT ON VIEW benefit_weeks_purged IS 'One row per import whose person-level rows were purged (retention): who and when; the import_log row stays.';
COMMENT ON COLUMN benefit_weeks_purged.import_id IS 'The purged import (see import_log).';
COMMENT ON COLUMN benefit_weeks_purged.municipality_code IS 'The municipality the import was for.';
COMMENT ON COLUMN benefit_weeks_purged.file_name IS 'The imported file''s name.';
COMMENT ON COLUMN benefit_weeks_purged.imported_at IS 'When the data was imported (UTC).';
COMMENT ON COLUMN benefit_weeks_purged.rows_deleted IS 'Person-week rows deleted.';
COMMENT ON COLUMN benefit_weeks_purged.purged_at IS 'When they were deleted (UTC).';
COMMENT ON COLUMN benefit_weeks_purged.purged_by IS 'Who deleted them (--user, $GEVINST_USER or the login name).';
COMMENT ON COLUMN benefit_weeks_purged.reason IS 'Why: the purge command as given (--import-id or --older-than).';
