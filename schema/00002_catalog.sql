-- The catalogue: units (global reference data), suppliers, the ingredient tree
-- with aliases and density, and products with their barcodes.
-- Quantities are numeric(14,4), money numeric(12,4), per-unit costs
-- numeric(14,6) (a $7.99 400 oz bag costs 0.019975 per oz); never float.
-- name_key columns hold the Go-normalised name (lower case, accents folded) so
-- name lookups use leakproof btree equality under RLS (docs/tenant-isolation.md rule 14).

-- +goose Up

-- units is global reference data: no tenant, read-only for requests.
CREATE TABLE units (
    code       text     NOT NULL PRIMARY KEY,
    kind       text     NOT NULL CHECK (kind IN ('weight', 'volume', 'count')),
    to_base    numeric  NOT NULL CHECK (to_base > 0),
    name       text     NOT NULL,
    sort_order smallint NOT NULL
);
INSERT INTO units (code, kind, to_base, name, sort_order) VALUES
    ('g', 'weight', 1, 'gram', 1),
    ('kg', 'weight', 1000, 'kilogram', 2),
    ('oz', 'weight', 28.3495, 'ounce', 3),
    ('lb', 'weight', 453.592, 'pound', 4),
    ('ml', 'volume', 1, 'millilitre', 5),
    ('l', 'volume', 1000, 'litre', 6),
    ('tsp', 'volume', 4.92892, 'teaspoon', 7),
    ('tbsp', 'volume', 14.7868, 'tablespoon', 8),
    ('fl oz', 'volume', 29.5735, 'fluid ounce', 9),
    ('cup', 'volume', 236.588, 'cup', 10),
    ('pt', 'volume', 473.176, 'pint', 11),
    ('qt', 'volume', 946.353, 'quart', 12),
    ('gal', 'volume', 3785.41, 'gallon', 13),
    ('each', 'count', 1, 'each', 14),
    ('count', 'count', 1, 'count', 15),
    ('piece', 'count', 1, 'piece', 16),
    ('dozen', 'count', 12, 'dozen', 17);
GRANT SELECT ON units TO baketracker_app;

CREATE TABLE suppliers (
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug           text        NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key       text        NOT NULL,
    supplier_type  text        NOT NULL DEFAULT 'physical' CHECK (supplier_type IN ('physical', 'online')),
    street_address text,
    city           text,
    state          text        CHECK (state ~ '^[A-Z]{2}$'),
    zip_code       text        CHECK (length(zip_code) <= 10),
    website_url    text,
    notes          text,
    is_active      boolean     NOT NULL DEFAULT true,
    -- is_placeholder marks the "Unknown" supplier that absorbs purchases with no store.
    is_placeholder boolean     NOT NULL DEFAULT false,
    legacy_uuid    text,
    extra          jsonb       NOT NULL DEFAULT '{}',
    import_id      uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX suppliers_name_idx ON suppliers (tenant_id, name_key);
SELECT enable_tenant_rls('suppliers');

-- ingredients is the three-level tree (0 category, 1 subcategory, 2 leaf) in
-- one self-referencing table. Real exports carry a de-facto fourth level
-- (leaves under leaves), so 3 is accepted and treated as a leaf.
-- display_name is deliberately not unique (export hazard H23).
CREATE TABLE ingredients (
    tenant_id            uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug                 text        NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    display_name         text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    name_key             text        NOT NULL,
    parent_id            uuid,
    hierarchy_level      smallint    NOT NULL DEFAULT 2 CHECK (hierarchy_level BETWEEN 0 AND 3),
    category             text        NOT NULL DEFAULT '' CHECK (length(category) <= 100),
    default_unit         text,
    description          text,
    notes                text,
    density_volume_value numeric(14,4) CHECK (density_volume_value > 0),
    density_volume_unit  text,
    density_weight_value numeric(14,4) CHECK (density_weight_value > 0),
    density_weight_unit  text,
    needs_review         boolean     NOT NULL DEFAULT false,
    legacy_uuid          text,
    extra                jsonb       NOT NULL DEFAULT '{}',
    import_id            uuid,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES ingredients (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id),
    CHECK (parent_id IS NULL OR parent_id <> id),
    -- density is all four fields or none.
    CHECK ((density_volume_value IS NULL) = (density_volume_unit IS NULL)
       AND (density_volume_value IS NULL) = (density_weight_value IS NULL)
       AND (density_volume_value IS NULL) = (density_weight_unit IS NULL))
);
CREATE INDEX ingredients_name_idx ON ingredients (tenant_id, name_key);
CREATE INDEX ingredients_parent_idx ON ingredients (tenant_id, parent_id);
CREATE INDEX ingredients_list_idx ON ingredients (tenant_id, display_name, id);
SELECT enable_tenant_rls('ingredients');

-- ingredient_aliases resolves renamed slugs and other names for an ingredient
-- (flour_bread → bread_flour, "AP flour" → flour_all_purpose).
CREATE TABLE ingredient_aliases (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    ingredient_id uuid        NOT NULL,
    alias         text        NOT NULL CHECK (length(alias) BETWEEN 1 AND 200),
    alias_key     text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, alias_key),
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredients (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ingredient_aliases_ingredient_idx ON ingredient_aliases (tenant_id, ingredient_id);
SELECT enable_tenant_rls('ingredient_aliases');

-- products are buyable packages of one leaf ingredient. package_unit is the
-- unit of the contents (lb, oz, fl oz, count), package_type the container.
-- upc_code and gtin keep the raw barcode text exactly as typed; gtin14 is set
-- only when a code passes its GS1 check digit.
CREATE TABLE products (
    tenant_id             uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                    uuid          NOT NULL DEFAULT gen_random_uuid(),
    ingredient_id         uuid          NOT NULL,
    slug                  text          NOT NULL CHECK (length(slug) BETWEEN 1 AND 300),
    brand                 text          CHECK (length(brand) <= 200),
    product_name          text          CHECK (length(product_name) <= 200),
    name_key              text          NOT NULL,
    package_unit          text          NOT NULL,
    package_unit_quantity numeric(14,4) NOT NULL CHECK (package_unit_quantity > 0),
    package_size          text,
    package_type          text,
    upc_code              text          CHECK (length(upc_code) <= 40),
    gtin                  text          CHECK (length(gtin) <= 40),
    gtin14                text          CHECK (gtin14 ~ '^[0-9]{14}$'),
    is_preferred          boolean       NOT NULL DEFAULT false,
    preferred_supplier_id uuid,
    is_hidden             boolean       NOT NULL DEFAULT false,
    -- is_provisional: created on the fly (a purchase, a scan) and awaiting review.
    is_provisional        boolean       NOT NULL DEFAULT false,
    needs_review          boolean       NOT NULL DEFAULT false,
    notes                 text,
    legacy_uuid           text,
    extra                 jsonb         NOT NULL DEFAULT '{}',
    import_id             uuid,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredients (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, preferred_supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE SET NULL (preferred_supplier_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX products_ingredient_idx ON products (tenant_id, ingredient_id);
CREATE INDEX products_name_idx ON products (tenant_id, name_key);
CREATE INDEX products_gtin14_idx ON products (tenant_id, gtin14) WHERE gtin14 IS NOT NULL;
CREATE INDEX products_upc_idx ON products (tenant_id, upc_code) WHERE upc_code IS NOT NULL;
CREATE INDEX products_supplier_idx ON products (tenant_id, preferred_supplier_id) WHERE preferred_supplier_id IS NOT NULL;
SELECT enable_tenant_rls('products');

-- product_barcodes are further codes learnt for a product (a phone scan mapped
-- from the review queue). Lookups consult products and this table.
CREATE TABLE product_barcodes (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    product_id uuid        NOT NULL,
    raw        text        NOT NULL CHECK (length(raw) BETWEEN 1 AND 40),
    gtin14     text        CHECK (gtin14 ~ '^[0-9]{14}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, raw),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_barcodes_product_idx ON product_barcodes (tenant_id, product_id);
CREATE INDEX product_barcodes_gtin14_idx ON product_barcodes (tenant_id, gtin14) WHERE gtin14 IS NOT NULL;
SELECT enable_tenant_rls('product_barcodes');

-- +goose Down
DROP TABLE product_barcodes;
DROP TABLE products;
DROP TABLE ingredient_aliases;
DROP TABLE ingredients;
DROP TABLE suppliers;
DROP TABLE units;
