-- name: SessionCreate :one
INSERT INTO sessions (tenant_id, id, secret_hash, user_id, account_id, token_id, read_only, idle_expires_at, absolute_expires_at)
VALUES (@tenant_id, @id, @secret_hash, @user_id, sqlc.narg(account_id), sqlc.narg(token_id), @read_only, @idle_expires_at, @absolute_expires_at)
RETURNING created_at, idle_expires_at, absolute_expires_at;

-- SessionAuth reads a session with its user and, when it was opened with an
-- API token, that token's state, in one statement: it is on every
-- cookie-authenticated request's path.
-- name: SessionAuth :one
SELECT s.id, s.user_id, s.secret_hash, s.read_only, s.token_id, s.account_id,
       s.last_seen_at, s.idle_expires_at, s.absolute_expires_at, s.revoked_at,
       u.email, u.role,
       t.revoked_at AS token_revoked_at, t.expires_at AS token_expires_at
FROM sessions s
JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
LEFT JOIN api_tokens t ON t.tenant_id = s.tenant_id AND t.id = s.token_id
WHERE s.tenant_id = @tenant_id AND s.id = @id;

-- SessionTouch slides the idle expiry, never past the absolute one.
-- name: SessionTouch :exec
UPDATE sessions SET last_seen_at = now(), idle_expires_at = least(@idle_expires_at, absolute_expires_at)
WHERE tenant_id = @tenant_id AND id = @id AND revoked_at IS NULL;

-- name: SessionRevoke :execrows
UPDATE sessions SET revoked_at = now()
WHERE tenant_id = @tenant_id AND id = @id AND revoked_at IS NULL;
