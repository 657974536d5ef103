-- One case's harvested gains with the budget line each was taken from ($case_id).
SELECT * FROM realisation_harvests WHERE case_id = $case_id
ORDER BY year, harvested_from_account, account
