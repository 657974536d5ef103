-- Case history (versioned assumptions), written by `save_case`: the only stored definition of
-- a case's registry, flows and summary. Every save of a changed case file (or of the same file
-- with changed unit costs) adds a version; nothing is ever updated or deleted, so an adopted
-- case's evaluation at decision stays frozen. The current case is its latest version
-- (models/core/int_case_current.sql); databases made when the current rows were tables of their
-- own are moved here when opened for writing (gevinst.store.migrate).
-- Grain: case_version_registry one row per case and version; case_version_flow_rows one row per
-- case, version, scenario, estimate, year, payer, department, account, flow kind, unit and effect;
-- case_version_summary_rows one row per case, version, scenario, estimate and payer;
-- unit_cost_history one row per unit of the unit-cost catalogue and version of its values.
CREATE TABLE IF NOT EXISTS case_version_registry (
    case_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    municipality_code INTEGER NOT NULL,
    owner VARCHAR NOT NULL,
    base_year INTEGER NOT NULL,
    horizon_years INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    decided_on DATE,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    case_toml VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    unit_costs_json VARCHAR NOT NULL,
    unit_costs_sha256 VARCHAR NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    saved_by VARCHAR NOT NULL,
    PRIMARY KEY (case_id, version)
);
CREATE TABLE IF NOT EXISTS case_version_flow_rows (
    case_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    scenario VARCHAR NOT NULL,
    estimate VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    payer_kind VARCHAR NOT NULL,
    payer_code INTEGER,
    department VARCHAR,
    account VARCHAR,
    budget_frame VARCHAR,
    flow VARCHAR NOT NULL,
    amount_dkk DECIMAL(18, 2) NOT NULL,
    unit_id VARCHAR,
    effect_no INTEGER,
    rule VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    evaluated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS case_version_summary_rows (
    case_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    scenario VARCHAR NOT NULL,
    estimate VARCHAR NOT NULL,
    payer_kind VARCHAR NOT NULL,
    payer_code INTEGER,
    undiscounted_net_dkk DECIMAL(18, 2) NOT NULL,
    npv_dkk DECIMAL(18, 2) NOT NULL,
    payback_year INTEGER,
    payback_year_discounted INTEGER,
    npv_p10_dkk DECIMAL(18, 2),
    npv_p50_dkk DECIMAL(18, 2),
    npv_p90_dkk DECIMAL(18, 2),
    p_payback_budget_period DOUBLE,
    p_payback_horizon DOUBLE,
    break_even_effect_budget_period DOUBLE,
    break_even_effect_horizon DOUBLE
);
CREATE TABLE IF NOT EXISTS unit_cost_history (
    unit_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    per VARCHAR NOT NULL,
    gross_dkk DOUBLE NOT NULL,
    price_year INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    payers VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (unit_id, version)
);
