-- The scenarios saved for one case: one row per scenario (basis first).
SELECT DISTINCT scenario FROM case_summary WHERE case_id = $case_id
ORDER BY scenario <> 'basis', scenario
