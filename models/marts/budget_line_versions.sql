-- budget_line_versions: one row per budget line of every imported version, current or replaced.
-- Grain: municipality, year, budget kind, version, account, dranst, art, committee, cost centre.
-- Columns: those of budget_lines plus is_current.
CREATE OR REPLACE VIEW budget_line_versions AS
SELECT
    municipality_code, year, budget_kind, version, is_current, account, dranst, art, committee,
    department, cost_centre, amount_dkk, import_id, source_file, source_sheet, source_row,
    source_rows
FROM stg_budget_lines;

COMMENT ON VIEW budget_line_versions IS 'Every version of every imported budget and accounts line; budget_lines shows the current ones.';
COMMENT ON COLUMN budget_line_versions.municipality_code IS 'The municipality (3-digit code).';
COMMENT ON COLUMN budget_line_versions.year IS 'Budget or accounts year.';
COMMENT ON COLUMN budget_line_versions.budget_kind IS 'B, BO, R or KB.';
COMMENT ON COLUMN budget_line_versions.version IS 'Version of this municipality''s budget kind and year (1 = first import).';
COMMENT ON COLUMN budget_line_versions.is_current IS 'True for the latest version (the one in budget_lines).';
COMMENT ON COLUMN budget_line_versions.account IS 'Function of the chart of accounts (5.28.21).';
COMMENT ON COLUMN budget_line_versions.dranst IS '1 drift, 2 statsrefusion, 3 anlæg.';
COMMENT ON COLUMN budget_line_versions.art IS 'Art (expense type) or art group.';
COMMENT ON COLUMN budget_line_versions.committee IS 'Committee (udvalg).';
COMMENT ON COLUMN budget_line_versions.department IS 'Department (forvaltning/afdeling).';
COMMENT ON COLUMN budget_line_versions.cost_centre IS 'Cost centre (omkostningssted).';
COMMENT ON COLUMN budget_line_versions.amount_dkk IS 'Amount in kr.; expenses positive.';
COMMENT ON COLUMN budget_line_versions.import_id IS 'The import that wrote the line.';
COMMENT ON COLUMN budget_line_versions.source_file IS 'The file the line was read from.';
COMMENT ON COLUMN budget_line_versions.source_sheet IS 'The sheet; null for csv.';
COMMENT ON COLUMN budget_line_versions.source_row IS 'The row in that sheet, as Excel numbers it.';
COMMENT ON COLUMN budget_line_versions.source_rows IS 'For a line summed from a posting file (gevinst import --posting-map): every row of that sheet it sums, source_row being the first; null for a line read from one row.';
