-- Week-counted rule parameters, written by the store from data/reference/rules.toml (never typed
-- into SQL): the SQL model `benefit_weeks` and the case engine read the same numbers.
-- Grain: ref_rule_steps one row per rule and step of the week counter (rules without steps, such
-- as fixed-65 and none, have one row with from_week null: the share applies to every week);
-- ref_benefit_rules one row per benefit a benefit-week file may name.
CREATE TABLE IF NOT EXISTS ref_rule_steps (
    rule VARCHAR NOT NULL,
    from_week INTEGER,
    to_week INTEGER,
    state_share DECIMAL(5, 4) NOT NULL,
    municipal_share DECIMAL(5, 4) NOT NULL,
    rounded_payer VARCHAR NOT NULL,
    source VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS ref_benefit_rules (
    benefit VARCHAR PRIMARY KEY,
    rule VARCHAR NOT NULL,
    uses_week_counter BOOLEAN NOT NULL
);
