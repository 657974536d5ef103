-- budget_by_function: one row per committee, function (account), year and budget kind of one
-- municipality's current budget and accounts lines (all dranst, art and cost centres summed).
-- Columns: committee, account, account_name, year, budget_kind, amount_dkk, lines.
-- committee is the file's committee, else the chart of accounts' usual one.
SELECT
    coalesce(b.committee, a.committee, '') AS committee,
    b.account,
    coalesce(a.name, '') AS account_name,
    b.year,
    b.budget_kind,
    sum(b.amount_dkk) AS amount_dkk,
    count(*) AS lines
FROM budget_lines AS b
LEFT JOIN accounts AS a USING (account)
WHERE b.municipality_code = $municipality
GROUP BY ALL
ORDER BY committee, b.account, b.year, b.budget_kind
