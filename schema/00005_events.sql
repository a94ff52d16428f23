-- Events (with the recipes planned for them), recipients, and the material
-- catalogue (boxes, ribbon) that the desktop export carries.

-- +goose Up

-- events get a tenant-unique slug (the desktop model has none): the file's
-- slug when present, otherwise generated. output_mode is NULL when the file
-- held a value the model rejects ("packaged"); output_mode_raw keeps it.
CREATE TABLE events (
    tenant_id          uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug               text        NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key           text        NOT NULL,
    event_date         date        NOT NULL,
    year               integer     NOT NULL CHECK (year BETWEEN 1900 AND 3000),
    output_mode        text        CHECK (output_mode IN ('bulk_count', 'bundled')),
    output_mode_raw    text,
    expected_attendees integer     CHECK (expected_attendees > 0),
    plan_state         text        NOT NULL DEFAULT 'draft'
                                   CHECK (plan_state IN ('draft', 'locked', 'in_production', 'completed')),
    notes              text,
    legacy_uuid        text,
    extra              jsonb       NOT NULL DEFAULT '{}',
    import_id          uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX events_date_idx ON events (tenant_id, event_date DESC, id);
CREATE INDEX events_name_idx ON events (tenant_id, name_key);
SELECT enable_tenant_rls('events');

-- event_recipes: which recipes an event bakes, and how many batches.
CREATE TABLE event_recipes (
    tenant_id  uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         uuid          NOT NULL DEFAULT gen_random_uuid(),
    event_id   uuid          NOT NULL,
    recipe_id  uuid          NOT NULL,
    batches    numeric(14,4) NOT NULL DEFAULT 1 CHECK (batches > 0),
    position   integer       NOT NULL DEFAULT 0,
    notes      text,
    created_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, event_id, recipe_id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX event_recipes_recipe_idx ON event_recipes (tenant_id, recipe_id);
SELECT enable_tenant_rls('event_recipes');

-- recipients: names are not unique (two "Mom"s are possible).
CREATE TABLE recipients (
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    household_name text,
    address        text,
    notes          text,
    extra          jsonb       NOT NULL DEFAULT '{}',
    import_id      uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX recipients_name_idx ON recipients (tenant_id, name);
SELECT enable_tenant_rls('recipients');

-- materials: non-food supplies. category/subcategory come from the legacy
-- "Boxes: Window Boxes" string.
CREATE TABLE materials (
    tenant_id          uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug               text        NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key           text        NOT NULL,
    description        text,
    category           text,
    subcategory        text,
    base_unit_type     text        CHECK (base_unit_type IN ('each', 'linear_cm', 'square_cm')),
    extra              jsonb       NOT NULL DEFAULT '{}',
    import_id          uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX materials_name_idx ON materials (tenant_id, name_key);
SELECT enable_tenant_rls('materials');

CREATE TABLE material_products (
    tenant_id        uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid          NOT NULL DEFAULT gen_random_uuid(),
    material_id      uuid          NOT NULL,
    slug             text          CHECK (length(slug) BETWEEN 1 AND 300),
    name             text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    brand            text,
    sku              text,
    package_quantity numeric(14,4) CHECK (package_quantity > 0),
    package_unit     text,
    default_unit_raw text,
    supplier_id      uuid,
    is_hidden        boolean       NOT NULL DEFAULT false,
    is_provisional   boolean       NOT NULL DEFAULT false,
    notes            text,
    extra            jsonb         NOT NULL DEFAULT '{}',
    import_id        uuid,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, material_id) REFERENCES materials (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE SET NULL (supplier_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE UNIQUE INDEX material_products_slug_key ON material_products (tenant_id, slug) WHERE slug IS NOT NULL;
CREATE INDEX material_products_material_idx ON material_products (tenant_id, material_id);
CREATE INDEX material_products_supplier_idx ON material_products (tenant_id, supplier_id) WHERE supplier_id IS NOT NULL;
SELECT enable_tenant_rls('material_products');

-- +goose Down
DROP TABLE material_products;
DROP TABLE materials;
DROP TABLE recipients;
DROP TABLE event_recipes;
DROP TABLE events;
