-- case_stored_simulation: the investing municipality's present value in every Monte Carlo
-- draw of one saved case's scenario, as stored when the case was saved ($case_id, $scenario,
-- $draws, $seed). Columns: home_npv_dkk (a list of draws). No row: not stored (saved before).
SELECT home_npv_dkk
FROM case_simulation_rows
WHERE case_id = $case_id AND scenario = $scenario AND draws = $draws AND seed = $seed
