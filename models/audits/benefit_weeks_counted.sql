-- Audit: every week of a benefit on the week counter has a count week from 1 up, and every
-- imported file's rows are stored, each once (import_registry.rows against benefit_weeks_rows,
-- for each benefit-weeks import not purged). Expect zero rows.
SELECT
    'uncounted' AS problem, w.municipality_code, w.person_id, w.week_start, w.import_id
FROM benefit_weeks AS w
INNER JOIN ref_benefit_rules AS r ON r.benefit = w.benefit
WHERE r.uses_week_counter AND (w.counter_week IS NULL OR w.counter_week < 1)
UNION ALL
SELECT
    'missing' AS problem, i.municipality_code, NULL AS person_id, NULL AS week_start, i.import_id
FROM import_registry AS i
LEFT JOIN (
    SELECT b.import_id, count(*) AS stored FROM benefit_weeks_rows AS b GROUP BY b.import_id
) AS s ON s.import_id = i.import_id
WHERE i.kind = 'benefit-weeks'
    AND i.import_id NOT IN (SELECT p.import_id FROM benefit_weeks_purge_log AS p)
    AND coalesce(s.stored, 0) <> i.rows
