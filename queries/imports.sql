-- Import runs and the archive. Bulk inserts take one jsonb array of row
-- objects (jsonb_to_recordset): COPY cannot target an RLS table (docs/tenant-isolation.md rule
-- 15), one statement per section is fast, and JSON carries NULLs and exact
-- numerics that sqlc's unnest arrays cannot.

-- name: ImportRunCreate :one
INSERT INTO import_runs (tenant_id, format, version, filename, sha256, content_sha256, original, created_by)
VALUES (@tenant_id, @format, @version, @filename, @sha256, @content_sha256, @original, @created_by)
RETURNING id, created_at;

-- name: ImportRunSetReport :exec
UPDATE import_runs SET report = @report
WHERE tenant_id = @tenant_id AND id = @id;

-- ImportRunPrevious lists the earlier runs of the same file (same content
-- hash, or for runs recorded before it existed the same sha256): their
-- records are what a repeated import matches instead of duplicating.
-- name: ImportRunPrevious :many
SELECT id FROM import_runs
WHERE tenant_id = @tenant_id AND id <> @id
    AND (content_sha256 = @content_sha256 OR (content_sha256 IS NULL AND sha256 = @sha256))
ORDER BY created_at, id;

-- name: ImportArchiveInsert :exec
INSERT INTO import_archive (tenant_id, import_id, section, ordinal, payload)
SELECT @tenant_id, @import_id, r.section, r.ordinal, r.payload
FROM jsonb_to_recordset(@rows::jsonb) AS r(section text, ordinal integer, payload jsonb);

-- ImportArchiveList returns every archived record in import order, for
-- export replay and for recognising records already archived.
-- name: ImportArchiveList :many
SELECT a.section, a.ordinal, a.payload, a.import_id
FROM import_archive a
JOIN import_runs r ON r.tenant_id = a.tenant_id AND r.id = a.import_id
WHERE a.tenant_id = @tenant_id AND r.tenant_id = @tenant_id
ORDER BY r.created_at, r.id, a.section, a.ordinal;
