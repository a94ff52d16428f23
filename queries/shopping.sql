-- ShoppingProducts lists the products of the given ingredients, best
-- suggestion first (preferred, then most recently bought), with the price
-- per package of their last purchase and the unit cost of their newest lot
-- with a known cost, which stands in when no price was recorded. Grouping,
-- conversion and the choice of product happen in Go.
-- name: ShoppingProducts :many
SELECT p.id, p.ingredient_id, p.slug, p.brand, p.product_name, p.package_unit, p.package_unit_quantity,
       p.is_preferred, p.is_hidden, i.display_name AS ingredient_name,
       lp.unit_price AS last_unit_price,
       ll.unit_cost AS lot_unit_cost
FROM products p
JOIN ingredients i ON i.tenant_id = @tenant_id AND i.id = p.ingredient_id
LEFT JOIN LATERAL (
    SELECT pu.purchase_date, pu.unit_price FROM purchases pu
    WHERE pu.tenant_id = p.tenant_id AND pu.product_id = p.id
    ORDER BY pu.purchase_date DESC, pu.created_at DESC, pu.id DESC
    LIMIT 1
) lp ON true
LEFT JOIN LATERAL (
    SELECT pi.unit_cost FROM pantry_items pi
    WHERE pi.tenant_id = p.tenant_id AND pi.product_id = p.id AND pi.unit_cost IS NOT NULL
    ORDER BY pi.purchase_date DESC, pi.created_at DESC, pi.id DESC
    LIMIT 1
) ll ON true
WHERE p.tenant_id = @tenant_id AND p.ingredient_id = ANY (@ingredient_ids::uuid[])
ORDER BY p.ingredient_id, p.is_preferred DESC, lp.purchase_date DESC NULLS LAST, p.created_at, p.id;

-- ShoppingLots lists the non-empty pantry lots of the given ingredients, in
-- their product's package_unit.
-- name: ShoppingLots :many
SELECT pi.id, p.ingredient_id, pi.product_id, pi.quantity, p.package_unit
FROM pantry_items pi
JOIN products p ON p.tenant_id = pi.tenant_id AND p.id = pi.product_id
WHERE pi.tenant_id = @tenant_id AND p.ingredient_id = ANY (@ingredient_ids::uuid[])
  AND pi.quantity >= 0.001
ORDER BY p.ingredient_id, pi.purchase_date, pi.created_at, pi.ordinal, pi.id;
