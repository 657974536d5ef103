-- stg_budget_lines: one row per imported budget line and version, typed and named as the marts
-- use them, with the file it came from and whether its version is the current one.
-- Current = the highest version of its slice (municipality, budget kind, year): a new import of
-- the same budget replaces the old one there, and the old stays here.
CREATE OR REPLACE VIEW stg_budget_lines AS
SELECT
    l.municipality_code,
    l.year,
    l.budget_kind,
    l.version,
    l.version = max(l.version) OVER (
        PARTITION BY l.municipality_code, l.budget_kind, l.year
    ) AS is_current,
    l.account,
    l.dranst,
    l.art,
    l.committee,
    l.department,
    l.cost_centre,
    l.amount_dkk,
    l.import_id,
    r.file_name AS source_file,
    l.source_sheet,
    l.source_row,
    l.source_rows
FROM raw_budget_lines AS l
JOIN import_registry AS r USING (import_id);

COMMENT ON VIEW stg_budget_lines IS 'Every imported budget line of every version, with is_current (internal).';
COMMENT ON COLUMN stg_budget_lines.municipality_code IS 'The municipality the budget belongs to.';
COMMENT ON COLUMN stg_budget_lines.year IS 'Budget or accounts year.';
COMMENT ON COLUMN stg_budget_lines.budget_kind IS 'B, BO, R or KB.';
COMMENT ON COLUMN stg_budget_lines.version IS 'Version of the slice (municipality, budget kind, year).';
COMMENT ON COLUMN stg_budget_lines.is_current IS 'True for the latest version of its slice.';
COMMENT ON COLUMN stg_budget_lines.account IS 'Function of the chart of accounts.';
COMMENT ON COLUMN stg_budget_lines.dranst IS '1 drift, 2 statsrefusion, 3 anlæg.';
COMMENT ON COLUMN stg_budget_lines.art IS 'Art (expense type).';
COMMENT ON COLUMN stg_budget_lines.committee IS 'Committee (udvalg).';
COMMENT ON COLUMN stg_budget_lines.department IS 'Department (forvaltning/afdeling).';
COMMENT ON COLUMN stg_budget_lines.cost_centre IS 'Cost centre (omkostningssted).';
COMMENT ON COLUMN stg_budget_lines.amount_dkk IS 'Amount in kr.; expenses positive.';
COMMENT ON COLUMN stg_budget_lines.import_id IS 'The import that wrote the line.';
COMMENT ON COLUMN stg_budget_lines.source_file IS 'The file it was read from.';
COMMENT ON COLUMN stg_budget_lines.source_sheet IS 'The sheet it was read from (null for csv).';
COMMENT ON COLUMN stg_budget_lines.source_row IS 'The row in that sheet, as Excel numbers it.';
COMMENT ON COLUMN stg_budget_lines.source_rows IS 'A line summed from a posting file: every row of that sheet it sums; null for a budget table''s line.';
