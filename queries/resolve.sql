-- Name resolution for the pantry tools (add_purchase, list_pantry, get_stock,
-- record_usage): barcode, exact key, alias, and the candidate lists that the
-- Go trigram matcher scores. Equality only: ILIKE and pg_trgm operators are
-- not leakproof under RLS (docs/tenant-isolation.md rule 14).

-- ResolveProductGet reads a product with what the pantry needs of its
-- ingredient (names and density).
-- name: ResolveProductGet :one
SELECT p.id, p.ingredient_id, p.slug, p.brand, p.product_name, p.package_unit,
       p.package_unit_quantity, p.package_type, p.is_provisional,
       i.slug AS ingredient_slug, i.display_name AS ingredient_name
FROM products p
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE p.tenant_id = @tenant_id AND p.id = @id;

-- ResolveIngredientByKey matches an ingredient's name key or its slug
-- exactly; the caller prefers leaves.
-- name: ResolveIngredientByKey :many
SELECT * FROM ingredients
WHERE tenant_id = @tenant_id AND (name_key = @name_key OR slug = @slug)
ORDER BY hierarchy_level DESC, (slug = @slug) DESC, created_at, id
LIMIT 5;

-- ResolveIngredientCandidates lists the tenant's leaf ingredients for fuzzy
-- matching in Go.
-- name: ResolveIngredientCandidates :many
SELECT id, display_name, name_key FROM ingredients
WHERE tenant_id = @tenant_id AND hierarchy_level >= 2;

-- ResolveProductCandidates lists the tenant's products for fuzzy matching in Go.
-- name: ResolveProductCandidates :many
SELECT id, ingredient_id, name_key FROM products
WHERE tenant_id = @tenant_id AND NOT is_hidden;

-- ResolveProductsForIngredient lists an ingredient's products with their
-- latest purchase date (1900-01-01 when never bought), for choosing the
-- package a purchase was bought in.
-- name: ResolveProductsForIngredient :many
SELECT p.id, p.package_unit, p.package_unit_quantity, p.package_type, p.is_preferred,
       coalesce((SELECT max(pu.purchase_date) FROM purchases pu
                 WHERE pu.tenant_id = @tenant_id AND pu.product_id = p.id),
                '1900-01-01')::date AS last_purchase
FROM products p
WHERE p.tenant_id = @tenant_id AND p.ingredient_id = @ingredient_id AND NOT p.is_hidden
ORDER BY p.is_preferred DESC, p.created_at, p.id;

-- name: ResolveIngredientSlugTaken :one
SELECT EXISTS (SELECT 1 FROM ingredients WHERE tenant_id = @tenant_id AND slug = @slug);

-- name: ResolveProductSlugTaken :one
SELECT EXISTS (SELECT 1 FROM products WHERE tenant_id = @tenant_id AND slug = @slug);

-- ResolveIngredientInsert creates the leaf ingredient of an item nobody
-- knew, flagged for review.
-- name: ResolveIngredientInsert :one
INSERT INTO ingredients (tenant_id, slug, display_name, name_key, hierarchy_level, needs_review)
VALUES (@tenant_id, @slug, @display_name, @name_key, 2, true)
RETURNING *;

-- ResolveProductInsert creates a product on the fly (from a purchase),
-- provisional and flagged for review.
-- name: ResolveProductInsert :one
INSERT INTO products (tenant_id, ingredient_id, slug, brand, product_name, name_key,
                      package_unit, package_unit_quantity, package_size, package_type,
                      gtin, gtin14, is_provisional, needs_review)
VALUES (@tenant_id, @ingredient_id, @slug, sqlc.narg(brand), sqlc.narg(product_name), @name_key,
        @package_unit, @package_unit_quantity, sqlc.narg(package_size), sqlc.narg(package_type),
        sqlc.narg(gtin), sqlc.narg(gtin14), true, true)
RETURNING id;

-- ResolveProductsByKey lists the products a name or slug names exactly: a
-- slug is unique, a name key may be shared (a 5 lb and a 25 lb bag of the
-- same flour), so the caller decides or asks.
-- name: ResolveProductsByKey :many
SELECT id, is_hidden, is_preferred, (slug = @slug)::boolean AS by_slug FROM products
WHERE tenant_id = @tenant_id AND (name_key = @name_key OR slug = @slug)
ORDER BY is_hidden, is_preferred DESC, created_at, id;
