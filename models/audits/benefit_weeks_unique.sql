-- Audit: benefit_weeks has one row per municipality, person and week. Expect zero rows.
SELECT municipality_code, person_id, week_start, count(*) AS row_count
FROM benefit_weeks
GROUP BY municipality_code, person_id, week_start
HAVING count(*) > 1
