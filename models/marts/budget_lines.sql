-- budget_lines: one row per municipality, year, budget kind, account, dranst, art, committee and
-- cost centre of the current version of each imported budget (B, BO, KB) and accounts (R).
-- Columns: municipality_code, year, budget_kind, version, account, dranst, art, committee,
-- department, cost_centre, amount_dkk, import_id, source_file, source_sheet, source_row, source_rows.
-- Older versions are in budget_line_versions.
CREATE OR REPLACE VIEW budget_lines AS
SELECT
    municipality_code, year, budget_kind, version, account, dranst, art, committee, department,
    cost_centre, amount_dkk, import_id, source_file, source_sheet, source_row,
    source_rows
FROM stg_budget_lines
WHERE is_current;

COMMENT ON VIEW budget_lines IS 'Current budget and accounts lines as imported: one row per municipality, year, budget kind, account, dranst, art, committee and cost centre; amounts in kr., expenses positive.';
COMMENT ON COLUMN budget_lines.municipality_code IS 'The municipality (3-digit code).';
COMMENT ON COLUMN budget_lines.year IS 'Budget or accounts year.';
COMMENT ON COLUMN budget_lines.budget_kind IS 'B budget, BO budgetoverslag (outlook year), R regnskab (accounts), KB korrigeret budget.';
COMMENT ON COLUMN budget_lines.version IS 'Version of this municipality''s budget kind and year (1 = first import); this view shows the current one.';
COMMENT ON COLUMN budget_lines.account IS 'Function of the authorised chart of accounts, hovedkonto.hovedfunktion.funktion (5.28.21).';
COMMENT ON COLUMN budget_lines.dranst IS '1 drift, 2 statsrefusion, 3 anlæg; null when the file did not say.';
COMMENT ON COLUMN budget_lines.art IS 'Art: one digit (1 lønninger, 2 varekøb, 4 tjenesteydelser, 5 tilskud, 7 indtægter …) or a group such as 4.0; null when the file did not say.';
COMMENT ON COLUMN budget_lines.committee IS 'Committee (udvalg) as the file names it, or the sheet name in a workbook with a sheet per committee.';
COMMENT ON COLUMN budget_lines.department IS 'Department (forvaltning/afdeling) as the file names it.';
COMMENT ON COLUMN budget_lines.cost_centre IS 'Cost centre (omkostningssted) as the file names it.';
COMMENT ON COLUMN budget_lines.amount_dkk IS 'Amount in kr. (converted from 1.000 kr. or mio. kr.); expenses positive, income negative.';
COMMENT ON COLUMN budget_lines.import_id IS 'The import that wrote the line (see import_log).';
COMMENT ON COLUMN budget_lines.source_file IS 'The file the line was read from.';
COMMENT ON COLUMN budget_lines.source_sheet IS 'The sheet the line was read from; null for csv.';
COMMENT ON COLUMN budget_lines.source_row IS 'The row in that sheet, as Excel numbers it.';
COMMENT ON COLUMN budget_lines.source_rows IS 'For a line summed from a posting file (gevinst import --posting-map): every row of that sheet it sums, source_row being the first; null for a line read from one row.';
