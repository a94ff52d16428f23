-- SecurityEventInsert files an event in its tenant, and quietly nowhere when
-- the tenant does not exist: a failed sign-in names its tenant unverified.
-- name: SecurityEventInsert :exec
INSERT INTO security_events (tenant_id, kind, user_id, request_id, client_address, detail)
SELECT @tenant_id, @kind, sqlc.narg(user_id), @request_id, @client_address, @detail
WHERE EXISTS (SELECT 1 FROM tenants WHERE id = @tenant_id);

-- name: SecurityEventList :many
SELECT id, kind, user_id, request_id, client_address, detail, created_at
FROM security_events
WHERE tenant_id = @tenant_id
  AND (sqlc.narg(before)::timestamptz IS NULL OR created_at < sqlc.narg(before)::timestamptz)
ORDER BY created_at DESC, id DESC
LIMIT @max_rows;
