-- Benefit weeks computed elsewhere (a `gevinst spark` run) and loaded by `gevinst import --kind
-- benefit-weeks-results` in one transaction, with the run's provenance from its manifest.json.
-- Grain: benefit_weeks_results one row per loaded person-week (the view benefit_weeks shows
-- these instead of the locally computed rows for the municipalities in
-- benefit_weeks_results_current); benefit_weeks_results_current one row per municipality whose
-- loaded results are shown (the import that loaded them); benefit_weeks_result_runs one row per
-- results import (append-only: the run's provenance); benefit_weeks_result_inputs one row per
-- results import and input file of the run (append-only).
CREATE TABLE IF NOT EXISTS benefit_weeks_results (
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
    input_no INTEGER NOT NULL,
    source_row BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS benefit_weeks_results_current (
    municipality_code INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS benefit_weeks_result_runs (
    import_id INTEGER NOT NULL,
    municipality_code INTEGER NOT NULL,
    folder VARCHAR NOT NULL,
    gevinst_version VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    master VARCHAR NOT NULL,
    rules_sha256 VARCHAR NOT NULL,
    model_sha256 VARCHAR NOT NULL,
    manifest VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS benefit_weeks_result_inputs (
    import_id INTEGER NOT NULL,
    input_no INTEGER NOT NULL,
    file_name VARCHAR NOT NULL,
    municipality_code INTEGER NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows BIGINT NOT NULL
);
