-- name: SupplierGet :one
SELECT * FROM suppliers WHERE tenant_id = @tenant_id AND id = @id;

-- name: SupplierGetBySlug :one
SELECT * FROM suppliers WHERE tenant_id = @tenant_id AND slug = @slug;

-- SupplierListByNameKey matches a normalised name exactly (btree equality,
-- leakproof under RLS); active suppliers and then the oldest come first.
-- name: SupplierListByNameKey :many
SELECT * FROM suppliers
WHERE tenant_id = @tenant_id AND name_key = @name_key
ORDER BY is_active DESC, created_at, id;

-- name: SupplierSlugTaken :one
SELECT EXISTS (SELECT 1 FROM suppliers WHERE tenant_id = @tenant_id AND slug = @slug);

-- SupplierList is one keyset page ordered by (name_key, id) on
-- suppliers_name_idx. The search is LIKE over the tenant's rows only (see
-- IngredientList for why that is acceptable under RLS).
-- name: SupplierList :many
SELECT * FROM suppliers
WHERE tenant_id = @tenant_id
  AND (sqlc.narg(after_key)::text IS NULL
       OR (name_key, id) > (sqlc.narg(after_key)::text, sqlc.narg(after_id)::uuid))
  AND (@name_pattern::text = '' OR name_key LIKE @name_pattern::text OR slug LIKE @slug_pattern::text)
ORDER BY name_key, id
LIMIT @row_limit;

-- SupplierCreate inserts a supplier unless its slug is taken, in which case
-- it returns no row (a concurrent creator won; the caller reads that row).
-- name: SupplierCreate :one
INSERT INTO suppliers (tenant_id, slug, name, name_key, supplier_type, street_address, city,
    state, zip_code, website_url, notes, is_placeholder)
VALUES (@tenant_id, @slug, @name, @name_key, @supplier_type, sqlc.narg(street_address), sqlc.narg(city),
    sqlc.narg(state), sqlc.narg(zip_code), sqlc.narg(website_url), sqlc.narg(notes), @is_placeholder)
ON CONFLICT (tenant_id, slug) DO NOTHING
RETURNING *;

-- SupplierPlaceholderGet is the tenant's placeholder ("Unknown") supplier;
-- suppliers_one_placeholder_idx allows one.
-- name: SupplierPlaceholderGet :one
SELECT * FROM suppliers WHERE tenant_id = @tenant_id AND is_placeholder;

-- SupplierPlaceholderCreate inserts the placeholder unless one exists (or the
-- slug is taken), in which case it returns no row and the caller reads the
-- one that won.
-- name: SupplierPlaceholderCreate :one
INSERT INTO suppliers (tenant_id, slug, name, name_key, supplier_type, city, state, is_placeholder, import_id)
VALUES (@tenant_id, @slug, 'Unknown', 'unknown', 'physical', 'Unknown', 'XX', true, sqlc.narg(import_id))
ON CONFLICT DO NOTHING
RETURNING *;
