-- name: InvitationCreate :one
INSERT INTO invitations (tenant_id, id, secret_hash, email, role, created_by, expires_at)
VALUES (@tenant_id, @id, @secret_hash, sqlc.narg(email), @role, sqlc.narg(created_by), @expires_at)
RETURNING *;

-- name: InvitationList :many
SELECT * FROM invitations
WHERE tenant_id = @tenant_id
ORDER BY created_at DESC, id;

-- name: InvitationGetForUpdate :one
SELECT * FROM invitations
WHERE tenant_id = @tenant_id AND id = @id
FOR UPDATE;

-- name: InvitationRevoke :execrows
UPDATE invitations SET revoked_at = now()
WHERE tenant_id = @tenant_id AND id = @id AND accepted_at IS NULL AND revoked_at IS NULL;

-- name: InvitationAccept :exec
UPDATE invitations SET accepted_at = now(), accepted_by = @accepted_by
WHERE tenant_id = @tenant_id AND id = @id;
