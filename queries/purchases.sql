-- Purchases: N packages of a product bought at a store on a day. unit_price
-- is per package; the total is unit_price × quantity_purchased.

-- name: PurchaseCreate :one
INSERT INTO purchases (tenant_id, product_id, supplier_id, purchase_date, quantity_purchased,
                       unit_price, notes, receipt_image_url, created_by)
VALUES (@tenant_id, @product_id, @supplier_id, @purchase_date, @quantity_purchased,
        sqlc.narg(unit_price), sqlc.narg(notes), sqlc.narg(receipt_image_url), sqlc.narg(created_by))
RETURNING id, created_at;

-- PurchaseList pages through purchases newest first. The cursor is the last
-- row's (purchase_date, created_at, id).
-- name: PurchaseList :many
SELECT pu.id, pu.purchase_date, pu.quantity_purchased, pu.unit_price, pu.notes,
       pu.receipt_image_url, pu.created_at,
       p.id AS product_id, p.brand, p.product_name, p.package_unit, p.package_unit_quantity,
       i.display_name AS ingredient_name,
       s.id AS supplier_id, s.name AS supplier_name
FROM purchases pu
JOIN products p ON p.tenant_id = pu.tenant_id AND p.id = pu.product_id
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
JOIN suppliers s ON s.tenant_id = pu.tenant_id AND s.id = pu.supplier_id
WHERE pu.tenant_id = @tenant_id
  AND (sqlc.narg(product_id)::uuid IS NULL OR pu.product_id = sqlc.narg(product_id)::uuid)
  AND (sqlc.narg(since)::date IS NULL OR pu.purchase_date >= sqlc.narg(since)::date)
  AND (sqlc.narg(before_date)::date IS NULL
       OR (pu.purchase_date, pu.created_at, pu.id)
          < (sqlc.narg(before_date)::date, @before_created::timestamptz, @before_id::uuid))
ORDER BY pu.purchase_date DESC, pu.created_at DESC, pu.id DESC
LIMIT @row_limit;
