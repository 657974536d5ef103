-- Saved import mappings: what a controller said once about a file's columns, kept per
-- municipality under a name and found again by the file's header signature.
-- Grain: one row per municipality and name (a new mapping under a name replaces the old).
-- Columns: municipality_code, name, signature (the header row's cells, normalised, joined
-- by '|'), mapping (the mapping as JSON: sheets, header_row, unit, budget_kind, columns),
-- saved_at, saved_by.
CREATE TABLE IF NOT EXISTS import_mappings (
    municipality_code INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    signature VARCHAR NOT NULL,
    mapping VARCHAR NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    saved_by VARCHAR NOT NULL,
    PRIMARY KEY (municipality_code, name)
);
