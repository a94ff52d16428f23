-- Lookups and updates of the phone imports and the barcode review queue,
-- which work record by record (phone files are small) rather than in bulk.

-- ProductImportByBarcode finds the products a scanned code names: by the
-- normalised GTIN-14 when the code has one, else by the raw text, on the
-- product itself or on a barcode it has learnt.
-- name: ProductImportByBarcode :many
SELECT p.* FROM products p
WHERE p.tenant_id = @tenant_id
  AND (p.gtin14 = sqlc.narg('gtin14')::text OR p.upc_code = @raw::text OR p.gtin = @raw::text
       OR EXISTS (SELECT 1 FROM product_barcodes b
                  WHERE b.tenant_id = @tenant_id AND b.product_id = p.id
                    AND (b.raw = @raw::text OR b.gtin14 = sqlc.narg('gtin14')::text)))
ORDER BY p.created_at, p.id;

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
