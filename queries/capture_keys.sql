-- name: CaptureCreateKeyClaim :one
-- Claims an Idempotency-Key for a new capture; no row when it was taken.
INSERT INTO capture_create_keys (tenant_id, key, capture_id) VALUES (@tenant_id, @key, @capture_id)
ON CONFLICT (tenant_id, key) DO NOTHING
RETURNING capture_id;

-- name: CaptureByCreateKey :one
SELECT capture_id FROM capture_create_keys WHERE tenant_id = @tenant_id AND key = @key;
