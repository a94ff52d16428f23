-- IdempotencyClaim inserts the key in the caller's transaction. A concurrent
-- claim of the same key waits on the unique index and then gets no row.
-- name: IdempotencyClaim :one
INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, response)
VALUES (@tenant_id, @key, @operation, @request_hash, 'null')
ON CONFLICT (tenant_id, key) DO NOTHING
RETURNING id;

-- name: IdempotencyGet :one
SELECT operation, request_hash, response FROM idempotency_keys
WHERE tenant_id = @tenant_id AND key = @key;

-- name: IdempotencyStore :exec
UPDATE idempotency_keys SET response = @response
WHERE tenant_id = @tenant_id AND id = @id;
