-- The cohorts and their groups: one row per cohort, group and municipality, with the number of
-- persons and how many of them have benefit weeks ($municipality: one municipality's, or NULL
-- for all). Person-level: the CLI and the realisation page show it only to roles that may see
-- person-level data.
SELECT m.cohort_id, m.group_name, m.municipality_code, count(*) AS persons,
       count(*) FILTER (WHERE m.person_id IN (
           SELECT w.person_id FROM benefit_weeks AS w
           WHERE w.municipality_code = m.municipality_code)) AS persons_with_weeks,
       min(m.source) AS source, max(m.added_at) AS added_at
FROM cohort_members AS m
WHERE $municipality IS NULL OR m.municipality_code = $municipality
GROUP BY m.cohort_id, m.group_name, m.municipality_code
ORDER BY m.cohort_id, m.group_name DESC, m.municipality_code
