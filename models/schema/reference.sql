-- Reference tables, written by `gevinst demo` and replaced whole when the bundled reference
-- data changes. Grain: ref_municipalities one row per municipality; ref_accounts one row per
-- function of the chart of accounts; ref_units one row per unit of the unit-cost catalogue;
-- reference_snapshot one row per load (the full reference as JSON, so `--db` evaluations use
-- exactly the reference the database was built with).
CREATE TABLE IF NOT EXISTS ref_municipalities (
    municipality_code INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    region_code INTEGER NOT NULL,
    region_name VARCHAR NOT NULL,
    dst_group INTEGER NOT NULL,
    dst_group_name VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS ref_accounts (
    account VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    committee VARCHAR NOT NULL,
    committee_en VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    budget_frame VARCHAR NOT NULL,
    verified BOOLEAN NOT NULL,
    source VARCHAR NOT NULL,
    frame_source VARCHAR
);
-- ref_price_index: one row per year of data/reference/price_index.csv (2020 = 100) with its
-- basis (dst-pris113 published, or illustrative): moves a plan in a case's base-year prices to
-- the current prices the accounts are in (realisation_plan)
CREATE TABLE IF NOT EXISTS ref_price_index (
    year INTEGER PRIMARY KEY,
    "index" DOUBLE NOT NULL,
    basis VARCHAR NOT NULL
);
-- databases made before the budget frames named their source
ALTER TABLE ref_accounts ADD COLUMN IF NOT EXISTS frame_source VARCHAR;
CREATE TABLE IF NOT EXISTS ref_units (
    unit_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    per VARCHAR NOT NULL,
    gross_dkk DOUBLE NOT NULL,
    price_year INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    payers VARCHAR NOT NULL,
    illustrative BOOLEAN NOT NULL,
    source VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS reference_snapshot (
    loaded_at TIMESTAMPTZ NOT NULL,
    reference_json VARCHAR NOT NULL
);
