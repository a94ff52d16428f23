-- The adjustment log is append-only: the request role may only SELECT and
-- INSERT it. quantity_change is signed, in the lot's package_unit.

-- name: InventoryAdjustmentCreate :one
INSERT INTO inventory_adjustments (tenant_id, pantry_item_id, quantity_change, quantity_after,
                                   reason, percentage_remaining, cost, notes,
                                   photo_evidence_url, created_by)
VALUES (@tenant_id, @pantry_item_id, @quantity_change, @quantity_after,
        @reason, sqlc.narg(percentage_remaining), sqlc.narg(cost), sqlc.narg(notes),
        sqlc.narg(photo_evidence_url), sqlc.narg(created_by))
RETURNING id;

