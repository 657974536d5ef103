-- int_benefit_weeks_rows: one row per person-week of the municipalities in benefit_weeks_scope,
-- with its count week and its split between state and municipality; materialised into
-- benefit_weeks_rows by the store. Columns as the view benefit_weeks, then the file's
-- counter_week_at_start (the row is the only stored copy of the person-week: raw_benefit_weeks).
-- counter_week = covered weeks since the period began + the period's counter_at_start. A covered
-- week's benefit_rank (covered weeks up to and including it, as int_benefit_weeks_candidates
-- counts them) is its row number among the person's covered weeks: a row_number is cheaper than
-- a running sum over 20 million rows (a tenth of this step). Only the covered weeks are sorted,
-- and they carry the benefit's number, not its name and rule (stg_benefit_rules: a sixth of this
-- step), joined back after the sort; the other weeks get no count and skip the sort.
-- The split follows the steps of rules.toml (the same rows as ref_rule_steps), written into the
-- text as a CASE when the model is loaded (gevinst.model_sql): the payer whose share the law
-- states gets it rounded to øre, the other payer the rest, so state + municipal = gross.
CREATE OR REPLACE VIEW int_benefit_weeks_rows AS
WITH ranked AS (
    SELECT
        s.municipality_code,
        s.person_id,
        s.week_start,
        s.week_no,
        s.benefit_no,
        s.gross_dkk,
        s.import_id,
        s.source_row,
        s.counter_week_at_start,
        row_number() OVER (
            PARTITION BY s.municipality_code, s.person_id ORDER BY s.week_no
        ) AS benefit_rank
    FROM stg_benefit_weeks AS s
    WHERE s.uses_week_counter
        AND s.municipality_code IN (SELECT b.municipality_code FROM benefit_weeks_scope AS b)
),

-- A person's first period that counts from week 1 (first_benefit_rank 1, counter_at_start 1) has
-- counter_week = benefit_rank: only the other periods (after a restart, or counting on from the
-- file's counter_week_at_start) are joined, so most rows find nothing to join to.
counted AS (
    SELECT
        k.municipality_code,
        k.person_id,
        k.week_start,
        b.benefit,
        b.rule,
        k.gross_dkk,
        k.import_id,
        k.source_row,
        k.counter_week_at_start,
        CAST(
            k.benefit_rank + coalesce(p.counter_at_start - p.first_benefit_rank, 0) AS INTEGER
        ) AS counter_week
    FROM ranked AS k
    INNER JOIN stg_benefit_rules AS b ON b.benefit_no = k.benefit_no
    LEFT JOIN benefit_weeks_periods AS p
        ON p.municipality_code = k.municipality_code
        AND p.person_id = k.person_id
        AND NOT (p.first_benefit_rank = 1 AND p.counter_at_start = 1)
        AND k.week_no >= p.from_week_no
        AND (p.to_week_no IS NULL OR k.week_no < p.to_week_no)
    UNION ALL
    SELECT
        s.municipality_code,
        s.person_id,
        s.week_start,
        s.benefit,
        s.rule,
        s.gross_dkk,
        s.import_id,
        s.source_row,
        s.counter_week_at_start,
        CAST(NULL AS INTEGER) AS counter_week
    FROM stg_benefit_weeks AS s
    WHERE NOT s.uses_week_counter
        AND s.municipality_code IN (SELECT b.municipality_code FROM benefit_weeks_scope AS b)
),

shared AS (
    SELECT
        c.*,
        {{ state_share(c.rule, c.counter_week) }} AS state_share
    FROM counted AS c
),

split AS (
    SELECT
        h.*,
        CASE
            WHEN {{ state_rounded(h.rule) }} THEN round(h.gross_dkk * h.state_share, 2)
            ELSE h.gross_dkk - round(h.gross_dkk * (1 - h.state_share), 2)
        END AS state_dkk
    FROM shared AS h
)

SELECT
    municipality_code,
    person_id,
    week_start,
    benefit,
    gross_dkk,
    counter_week,
    CAST(state_share AS DECIMAL(5, 4)) AS state_share,
    CAST(state_dkk AS DECIMAL(18, 2)) AS state_dkk,
    CAST(gross_dkk - state_dkk AS DECIMAL(18, 2)) AS municipal_dkk,
    import_id,
    source_row,
    counter_week_at_start
FROM split;
