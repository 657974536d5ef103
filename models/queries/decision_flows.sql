-- decision_flows: the investing municipality's own flows of the chosen variants, summed per
-- case, year, committee, account, budget frame and flow kind, undiscounted (DESIGN's sign:
-- > 0 more spending). $case_ids and $scenarios are parallel lists (one scenario per case),
-- $estimate one estimate for all. The committee is the one the municipality's own budget
-- files put the account under (its latest line), else the chart of accounts' usual one,
-- else the flow's department (taxes, equalisation, grants have no municipal account).
-- Only cases of $municipality, adopted ones only for a politician ($adopted_only).
-- Columns: case_id, scenario, year, committee, account, department, budget_frame, flow,
-- amount_dkk.
WITH chosen AS (
    SELECT unnest($case_ids) AS case_id, unnest($scenarios) AS scenario
),
own_committee AS (
    SELECT account, arg_max(committee, year) AS committee
    FROM budget_lines
    WHERE municipality_code = $municipality AND committee IS NOT NULL AND committee <> ''
    GROUP BY account
)
SELECT
    f.case_id, f.scenario, f.year,
    coalesce(o.committee, a.committee, f.department, 'Kommunen') AS committee,
    f.account, f.department, f.budget_frame, f.flow, sum(f.amount_dkk) AS amount_dkk
FROM case_flows AS f
JOIN chosen USING (case_id, scenario)
JOIN cases AS c USING (case_id)
LEFT JOIN own_committee AS o ON o.account = f.account
LEFT JOIN accounts AS a ON a.account = f.account
WHERE f.estimate = $estimate AND c.municipality_code = $municipality
  AND f.payer_kind = 'municipality' AND f.payer_code = c.municipality_code
  AND (c.status = 'adopted' OR NOT $adopted_only)
GROUP BY ALL
ORDER BY f.case_id, f.year, committee, f.account, f.flow
