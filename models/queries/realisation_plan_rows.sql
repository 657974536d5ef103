-- One case's realisation plan: one row per year, unit and account ($case_id).
SELECT * FROM realisation_plan WHERE case_id = $case_id ORDER BY year, account, unit_id
