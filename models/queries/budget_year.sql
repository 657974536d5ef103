-- budget_year: the latest budget year (B) imported for one municipality, or NULL when it has
-- none; the budget period is this year and its three outlook years (the budget-decision page
-- and the case page's service-frame consequences use the same period).
SELECT max(year) AS budget_year
FROM budget_lines
WHERE municipality_code = $municipality AND budget_kind = 'B'
