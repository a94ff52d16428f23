-- Every query on a tenant table filters by tenant_id explicitly, on top of RLS:
-- the planner sees the real value and Citus can route on it.

-- name: TenantCreate :one
INSERT INTO tenants (id, name) VALUES (@id, @name)
RETURNING *;

-- name: TenantGet :one
SELECT * FROM tenants WHERE id = @id;

-- name: TenantDelete :execrows
-- Every tenant table references tenants ON DELETE CASCADE, so this removes
-- every row of the tenant.
DELETE FROM tenants WHERE id = @id;
