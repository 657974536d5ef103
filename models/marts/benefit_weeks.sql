-- benefit_weeks: one row per person-week of imported benefit data (DESIGN "Public contracts"),
-- with the person's count week, the state's share and the split of the gross amount between
-- state and municipality; state_dkk + municipal_dkk = gross_dkk on every row.
-- Columns: municipality_code, person_id, week_start, benefit, gross_dkk, counter_week,
-- state_share, state_dkk, municipal_dkk, import_id, source_row.
-- Computed by core/int_benefit_weeks_* and materialised in the import's transaction; for a
-- municipality whose results of a `gevinst spark` run are loaded (benefit_weeks_results_current,
-- `gevinst import --kind benefit-weeks-results`), the loaded rows instead: one municipality's
-- weeks come from one computation, never both, so every mart over this view (by year, cohorts,
-- publish) shows the national run where it is loaded, with no second copy of their SQL.
CREATE OR REPLACE VIEW benefit_weeks AS
SELECT
    r.municipality_code, r.person_id, r.week_start, r.benefit, r.gross_dkk, r.counter_week,
    r.state_share, r.state_dkk, r.municipal_dkk, r.import_id, r.source_row
FROM benefit_weeks_rows AS r
WHERE r.municipality_code NOT IN (
    SELECT c.municipality_code FROM benefit_weeks_results_current AS c
)
UNION ALL
SELECT
    l.municipality_code, l.person_id, l.week_start, l.benefit, l.gross_dkk, l.counter_week,
    l.state_share, l.state_dkk, l.municipal_dkk, l.import_id, l.source_row
FROM benefit_weeks_results AS l;

COMMENT ON VIEW benefit_weeks IS 'One row per person and week of imported benefit data (or, for a municipality with loaded results of a gevinst spark run, of those results), with the refusion staircase count week and the split between state and municipality (state_dkk + municipal_dkk = gross_dkk). Person-level: show only groups of at least 5 persons.';
COMMENT ON COLUMN benefit_weeks.municipality_code IS 'The municipality that paid the benefit (--municipality of the import).';
COMMENT ON COLUMN benefit_weeks.person_id IS 'Pseudonym of the person (never a CPR number: the import rejects anything that looks like one).';
COMMENT ON COLUMN benefit_weeks.week_start IS 'Monday of the calendar week; the week belongs to this Monday''s year.';
COMMENT ON COLUMN benefit_weeks.benefit IS 'Benefit as named in the reference data (kontanthjaelp, dagpenge, anden-offentlig-forsoergelse …).';
COMMENT ON COLUMN benefit_weeks.gross_dkk IS 'Amount paid for the week, kr.';
COMMENT ON COLUMN benefit_weeks.counter_week IS 'The person''s count week across all covered benefits (finansieringsloven § 5), restarted after 52 self-supporting weeks added up within 156 weeks (§ 6); null for benefits outside the counter (fixed-65, none).';
COMMENT ON COLUMN benefit_weeks.state_share IS 'Share of the gross the state carries in this week: the staircase refusion rate, 1 minus the municipal co-financing rate for dagpenge, 0,65 for fleksjob begun before 2013, 0 otherwise.';
COMMENT ON COLUMN benefit_weeks.state_dkk IS 'The state''s part of gross_dkk, kr. (refusion, or the gross minus the municipal co-financing).';
COMMENT ON COLUMN benefit_weeks.municipal_dkk IS 'The municipality''s part of gross_dkk, kr. (net expense, or the co-financing for dagpenge).';
COMMENT ON COLUMN benefit_weeks.import_id IS 'The import that wrote the row (see import_log; kind benefit-weeks-results for a loaded Spark run, whose inputs are in benefit_weeks_loaded_runs).';
COMMENT ON COLUMN benefit_weeks.source_row IS 'Row in the imported file: the spreadsheet row for csv and xlsx (header = row 1), the record number for parquet; for loaded results the row in the run''s input file.';
