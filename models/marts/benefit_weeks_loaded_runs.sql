-- benefit_weeks_loaded_runs: one row per results import (`gevinst import --kind
-- benefit-weeks-results`) and input file of its `gevinst spark` run: the provenance of the
-- loaded rows of benefit_weeks (which files, which rules, which gevinst), from the run's
-- manifest.json. Columns: import_id, municipality_code, is_current, folder, run_created_at,
-- master, gevinst_version, rules_sha256, model_sha256, input_no, input_file, input_sha256,
-- input_rows.
CREATE OR REPLACE VIEW benefit_weeks_loaded_runs AS
SELECT
    r.import_id,
    r.municipality_code,
    c.import_id IS NOT NULL AS is_current,
    r.folder,
    r.created_at AS run_created_at,
    r.master,
    r.gevinst_version,
    r.rules_sha256,
    r.model_sha256,
    i.input_no,
    i.file_name AS input_file,
    i.sha256 AS input_sha256,
    i.rows AS input_rows
FROM benefit_weeks_result_runs AS r
INNER JOIN benefit_weeks_result_inputs AS i
    ON i.import_id = r.import_id AND i.municipality_code = r.municipality_code
LEFT JOIN benefit_weeks_results_current AS c ON c.import_id = r.import_id;

COMMENT ON VIEW benefit_weeks_loaded_runs IS 'Provenance of loaded gevinst spark results: one row per results import and input file of the run (which files, rules and gevinst version computed the loaded benefit weeks).';
COMMENT ON COLUMN benefit_weeks_loaded_runs.import_id IS 'The results import (see import_log, kind benefit-weeks-results); benefit_weeks.import_id of its rows.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.municipality_code IS 'The municipality whose results the import loaded.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.is_current IS 'True while benefit_weeks shows this import''s rows (a later results import for the municipality replaces them).';
COMMENT ON COLUMN benefit_weeks_loaded_runs.folder IS 'The Spark output folder as given to the import.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.run_created_at IS 'When the Spark run finished (UTC, ISO 8601, from manifest.json).';
COMMENT ON COLUMN benefit_weeks_loaded_runs.master IS 'The Spark master the run used (local[2], spark://…).';
COMMENT ON COLUMN benefit_weeks_loaded_runs.gevinst_version IS 'The gevinst version that ran the model.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.rules_sha256 IS 'Fingerprint of the rule tables (steps, benefits, § 6 numbers) the run used; equal to the database''s, or the import is refused.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.model_sha256 IS 'Fingerprint of the benefit-weeks model''s SQL as the run executed it.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.input_no IS 'The input file''s number in the run.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.input_file IS 'The person-week file the run read.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.input_sha256 IS 'SHA-256 of that file''s bytes when the run read it.';
COMMENT ON COLUMN benefit_weeks_loaded_runs.input_rows IS 'Person-weeks of that file in the results.';
