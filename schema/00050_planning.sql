-- From plan to gift box (docs/planning.md): finished goods and their bills of
-- materials, gift packages, what each recipient gets at an event, the event's
-- targets and batch decisions, production and assembly runs with what they
-- consumed, and packaging-material purchases kept as FIFO lots. The rules
-- (no BOM cycles, one-way statuses, all-or-nothing consumption) live in
-- package tools; the schema keeps tenants apart and numbers sane.

-- +goose Up

-- finished_goods: what is handed over — a bare finished unit, or a bundle of
-- components. inventory_count is assembled stock.
CREATE TABLE finished_goods (
    tenant_id              uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                     uuid          NOT NULL DEFAULT gen_random_uuid(),
    slug                   text          NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    display_name           text          NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    name_key               text          NOT NULL,
    assembly_type          text          NOT NULL CHECK (assembly_type IN ('bare', 'bundle')),
    packaging_instructions text,
    inventory_count        integer       NOT NULL DEFAULT 0 CHECK (inventory_count >= 0),
    notes                  text,
    extra                  jsonb         NOT NULL DEFAULT '{}',
    import_id              uuid,
    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX finished_goods_name_idx ON finished_goods (tenant_id, name_key);
SELECT enable_tenant_rls('finished_goods');

-- finished_good_components: a finished good's bill of materials. Exactly one
-- component kind per row; quantity is items (finished units or goods) or the
-- material's base unit (each, cm, cm²).
CREATE TABLE finished_good_components (
    tenant_id          uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                 uuid          NOT NULL DEFAULT gen_random_uuid(),
    finished_good_id   uuid          NOT NULL,
    position           integer       NOT NULL DEFAULT 0,
    finished_unit_id   uuid,
    component_good_id  uuid,
    material_id        uuid,
    quantity           numeric(14,4) NOT NULL CHECK (quantity > 0),
    notes              text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, finished_good_id) REFERENCES finished_goods (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, finished_unit_id) REFERENCES finished_units (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, component_good_id) REFERENCES finished_goods (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, material_id) REFERENCES materials (tenant_id, id) ON DELETE RESTRICT,
    CHECK (num_nonnulls(finished_unit_id, component_good_id, material_id) = 1),
    CHECK (component_good_id IS DISTINCT FROM finished_good_id)
);
CREATE INDEX finished_good_components_good_idx ON finished_good_components (tenant_id, finished_good_id, position);
CREATE INDEX finished_good_components_unit_idx ON finished_good_components (tenant_id, finished_unit_id) WHERE finished_unit_id IS NOT NULL;
CREATE INDEX finished_good_components_sub_idx ON finished_good_components (tenant_id, component_good_id) WHERE component_good_id IS NOT NULL;
CREATE INDEX finished_good_components_material_idx ON finished_good_components (tenant_id, material_id) WHERE material_id IS NOT NULL;
SELECT enable_tenant_rls('finished_good_components');

-- packages: gift boxes (the desktop has no slug; the cloud gives one).
CREATE TABLE packages (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug        text        NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key    text        NOT NULL,
    is_template boolean     NOT NULL DEFAULT false,
    description text,
    notes       text,
    extra       jsonb       NOT NULL DEFAULT '{}',
    import_id   uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX packages_name_idx ON packages (tenant_id, name_key);
SELECT enable_tenant_rls('packages');

-- package_contents: the finished goods in a package, and the packaging
-- material the box itself takes (the box, tissue, ribbon).
CREATE TABLE package_contents (
    tenant_id        uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid          NOT NULL DEFAULT gen_random_uuid(),
    package_id       uuid          NOT NULL,
    position         integer       NOT NULL DEFAULT 0,
    finished_good_id uuid,
    material_id      uuid,
    quantity         numeric(14,4) NOT NULL CHECK (quantity > 0),
    notes            text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, package_id) REFERENCES packages (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, finished_good_id) REFERENCES finished_goods (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, material_id) REFERENCES materials (tenant_id, id) ON DELETE RESTRICT,
    CHECK (num_nonnulls(finished_good_id, material_id) = 1)
);
CREATE INDEX package_contents_package_idx ON package_contents (tenant_id, package_id, position);
CREATE INDEX package_contents_good_idx ON package_contents (tenant_id, finished_good_id) WHERE finished_good_id IS NOT NULL;
CREATE INDEX package_contents_material_idx ON package_contents (tenant_id, material_id) WHERE material_id IS NOT NULL;
SELECT enable_tenant_rls('package_contents');

-- event_recipient_packages: who gets which box at an event. status moves
-- one way (pending → assembled → delivered); the tools hold that rule.
CREATE TABLE event_recipient_packages (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    event_id     uuid        NOT NULL,
    recipient_id uuid        NOT NULL,
    package_id   uuid        NOT NULL,
    quantity     integer     NOT NULL DEFAULT 1 CHECK (quantity > 0),
    status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'assembled', 'delivered')),
    delivered_to text,
    notes        text,
    extra        jsonb       NOT NULL DEFAULT '{}',
    import_id    uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recipient_id) REFERENCES recipients (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, package_id) REFERENCES packages (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX event_recipient_packages_event_idx ON event_recipient_packages (tenant_id, event_id);
CREATE INDEX event_recipient_packages_recipient_idx ON event_recipient_packages (tenant_id, recipient_id);
CREATE INDEX event_recipient_packages_package_idx ON event_recipient_packages (tenant_id, package_id);
SELECT enable_tenant_rls('event_recipient_packages');

-- event_production_targets: batches of a recipe the baker wants regardless
-- of the plan (bulk_count events).
CREATE TABLE event_production_targets (
    tenant_id      uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             uuid          NOT NULL DEFAULT gen_random_uuid(),
    event_id       uuid          NOT NULL,
    recipe_id      uuid          NOT NULL,
    target_batches numeric(14,4) NOT NULL CHECK (target_batches > 0),
    notes          text,
    import_id      uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT event_production_targets_recipe_id_key UNIQUE (tenant_id, event_id, recipe_id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX event_production_targets_recipe_idx ON event_production_targets (tenant_id, recipe_id);
SELECT enable_tenant_rls('event_production_targets');

-- event_assembly_targets: finished goods to assemble for an event (bundled).
CREATE TABLE event_assembly_targets (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    event_id         uuid        NOT NULL,
    finished_good_id uuid        NOT NULL,
    target_quantity  integer     NOT NULL CHECK (target_quantity > 0),
    notes            text,
    import_id        uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT event_assembly_targets_finished_good_id_key UNIQUE (tenant_id, event_id, finished_good_id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, finished_good_id) REFERENCES finished_goods (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX event_assembly_targets_good_idx ON event_assembly_targets (tenant_id, finished_good_id);
SELECT enable_tenant_rls('event_assembly_targets');

-- plan_batch_decisions: what plan_event decided per recipe (or the baker
-- amended), kept to compare with what was baked.
CREATE TABLE plan_batch_decisions (
    tenant_id        uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid          NOT NULL DEFAULT gen_random_uuid(),
    event_id         uuid          NOT NULL,
    recipe_id        uuid          NOT NULL,
    finished_unit_id uuid,
    needed_items     numeric(14,4) NOT NULL CHECK (needed_items >= 0),
    items_per_batch  numeric(14,4) CHECK (items_per_batch > 0),
    batches          numeric(14,4) NOT NULL CHECK (batches >= 0),
    leftover_items   numeric(14,4) NOT NULL DEFAULT 0 CHECK (leftover_items >= 0),
    amended          boolean       NOT NULL DEFAULT false,
    notes            text,
    import_id        uuid,
    decided_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT plan_batch_decisions_recipe_id_key UNIQUE (tenant_id, event_id, recipe_id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, finished_unit_id) REFERENCES finished_units (tenant_id, id) ON DELETE SET NULL (finished_unit_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX plan_batch_decisions_recipe_idx ON plan_batch_decisions (tenant_id, recipe_id);
CREATE INDEX plan_batch_decisions_unit_idx ON plan_batch_decisions (tenant_id, finished_unit_id) WHERE finished_unit_id IS NOT NULL;
SELECT enable_tenant_rls('plan_batch_decisions');

-- production_runs: a bake as it happened. remaining_items is what of
-- actual_yield assembly has not used yet (finished units leave FIFO by run).
-- recipe_snapshot is the recipe as baked, nested components multiplied out.
CREATE TABLE production_runs (
    tenant_id             uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                    uuid          NOT NULL DEFAULT gen_random_uuid(),
    recipe_id             uuid          NOT NULL,
    finished_unit_id      uuid          NOT NULL,
    event_id              uuid,
    num_batches           numeric(14,4) NOT NULL CHECK (num_batches > 0),
    expected_yield        numeric(14,4) NOT NULL CHECK (expected_yield >= 0),
    actual_yield          integer       NOT NULL CHECK (actual_yield >= 0),
    loss_quantity         integer       NOT NULL DEFAULT 0 CHECK (loss_quantity >= 0),
    remaining_items       integer       NOT NULL CHECK (remaining_items >= 0 AND remaining_items <= actual_yield),
    production_status     text          NOT NULL CHECK (production_status IN ('complete', 'partial_loss', 'total_loss')),
    total_ingredient_cost numeric(12,4) NOT NULL DEFAULT 0,
    cost_complete         boolean       NOT NULL DEFAULT true,
    per_unit_cost         numeric(14,6),
    recipe_snapshot       jsonb         NOT NULL DEFAULT '{}',
    produced_at           timestamptz   NOT NULL DEFAULT now(),
    notes                 text,
    created_by            uuid,
    extra                 jsonb         NOT NULL DEFAULT '{}',
    import_id             uuid,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, finished_unit_id) REFERENCES finished_units (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE SET NULL (event_id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX production_runs_unit_idx ON production_runs (tenant_id, finished_unit_id, produced_at, id);
CREATE INDEX production_runs_recipe_idx ON production_runs (tenant_id, recipe_id);
CREATE INDEX production_runs_event_idx ON production_runs (tenant_id, event_id) WHERE event_id IS NOT NULL;
SELECT enable_tenant_rls('production_runs', 'SELECT, INSERT, UPDATE');

-- production_consumptions: which pantry lot gave what to a run (in the lot's
-- package unit), and its cost.
CREATE TABLE production_consumptions (
    tenant_id         uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                uuid          NOT NULL DEFAULT gen_random_uuid(),
    production_run_id uuid          NOT NULL,
    ingredient_id     uuid          NOT NULL,
    pantry_item_id    uuid          NOT NULL,
    quantity          numeric(14,4) NOT NULL CHECK (quantity > 0),
    unit              text          NOT NULL,
    cost              numeric(12,4),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, production_run_id) REFERENCES production_runs (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredients (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, pantry_item_id) REFERENCES pantry_items (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX production_consumptions_run_idx ON production_consumptions (tenant_id, production_run_id);
CREATE INDEX production_consumptions_lot_idx ON production_consumptions (tenant_id, pantry_item_id);
CREATE INDEX production_consumptions_ingredient_idx ON production_consumptions (tenant_id, ingredient_id);
SELECT enable_tenant_rls('production_consumptions', 'SELECT, INSERT');

-- material_purchases → one material_lots row each (FIFO, like pantry lots);
-- quantities are in the material's base unit (each, cm, cm²).
CREATE TABLE material_purchases (
    tenant_id           uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                  uuid          NOT NULL DEFAULT gen_random_uuid(),
    material_id         uuid          NOT NULL,
    material_product_id uuid,
    supplier_id         uuid,
    purchase_date       date          NOT NULL,
    packages_purchased  numeric(14,4) NOT NULL CHECK (packages_purchased > 0),
    package_price       numeric(12,4) CHECK (package_price >= 0),
    units_added         numeric(14,4) NOT NULL CHECK (units_added > 0),
    unit_cost           numeric(14,6) CHECK (unit_cost >= 0),
    notes               text,
    created_by          uuid,
    extra               jsonb         NOT NULL DEFAULT '{}',
    import_id           uuid,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, material_id) REFERENCES materials (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, material_product_id) REFERENCES material_products (tenant_id, id) ON DELETE SET NULL (material_product_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE SET NULL (supplier_id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX material_purchases_material_idx ON material_purchases (tenant_id, material_id);
CREATE INDEX material_purchases_product_idx ON material_purchases (tenant_id, material_product_id) WHERE material_product_id IS NOT NULL;
CREATE INDEX material_purchases_supplier_idx ON material_purchases (tenant_id, supplier_id) WHERE supplier_id IS NOT NULL;
SELECT enable_tenant_rls('material_purchases', 'SELECT, INSERT');

CREATE TABLE material_lots (
    tenant_id          uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                 uuid          NOT NULL DEFAULT gen_random_uuid(),
    material_id        uuid          NOT NULL,
    purchase_id        uuid,
    quantity_purchased numeric(14,4) NOT NULL CHECK (quantity_purchased >= 0),
    quantity_remaining numeric(14,4) NOT NULL CHECK (quantity_remaining >= 0),
    cost_per_unit      numeric(14,6) CHECK (cost_per_unit >= 0),
    purchase_date      date          NOT NULL,
    extra              jsonb         NOT NULL DEFAULT '{}',
    import_id          uuid,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, material_id) REFERENCES materials (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, purchase_id) REFERENCES material_purchases (tenant_id, id) ON DELETE SET NULL (purchase_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX material_lots_fifo_idx ON material_lots (tenant_id, material_id, purchase_date, created_at, id);
CREATE INDEX material_lots_purchase_idx ON material_lots (tenant_id, purchase_id) WHERE purchase_id IS NOT NULL;
SELECT enable_tenant_rls('material_lots', 'SELECT, INSERT, UPDATE');

-- assembly_runs: finished goods put together. remaining_items is what later
-- assemblies (a good inside a good) have not used yet.
CREATE TABLE assembly_runs (
    tenant_id            uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   uuid          NOT NULL DEFAULT gen_random_uuid(),
    finished_good_id     uuid          NOT NULL,
    event_id             uuid,
    quantity_assembled   integer       NOT NULL CHECK (quantity_assembled > 0),
    remaining_items      integer       NOT NULL CHECK (remaining_items >= 0 AND remaining_items <= quantity_assembled),
    total_component_cost numeric(12,4) NOT NULL DEFAULT 0,
    cost_complete        boolean       NOT NULL DEFAULT true,
    per_unit_cost        numeric(14,6),
    assembled_at         timestamptz   NOT NULL DEFAULT now(),
    notes                text,
    created_by           uuid,
    extra                jsonb         NOT NULL DEFAULT '{}',
    import_id            uuid,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, finished_good_id) REFERENCES finished_goods (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE SET NULL (event_id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX assembly_runs_good_idx ON assembly_runs (tenant_id, finished_good_id, assembled_at, id);
CREATE INDEX assembly_runs_event_idx ON assembly_runs (tenant_id, event_id) WHERE event_id IS NOT NULL;
SELECT enable_tenant_rls('assembly_runs', 'SELECT, INSERT, UPDATE');

-- assembly_consumptions: what an assembly used — items of a production run,
-- items of an earlier assembly, stock with no run behind it, or a material lot.
CREATE TABLE assembly_consumptions (
    tenant_id              uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                     uuid          NOT NULL DEFAULT gen_random_uuid(),
    assembly_run_id        uuid          NOT NULL,
    finished_unit_id       uuid,
    component_good_id      uuid,
    material_id            uuid,
    production_run_id      uuid,
    source_assembly_run_id uuid,
    material_lot_id        uuid,
    quantity               numeric(14,4) NOT NULL CHECK (quantity > 0),
    cost                   numeric(12,4),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, assembly_run_id) REFERENCES assembly_runs (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, finished_unit_id) REFERENCES finished_units (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, component_good_id) REFERENCES finished_goods (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, material_id) REFERENCES materials (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, production_run_id) REFERENCES production_runs (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, source_assembly_run_id) REFERENCES assembly_runs (tenant_id, id) ON DELETE RESTRICT,
    FOREIGN KEY (tenant_id, material_lot_id) REFERENCES material_lots (tenant_id, id) ON DELETE RESTRICT,
    CHECK (num_nonnulls(finished_unit_id, component_good_id, material_id) = 1),
    CHECK (material_lot_id IS NULL OR material_id IS NOT NULL)
);
CREATE INDEX assembly_consumptions_run_idx ON assembly_consumptions (tenant_id, assembly_run_id);
CREATE INDEX assembly_consumptions_unit_idx ON assembly_consumptions (tenant_id, finished_unit_id) WHERE finished_unit_id IS NOT NULL;
CREATE INDEX assembly_consumptions_good_idx ON assembly_consumptions (tenant_id, component_good_id) WHERE component_good_id IS NOT NULL;
CREATE INDEX assembly_consumptions_material_idx ON assembly_consumptions (tenant_id, material_id) WHERE material_id IS NOT NULL;
CREATE INDEX assembly_consumptions_prun_idx ON assembly_consumptions (tenant_id, production_run_id) WHERE production_run_id IS NOT NULL;
CREATE INDEX assembly_consumptions_arun_idx ON assembly_consumptions (tenant_id, source_assembly_run_id) WHERE source_assembly_run_id IS NOT NULL;
CREATE INDEX assembly_consumptions_lot_idx ON assembly_consumptions (tenant_id, material_lot_id) WHERE material_lot_id IS NOT NULL;
SELECT enable_tenant_rls('assembly_consumptions', 'SELECT, INSERT');

-- +goose Down
DROP TABLE assembly_consumptions;
DROP TABLE assembly_runs;
DROP TABLE material_lots;
DROP TABLE material_purchases;
DROP TABLE production_consumptions;
DROP TABLE production_runs;
DROP TABLE plan_batch_decisions;
DROP TABLE event_assembly_targets;
DROP TABLE event_production_targets;
DROP TABLE event_recipient_packages;
DROP TABLE package_contents;
DROP TABLE packages;
DROP TABLE finished_good_components;
DROP TABLE finished_goods;
