-- The scenarios saved for each case (for filters and side-by-side comparison).
SELECT DISTINCT case_id, scenario FROM case_summary ORDER BY case_id, scenario
