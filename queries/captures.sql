-- name: CaptureCreate :one
INSERT INTO captures (tenant_id, user_id, text) VALUES (@tenant_id, @user_id, @text)
RETURNING *;

-- name: CaptureMediaAdd :exec
INSERT INTO capture_media (tenant_id, capture_id, position, kind, mime_type, sha256, size_bytes, storage_url)
VALUES (@tenant_id, @capture_id, @position, @kind, @mime_type, @sha256, @size_bytes, @storage_url);

-- name: CaptureMedia :many
SELECT * FROM capture_media
WHERE tenant_id = @tenant_id AND capture_id = @capture_id
ORDER BY position;

-- name: CaptureGet :one
SELECT * FROM captures WHERE tenant_id = @tenant_id AND id = @id;

-- CaptureLock holds the capture for a confirm: a concurrent confirm waits
-- here and then sees the first one's results.
-- name: CaptureLock :one
SELECT * FROM captures WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;

-- name: CaptureList :many
SELECT * FROM captures WHERE tenant_id = @tenant_id
ORDER BY created_at DESC, id
LIMIT @max_rows;

-- name: CaptureSaveTurn :exec
UPDATE captures SET status = @status, detail = @detail, reply = @reply,
    history = @history, proposals = @proposals, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: CaptureSaveResults :exec
UPDATE captures SET status = @status, results = @results, confirm_key = @confirm_key, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;
