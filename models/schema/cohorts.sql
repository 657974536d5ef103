-- Cohorts for following up a case: a target group and a comparison group of persons, from an
-- imported list of pseudonyms or a filter on benefit_weeks (gevinst.store.benefit_weeks).
-- Grain: cohort_members one row per cohort, group and person.
CREATE TABLE IF NOT EXISTS cohort_members (
    cohort_id VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    municipality_code INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    added_at TIMESTAMPTZ NOT NULL
);
