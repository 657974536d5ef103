-- import_access: one row (or none) for an import: the municipality it was made for, what
-- decides who may see its rows. Columns: municipality_code, kind.
SELECT municipality_code, kind FROM import_log WHERE import_id = $import_id
