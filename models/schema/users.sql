-- Logins: who may use the dashboards, in which role and for which municipalities.
-- Grain: users one row per login name; user_sessions one row per login (session), ended at
-- logout; app_secrets one row per server secret (the session-signing key when
-- GEVINST_SECRET_KEY is not set). None of these is exposed through a public view: they hold
-- password hashes and keys. Written only by `gevinst user …`, the demo and the server.
CREATE TABLE IF NOT EXISTS users (
    username VARCHAR PRIMARY KEY,
    password_hash VARCHAR,
    role VARCHAR NOT NULL CHECK (role IN ('controller', 'director', 'politician', 'admin')),
    municipalities INTEGER[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS user_sessions (
    session_id VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS app_secrets (
    name VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
