-- Scenarios page: one row per flow of one variant ($case_id, $scenario, $estimate) — the rows
-- of case_flows — with what a committee table and a trace need: whether the payer is the
-- investing municipality (is_home), the committee of the flow's account (accounts.committee,
-- committee_en; null without a municipal account), and the unit's name and whether its
-- amount is illustrative (null for cost lines; a unit outside the catalogue counts as
-- illustrative: it is the case's own assumption).
SELECT
    f.case_id, f.scenario, f.estimate, f.year, f.payer_kind, f.payer_code, f.department,
    f.account, f.budget_frame, f.flow, f.amount_dkk, f.unit_id, f.effect_no, f.rule, f.source,
    coalesce(f.payer_kind = 'municipality' AND f.payer_code = c.municipality_code, false)
        AS is_home,
    a.committee, a.committee_en,
    u.name AS unit_name, u.name_en AS unit_name_en,
    CASE WHEN f.unit_id IS NULL THEN NULL ELSE coalesce(u.illustrative, true) END
        AS illustrative
FROM case_flows AS f
JOIN cases AS c USING (case_id)
LEFT JOIN accounts AS a ON a.account = f.account
LEFT JOIN units AS u ON u.unit_id = f.unit_id
WHERE f.case_id = $case_id AND f.scenario = $scenario AND f.estimate = $estimate
ORDER BY f.year, f.payer_kind, f.payer_code, f.department, f.account, f.flow, f.unit_id,
    f.effect_no
