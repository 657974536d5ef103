-- The two groups' benefit weeks, one row per group, person and quarter with weeks (from the
-- view cohort_person_quarters); the groups are chosen as in cohort_compare_members ($target,
-- $comparison, $municipality). Person-level: aggregate and suppress groups under 5 persons.
WITH chosen AS (
    SELECT 'target' AS role, CAST($target AS VARCHAR) AS cohort_id, 'target' AS wanted
    UNION ALL
    SELECT 'comparison' AS role, CAST($comparison AS VARCHAR) AS cohort_id,
           'comparison' AS wanted
), picked AS (
    SELECT c.role, c.cohort_id,
           CASE WHEN EXISTS (SELECT 1 FROM cohort_members AS g
                             WHERE g.cohort_id = c.cohort_id AND g.group_name = c.wanted)
                THEN c.wanted
                -- one cohort as both groups but without this group: nobody (an error)
                WHEN CAST($target AS VARCHAR) = CAST($comparison AS VARCHAR) THEN '-'
           END AS group_name
    FROM chosen AS c
), members AS (
    SELECT p.role, p.cohort_id, m.person_id, min(m.group_name) AS group_name
    FROM picked AS p
    INNER JOIN cohort_members AS m
        ON m.cohort_id = p.cohort_id AND (p.group_name IS NULL OR m.group_name = p.group_name)
    WHERE $municipality IS NULL OR m.municipality_code = $municipality
    GROUP BY p.role, p.cohort_id, m.person_id
)
SELECT m.role AS group_name, q.person_id, q.year, q.quarter, q.weeks_on_benefit, q.gross_dkk,
       q.state_dkk, q.municipal_dkk
FROM members AS m
INNER JOIN cohort_person_quarters AS q
    ON q.cohort_id = m.cohort_id AND q.group_name = m.group_name AND q.person_id = m.person_id
ORDER BY m.role DESC, q.person_id, q.year, q.quarter
