-- Import fixes: phone adjustments keep their own fields and are matched on
-- re-import by (earlier run of the same content, record ordinal); a run is
-- "the same file" by a content hash that ignores envelope timestamps.

-- +goose Up
-- extra holds what a phone scan or adjustment carried beyond the columns
-- (its ordinal in the file, unknown keys); occurred_at is when it happened
-- on the phone (scanned_at/adjusted_at), created_at stays the import time.
ALTER TABLE inventory_adjustments ADD COLUMN extra jsonb NOT NULL DEFAULT '{}';
ALTER TABLE inventory_adjustments ADD COLUMN occurred_at timestamptz;

-- content_sha256 is sha256 over the file's canonical JSON without the
-- envelope timestamps (exported_at, export_date, created_at,
-- transformed_at): a re-export of unchanged data is the same content.
ALTER TABLE import_runs ADD COLUMN content_sha256 bytea CHECK (content_sha256 IS NULL OR length(content_sha256) = 32);
CREATE INDEX import_runs_content_idx ON import_runs (tenant_id, content_sha256) WHERE content_sha256 IS NOT NULL;

-- +goose Down
DROP INDEX import_runs_content_idx;
ALTER TABLE import_runs DROP COLUMN content_sha256;
ALTER TABLE inventory_adjustments DROP COLUMN occurred_at;
ALTER TABLE inventory_adjustments DROP COLUMN extra;
