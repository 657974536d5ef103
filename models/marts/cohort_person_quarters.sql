-- cohort_person_quarters: one row per cohort, group, person and quarter with benefit weeks:
-- weeks on benefit and their gross, state and municipal kroner (from benefit_weeks). Members
-- without weeks in a quarter have no row (0 weeks). Person-level: displays aggregate it and
-- suppress groups of fewer than 5 persons (gevinst.domain.cohorts). A comparison group is not
-- a randomised control. Columns: cohort_id, group_name, municipality_code, person_id, year,
-- quarter, weeks_on_benefit, gross_dkk, state_dkk, municipal_dkk.
CREATE OR REPLACE VIEW cohort_person_quarters AS
SELECT
    m.cohort_id,
    m.group_name,
    m.municipality_code,
    m.person_id,
    year(w.week_start) AS year,
    quarter(w.week_start) AS quarter,
    count(*) FILTER (WHERE w.gross_dkk > 0 AND r.rule <> 'none') AS weeks_on_benefit,
    sum(w.gross_dkk) AS gross_dkk,
    sum(w.state_dkk) AS state_dkk,
    sum(w.municipal_dkk) AS municipal_dkk
FROM cohort_members AS m
INNER JOIN benefit_weeks AS w
    ON w.municipality_code = m.municipality_code AND w.person_id = m.person_id
LEFT JOIN ref_benefit_rules AS r ON r.benefit = w.benefit
GROUP BY m.cohort_id, m.group_name, m.municipality_code, m.person_id, year(w.week_start),
    quarter(w.week_start);

COMMENT ON VIEW cohort_person_quarters IS 'Weeks on benefit and their cost by payer per cohort member and quarter. Person-level: show groups of at least 5 persons only. A comparison group is not a randomised control: differences are associations, not proven effects.';
COMMENT ON COLUMN cohort_person_quarters.cohort_id IS 'The cohort (one follow-up of a case).';
COMMENT ON COLUMN cohort_person_quarters.group_name IS 'target or comparison.';
COMMENT ON COLUMN cohort_person_quarters.municipality_code IS 'The municipality whose benefit weeks are followed.';
COMMENT ON COLUMN cohort_person_quarters.person_id IS 'Pseudonym of the person.';
COMMENT ON COLUMN cohort_person_quarters.year IS 'Year of the weeks'' Mondays.';
COMMENT ON COLUMN cohort_person_quarters.quarter IS 'Quarter 1-4 of the weeks'' Mondays.';
COMMENT ON COLUMN cohort_person_quarters.weeks_on_benefit IS 'Weeks with a paid benefit that carries refusion or co-financing (not anden-offentlig-forsoergelse).';
COMMENT ON COLUMN cohort_person_quarters.gross_dkk IS 'Gross benefit paid, kr.';
COMMENT ON COLUMN cohort_person_quarters.state_dkk IS 'The state''s part, kr.';
COMMENT ON COLUMN cohort_person_quarters.municipal_dkk IS 'The municipality''s part (net of refusion), kr.';
