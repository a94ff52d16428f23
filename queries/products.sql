-- ProductDetail reads a product (by id or by slug) with the slugs and names
-- its output shows, in one statement.
-- name: ProductDetail :one
SELECT sqlc.embed(p), i.slug AS ingredient_slug, i.display_name AS ingredient_name,
       s.slug AS supplier_slug,
       COALESCE((SELECT array_agg(b.raw ORDER BY b.created_at, b.id) FROM product_barcodes b
                 WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id), '{}')::text[] AS barcodes
FROM products p
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
LEFT JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.preferred_supplier_id
WHERE p.tenant_id = @tenant_id
  AND (p.id = sqlc.narg(id)::uuid OR p.slug = sqlc.narg(slug)::text);

-- name: ProductSlugTaken :one
SELECT EXISTS (SELECT 1 FROM products WHERE tenant_id = @tenant_id AND slug = @slug);

-- ProductList is one keyset page ordered by (slug, id). Product slugs start
-- with the ingredient's slug, so a page groups packages by ingredient. The
-- search is LIKE over the tenant's rows only (see IngredientList).
-- name: ProductList :many
SELECT sqlc.embed(p), i.slug AS ingredient_slug, i.display_name AS ingredient_name
FROM products p
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE p.tenant_id = @tenant_id
  AND (sqlc.narg(ingredient_id)::uuid IS NULL OR p.ingredient_id = sqlc.narg(ingredient_id)::uuid)
  AND (@include_hidden::boolean OR NOT p.is_hidden)
  AND (sqlc.narg(after_slug)::text IS NULL
       OR (p.slug, p.id) > (sqlc.narg(after_slug)::text, sqlc.narg(after_id)::uuid))
  AND (@name_pattern::text = ''
       OR p.name_key LIKE @name_pattern::text
       OR p.slug LIKE @slug_pattern::text)
ORDER BY p.slug, p.id
LIMIT @row_limit;

-- ProductFindByGTIN14 matches a normalised barcode on the product and on the
-- codes learnt for it.
-- name: ProductFindByGTIN14 :many
SELECT sqlc.embed(p), i.slug AS ingredient_slug, i.display_name AS ingredient_name
FROM products p
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE p.tenant_id = @tenant_id
  AND (p.gtin14 = @gtin14::text
       OR p.id IN (SELECT b.product_id FROM product_barcodes b
                   WHERE b.tenant_id = @tenant_id AND b.gtin14 = @gtin14::text))
ORDER BY p.is_hidden, p.is_preferred DESC, p.created_at, p.id;

-- ProductFindByRaw matches a barcode exactly as typed (the desktop and phone
-- import matched upc_code this way).
-- name: ProductFindByRaw :many
SELECT sqlc.embed(p), i.slug AS ingredient_slug, i.display_name AS ingredient_name
FROM products p
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE p.tenant_id = @tenant_id
  AND (p.upc_code = @raw::text OR p.gtin = @raw::text
       OR p.id IN (SELECT b.product_id FROM product_barcodes b
                   WHERE b.tenant_id = @tenant_id AND b.raw = @raw::text))
ORDER BY p.is_hidden, p.is_preferred DESC, p.created_at, p.id;

-- ProductUsage counts the purchases and pantry lots of a product.
-- name: ProductUsage :one
SELECT
    (SELECT count(*) FROM purchases pu WHERE pu.tenant_id = @tenant_id AND pu.product_id = @id)::int AS purchases,
    (SELECT count(*) FROM pantry_items pi WHERE pi.tenant_id = @tenant_id AND pi.product_id = @id)::int AS pantry_lots;

-- name: ProductCreate :one
INSERT INTO products (tenant_id, ingredient_id, slug, brand, product_name, name_key, package_unit,
    package_unit_quantity, package_size, package_type, upc_code, gtin, gtin14, is_preferred,
    preferred_supplier_id, is_provisional, notes)
VALUES (@tenant_id, @ingredient_id, @slug, sqlc.narg(brand), sqlc.narg(product_name), @name_key, @package_unit,
    @package_unit_quantity, sqlc.narg(package_size), sqlc.narg(package_type), sqlc.narg(upc_code),
    sqlc.narg(gtin), sqlc.narg(gtin14), @is_preferred, sqlc.narg(preferred_supplier_id),
    @is_provisional, sqlc.narg(notes))
RETURNING *;

-- ProductUpdate writes every editable column (the caller merges changes into
-- the current row); the slug never changes.
-- name: ProductUpdate :one
UPDATE products SET
    ingredient_id = @ingredient_id, brand = sqlc.narg(brand), product_name = sqlc.narg(product_name),
    name_key = @name_key, package_unit = @package_unit, package_unit_quantity = @package_unit_quantity,
    package_size = sqlc.narg(package_size), package_type = sqlc.narg(package_type),
    upc_code = sqlc.narg(upc_code), gtin = sqlc.narg(gtin), gtin14 = sqlc.narg(gtin14),
    is_preferred = @is_preferred, preferred_supplier_id = sqlc.narg(preferred_supplier_id),
    is_hidden = @is_hidden, notes = sqlc.narg(notes), updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id
RETURNING *;
