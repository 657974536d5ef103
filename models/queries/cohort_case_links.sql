-- The cohorts that follow a case ($case_id): in the case's municipality, named like the case
-- or with target-group members among the case's target persons (case_target_persons). One
-- row per cohort, the best match first: named like the case, then the most shared persons.
WITH the_case AS (
    SELECT case_id, municipality_code FROM cases WHERE case_id = $case_id
), groups AS (
    SELECT m.cohort_id, c.municipality_code,
           count(*) FILTER (WHERE m.group_name = 'target') AS target_persons,
           count(*) FILTER (WHERE m.group_name = 'comparison') AS comparison_persons,
           count(t.person_id) FILTER (WHERE m.group_name = 'target') AS shared_persons
    FROM cohort_members AS m
    INNER JOIN the_case AS c ON c.municipality_code = m.municipality_code
    LEFT JOIN case_target_persons AS t ON t.case_id = c.case_id AND t.person_id = m.person_id
    GROUP BY m.cohort_id, c.municipality_code
)
SELECT g.cohort_id, g.municipality_code, g.target_persons, g.comparison_persons, g.shared_persons,
       g.cohort_id = $case_id AS named_like_case
FROM groups AS g
WHERE g.cohort_id = $case_id OR g.shared_persons > 0
ORDER BY named_like_case DESC, g.shared_persons DESC, g.cohort_id
