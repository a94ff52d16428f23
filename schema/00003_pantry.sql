-- Purchases, pantry lots and the adjustment log.
-- A lot's quantity is always in its product's package_unit and unit_cost is per
-- that unit; every writer converts packages × package_unit_quantity (the
-- desktop app mixed the two and was wrong by a factor on three write paths).

-- +goose Up

-- purchases are facts: N packages of a product bought at a store on a day.
-- unit_price is per package and may be unknown (migrated stock had none).
CREATE TABLE purchases (
    tenant_id          uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                 uuid          NOT NULL DEFAULT gen_random_uuid(),
    product_id         uuid          NOT NULL,
    supplier_id        uuid          NOT NULL,
    purchase_date      date          NOT NULL,
    quantity_purchased numeric(14,4) NOT NULL CHECK (quantity_purchased > 0),
    unit_price         numeric(12,4) CHECK (unit_price >= 0),
    notes              text,
    receipt_image_url  text,
    created_by         uuid,
    legacy_uuid        text,
    extra              jsonb         NOT NULL DEFAULT '{}',
    import_id          uuid,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX purchases_date_idx ON purchases (tenant_id, purchase_date DESC, id);
CREATE INDEX purchases_product_idx ON purchases (tenant_id, product_id);
CREATE INDEX purchases_supplier_idx ON purchases (tenant_id, supplier_id);
SELECT enable_tenant_rls('purchases');

-- pantry_items are lots: one per physical package bought (or loaded as
-- initial stock). FIFO order is (purchase_date, created_at, ordinal, id).
CREATE TABLE pantry_items (
    tenant_id        uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid          NOT NULL DEFAULT gen_random_uuid(),
    product_id       uuid          NOT NULL,
    purchase_id      uuid,
    initial_quantity numeric(14,4) NOT NULL CHECK (initial_quantity >= 0),
    quantity         numeric(14,4) NOT NULL CHECK (quantity >= 0),
    unit_cost        numeric(14,6) CHECK (unit_cost >= 0),
    purchase_date    date          NOT NULL,
    expiration_date  date,
    opened_date      date,
    location         text          CHECK (length(location) <= 100),
    lot_or_batch     text,
    notes            text,
    source           text          NOT NULL DEFAULT 'purchase' CHECK (source IN ('purchase', 'initial', 'import')),
    ordinal          integer       NOT NULL DEFAULT 0,
    needs_review     boolean       NOT NULL DEFAULT false,
    legacy_uuid      text,
    extra            jsonb         NOT NULL DEFAULT '{}',
    import_id        uuid,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id) ON DELETE SET NULL (purchase_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX pantry_items_fifo_idx ON pantry_items (tenant_id, product_id, purchase_date, created_at, ordinal, id);
CREATE INDEX pantry_items_purchase_idx ON pantry_items (tenant_id, purchase_id) WHERE purchase_id IS NOT NULL;
SELECT enable_tenant_rls('pantry_items');

-- inventory_adjustments is the immutable log of every change to a lot's
-- quantity after it was created: requests may only SELECT and INSERT it.
-- quantity_change is signed, in the lot's package_unit (negative = used up).
CREATE TABLE inventory_adjustments (
    tenant_id            uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   uuid          NOT NULL DEFAULT gen_random_uuid(),
    pantry_item_id       uuid          NOT NULL,
    quantity_change      numeric(14,4) NOT NULL CHECK (quantity_change <> 0),
    quantity_after       numeric(14,4) NOT NULL CHECK (quantity_after >= 0),
    reason               text          NOT NULL CHECK (reason IN ('production', 'assembly', 'spoilage', 'gift',
                                           'correction', 'ad_hoc_usage', 'other', 'waste', 'damaged')),
    percentage_remaining numeric(7,4)  CHECK (percentage_remaining BETWEEN 0 AND 100),
    cost                 numeric(12,4),
    notes                text,
    photo_evidence_url   text,
    created_by           uuid,
    import_id            uuid,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, pantry_item_id) REFERENCES pantry_items (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id),
    CHECK (reason <> 'other' OR notes IS NOT NULL)
);
CREATE INDEX inventory_adjustments_item_idx ON inventory_adjustments (tenant_id, pantry_item_id, created_at);
SELECT enable_tenant_rls('inventory_adjustments', 'SELECT, INSERT');

-- +goose Down
DROP TABLE inventory_adjustments;
DROP TABLE pantry_items;
DROP TABLE purchases;
