-- Imported DST REGK31 key figures (kr. per inhabitant by function and area), written by
-- `gevinst import FILE --kind key-figures` in one transaction with an import_registry row.
-- Grain: one row per import, area (98 municipalities + Hele landet) and function; append-only.
-- A later import of the same year supersedes the earlier one in the view `key_figures`.
CREATE TABLE IF NOT EXISTS raw_key_figures (
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    year INTEGER NOT NULL,
    municipality_code INTEGER,
    area_name VARCHAR NOT NULL,
    area_kind VARCHAR NOT NULL,
    function VARCHAR NOT NULL,
    function_name VARCHAR NOT NULL,
    price_unit VARCHAR NOT NULL,
    art VARCHAR NOT NULL,
    amount_per_inhabitant_dkk BIGINT NOT NULL
);
