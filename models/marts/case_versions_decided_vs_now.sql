-- case_decided_vs_now: one row per adopted case, scenario, estimate, payer and year: the net
-- flows as decided (the frozen decision version) next to the current version's, and the
-- difference (now minus decided; < 0 = the payer now expects to save more or spend less).
-- Cases without a decision version are absent. Columns: case_id, decision_version,
-- current_version, scenario, estimate, payer_kind, payer_code, year, decided_dkk, now_dkk,
-- difference_dkk. Why the figures changed: `gevinst history CASE_ID`.
CREATE OR REPLACE VIEW case_decided_vs_now AS
WITH pair AS (
    SELECT
        case_id,
        max(CASE WHEN is_decision THEN version END) AS decision_version,
        max(CASE WHEN is_current THEN version END) AS current_version
    FROM case_versions
    GROUP BY case_id
    HAVING max(CASE WHEN is_decision THEN 1 ELSE 0 END) = 1
),
tagged AS (
    SELECT
        p.case_id, p.decision_version, p.current_version, f.scenario, f.estimate,
        f.payer_kind, f.payer_code, f.year,
        CASE WHEN f.version = p.decision_version THEN f.amount_dkk ELSE 0 END AS decided,
        CASE WHEN f.version = p.current_version THEN f.amount_dkk ELSE 0 END AS now
    FROM pair AS p
    JOIN case_version_flow_rows AS f
        ON f.case_id = p.case_id AND f.version IN (p.decision_version, p.current_version)
)
SELECT
    case_id, decision_version, current_version, scenario, estimate, payer_kind, payer_code,
    year, sum(decided) AS decided_dkk, sum(now) AS now_dkk, sum(now) - sum(decided) AS difference_dkk
FROM tagged
GROUP BY case_id, decision_version, current_version, scenario, estimate, payer_kind,
    payer_code, year;

COMMENT ON VIEW case_decided_vs_now IS 'Adopted cases as decided (frozen decision version) and as they are now (current version): net flows per case, scenario, estimate, payer and year, and the difference.';
COMMENT ON COLUMN case_decided_vs_now.case_id IS 'The case''s id.';
COMMENT ON COLUMN case_decided_vs_now.decision_version IS 'The frozen decision version (case_versions.is_decision).';
COMMENT ON COLUMN case_decided_vs_now.current_version IS 'The current version (equal to decision_version when nothing changed since).';
COMMENT ON COLUMN case_decided_vs_now.scenario IS 'Named variant; basis is the case as written.';
COMMENT ON COLUMN case_decided_vs_now.estimate IS 'low, central or high.';
COMMENT ON COLUMN case_decided_vs_now.payer_kind IS 'municipality, region, state, municipalities (the other municipalities collectively, e.g. through equalisation; code null) or external.';
COMMENT ON COLUMN case_decided_vs_now.payer_code IS 'Municipality or region code; null for the state and external payers.';
COMMENT ON COLUMN case_decided_vs_now.year IS 'Calendar year.';
COMMENT ON COLUMN case_decided_vs_now.decided_dkk IS 'The payer''s net flows that year as decided; > 0 it spends, < 0 it saves.';
COMMENT ON COLUMN case_decided_vs_now.now_dkk IS 'The same in the current version.';
COMMENT ON COLUMN case_decided_vs_now.difference_dkk IS 'now_dkk minus decided_dkk; < 0 the payer now expects to save more (or spend less) than decided.';
