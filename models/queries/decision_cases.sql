-- decision_cases: the chosen cases ($case_ids) of one municipality with what the decision
-- page and workbook name them by. Columns: case_id, name, owner, status, decided_on,
-- base_year, horizon_years, source. Adopted ones only for a politician ($adopted_only).
SELECT c.case_id, c.name, c.owner, c.status, c.decided_on, c.base_year, c.horizon_years,
       c.source
FROM cases AS c
WHERE c.municipality_code = $municipality AND list_contains($case_ids, c.case_id)
  AND (c.status = 'adopted' OR NOT $adopted_only)
ORDER BY c.case_id
