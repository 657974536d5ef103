-- Saved case evaluations, written by `gevinst evaluate --save` and `gevinst demo`, one
-- transaction per case (all its scenarios and estimates replaced together).
-- Grain: case_registry one row per case; case_flow_rows one row per case, scenario, estimate,
-- year, payer, department, account, flow kind, unit and effect; case_summary_rows one row per
-- case, scenario, estimate and payer; case_department_rows the same per department.
CREATE TABLE IF NOT EXISTS case_registry (
    case_id VARCHAR PRIMARY KEY,
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
    saved_at TIMESTAMPTZ NOT NULL,
    saved_by VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS case_flow_rows (
    case_id VARCHAR NOT NULL,
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
CREATE TABLE IF NOT EXISTS case_summary_rows (
    case_id VARCHAR NOT NULL,
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
CREATE TABLE IF NOT EXISTS case_department_rows (
    case_id VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    estimate VARCHAR NOT NULL,
    payer_kind VARCHAR NOT NULL,
    payer_code INTEGER,
    department VARCHAR,
    undiscounted_net_dkk DECIMAL(18, 2) NOT NULL,
    npv_dkk DECIMAL(18, 2) NOT NULL,
    payback_year INTEGER
);
-- The Monte Carlo of each saved case's scenario, run once when the case is saved (it spans the
-- low–high ranges, so it belongs to the scenario, not to an estimate): the investing
-- municipality's present value in every draw, which the case page's histogram shows without
-- simulating again. Grain: one row per case and scenario.
CREATE TABLE IF NOT EXISTS case_simulation_rows (
    case_id VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    draws INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    home_npv_dkk DOUBLE[] NOT NULL
);
-- What people see for each scenario of a saved case: the case file's `title` and one-line
-- `description` (the scenario's id is for URLs and the data). Grain: one row per case and
-- scenario, basis included.
CREATE TABLE IF NOT EXISTS case_scenario_rows (
    case_id VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    title VARCHAR,
    description VARCHAR
);
