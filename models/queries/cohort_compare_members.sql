-- The two groups of a cohort comparison, one row per group and person: the target group is
-- the cohort $target's group 'target', the comparison group the cohort $comparison's group
-- 'comparison'; when the two are different cohorts, one without that group counts with all
-- its members (two cohorts defined one group each); $municipality NULL for every
-- municipality. Person-level: gevinst.domain.cohorts aggregates it and suppresses groups of
-- fewer than 5 persons.
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
)
SELECT p.role AS group_name, m.person_id, min(m.municipality_code) AS municipality_code,
       min(m.group_name) AS source_group, p.cohort_id
FROM picked AS p
INNER JOIN cohort_members AS m
    ON m.cohort_id = p.cohort_id AND (p.group_name IS NULL OR m.group_name = p.group_name)
WHERE $municipality IS NULL OR m.municipality_code = $municipality
GROUP BY p.role, p.cohort_id, m.person_id
ORDER BY p.role DESC, m.person_id
