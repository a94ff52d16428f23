-- Purchases, pantry lots and adjustments for import and export. The
-- *Matching queries return only the rows a repeated import can match: rows
-- written by an earlier run of the same file, or rows whose id or legacy
-- uuid the file names.

-- name: PurchaseImportList :many
SELECT * FROM purchases WHERE tenant_id = @tenant_id ORDER BY purchase_date, created_at, id;

-- name: PurchaseImportMatching :many
SELECT * FROM purchases
WHERE tenant_id = @tenant_id
  AND (import_id = ANY(@import_ids::uuid[]) OR legacy_uuid = ANY(@uuids::text[]) OR id::text = ANY(@uuids::text[]))
ORDER BY created_at, id;

-- name: PurchaseImportInsert :exec
INSERT INTO purchases (tenant_id, id, product_id, supplier_id, purchase_date, quantity_purchased, unit_price,
    notes, receipt_image_url, created_by, legacy_uuid, extra, import_id)
SELECT @tenant_id, r.id, r.product_id, r.supplier_id, r.purchase_date, r.quantity_purchased, r.unit_price,
    r.notes, r.receipt_image_url, r.created_by, r.legacy_uuid, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, product_id uuid, supplier_id uuid, purchase_date date,
    quantity_purchased numeric, unit_price numeric, notes text, receipt_image_url text, created_by uuid,
    legacy_uuid text, extra jsonb, import_id uuid);

-- name: PantryItemImportList :many
SELECT * FROM pantry_items WHERE tenant_id = @tenant_id
ORDER BY purchase_date, created_at, ordinal, id;

-- name: PantryItemImportMatching :many
SELECT * FROM pantry_items
WHERE tenant_id = @tenant_id
  AND (import_id = ANY(@import_ids::uuid[]) OR legacy_uuid = ANY(@uuids::text[]) OR id::text = ANY(@uuids::text[]))
ORDER BY created_at, ordinal, id;

-- name: PantryItemImportInsert :exec
INSERT INTO pantry_items (tenant_id, id, product_id, purchase_id, initial_quantity, quantity, unit_cost,
    purchase_date, expiration_date, opened_date, location, lot_or_batch, notes, source, ordinal, needs_review,
    legacy_uuid, extra, import_id)
SELECT @tenant_id, r.id, r.product_id, r.purchase_id, r.initial_quantity, r.quantity, r.unit_cost,
    r.purchase_date, r.expiration_date, r.opened_date, r.location, r.lot_or_batch, r.notes, r.source, r.ordinal,
    r.needs_review, r.legacy_uuid, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, product_id uuid, purchase_id uuid, initial_quantity numeric,
    quantity numeric, unit_cost numeric, purchase_date date, expiration_date date, opened_date date, location text,
    lot_or_batch text, notes text, source text, ordinal integer, needs_review boolean, legacy_uuid text,
    extra jsonb, import_id uuid);

-- name: InventoryAdjustmentImportList :many
SELECT * FROM inventory_adjustments WHERE tenant_id = @tenant_id
ORDER BY pantry_item_id, created_at, id;

-- name: InventoryAdjustmentImportMatching :many
SELECT a.*, p.product_id FROM inventory_adjustments a
JOIN pantry_items p ON p.tenant_id = a.tenant_id AND p.id = a.pantry_item_id
WHERE a.tenant_id = @tenant_id AND p.tenant_id = @tenant_id AND a.import_id = ANY(@import_ids::uuid[])
ORDER BY a.created_at, a.id;

-- name: InventoryAdjustmentImportInsert :exec
INSERT INTO inventory_adjustments (tenant_id, id, pantry_item_id, quantity_change, quantity_after, reason,
    percentage_remaining, cost, notes, photo_evidence_url, created_by, import_id, created_at, extra, occurred_at)
SELECT @tenant_id, r.id, r.pantry_item_id, r.quantity_change, r.quantity_after, r.reason,
    r.percentage_remaining, r.cost, r.notes, r.photo_evidence_url, r.created_by, r.import_id,
    coalesce(r.created_at, now()), coalesce(r.extra, '{}'), r.occurred_at
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, pantry_item_id uuid, quantity_change numeric,
    quantity_after numeric, reason text, percentage_remaining numeric, cost numeric, notes text,
    photo_evidence_url text, created_by uuid, import_id uuid, created_at timestamptz, extra jsonb,
    occurred_at timestamptz);
