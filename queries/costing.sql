-- CostingLots lists every pantry lot of the given ingredients, across all
-- their products, in first-in-first-out order per ingredient (purchase date,
-- creation, ordinal, id). Empty lots are included: FIFO skips them, but
-- their unit cost is still the most recent price known for a shortfall.
-- Quantity is in the product's package_unit, unit_cost per that unit.
-- name: CostingLots :many
SELECT pi.id, p.ingredient_id, pi.quantity, pi.unit_cost, p.package_unit
FROM pantry_items pi
JOIN products p ON p.tenant_id = @tenant_id AND p.id = pi.product_id
WHERE pi.tenant_id = @tenant_id AND p.ingredient_id = ANY (@ingredient_ids::uuid[])
ORDER BY p.ingredient_id, pi.purchase_date, pi.created_at, pi.ordinal, pi.id;
