-- municipalities, accounts and units: the reference data people join to (one row per
-- municipality, per function of the chart of accounts, per unit of the unit-cost catalogue).
CREATE OR REPLACE VIEW municipalities AS
SELECT municipality_code, name, region_code, region_name, dst_group, dst_group_name
FROM ref_municipalities;
COMMENT ON VIEW municipalities IS 'The 98 municipalities with region and Danmarks Statistik municipality group.';
COMMENT ON COLUMN municipalities.municipality_code IS 'DST municipality code (3 digits, e.g. 169).';
COMMENT ON COLUMN municipalities.name IS 'Name as DST spells it.';
COMMENT ON COLUMN municipalities.region_code IS 'Region code 1081-1085.';
COMMENT ON COLUMN municipalities.region_name IS 'Region name.';
COMMENT ON COLUMN municipalities.dst_group IS 'DST municipality group 1-5 (KOMMUNEGRUPPER_V1_2018).';
COMMENT ON COLUMN municipalities.dst_group_name IS 'Name of the group, e.g. Hovedstadskommuner.';

CREATE OR REPLACE VIEW accounts AS
SELECT account, name, committee, committee_en, department, budget_frame, verified, source,
    frame_source
FROM ref_accounts;
COMMENT ON VIEW accounts IS 'Functions of the authorised chart of accounts that gevinst uses, with committee, department and budget frame.';
COMMENT ON COLUMN accounts.account IS 'hovedkonto.hovedfunktion.funktion, e.g. 5.28.21.';
COMMENT ON COLUMN accounts.name IS 'Official function name.';
COMMENT ON COLUMN accounts.committee IS 'Committee (udvalg) usually responsible, in Danish.';
COMMENT ON COLUMN accounts.committee_en IS 'The same in English.';
COMMENT ON COLUMN accounts.department IS 'Department (forvaltning) usually responsible.';
COMMENT ON COLUMN accounts.budget_frame IS 'Frame the economy agreement steers the function by: service, transfers-guaranteed, insured-unemployed, transfers-other, health-cofinancing or construction.';
COMMENT ON COLUMN accounts.verified IS 'False where the number-to-name pair is not yet confirmed in one official source.';
COMMENT ON COLUMN accounts.source IS 'Where the function and its name come from.';
COMMENT ON COLUMN accounts.frame_source IS 'Where the function''s budget frame comes from; "Antagelse" marks a frame not verified in a public source.';

CREATE OR REPLACE VIEW units AS
SELECT unit_id, name, name_en, per, gross_dkk, price_year, rule, payers, illustrative, source
FROM ref_units;
COMMENT ON VIEW units IS 'The unit-cost catalogue: what one unit costs, who pays it and which refusion rule applies.';
COMMENT ON COLUMN units.unit_id IS 'Unit id used in case files, e.g. kontanthjaelp-uge.';
COMMENT ON COLUMN units.name IS 'Name in Danish.';
COMMENT ON COLUMN units.name_en IS 'Name in English.';
COMMENT ON COLUMN units.per IS 'What one unit is: week, year, day, hour or case.';
COMMENT ON COLUMN units.gross_dkk IS 'Gross amount of one unit at price_year prices.';
COMMENT ON COLUMN units.price_year IS 'Price level of gross_dkk.';
COMMENT ON COLUMN units.rule IS 'Refusion rule on the municipal part: none, staircase, dagpenge-cofinancing, fixed-65, costly-cases, health-cofinancing (its regimes by year in rules.toml) or section-110 (50 % state refusion of a § 110 stay).';
COMMENT ON COLUMN units.payers IS 'JSON list of payers with their shares, departments and accounts.';
COMMENT ON COLUMN units.illustrative IS 'True when the amount is not from a published source (shown as illustrative).';
COMMENT ON COLUMN units.source IS 'Published source of the amount, or why it is illustrative.';
