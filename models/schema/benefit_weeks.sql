-- Person-week benefit data, written by `gevinst import --kind benefit-weeks` in one transaction
-- per batch, and what the SQL model derives from it (materialised in the same transaction).
-- Each imported person-week is stored once, in benefit_weeks_rows, with the file's fields
-- (lineage: import_id, source_row) beside what the model computed; the view raw_benefit_weeks
-- (staging/raw_benefit_weeks.sql) shows them as the file gave them. An import does not write
-- the file's rows twice: the model reads them from the file inside the import's transaction.
-- Grain: benefit_weeks_scope the municipalities whose derived tables are being rebuilt (empty
-- outside an import or purge), and whether their stored person-weeks are input; benefit_weeks_candidates one row per person-week where a count
-- may begin (first covered week, possible restarts) or that repeats a week (rejected);
-- benefit_weeks_periods one row per person and count period; benefit_weeks_rows one row per
-- person-week with its counter and state/municipal split (what the view benefit_weeks shows)
-- and the file's counter_week_at_start; benefit_weeks_purge_log one row per purged import.
CREATE TABLE IF NOT EXISTS benefit_weeks_scope (
    municipality_code INTEGER NOT NULL
);
-- reads_stored: whether the model reads the municipality's stored person-weeks. False while an
-- import writes a municipality that has none yet: the model then reads only the files, never
-- the rows its own last pass is inserting into benefit_weeks_rows.
ALTER TABLE benefit_weeks_scope ADD COLUMN IF NOT EXISTS reads_stored BOOLEAN DEFAULT TRUE;
CREATE TABLE IF NOT EXISTS benefit_weeks_candidates (
    municipality_code INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    week_no INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    benefit_rank BIGINT,
    self_before BIGINT,
    next_week_no INTEGER,
    counter_week_at_start INTEGER,
    import_id INTEGER NOT NULL,
    source_row BIGINT NOT NULL,
    previous_import_id INTEGER,
    previous_source_row BIGINT
);
CREATE TABLE IF NOT EXISTS benefit_weeks_periods (
    municipality_code INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    from_week_no INTEGER NOT NULL,
    to_week_no INTEGER,
    first_benefit_rank BIGINT NOT NULL,
    counter_at_start INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS benefit_weeks_rows (
    municipality_code INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    week_start DATE NOT NULL,
    benefit VARCHAR NOT NULL,
    gross_dkk DECIMAL(18, 2) NOT NULL,
    counter_week INTEGER,
    state_share DECIMAL(5, 4),
    state_dkk DECIMAL(18, 2),
    municipal_dkk DECIMAL(18, 2),
    import_id INTEGER NOT NULL,
    source_row BIGINT NOT NULL,
    counter_week_at_start INTEGER
);
CREATE TABLE IF NOT EXISTS benefit_weeks_purge_log (
    import_id INTEGER NOT NULL,
    municipality_code INTEGER NOT NULL,
    rows_deleted BIGINT NOT NULL,
    purged_at TIMESTAMPTZ NOT NULL,
    purged_by VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);
