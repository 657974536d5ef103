-- import_log: one row per imported file, append-only (a re-import of identical content adds
-- nothing). Columns: import_id, kind, municipality_code, file_name, sha256, rows, imported_at,
-- imported_by, budget_kinds, first_year, last_year, version, shape, unit.
CREATE OR REPLACE VIEW import_log AS
SELECT
    import_id, kind, municipality_code, file_name, sha256, rows, imported_at, imported_by,
    budget_kinds, first_year, last_year, version, shape, unit
FROM import_registry;

COMMENT ON VIEW import_log IS 'One row per imported file (append-only): what, for whom, by whom, when, and which version it made.';
COMMENT ON COLUMN import_log.import_id IS 'The import''s number; budget_lines.import_id refers to it.';
COMMENT ON COLUMN import_log.kind IS 'The --kind of the import: budget, accounts, benefit-weeks, realisation or key-figures.';
COMMENT ON COLUMN import_log.municipality_code IS 'The municipality imported for (--municipality); 0 for key figures, which cover all municipalities.';
COMMENT ON COLUMN import_log.file_name IS 'The file''s name as given.';
COMMENT ON COLUMN import_log.sha256 IS 'SHA-256 of the file''s bytes; the same content is not imported twice.';
COMMENT ON COLUMN import_log.rows IS 'Number of budget lines written from the file.';
COMMENT ON COLUMN import_log.imported_at IS 'When it was imported (UTC).';
COMMENT ON COLUMN import_log.imported_by IS 'Who imported it (--user, $GEVINST_USER or the login name).';
COMMENT ON COLUMN import_log.budget_kinds IS 'The budget kinds in the file, e.g. B,BO.';
COMMENT ON COLUMN import_log.first_year IS 'First year in the file.';
COMMENT ON COLUMN import_log.last_year IS 'Last year in the file.';
COMMENT ON COLUMN import_log.version IS 'The version the import made of its budget kinds and years (the highest, if they differ).';
COMMENT ON COLUMN import_log.shape IS 'The shape recognised, e.g. wide (B2026, BO2027) or long.';
COMMENT ON COLUMN import_log.unit IS 'The unit(s) amounts were given in and how that was known.';
