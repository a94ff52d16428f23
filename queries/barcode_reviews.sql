-- The barcode review queue (schema/00006_review_queue.sql).

-- name: BarcodeReviewInsert :exec
INSERT INTO barcode_reviews (tenant_id, id, import_id, ordinal, kind, raw_barcode, gtin14, payload,
    supplier_name, status, resolved_product_id, resolved_at, resolved_by)
SELECT @tenant_id, r.id, r.import_id, r.ordinal, r.kind, r.raw_barcode, r.gtin14, r.payload,
    r.supplier_name, coalesce(r.status, 'pending'), r.resolved_product_id, r.resolved_at, r.resolved_by
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, import_id uuid, ordinal integer, kind text, raw_barcode text,
    gtin14 text, payload jsonb, supplier_name text, status text, resolved_product_id uuid,
    resolved_at timestamptz, resolved_by uuid);

-- BarcodeReviewList pages through the queue oldest first (scans of one file
-- in file order); status NULL lists every status. The cursor is the last
-- row's (created_at, ordinal, id).
-- name: BarcodeReviewList :many
SELECT * FROM barcode_reviews
WHERE tenant_id = @tenant_id
  AND (sqlc.narg('status')::text IS NULL OR status = sqlc.narg('status')::text)
  AND (sqlc.narg('after_created_at')::timestamptz IS NULL
       OR (created_at, ordinal, id) > (sqlc.narg('after_created_at')::timestamptz, @after_ordinal::integer, @after_id::uuid))
ORDER BY created_at, ordinal, id
LIMIT @row_limit;

-- name: BarcodeReviewGetForUpdate :one
SELECT * FROM barcode_reviews WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;

-- name: BarcodeReviewResolve :one
UPDATE barcode_reviews
SET status = @status, resolved_product_id = @resolved_product_id, resolved_at = now(), resolved_by = @resolved_by
WHERE tenant_id = @tenant_id AND id = @id AND status = 'pending'
RETURNING *;

-- BarcodeReviewImportMatching returns the scans queued by earlier runs of
-- the same file, so a repeated import does not queue them twice.
-- name: BarcodeReviewImportMatching :many
SELECT * FROM barcode_reviews
WHERE tenant_id = @tenant_id AND import_id = ANY(@import_ids::uuid[])
ORDER BY created_at, ordinal, id;

-- name: BarcodeReviewImportList :many
SELECT * FROM barcode_reviews WHERE tenant_id = @tenant_id ORDER BY created_at, ordinal, id;
