-- name: APITokenCreate :one
INSERT INTO api_tokens (tenant_id, id, user_id, name, secret_hash, read_only, expires_at)
VALUES (@tenant_id, @id, @user_id, @name, @secret_hash, @read_only, sqlc.narg(expires_at))
RETURNING id, created_at, expires_at;

-- APITokenAuth reads a token and its user in one statement: authentication is
-- on every request's path.
-- name: APITokenAuth :one
SELECT t.id, t.user_id, t.secret_hash, t.read_only, t.revoked_at, t.last_used_at,
       t.expires_at, u.email, u.role
FROM api_tokens t
JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
WHERE t.tenant_id = @tenant_id AND t.id = @id;

-- name: APITokenTouch :exec
UPDATE api_tokens SET last_used_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: APITokenRevoke :execrows
UPDATE api_tokens SET revoked_at = now()
WHERE tenant_id = @tenant_id AND id = @id AND revoked_at IS NULL;

-- APITokenList lists the tenant's tokens, or one user's when user_id is
-- given (a member sees only their own).
-- name: APITokenList :many
SELECT t.id, t.user_id, u.email, t.name, t.read_only, t.created_at, t.last_used_at, t.expires_at, t.revoked_at
FROM api_tokens t
JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
WHERE t.tenant_id = @tenant_id
  AND (sqlc.narg(user_id)::uuid IS NULL OR t.user_id = sqlc.narg(user_id)::uuid)
ORDER BY t.created_at, t.id;

-- name: APITokenGet :one
SELECT id, user_id, revoked_at FROM api_tokens
WHERE tenant_id = @tenant_id AND id = @id;
