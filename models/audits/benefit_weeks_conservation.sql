-- Audit: every benefit week splits its gross between state and municipality exactly
-- (state_dkk + municipal_dkk = gross_dkk). Expect zero rows.
SELECT municipality_code, person_id, week_start, gross_dkk, state_dkk, municipal_dkk
FROM benefit_weeks
WHERE state_dkk IS NULL
    OR municipal_dkk IS NULL
    OR state_dkk + municipal_dkk <> gross_dkk
