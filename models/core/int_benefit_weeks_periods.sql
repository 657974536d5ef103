-- int_benefit_weeks_periods: one row per person and count period (from the first covered week,
-- then from each restart), for the municipalities in benefit_weeks_scope; materialised into
-- benefit_weeks_periods by the store. Columns: municipality_code, person_id, from_week_no,
-- to_week_no (the next period's first week, exclusive; null for the last), first_benefit_rank
-- (covered weeks up to and including from_week_no), counter_at_start (1, or the file's
-- counter_week_at_start for the person's first period).
-- The restarts are sequential, so they are found by following next_week_no pointers from each
-- person's first covered week: a recursive query over the few candidate weeks only.
CREATE OR REPLACE VIEW int_benefit_weeks_periods AS
WITH RECURSIVE scoped AS (
    SELECT c.*
    FROM benefit_weeks_candidates AS c
    WHERE c.kind <> 'duplicate'
        AND c.municipality_code IN (SELECT b.municipality_code FROM benefit_weeks_scope AS b)
),

restarts AS (
    SELECT municipality_code, person_id, week_no
    FROM scoped
    WHERE kind = 'first'
    UNION ALL
    SELECT c.municipality_code, c.person_id, c.next_week_no AS week_no
    FROM restarts AS r
    INNER JOIN scoped AS c
        ON c.municipality_code = r.municipality_code
        AND c.person_id = r.person_id
        AND c.week_no = r.week_no
    WHERE c.next_week_no IS NOT NULL
)

SELECT
    r.municipality_code,
    r.person_id,
    r.week_no AS from_week_no,
    lead(r.week_no) OVER (
        PARTITION BY r.municipality_code, r.person_id ORDER BY r.week_no
    ) AS to_week_no,
    c.benefit_rank AS first_benefit_rank,
    CASE WHEN c.kind = 'first' THEN coalesce(c.counter_week_at_start, 1) ELSE 1 END
        AS counter_at_start
FROM restarts AS r
INNER JOIN scoped AS c
    ON c.municipality_code = r.municipality_code
    AND c.person_id = r.person_id
    AND c.week_no = r.week_no;
