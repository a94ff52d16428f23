-- TenantLock serialises one kind of write within a tenant for the rest of
-- the transaction (a per-tenant, per-scope advisory lock: it touches no
-- table). Use it where a check and an insert must not race: there is no
-- unique key to lean on (supplier names), or the check spans many rows
-- (the recipe component graph).
-- name: TenantLock :exec
SELECT pg_advisory_xact_lock(hashtextextended(@scope::text || ':' || (@tenant_id::uuid)::text, 0));
