-- name: UserCreate :one
INSERT INTO users (tenant_id, email, display_name, role)
VALUES (@tenant_id, @email, sqlc.narg(display_name), @role)
RETURNING *;

-- name: UserGet :one
SELECT * FROM users WHERE tenant_id = @tenant_id AND id = @id;

-- name: UserGetByEmail :one
SELECT * FROM users WHERE tenant_id = @tenant_id AND lower(email) = lower(@email);
