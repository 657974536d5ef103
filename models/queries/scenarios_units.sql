-- Scenarios page, sources: one row per unit of the unit-cost catalogue that a variant's flows
-- rest on ($case_id, $scenario, $estimate). Columns: those of the view units.
SELECT u.unit_id, u.name, u.name_en, u.per, u.gross_dkk, u.price_year, u.rule, u.illustrative,
    u.source
FROM units AS u
WHERE u.unit_id IN (
    SELECT unit_id FROM case_flows
    WHERE case_id = $case_id AND scenario = $scenario AND estimate = $estimate
)
ORDER BY u.unit_id
