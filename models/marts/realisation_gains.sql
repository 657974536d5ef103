-- realised_gains: one row per realised gain line as imported with --kind realisation (case,
-- year, unit, account, status, budget account), of the latest import for each case and year.
-- Columns (DESIGN): case_id, year, unit_id, account, amount_dkk, status,
-- harvested_from_account, import_id, source_row.
CREATE OR REPLACE VIEW realised_gains AS
WITH latest AS (
    SELECT case_id, year, max(import_id) AS import_id
    FROM raw_realised_gains
    GROUP BY case_id, year
)
SELECT
    r.case_id, r.year, r.unit_id, r.account, r.amount_dkk, r.status, r.harvested_from_account,
    r.import_id, r.source_row
FROM raw_realised_gains AS r
JOIN latest AS l ON l.case_id = r.case_id AND l.year = r.year AND l.import_id = r.import_id;

COMMENT ON VIEW realised_gains IS 'Realised gains of investment cases as imported (--kind realisation): one row per case, year, unit, account, status and budget account; for each case and year the latest import. amount_dkk < 0 is a saving (as in case_flows).';
COMMENT ON COLUMN realised_gains.case_id IS 'The case (cases.case_id).';
COMMENT ON COLUMN realised_gains.year IS 'The year the gain was realised.';
COMMENT ON COLUMN realised_gains.unit_id IS 'The unit the gain is in (unit-cost catalogue or the case''s own unit); null when the file did not say.';
COMMENT ON COLUMN realised_gains.account IS 'The function of the chart of accounts where the expense fell (e.g. 5.28.23).';
COMMENT ON COLUMN realised_gains.amount_dkk IS 'Municipal amount in kr., net of refusion, signed as case_flows: < 0 a realised saving (write -500000 for a saving of 500.000 kr.), > 0 an extra expense. For not-realised the planned saving that did not come, with the plan''s sign.';
COMMENT ON COLUMN realised_gains.status IS 'harvested (hjemtaget: the budget was reduced), reinvested (geninvesteret), capacity (kapacitetsfrigørelse: freed but not taken out of the budget) or not-realised (ikke-realiseret).';
COMMENT ON COLUMN realised_gains.harvested_from_account IS 'For harvested gains the budget account (function) that was reduced; null otherwise.';
COMMENT ON COLUMN realised_gains.import_id IS 'The import that wrote the line (import_log).';
COMMENT ON COLUMN realised_gains.source_row IS 'The row in the imported sheet, as Excel numbers it.';
