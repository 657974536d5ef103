-- int_benefit_weeks_candidates: one row per person-week where a count period may begin, for the
-- municipalities in benefit_weeks_scope; materialised into benefit_weeks_candidates by the store.
-- Columns: municipality_code, person_id, week_no, kind, benefit_rank, self_before, next_week_no,
-- counter_week_at_start, import_id, source_row, previous_import_id, previous_source_row.
--
-- The restart rule (finansieringsloven § 6, stk. 1; gevinst.domain.staircase.person_counters):
-- at a covered week t the count starts over when, since the current count began at week p, the
-- person has had 52 self-supporting weeks added up within the weeks t-156 … t-1. Weeks missing
-- from the data after the person's first row are self-supporting; weeks with any row are not.
-- With C(x) = self-supporting weeks from the first row f up to week x, that is
--   self_in_window(t) = C(t-1) - C(t-157) >= 52   and   C(t-1) - C(p) >= 52.
-- The first condition does not depend on p: it marks the candidates. It needs no count over a
-- 156-week frame: the window [max(f, t-156), t-1] holds at most 156 - 52 = 104 weeks with a
-- row exactly when the row 105 rows back (one row per week) lies before t-156 or does not
-- exist, and where the window starts at f all earlier rows are in it, so it is C(t-1) >= 52.
-- Hence: self_before >= 52 AND (lag(week_no, 105) IS NULL OR lag(week_no, 105) < t - 156),
-- one lag in the window pass every other column needs anyway. (A duplicate person-week
-- breaks one row per week; the import rejects those.) A candidate must also
-- follow a self-supporting week (else it has the C of the covered week before it, which did not
-- restart). The second condition makes restarts sequential; C is non-decreasing, so the next
-- restart after p is the first candidate whose C(t-1) (self_before) reaches C(p) + 52: one
-- ordered window over candidates ("probes" and "targets") finds it for every possible p at once.
-- int_benefit_weeks_periods then follows these pointers from each person's first covered week.
-- kind: first (the person's first covered week), candidate, duplicate (a second row for the same
-- person and week: rejected by the import; previous_* name the other row).
-- 52, 156 and 105 are written in from rules.toml when the model is loaded (gevinst.model_sql).
CREATE OR REPLACE VIEW int_benefit_weeks_candidates AS
WITH person_weeks AS (
    SELECT
        s.municipality_code,
        s.person_id,
        s.week_no,
        CASE WHEN s.uses_week_counter THEN 1 ELSE 0 END AS covered,
        s.counter_week_at_start,
        s.import_id,
        s.source_row,
        min(s.week_no) OVER person AS first_week_no,
        row_number() OVER person_order AS week_rank,
        lag(s.week_no, {{ reset_lag_rows }}) OVER person_order AS week_no_back,
        -- the frame written out: Spark cannot extend a named window
        sum(CASE WHEN s.uses_week_counter THEN 1 ELSE 0 END) OVER (
            PARTITION BY s.municipality_code, s.person_id ORDER BY s.week_no
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS benefit_rank,
        lag(s.week_no) OVER person_order AS previous_week_no,
        lag(CASE WHEN s.uses_week_counter THEN 1 ELSE 0 END) OVER person_order
            AS previous_covered,
        lag(s.import_id) OVER person_order AS previous_import_id,
        lag(s.source_row) OVER person_order AS previous_source_row
    FROM stg_benefit_weeks AS s
    WHERE s.municipality_code IN (SELECT b.municipality_code FROM benefit_weeks_scope AS b)
    WINDOW
        person_order AS (PARTITION BY s.municipality_code, s.person_id ORDER BY s.week_no),
        -- the whole partition: a running min over person_order is the same value at a cost
        -- (a tenth of this step); this one shares the sort and is computed once per person
        person AS (PARTITION BY s.municipality_code, s.person_id)
),

marked AS (
    SELECT
        municipality_code,
        person_id,
        week_no,
        benefit_rank,
        counter_week_at_start,
        import_id,
        source_row,
        previous_import_id,
        previous_source_row,
        -- C(t-1): weeks since the first row, minus the weeks with a row before this one
        week_no - first_week_no - week_rank + 1 AS self_before,
        CASE
            WHEN week_no = previous_week_no THEN 'duplicate'
            WHEN covered = 1 AND benefit_rank = 1 THEN 'first'
            WHEN covered = 1
                AND NOT (previous_week_no = week_no - 1 AND previous_covered = 1)
                AND week_no - first_week_no - week_rank + 1 >= {{ reset_self_support_weeks }}
                AND (week_no_back IS NULL
                    OR week_no_back < week_no - {{ reset_window_weeks }})
                THEN 'candidate'
        END AS kind
    FROM person_weeks
),

probes AS (
    SELECT
        m.municipality_code,
        m.person_id,
        m.week_no,
        m.kind,
        m.benefit_rank,
        m.self_before,
        m.counter_week_at_start,
        m.import_id,
        m.source_row,
        m.previous_import_id,
        m.previous_source_row,
        r.is_target,
        CASE
            WHEN r.is_target = 1 THEN m.self_before
            ELSE m.self_before + {{ reset_self_support_weeks }}
        END AS probe_key
    FROM marked AS m
    CROSS JOIN (VALUES (0), (1)) AS r (is_target)
    WHERE m.kind IS NOT NULL AND (r.is_target = 0 OR m.kind = 'candidate')
),

pointed AS (
    SELECT
        municipality_code,
        person_id,
        week_no,
        kind,
        benefit_rank,
        self_before,
        counter_week_at_start,
        import_id,
        source_row,
        previous_import_id,
        previous_source_row,
        is_target,
        min(CASE WHEN is_target = 1 THEN week_no END) OVER (
            PARTITION BY municipality_code, person_id
            ORDER BY probe_key, is_target
            ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING
        ) AS next_week_no
    FROM probes
)

SELECT
    municipality_code,
    person_id,
    week_no,
    kind,
    benefit_rank,
    self_before,
    CASE WHEN kind <> 'duplicate' THEN next_week_no END AS next_week_no,
    counter_week_at_start,
    import_id,
    source_row,
    previous_import_id,
    previous_source_row
FROM pointed
WHERE is_target = 0;
