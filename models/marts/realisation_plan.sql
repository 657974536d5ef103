-- realisation_plan: one row per case, year, unit and account: the planned municipal gain net of
-- refusion (basis scenario, central estimate; from the frozen decision version of an adopted
-- case, else the current version) next to the realised amounts by status (realised_gains).
-- Only flows on a municipal budget account (gain, refusion, transfer) are planned gains here;
-- tax and equalisation, which have no budget account, are not followed up.
-- Prices: the plan is in the case's base-year prices, the realised amounts (from the accounts) in
-- current prices; planned_net_current_dkk moves the plan to each year's prices with
-- ref_price_index (years outside the index use its nearest end, as the engine does), and
-- unaccounted_dkk compares in current prices.
-- realisation_harvests: one row per harvested realised line with the budget line it was
-- taken from (budget_lines: B, else BO, else KB of that year, all lines of the account).
CREATE OR REPLACE VIEW realisation_plan AS
WITH chosen AS (
    SELECT
        case_id,
        coalesce(max(CASE WHEN is_decision THEN version END),
                 max(CASE WHEN is_current THEN version END)) AS version,
        max(CASE WHEN is_decision THEN 1 ELSE 0 END) = 1 AS from_decision
    FROM case_versions
    GROUP BY case_id
),
basis AS (
    SELECT c.case_id, c.version, c.from_decision, v.municipality_code, v.base_year
    FROM chosen AS c
    JOIN case_version_registry AS v ON v.case_id = c.case_id AND v.version = c.version
),
index_span AS (
    SELECT min(year) AS first_year, max(year) AS last_year FROM ref_price_index
),
planned AS (
    SELECT
        f.case_id, f.year, f.unit_id, f.account,
        sum(CASE WHEN f.flow = 'gain' THEN f.amount_dkk ELSE 0 END) AS planned_gross_dkk,
        sum(CASE WHEN f.flow <> 'gain' THEN f.amount_dkk ELSE 0 END) AS planned_refusion_dkk,
        sum(f.amount_dkk) AS planned_net_dkk
    FROM case_version_flow_rows AS f
    JOIN basis AS b ON b.case_id = f.case_id AND b.version = f.version
    WHERE f.scenario = 'basis' AND f.estimate = 'central' AND f.payer_kind = 'municipality'
        AND f.payer_code = b.municipality_code AND f.flow IN ('gain', 'refusion', 'transfer')
        AND f.account IS NOT NULL
    GROUP BY f.case_id, f.year, f.unit_id, f.account
),
realised AS (
    SELECT
        case_id, year, unit_id, account,
        sum(CASE WHEN status = 'harvested' THEN amount_dkk ELSE 0 END) AS harvested_dkk,
        sum(CASE WHEN status = 'reinvested' THEN amount_dkk ELSE 0 END) AS reinvested_dkk,
        sum(CASE WHEN status = 'capacity' THEN amount_dkk ELSE 0 END) AS capacity_dkk,
        sum(CASE WHEN status = 'not-realised' THEN amount_dkk ELSE 0 END) AS not_realised_dkk,
        string_agg(DISTINCT harvested_from_account, ', ') AS harvested_from_accounts
    FROM realised_gains
    GROUP BY case_id, year, unit_id, account
),
joined AS (
    SELECT
        coalesce(p.case_id, r.case_id) AS case_id,
        coalesce(p.year, r.year) AS year,
        coalesce(p.unit_id, r.unit_id) AS unit_id,
        coalesce(p.account, r.account) AS account,
        coalesce(p.planned_gross_dkk, 0) AS planned_gross_dkk,
        coalesce(p.planned_refusion_dkk, 0) AS planned_refusion_dkk,
        coalesce(p.planned_net_dkk, 0) AS planned_net_dkk,
        coalesce(r.harvested_dkk, 0) AS harvested_dkk,
        coalesce(r.reinvested_dkk, 0) AS reinvested_dkk,
        coalesce(r.capacity_dkk, 0) AS capacity_dkk,
        coalesce(r.not_realised_dkk, 0) AS not_realised_dkk,
        r.harvested_from_accounts,
        r.case_id IS NOT NULL AS has_realisation
    FROM planned AS p
    FULL OUTER JOIN realised AS r
        ON r.case_id = p.case_id AND r.year = p.year AND r.account = p.account
        AND coalesce(r.unit_id, '') = coalesce(p.unit_id, '')
),
priced AS (
    SELECT
        j.*, b.municipality_code, b.version, b.from_decision, b.base_year,
        coalesce(now_idx."index" / base_idx."index", 1.0) AS price_factor
    FROM joined AS j
    LEFT JOIN basis AS b ON b.case_id = j.case_id
    CROSS JOIN index_span AS s
    LEFT JOIN ref_price_index AS now_idx
        ON now_idx.year = least(greatest(j.year, s.first_year), s.last_year)
    LEFT JOIN ref_price_index AS base_idx
        ON base_idx.year = least(greatest(b.base_year, s.first_year), s.last_year)
)
SELECT
    j.case_id, j.year, j.unit_id, j.account, j.municipality_code, j.version AS planned_version,
    coalesce(j.from_decision, false) AS planned_as_decided, j.base_year, j.price_factor,
    j.planned_gross_dkk, j.planned_refusion_dkk, j.planned_net_dkk,
    j.planned_net_dkk * j.price_factor AS planned_net_current_dkk,
    j.harvested_dkk, j.reinvested_dkk, j.capacity_dkk, j.not_realised_dkk,
    j.harvested_dkk + j.reinvested_dkk + j.capacity_dkk AS realised_dkk,
    CASE WHEN j.has_realisation
         THEN j.planned_net_dkk * j.price_factor
              - (j.harvested_dkk + j.reinvested_dkk + j.capacity_dkk + j.not_realised_dkk)
         END AS unaccounted_dkk,
    j.harvested_from_accounts
FROM priced AS j;

COMMENT ON VIEW realisation_plan IS 'Gevinstrealisering: per case, year, unit and account the planned municipal gain net of refusion (as decided for an adopted case, else current; basis, central) and what was realised, by status. Amounts signed as case_flows: < 0 a saving.';
COMMENT ON COLUMN realisation_plan.case_id IS 'The case.';
COMMENT ON COLUMN realisation_plan.year IS 'Calendar year.';
COMMENT ON COLUMN realisation_plan.unit_id IS 'The unit of the gain; null for a realised line that named none.';
COMMENT ON COLUMN realisation_plan.account IS 'The function of the chart of accounts where the gain falls.';
COMMENT ON COLUMN realisation_plan.municipality_code IS 'The case''s (investing) municipality, whose budget the plan and the realisation are for.';
COMMENT ON COLUMN realisation_plan.planned_version IS 'The case version the plan comes from (case_versions).';
COMMENT ON COLUMN realisation_plan.planned_as_decided IS 'True when the plan is the frozen decision version of an adopted case; false when it is the current version of a draft.';
COMMENT ON COLUMN realisation_plan.base_year IS 'The case''s base year: the plan''s amounts are in its prices ("2026-priser").';
COMMENT ON COLUMN realisation_plan.price_factor IS 'index(year) / index(base_year) from ref_price_index (data/reference/price_index.csv): moves the plan to current prices.';
COMMENT ON COLUMN realisation_plan.planned_gross_dkk IS 'Planned gross gain on the account (gain flows), in base-year prices; < 0 a saving.';
COMMENT ON COLUMN realisation_plan.planned_refusion_dkk IS 'Planned change in refusion and § 9 c bills on the same unit and account, in base-year prices; > 0 refusion the municipality no longer receives.';
COMMENT ON COLUMN realisation_plan.planned_net_dkk IS 'Planned net gain for the municipality (gross plus refusion and transfers), in base-year prices; < 0 a saving.';
COMMENT ON COLUMN realisation_plan.planned_net_current_dkk IS 'planned_net_dkk moved to the year''s current prices (løbende priser), comparable with the realised amounts.';
COMMENT ON COLUMN realisation_plan.harvested_dkk IS 'Realised and harvested (hjemtaget: taken out of the budget), current prices; < 0 a saving.';
COMMENT ON COLUMN realisation_plan.reinvested_dkk IS 'Realised and reinvested (geninvesteret) by the gaining unit.';
COMMENT ON COLUMN realisation_plan.capacity_dkk IS 'Realised as freed capacity only (kapacitetsfrigørelse): no budget was moved.';
COMMENT ON COLUMN realisation_plan.not_realised_dkk IS 'Planned gain reported as not realised (ikke-realiseret), with the plan''s sign.';
COMMENT ON COLUMN realisation_plan.realised_dkk IS 'harvested + reinvested + capacity.';
COMMENT ON COLUMN realisation_plan.unaccounted_dkk IS 'Planned net in current prices minus everything reported (all four statuses, current prices); null until something is reported for the line.';
COMMENT ON COLUMN realisation_plan.harvested_from_accounts IS 'The budget accounts the harvested gains were taken from (comma-separated); details in realisation_harvests.';

CREATE OR REPLACE VIEW realisation_harvests AS
WITH budget AS (
    SELECT
        municipality_code, year, account, budget_kind, sum(amount_dkk) AS budget_dkk,
        min(committee) AS committee, min(department) AS department,
        min(source_file) AS source_file, count(*) AS lines,
        row_number() OVER (
            PARTITION BY municipality_code, year, account
            ORDER BY CASE budget_kind WHEN 'B' THEN 1 WHEN 'BO' THEN 2 WHEN 'KB' THEN 3 ELSE 4 END
        ) AS preference
    FROM budget_lines
    WHERE budget_kind <> 'R'
    GROUP BY municipality_code, year, account, budget_kind
)
SELECT
    g.case_id, g.year, g.unit_id, g.account, g.harvested_from_account,
    c.municipality_code, -g.amount_dkk AS taken_dkk, b.budget_kind, b.budget_dkk,
    b.committee, b.department, b.source_file AS budget_source_file, b.lines AS budget_lines,
    g.import_id, g.source_row
FROM realised_gains AS g
JOIN int_case_registry AS c ON c.case_id = g.case_id
LEFT JOIN budget AS b
    ON b.municipality_code = c.municipality_code AND b.year = g.year
    AND b.account = g.harvested_from_account AND b.preference = 1
WHERE g.status = 'harvested';

COMMENT ON VIEW realisation_harvests IS 'One row per harvested gain (hjemtagning): which budget account it was taken from, how much, and that account''s budget that year (budget_lines: B, else BO, else KB).';
COMMENT ON COLUMN realisation_harvests.case_id IS 'The case.';
COMMENT ON COLUMN realisation_harvests.year IS 'The year the gain was harvested.';
COMMENT ON COLUMN realisation_harvests.unit_id IS 'The unit of the gain.';
COMMENT ON COLUMN realisation_harvests.account IS 'The account where the gain fell.';
COMMENT ON COLUMN realisation_harvests.harvested_from_account IS 'The budget account that was reduced.';
COMMENT ON COLUMN realisation_harvests.municipality_code IS 'The case''s municipality.';
COMMENT ON COLUMN realisation_harvests.taken_dkk IS 'Amount taken out of the budget, in kr. (> 0: the budget was reduced by this much; the saving''s amount_dkk with the sign turned).';
COMMENT ON COLUMN realisation_harvests.budget_kind IS 'The budget it was taken from: B (budget year), BO (outlook year) or KB (revised budget); null when no budget is imported for that account and year.';
COMMENT ON COLUMN realisation_harvests.budget_dkk IS 'The account''s budget that year (all its lines), expenses positive.';
COMMENT ON COLUMN realisation_harvests.committee IS 'The committee of the budget line, as the budget file names it.';
COMMENT ON COLUMN realisation_harvests.department IS 'The department of the budget line, as the budget file names it.';
COMMENT ON COLUMN realisation_harvests.budget_source_file IS 'The budget file the line was imported from.';
COMMENT ON COLUMN realisation_harvests.budget_lines IS 'Number of budget lines (cost centres, arts) on the account that year.';
COMMENT ON COLUMN realisation_harvests.import_id IS 'The realisation import the harvested line came from.';
COMMENT ON COLUMN realisation_harvests.source_row IS 'Its row in the imported sheet.';
