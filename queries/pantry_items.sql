-- Pantry lots. quantity and initial_quantity are in the product's
-- package_unit; unit_cost is per that unit. FIFO order is
-- (purchase_date, created_at, ordinal, id) everywhere.

-- name: PantryItemCreate :one
INSERT INTO pantry_items (tenant_id, product_id, purchase_id, initial_quantity, quantity,
                          unit_cost, purchase_date, location, source, ordinal)
VALUES (@tenant_id, @product_id, sqlc.narg(purchase_id), @quantity, @quantity,
        sqlc.narg(unit_cost), @purchase_date, sqlc.narg(location), @source, @ordinal)
RETURNING id;

-- PantryItemList pages through lots oldest first, optionally for one
-- ingredient. The cursor is the last row's FIFO key.
-- name: PantryItemList :many
SELECT pi.id, pi.product_id, pi.purchase_id, pi.initial_quantity, pi.quantity, pi.unit_cost,
       pi.purchase_date, pi.expiration_date, pi.opened_date, pi.location, pi.source,
       pi.ordinal, pi.created_at,
       p.brand, p.product_name, p.package_unit, p.package_unit_quantity,
       i.id AS ingredient_id, i.display_name AS ingredient_name
FROM pantry_items pi
JOIN products p ON p.tenant_id = pi.tenant_id AND p.id = pi.product_id
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE pi.tenant_id = @tenant_id
  AND (sqlc.narg(ingredient_id)::uuid IS NULL OR p.ingredient_id = sqlc.narg(ingredient_id)::uuid)
  AND (@include_empty::boolean OR pi.quantity >= 0.001)
  AND (sqlc.narg(after_date)::date IS NULL
       OR (pi.purchase_date, pi.created_at, pi.ordinal, pi.id)
          > (sqlc.narg(after_date)::date, @after_created::timestamptz, @after_ordinal::integer, @after_id::uuid))
ORDER BY pi.purchase_date, pi.created_at, pi.ordinal, pi.id
LIMIT @row_limit;

-- PantryItemLotsForIngredient reads the non-empty lots of every product of
-- an ingredient, oldest first.
-- name: PantryItemLotsForIngredient :many
SELECT pi.id, pi.product_id, pi.quantity, pi.unit_cost, pi.purchase_date,
       p.package_unit, p.brand, p.product_name
FROM pantry_items pi
JOIN products p ON p.tenant_id = pi.tenant_id AND p.id = pi.product_id
WHERE pi.tenant_id = @tenant_id AND p.ingredient_id = @ingredient_id AND pi.quantity >= 0.001
ORDER BY pi.purchase_date, pi.created_at, pi.ordinal, pi.id;

-- PantryItemLockForIngredient is PantryItemLotsForIngredient for a write:
-- the lots stay locked until the transaction ends, so two usages cannot
-- take the same stock.
-- name: PantryItemLockForIngredient :many
SELECT pi.id, pi.quantity, pi.unit_cost, p.package_unit
FROM pantry_items pi
JOIN products p ON p.tenant_id = pi.tenant_id AND p.id = pi.product_id
WHERE pi.tenant_id = @tenant_id AND p.ingredient_id = @ingredient_id AND pi.quantity >= 0.001
ORDER BY pi.purchase_date, pi.created_at, pi.ordinal, pi.id
FOR UPDATE OF pi;

-- PantryItemGetForUpdate reads and locks one lot for an adjustment.
-- name: PantryItemGetForUpdate :one
SELECT pi.id, pi.initial_quantity, pi.quantity, pi.unit_cost, p.package_unit, p.package_unit_quantity,
       p.brand, p.product_name, i.display_name AS ingredient_name
FROM pantry_items pi
JOIN products p ON p.tenant_id = pi.tenant_id AND p.id = pi.product_id
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE pi.tenant_id = @tenant_id AND pi.id = @id
FOR UPDATE OF pi;

-- name: PantryItemSetQuantity :exec
UPDATE pantry_items SET quantity = @quantity, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;
