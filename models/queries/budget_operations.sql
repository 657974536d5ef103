-- budget_operations: one row per account, year and budget kind of one municipality's current
-- operating lines (dranst 1: drift), the lines a planned gain should reduce.
-- Columns: account, year, budget_kind, amount_dkk.
SELECT account, year, budget_kind, sum(amount_dkk) AS amount_dkk
FROM budget_lines
WHERE municipality_code = $municipality AND dranst = 1
GROUP BY ALL
ORDER BY account, year, budget_kind
