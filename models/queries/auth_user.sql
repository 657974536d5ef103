-- auth_user: one row (or none) for a login name: the user's role, municipalities, whether
-- disabled, and the password hash (read by the login check only, never shown).
-- Columns: username, role, municipalities, disabled, created_at, password_hash.
SELECT username, role, municipalities, disabled, created_at, password_hash
FROM users WHERE username = $username
