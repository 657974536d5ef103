-- decision_budget: one municipality's imported budget (B and BO, the latest import of each
-- slice) per committee, account, budget frame and year. The frame is the chart of accounts'
-- (construction for dranst 3, anlæg). Columns: committee, account, budget_frame, year,
-- budget_kind, amount_dkk (kr., expenses positive, as budgets are written), source_files.
SELECT
    coalesce(b.committee, a.committee, '') AS committee, b.account,
    CASE WHEN b.dranst = 3 THEN 'construction' ELSE a.budget_frame END AS budget_frame,
    b.year, b.budget_kind, sum(b.amount_dkk) AS amount_dkk,
    string_agg(DISTINCT b.source_file, ', ' ORDER BY b.source_file) AS source_files
FROM budget_lines AS b
LEFT JOIN accounts AS a USING (account)
WHERE b.municipality_code = $municipality AND b.budget_kind IN ('B', 'BO')
GROUP BY ALL
ORDER BY committee, b.account, b.year
