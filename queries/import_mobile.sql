-- Lookups and updates of the phone imports and the barcode review queue,
-- which work record by record (phone files are small) rather than in bulk.

-- name: ProductImportGet :one
SELECT * FROM products WHERE tenant_id = @tenant_id AND id = @id;

-- name: ProductBarcodeImportClaim :one
INSERT INTO product_barcodes (tenant_id, product_id, raw, gtin14)
VALUES (@tenant_id, @product_id, @raw, @gtin14)
ON CONFLICT (tenant_id, raw) DO NOTHING
RETURNING id;

-- name: ProductBarcodeImportGetByRaw :one
SELECT * FROM product_barcodes WHERE tenant_id = @tenant_id AND raw = @raw;

-- PantryItemImportOpenLots lists a product's lots that still hold something,
-- oldest first (FIFO), locked so that concurrent updates queue up.
-- name: PantryItemImportOpenLots :many
SELECT * FROM pantry_items
WHERE tenant_id = @tenant_id AND product_id = @product_id AND quantity > 0
ORDER BY purchase_date, created_at, ordinal, id
FOR UPDATE;

-- name: PantryItemImportSetQuantity :exec
UPDATE pantry_items SET quantity = @quantity, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;
