-- audit_log: one row per event the dashboards recorded (append-only), oldest first.
-- Columns: at, username, action, municipality_code, object, detail, ip.
CREATE OR REPLACE VIEW audit_log AS
SELECT "at", username, action, municipality_code, object, detail, ip
FROM audit_events
ORDER BY event_id;

COMMENT ON VIEW audit_log IS 'One row per security-relevant event in the dashboards: logins, logouts, failed logins, imports, scenario saves, downloads and refusals (append-only).';
COMMENT ON COLUMN audit_log."at" IS 'When it happened (UTC).';
COMMENT ON COLUMN audit_log.username IS 'The logged-in user (for a failed login: the name tried); null when nobody was logged in.';
COMMENT ON COLUMN audit_log.action IS 'login, login_failed, logout, import, scenario_save, download or refused.';
COMMENT ON COLUMN audit_log.municipality_code IS 'The municipality whose data the event concerned, where there is one.';
COMMENT ON COLUMN audit_log.object IS 'What it concerned: a case id, an import id, a file name, a page or a callback.';
COMMENT ON COLUMN audit_log.detail IS 'More about it: why a request was refused, what was imported or downloaded.';
COMMENT ON COLUMN audit_log.ip IS 'The client''s address as the server saw it (behind a proxy: the forwarded address).';
