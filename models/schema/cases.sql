-- Saved case evaluations beside the versioned ones (case_history.sql), written by
-- `gevinst evaluate --save` and `gevinst demo` in the transaction of the save that adds a
-- version. A case's registry, flows and summary are stored once, per version, in
-- case_history.sql; the current ones are the views int_case_registry, int_case_flow_rows and
-- int_case_summary_rows over each case's latest version (models/core/int_case_current.sql).
-- The tables here hold what only the current version needs: its departments, its scenarios'
-- Monte Carlo and titles, replaced with each new version (a save of unchanged content changes
-- nothing). Grain: case_department_rows one row per case, scenario, estimate, payer and
-- department.
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
