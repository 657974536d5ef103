-- stg_benefit_weeks_incoming: the person-weeks of the files an import is writing, read from the
-- files themselves. Empty outside an import: inside its transaction the store redefines it as
-- the checked files' rows (gevinst.store.benefit_weeks), and the model's first pass reads them
-- there rather than from a copy, so 20 million rows are written once (in benefit_weeks_rows,
-- with what the model computed) instead of twice — the copy was a sixth of the import's time.
-- Before the transaction commits the view is empty again. Columns as raw_benefit_weeks.
CREATE OR REPLACE VIEW stg_benefit_weeks_incoming AS
SELECT
    r.import_id,
    r.source_row,
    r.municipality_code,
    r.person_id,
    r.week_start,
    r.benefit,
    r.gross_dkk AS amount_dkk,
    r.counter_week_at_start
FROM benefit_weeks_rows AS r
WHERE FALSE;

COMMENT ON VIEW stg_benefit_weeks_incoming IS 'The rows of the files an import is writing; empty outside an import (internal).';

-- raw_benefit_weeks: one row per imported person-week as the file gave it (lineage: import_id,
-- source_row): the file's fields of benefit_weeks_rows, where each person-week is stored once,
-- and, inside an import's transaction, the rows of the files it is writing. The model
-- (stg_benefit_weeks) reads its input here; a purge deletes from benefit_weeks_rows and the
-- model rebuilds the municipality from what is left. While an import writes a municipality
-- with no stored rows (benefit_weeks_scope.reads_stored false), its stored rows are left out:
-- they are the ones the model's last pass is inserting, and a scan would see them.
-- Columns: import_id, source_row, municipality_code, person_id, week_start, benefit,
-- amount_dkk, counter_week_at_start.
CREATE OR REPLACE VIEW raw_benefit_weeks AS
SELECT
    r.import_id,
    r.source_row,
    r.municipality_code,
    r.person_id,
    r.week_start,
    r.benefit,
    r.gross_dkk AS amount_dkk,
    r.counter_week_at_start
FROM benefit_weeks_rows AS r
WHERE r.municipality_code NOT IN (
    SELECT b.municipality_code FROM benefit_weeks_scope AS b WHERE NOT b.reads_stored
)
UNION ALL
SELECT
    i.import_id,
    i.source_row,
    i.municipality_code,
    i.person_id,
    i.week_start,
    i.benefit,
    i.amount_dkk,
    i.counter_week_at_start
FROM stg_benefit_weeks_incoming AS i;

COMMENT ON VIEW raw_benefit_weeks IS 'Every imported person-week as its file gave it, with its lineage.';
COMMENT ON COLUMN raw_benefit_weeks.import_id IS 'The import that wrote the row (import_log).';
COMMENT ON COLUMN raw_benefit_weeks.source_row IS 'Row in the imported file.';
COMMENT ON COLUMN raw_benefit_weeks.municipality_code IS 'The municipality the data was imported for.';
COMMENT ON COLUMN raw_benefit_weeks.person_id IS 'Pseudonym of the person.';
COMMENT ON COLUMN raw_benefit_weeks.week_start IS 'Monday of the week.';
COMMENT ON COLUMN raw_benefit_weeks.benefit IS 'Benefit as the file named it (lower case).';
COMMENT ON COLUMN raw_benefit_weeks.amount_dkk IS 'Amount paid that week, kr.';
COMMENT ON COLUMN raw_benefit_weeks.counter_week_at_start IS 'Count week of the person''s first counted week, when the file said; else null.';
