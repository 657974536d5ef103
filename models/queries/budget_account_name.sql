-- budget_account_name: one row (or none) for a function of the chart of accounts.
-- Columns: account, name.
SELECT account, name FROM accounts WHERE account = $account
