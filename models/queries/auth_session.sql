-- auth_session: one row (or none) for an open session (by the SHA-256 of its id) of a user,
-- not ended and not expired. Columns: username, expires_at.
SELECT username, expires_at FROM user_sessions
WHERE session_id = $session_hash AND username = $username AND ended_at IS NULL
  AND expires_at > now()
