-- rule_steps: one row per week-counted rule and step (and one row for rules without steps), as
-- read from data/reference/rules.toml; the SQL model benefit_weeks splits every row with these.
-- Columns: rule, from_week, to_week, state_share, municipal_share, rounded_payer, source.
CREATE OR REPLACE VIEW rule_steps AS
SELECT rule, from_week, to_week, state_share, municipal_share, rounded_payer, source
FROM ref_rule_steps;

COMMENT ON VIEW rule_steps IS 'The refusion staircase, dagpenge co-financing and fixed shares by count week, from the reference data.';
COMMENT ON COLUMN rule_steps.rule IS 'staircase, dagpenge-cofinancing, fixed-65 or none.';
COMMENT ON COLUMN rule_steps.from_week IS 'First count week of the step; null: every week.';
COMMENT ON COLUMN rule_steps.to_week IS 'Last count week of the step; null: no end.';
COMMENT ON COLUMN rule_steps.state_share IS 'Share of the gross the state carries.';
COMMENT ON COLUMN rule_steps.municipal_share IS 'Share of the gross the municipality carries (1 - state_share).';
COMMENT ON COLUMN rule_steps.rounded_payer IS 'The payer whose share the law states (state for refusion, municipality for co-financing): its amount is rounded to øre, the other payer gets the rest.';
COMMENT ON COLUMN rule_steps.source IS 'Legal basis as given in rules.toml.';
