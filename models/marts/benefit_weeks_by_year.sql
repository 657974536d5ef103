-- benefit_weeks_by_year: one row per municipality, year and benefit, aggregated from
-- benefit_weeks: persons, weeks and the kroner by payer. What a national run (gevinst spark) is
-- read as without person-level detail; the same file runs on DuckDB and, translated, on Spark.
-- Columns: municipality_code, year, benefit, persons, weeks, gross_dkk, state_dkk, municipal_dkk.
CREATE OR REPLACE VIEW benefit_weeks_by_year AS
SELECT
    municipality_code,
    year(week_start) AS year,
    benefit,
    count(DISTINCT person_id) AS persons,
    count(*) AS weeks,
    sum(gross_dkk) AS gross_dkk,
    sum(state_dkk) AS state_dkk,
    sum(municipal_dkk) AS municipal_dkk
FROM benefit_weeks
GROUP BY municipality_code, year(week_start), benefit;

COMMENT ON VIEW benefit_weeks_by_year IS 'Benefit weeks per municipality, year and benefit: persons, weeks and the split of the gross between state and municipality (state_dkk + municipal_dkk = gross_dkk). A count of persons, not person-level data; pages still show groups of at least 5 persons only.';
COMMENT ON COLUMN benefit_weeks_by_year.municipality_code IS 'The municipality that paid the benefit.';
COMMENT ON COLUMN benefit_weeks_by_year.year IS 'Year of the weeks'' Mondays.';
COMMENT ON COLUMN benefit_weeks_by_year.benefit IS 'Benefit as named in the reference data.';
COMMENT ON COLUMN benefit_weeks_by_year.persons IS 'Distinct persons with at least one week.';
COMMENT ON COLUMN benefit_weeks_by_year.weeks IS 'Person-weeks.';
COMMENT ON COLUMN benefit_weeks_by_year.gross_dkk IS 'Amount paid, kr.';
COMMENT ON COLUMN benefit_weeks_by_year.state_dkk IS 'The state''s part (refusion, or the gross minus the municipal co-financing), kr.';
COMMENT ON COLUMN benefit_weeks_by_year.municipal_dkk IS 'The municipality''s part, kr.';
