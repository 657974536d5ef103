-- The reference data the database was built with: one row (the latest snapshot), as JSON.
SELECT reference_json FROM reference_snapshot ORDER BY loaded_at DESC LIMIT 1
