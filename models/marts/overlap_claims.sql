-- case_unit_claims: one row per case, unit, municipality and year: the case's planned gross
-- saving on that unit in that municipality's budget (gain flows < 0 of municipal payers, basis
-- scenario, central estimate, current version). case_unit_overlaps: one row per pair of cases
-- claiming the same unit, municipality and year, with the persons they share where known.
-- The rule for removing an overlap from a portfolio total is in gevinst.domain.overlap.
CREATE OR REPLACE VIEW case_unit_claims AS
SELECT
    f.case_id, f.unit_id, f.payer_code AS municipality_code, f.year,
    sum(f.amount_dkk) AS claimed_dkk
FROM int_case_flow_rows AS f
WHERE f.flow = 'gain' AND f.payer_kind = 'municipality' AND f.scenario = 'basis'
    AND f.estimate = 'central' AND f.unit_id IS NOT NULL
GROUP BY f.case_id, f.unit_id, f.payer_code, f.year
HAVING sum(f.amount_dkk) < 0;

COMMENT ON VIEW case_unit_claims IS 'What each case claims to save: one row per case, unit, municipality and year, the planned gross saving (basis, central, current version). Two cases with the same unit, municipality and year may count the same saving twice (case_unit_overlaps).';
COMMENT ON COLUMN case_unit_claims.case_id IS 'The case.';
COMMENT ON COLUMN case_unit_claims.unit_id IS 'The unit saved on.';
COMMENT ON COLUMN case_unit_claims.municipality_code IS 'The municipality whose budget the saving lands in.';
COMMENT ON COLUMN case_unit_claims.year IS 'Calendar year.';
COMMENT ON COLUMN case_unit_claims.claimed_dkk IS 'The planned gross saving in kr. (< 0).';

CREATE OR REPLACE VIEW case_unit_overlaps AS
WITH people AS (
    SELECT case_id, count(*) AS persons FROM case_target_persons GROUP BY case_id
),
shared AS (
    SELECT a.case_id AS case_a, b.case_id AS case_b, count(*) AS shared_persons
    FROM case_target_persons AS a
    JOIN case_target_persons AS b ON a.person_id = b.person_id AND a.case_id < b.case_id
    GROUP BY a.case_id, b.case_id
)
SELECT
    a.unit_id, a.municipality_code, a.year, a.case_id AS case_a, a.claimed_dkk AS claimed_a_dkk,
    b.case_id AS case_b, b.claimed_dkk AS claimed_b_dkk,
    pa.persons IS NOT NULL AND pb.persons IS NOT NULL AS persons_known,
    coalesce(s.shared_persons, 0) AS shared_persons
FROM case_unit_claims AS a
JOIN case_unit_claims AS b
    ON a.unit_id = b.unit_id AND a.municipality_code = b.municipality_code
    AND a.year = b.year AND a.case_id < b.case_id
LEFT JOIN people AS pa ON pa.case_id = a.case_id
LEFT JOIN people AS pb ON pb.case_id = b.case_id
LEFT JOIN shared AS s ON s.case_a = a.case_id AND s.case_b = b.case_id
WHERE pa.persons IS NULL OR pb.persons IS NULL OR s.shared_persons > 0;

COMMENT ON VIEW case_unit_overlaps IS 'Possible double counting: one row per pair of cases that claim a saving on the same unit in the same municipality and year; where both cases'' persons are known, only pairs that share persons.';
COMMENT ON COLUMN case_unit_overlaps.unit_id IS 'The unit both cases claim.';
COMMENT ON COLUMN case_unit_overlaps.municipality_code IS 'The municipality whose budget the saving lands in.';
COMMENT ON COLUMN case_unit_overlaps.year IS 'Calendar year.';
COMMENT ON COLUMN case_unit_overlaps.case_a IS 'The first case (alphabetical).';
COMMENT ON COLUMN case_unit_overlaps.claimed_a_dkk IS 'Its claimed saving (< 0).';
COMMENT ON COLUMN case_unit_overlaps.case_b IS 'The second case.';
COMMENT ON COLUMN case_unit_overlaps.claimed_b_dkk IS 'Its claimed saving (< 0).';
COMMENT ON COLUMN case_unit_overlaps.persons_known IS 'True when both cases'' target-group person ids are known (case_target_persons).';
COMMENT ON COLUMN case_unit_overlaps.shared_persons IS 'Persons in both target groups (0 when not known).';
