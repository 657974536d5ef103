-- Frame ceilings: the municipality's own ceiling on a budget frame in a year, as a controller
-- enters it. The economy agreement sets the service and construction frames for the
-- municipalities as a whole (KL, "Aftaler med regeringen": "aftalerne indgås for kommunerne
-- under ét"); each municipality's share comes from KL's budget coordination or its own
-- adopted budget, which gevinst does not hold, so the figure is entered with its source.
-- Grain: one row per municipality, year and budget frame (a new entry replaces the old).
-- Columns: municipality_code, year, budget_frame (a frame code of the chart of accounts:
-- service, transfers-guaranteed, …), ceiling_dkk (kr., expenses positive as budgets are
-- written), source (where the figure comes from), entered_by, entered_at.
CREATE TABLE IF NOT EXISTS frame_ceilings (
    municipality_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    budget_frame VARCHAR NOT NULL,
    ceiling_dkk DECIMAL(18, 2) NOT NULL,
    source VARCHAR NOT NULL,
    entered_by VARCHAR NOT NULL,
    entered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_code, year, budget_frame)
);
