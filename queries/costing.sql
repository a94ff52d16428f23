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

-- CostingLastPurchases is each ingredient's most recent purchase with a
-- price, across its products: the price a need the pantry cannot cover is
-- costed at. unit_price is per package of package_unit_quantity package_unit.
-- name: CostingLastPurchases :many
SELECT DISTINCT ON (p.ingredient_id) p.ingredient_id, pu.unit_price::numeric AS unit_price, p.package_unit,
       p.package_unit_quantity, pu.purchase_date
FROM purchases pu
JOIN products p ON p.tenant_id = @tenant_id AND p.id = pu.product_id
WHERE pu.tenant_id = @tenant_id AND p.ingredient_id = ANY (@ingredient_ids::uuid[]) AND pu.unit_price IS NOT NULL
ORDER BY p.ingredient_id, pu.purchase_date DESC, pu.created_at DESC, pu.id DESC;
