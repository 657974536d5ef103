-- Audit: every week of a benefit on the week counter has a count week from 1 up, and every
-- imported row is in benefit_weeks. Expect zero rows.
SELECT 'uncounted' AS problem, w.municipality_code, w.person_id, w.week_start
FROM benefit_weeks AS w
INNER JOIN ref_benefit_rules AS r ON r.benefit = w.benefit
WHERE r.uses_week_counter AND (w.counter_week IS NULL OR w.counter_week < 1)
UNION ALL
SELECT 'missing' AS problem, s.municipality_code, s.person_id, s.week_start
FROM raw_benefit_weeks AS s
LEFT JOIN benefit_weeks_rows AS b ON b.import_id = s.import_id AND b.source_row = s.source_row
WHERE b.import_id IS NULL
