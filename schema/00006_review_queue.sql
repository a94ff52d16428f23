-- The barcode review queue: phone scans (purchases, inventory updates) whose
-- barcode matched no product. A scan never fails an import; it waits here
-- until someone maps it to a product, creates one, or skips it. Mapping
-- teaches the product the barcode, so the next scan of it matches.

-- +goose Up

CREATE TABLE barcode_reviews (
    tenant_id           uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    -- import_id/ordinal: the phone file and the record's index in it, so
    -- importing the same file again recognises scans already queued.
    import_id           uuid,
    ordinal             integer     NOT NULL DEFAULT 0 CHECK (ordinal >= 0),
    kind                text        NOT NULL CHECK (kind IN ('purchase', 'inventory_update')),
    -- raw_barcode is the scanned text verbatim; gtin14 only when it passes
    -- the GS1 check digit.
    raw_barcode         text        NOT NULL CHECK (length(raw_barcode) <= 64),
    gtin14              text        CHECK (gtin14 ~ '^[0-9]{14}$'),
    -- payload is the scan record exactly as the file had it.
    payload             jsonb       NOT NULL,
    supplier_name       text        CHECK (length(supplier_name) <= 200),
    status              text        NOT NULL DEFAULT 'pending'
                                    CHECK (status IN ('pending', 'mapped', 'created', 'skipped')),
    resolved_product_id uuid,
    resolved_at         timestamptz,
    resolved_by         uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id),
    FOREIGN KEY (tenant_id, resolved_product_id) REFERENCES products (tenant_id, id) ON DELETE SET NULL (resolved_product_id),
    FOREIGN KEY (tenant_id, resolved_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (resolved_by),
    -- a review is resolved exactly when it is no longer pending.
    CHECK ((status = 'pending') = (resolved_at IS NULL)),
    CHECK (status NOT IN ('mapped', 'created') OR resolved_product_id IS NOT NULL)
);
CREATE INDEX barcode_reviews_status_idx ON barcode_reviews (tenant_id, status, created_at);
CREATE INDEX barcode_reviews_import_idx ON barcode_reviews (tenant_id, import_id) WHERE import_id IS NOT NULL;
CREATE INDEX barcode_reviews_product_idx ON barcode_reviews (tenant_id, resolved_product_id) WHERE resolved_product_id IS NOT NULL;
SELECT enable_tenant_rls('barcode_reviews');

-- +goose Down
DROP TABLE barcode_reviews;
