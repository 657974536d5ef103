-- stg_benefit_rules: one row per benefit of ref_benefit_rules with a number (benefit_no, in the
-- order of the names). The rows model carries the number, not the names, through its sort of
-- 20 million person-weeks: a name of more than 12 characters is a pointer to sort, an integer is
-- not (a sixth of that step's time), and the names are joined back after it.
CREATE OR REPLACE VIEW stg_benefit_rules AS
SELECT
    r.benefit,
    r.rule,
    r.uses_week_counter,
    CAST(row_number() OVER (ORDER BY r.benefit) AS INTEGER) AS benefit_no
FROM ref_benefit_rules AS r;

COMMENT ON VIEW stg_benefit_rules IS 'The benefits of ref_benefit_rules with a number (internal).';

-- stg_benefit_weeks: one row per imported person-week, typed and named as the core models use
-- them, with the benefit's rule and whether the week runs on the person's week counter.
-- week_no numbers calendar weeks from the Monday 1970-01-05 (week_start is always a Monday), so
-- week arithmetic is integer arithmetic. Columns: municipality_code, person_id, week_start,
-- week_no, benefit, benefit_no (null for a benefit the reference does not name), rule,
-- uses_week_counter, gross_dkk, counter_week_at_start, import_id, source_row.
CREATE OR REPLACE VIEW stg_benefit_weeks AS
SELECT
    w.municipality_code,
    w.person_id,
    w.week_start,
    CAST(date_diff('day', DATE '1970-01-05', w.week_start) / 7 AS INTEGER) AS week_no,
    w.benefit,
    r.benefit_no,
    coalesce(r.rule, 'none') AS rule,
    coalesce(r.uses_week_counter, FALSE) AS uses_week_counter,
    w.amount_dkk AS gross_dkk,
    w.counter_week_at_start,
    w.import_id,
    w.source_row
FROM raw_benefit_weeks AS w
LEFT JOIN stg_benefit_rules AS r ON r.benefit = w.benefit;

COMMENT ON VIEW stg_benefit_weeks IS 'Every imported person-week with its rule and week number (internal).';
COMMENT ON COLUMN stg_benefit_weeks.municipality_code IS 'The municipality the data was imported for.';
COMMENT ON COLUMN stg_benefit_weeks.person_id IS 'Pseudonym of the person.';
COMMENT ON COLUMN stg_benefit_weeks.week_start IS 'Monday of the week.';
COMMENT ON COLUMN stg_benefit_weeks.week_no IS 'Weeks since Monday 1970-01-05.';
COMMENT ON COLUMN stg_benefit_weeks.benefit IS 'Benefit as named in rules.toml [benefits].';
COMMENT ON COLUMN stg_benefit_weeks.benefit_no IS 'The benefit''s number in stg_benefit_rules; null if the reference does not name it.';
COMMENT ON COLUMN stg_benefit_weeks.rule IS 'staircase, dagpenge-cofinancing, fixed-65 or none.';
COMMENT ON COLUMN stg_benefit_weeks.uses_week_counter IS 'True for benefits counted on the person''s week counter.';
COMMENT ON COLUMN stg_benefit_weeks.gross_dkk IS 'Amount paid that week, kr.';
COMMENT ON COLUMN stg_benefit_weeks.counter_week_at_start IS 'Count week of the person''s first counted week, when the file said.';
COMMENT ON COLUMN stg_benefit_weeks.import_id IS 'The import that wrote the row.';
COMMENT ON COLUMN stg_benefit_weeks.source_row IS 'Row in the imported file.';
