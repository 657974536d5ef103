-- Target-group persons of cases, for finding double counting between cases (overlapping
-- persons). Filled by `store.overlap.add_case_persons` (an import of ids, or the cohorts of
-- benefit-week data). Grain: one row per case and pseudonymised person id; never a CPR number.
CREATE TABLE IF NOT EXISTS case_target_persons (
    case_id VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
