-- name: MemberList :many
SELECT id, email, display_name, role, auth_provider, created_at FROM users
WHERE tenant_id = @tenant_id
ORDER BY created_at, id;

-- name: MemberOwnersLock :many
-- Locks every owner row, so two concurrent demotions or removals cannot
-- each see "another owner remains" and leave none.
SELECT id FROM users
WHERE tenant_id = @tenant_id AND role = 'owner'
ORDER BY id
FOR UPDATE;

-- name: MemberSetRole :one
UPDATE users SET role = @role
WHERE tenant_id = @tenant_id AND id = @id
RETURNING *;

-- name: MemberDelete :execrows
DELETE FROM users WHERE tenant_id = @tenant_id AND id = @id;

-- name: MemberCreateSignedIn :one
INSERT INTO users (tenant_id, email, display_name, role, auth_provider, auth_subject)
VALUES (@tenant_id, @email, sqlc.narg(display_name), @role, @auth_provider, @auth_subject)
RETURNING *;
