-- Imported budgets and accounts, written by `gevinst import` in one transaction per batch.
-- Grain: import_registry one row per imported file (append-only, never updated);
-- raw_budget_lines one row per budget line read, with its lineage (import, sheet, row) and the
-- version of its budget slice (municipality, budget kind, year) that the import created.
CREATE TABLE IF NOT EXISTS import_registry (
    import_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,
    municipality_code INTEGER NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    imported_by VARCHAR NOT NULL,
    budget_kinds VARCHAR NOT NULL,
    first_year INTEGER,
    last_year INTEGER,
    version INTEGER NOT NULL,
    shape VARCHAR NOT NULL,
    unit VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw_budget_lines (
    import_id INTEGER NOT NULL,
    source_sheet VARCHAR,
    source_row INTEGER NOT NULL,
    municipality_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    budget_kind VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    account VARCHAR NOT NULL,
    account_detail VARCHAR,
    dranst TINYINT,
    art VARCHAR,
    committee VARCHAR,
    department VARCHAR,
    cost_centre VARCHAR,
    amount_dkk DECIMAL(18, 2) NOT NULL,
    source_rows INTEGER[]
);
-- a line summed from a posting file names every row it sums (databases from before it: added)
ALTER TABLE raw_budget_lines ADD COLUMN IF NOT EXISTS source_rows INTEGER[];
