-- case_saved_simulation: the Monte Carlo stored with one saved case's scenario when it was
-- saved ($case_id, $scenario), whatever its number of draws: the one the stored P10/P50/P90
-- of case_summary come from. Columns: draws, seed, home_npv_dkk (a list of draws).
-- No row: the case was saved without its simulation (before simulations were stored, or
-- with --draws 0).
SELECT draws, seed, home_npv_dkk
FROM case_simulation_rows
WHERE case_id = $case_id AND scenario = $scenario
ORDER BY draws DESC
LIMIT 1
