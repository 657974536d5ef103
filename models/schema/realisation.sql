-- Realised gains, written by `gevinst import --kind realisation` in one transaction per batch
-- (an import_registry row per file, kind 'realisation'). Grain: raw_realised_gains one row per
-- line read: case, year, unit, account, status and budget account, with its lineage (import,
-- sheet, row). A later import replaces the earlier ones for the cases and years it holds
-- (see realised_gains); nothing is deleted.
CREATE TABLE IF NOT EXISTS raw_realised_gains (
    import_id INTEGER NOT NULL,
    source_sheet VARCHAR,
    source_row INTEGER NOT NULL,
    municipality_code INTEGER NOT NULL,
    case_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    unit_id VARCHAR,
    account VARCHAR NOT NULL,
    amount_dkk DECIMAL(18, 2) NOT NULL,
    status VARCHAR NOT NULL,
    harvested_from_account VARCHAR
);
