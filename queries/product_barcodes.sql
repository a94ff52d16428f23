-- name: ProductBarcodeList :many
SELECT raw, gtin14 FROM product_barcodes
WHERE tenant_id = @tenant_id AND product_id = @product_id
ORDER BY created_at, id;

-- name: ProductBarcodeAdd :exec
INSERT INTO product_barcodes (tenant_id, product_id, raw, gtin14)
VALUES (@tenant_id, @product_id, @raw, sqlc.narg(gtin14));
