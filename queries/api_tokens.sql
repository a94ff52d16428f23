-- name: APITokenCreate :one
INSERT INTO api_tokens (tenant_id, id, user_id, name, secret_hash, read_only)
VALUES (@tenant_id, @id, @user_id, @name, @secret_hash, @read_only)
RETURNING id, created_at;

-- APITokenAuth reads a token and its user in one statement: authentication is
-- on every request's path.
-- name: APITokenAuth :one
SELECT t.id, t.user_id, t.secret_hash, t.read_only, t.revoked_at, t.last_used_at,
       u.email, u.role
FROM api_tokens t
JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
WHERE t.tenant_id = @tenant_id AND t.id = @id;

-- name: APITokenTouch :exec
UPDATE api_tokens SET last_used_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: APITokenRevoke :execrows
UPDATE api_tokens SET revoked_at = now()
WHERE tenant_id = @tenant_id AND id = @id AND revoked_at IS NULL;

-- name: APITokenList :many
SELECT id, user_id, name, read_only, created_at, last_used_at, revoked_at
FROM api_tokens WHERE tenant_id = @tenant_id
ORDER BY created_at, id;
