-- The audit trail of the dashboards: append-only, never updated.
-- Grain: audit_events one row per event (login, logout, failed login, import, scenario save,
-- download, refusal), numbered in the order the server recorded them.
CREATE SEQUENCE IF NOT EXISTS audit_event_seq START 1;
CREATE TABLE IF NOT EXISTS audit_events (
    event_id BIGINT PRIMARY KEY DEFAULT nextval('audit_event_seq'),
    "at" TIMESTAMPTZ NOT NULL,
    username VARCHAR,
    action VARCHAR NOT NULL,
    municipality_code INTEGER,
    object VARCHAR,
    detail VARCHAR,
    ip VARCHAR
);
