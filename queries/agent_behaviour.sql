-- Writes made through captures, undo, store aliases, model spend and the
-- tenant's time zone (issue 12).

-- name: CaptureWriteRecord :exec
INSERT INTO capture_writes (tenant_id, capture_id, proposal_id, position, tool, arguments, result)
VALUES (@tenant_id, @capture_id, @proposal_id, @position, @tool, @arguments, @result)
ON CONFLICT (tenant_id, capture_id, proposal_id) DO NOTHING;

-- name: CaptureWrites :many
SELECT * FROM capture_writes
WHERE tenant_id = @tenant_id AND capture_id = @capture_id
ORDER BY position, proposal_id;

-- name: CaptureSaveUndo :exec
UPDATE captures SET status = 'undone', undo = @undo, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: CaptureAddTokens :exec
UPDATE captures SET prompt_tokens = prompt_tokens + @prompt_tokens,
    candidates_tokens = candidates_tokens + @candidates_tokens,
    total_tokens = total_tokens + @total_tokens
WHERE tenant_id = @tenant_id AND id = @id;

-- name: AIUsageAdd :exec
INSERT INTO ai_usage (tenant_id, month, model_calls, prompt_tokens, candidates_tokens, total_tokens)
VALUES (@tenant_id, @month, @model_calls, @prompt_tokens, @candidates_tokens, @total_tokens)
ON CONFLICT (tenant_id, month) DO UPDATE SET
    model_calls = ai_usage.model_calls + EXCLUDED.model_calls,
    prompt_tokens = ai_usage.prompt_tokens + EXCLUDED.prompt_tokens,
    candidates_tokens = ai_usage.candidates_tokens + EXCLUDED.candidates_tokens,
    total_tokens = ai_usage.total_tokens + EXCLUDED.total_tokens;

-- AIUsageMonth is the month's spend, zeros when nothing was spent yet.
-- name: AIUsageMonth :one
SELECT coalesce(sum(u.model_calls), 0)::bigint AS model_calls,
       coalesce(sum(u.prompt_tokens), 0)::bigint AS prompt_tokens,
       coalesce(sum(u.candidates_tokens), 0)::bigint AS candidates_tokens,
       coalesce(sum(u.total_tokens), 0)::bigint AS total_tokens,
       (SELECT count(*) FROM captures c
        WHERE c.tenant_id = @tenant_id AND c.created_at >= sqlc.arg(month)::date
          AND c.created_at < (sqlc.arg(month)::date + interval '1 month'))::bigint AS captures
FROM ai_usage u
WHERE u.tenant_id = @tenant_id AND u.month = sqlc.arg(month)::date;

-- name: StoreAliasUpsert :exec
INSERT INTO store_aliases (tenant_id, supplier_id, raw_key, raw_text, product_id)
VALUES (@tenant_id, @supplier_id, @raw_key, @raw_text, @product_id)
ON CONFLICT (tenant_id, supplier_id, raw_key) DO UPDATE SET
    raw_text = EXCLUDED.raw_text, product_id = EXCLUDED.product_id, updated_at = now();

-- name: StoreAliasGet :one
SELECT product_id FROM store_aliases
WHERE tenant_id = @tenant_id AND supplier_id = @supplier_id AND raw_key = @raw_key;

-- name: StoreAliasList :many
SELECT a.raw_text, a.product_id, s.name AS supplier_name, p.brand, p.product_name,
       i.display_name AS ingredient_name
FROM store_aliases a
JOIN suppliers s ON s.tenant_id = a.tenant_id AND s.id = a.supplier_id
JOIN products p ON p.tenant_id = a.tenant_id AND p.id = a.product_id
JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
WHERE a.tenant_id = @tenant_id
  AND (sqlc.narg(supplier_name_key)::text IS NULL OR s.name_key = sqlc.narg(supplier_name_key))
ORDER BY a.updated_at DESC, a.raw_key
LIMIT @max_rows;

-- name: TenantTimeZone :one
SELECT time_zone FROM tenants WHERE id = @tenant_id;

-- name: TenantSetTimeZone :exec
UPDATE tenants SET time_zone = @time_zone WHERE id = @tenant_id;

-- UndoLotState is a lot with what has touched it since it was bought (every
-- use and adjustment leaves a row in the log).
-- name: UndoLotState :one
SELECT pi.id, pi.purchase_id, pi.initial_quantity, pi.quantity,
       (SELECT count(*) FROM inventory_adjustments a
        WHERE a.tenant_id = pi.tenant_id AND a.pantry_item_id = pi.id)::bigint AS adjustments,
       coalesce((SELECT a.id FROM inventory_adjustments a
        WHERE a.tenant_id = pi.tenant_id AND a.pantry_item_id = pi.id
        ORDER BY a.created_at DESC, a.id DESC LIMIT 1), '00000000-0000-0000-0000-000000000000'::uuid)::uuid AS last_adjustment_id
FROM pantry_items pi
WHERE pi.tenant_id = @tenant_id AND pi.id = @id
FOR UPDATE OF pi;

-- name: UndoPantryItemDelete :execrows
DELETE FROM pantry_items WHERE tenant_id = @tenant_id AND id = @id;

-- name: UndoPurchaseLots :one
SELECT count(*)::bigint FROM pantry_items WHERE tenant_id = @tenant_id AND purchase_id = @purchase_id;

-- name: UndoPurchaseDelete :execrows
DELETE FROM purchases WHERE tenant_id = @tenant_id AND id = @id;

-- name: UndoEventState :one
SELECT e.id, e.plan_state, e.created_at, e.updated_at,
       (SELECT count(*) FROM event_recipes r
        WHERE r.tenant_id = e.tenant_id AND r.event_id = e.id AND r.created_at > e.created_at)::bigint AS later_recipes,
       (SELECT count(*) FROM event_recipes r
        WHERE r.tenant_id = e.tenant_id AND r.event_id = e.id)::bigint AS recipes
FROM events e
WHERE e.tenant_id = @tenant_id AND e.id = @id
FOR UPDATE OF e;

-- name: UndoEventDelete :execrows
DELETE FROM events WHERE tenant_id = @tenant_id AND id = @id;

-- name: PurchaseSetReceiptKey :exec
UPDATE purchases SET receipt_key = @receipt_key WHERE tenant_id = @tenant_id AND id = @id;

-- UndoPurchaseReceipt is the store and the receipt line a purchase taught.
-- name: UndoPurchaseReceipt :one
SELECT supplier_id, receipt_key FROM purchases WHERE tenant_id = @tenant_id AND id = @id;

-- StoreAliasLatestTeacher is the product the most recent remaining purchase
-- at the store recorded the receipt line as.
-- name: StoreAliasLatestTeacher :one
SELECT product_id FROM purchases
WHERE tenant_id = @tenant_id AND supplier_id = @supplier_id AND receipt_key = @receipt_key
ORDER BY created_at DESC, id DESC
LIMIT 1;

-- name: StoreAliasSetProduct :exec
UPDATE store_aliases SET product_id = @product_id, updated_at = now()
WHERE tenant_id = @tenant_id AND supplier_id = @supplier_id AND raw_key = @raw_key;

-- name: StoreAliasDelete :execrows
DELETE FROM store_aliases WHERE tenant_id = @tenant_id AND supplier_id = @supplier_id AND raw_key = @raw_key;
