-- Recipes: ordered ingredient lines (duplicates kept), nested components,
-- variants of a base recipe, and finished units (what one batch yields).

-- +goose Up

-- Slugs are stored verbatim (hyphenated, underscored or mangled like
-- "toasted-almond-sabl-s"); previous_slug keeps one rename resolvable.
CREATE TABLE recipes (
    tenant_id              uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                     uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug                   text        NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    previous_slug          text,
    name                   text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key               text        NOT NULL,
    category               text        NOT NULL DEFAULT '' CHECK (length(category) <= 100),
    source                 text,
    notes                  text,
    estimated_time_minutes integer     CHECK (estimated_time_minutes >= 0),
    is_archived            boolean     NOT NULL DEFAULT false,
    base_recipe_id         uuid,
    variant_name           text        CHECK (length(variant_name) <= 100),
    is_production_ready    boolean     NOT NULL DEFAULT false,
    needs_review           boolean     NOT NULL DEFAULT false,
    legacy_uuid            text,
    extra                  jsonb       NOT NULL DEFAULT '{}',
    import_id              uuid,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, base_recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE SET NULL (base_recipe_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id),
    CHECK (base_recipe_id IS NULL OR base_recipe_id <> id)
);
CREATE INDEX recipes_name_idx ON recipes (tenant_id, name_key);
CREATE INDEX recipes_previous_slug_idx ON recipes (tenant_id, previous_slug) WHERE previous_slug IS NOT NULL;
CREATE INDEX recipes_base_idx ON recipes (tenant_id, base_recipe_id) WHERE base_recipe_id IS NOT NULL;
CREATE INDEX recipes_list_idx ON recipes (tenant_id, name, id);
SELECT enable_tenant_rls('recipes');

-- recipe_ingredients keep the file's order (position) and its duplicates: the
-- same ingredient may appear twice in one recipe.
CREATE TABLE recipe_ingredients (
    tenant_id     uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            uuid          NOT NULL DEFAULT gen_random_uuid(),
    recipe_id     uuid          NOT NULL,
    position      integer       NOT NULL CHECK (position >= 0),
    ingredient_id uuid          NOT NULL,
    quantity      numeric(14,4) NOT NULL CHECK (quantity > 0),
    unit          text          NOT NULL,
    notes         text          CHECK (length(notes) <= 500),
    extra         jsonb         NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, recipe_id, position),
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ingredient_id) REFERENCES ingredients (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX recipe_ingredients_ingredient_idx ON recipe_ingredients (tenant_id, ingredient_id);
SELECT enable_tenant_rls('recipe_ingredients');

-- recipe_components nest recipes: quantity is a batch multiplier. Cycles and
-- depth (at most 3) are checked by the application before insert.
CREATE TABLE recipe_components (
    tenant_id           uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                  uuid          NOT NULL DEFAULT gen_random_uuid(),
    recipe_id           uuid          NOT NULL,
    component_recipe_id uuid          NOT NULL,
    position            integer       NOT NULL DEFAULT 0 CHECK (position >= 0),
    quantity            numeric(14,4) NOT NULL CHECK (quantity > 0),
    notes               text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, recipe_id, component_recipe_id),
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, component_recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE RESTRICT,
    CHECK (recipe_id <> component_recipe_id)
);
CREATE INDEX recipe_components_component_idx ON recipe_components (tenant_id, component_recipe_id);
SELECT enable_tenant_rls('recipe_components');

-- finished_units are a recipe's yields. yield_mode is NULL when the file held a
-- value the model does not know; yield_mode_raw keeps that text (hazard H2).
CREATE TABLE finished_units (
    tenant_id           uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                  uuid          NOT NULL DEFAULT gen_random_uuid(),
    recipe_id           uuid          NOT NULL,
    slug                text          NOT NULL CHECK (length(slug) BETWEEN 1 AND 200),
    display_name        text          NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    yield_mode          text          CHECK (yield_mode IN ('discrete_count', 'batch_portion')),
    yield_mode_raw      text,
    items_per_batch     numeric(14,4) CHECK (items_per_batch > 0),
    item_unit           text,
    batch_percentage    numeric(7,4)  CHECK (batch_percentage > 0 AND batch_percentage <= 100),
    portion_description text,
    yield_type          text,
    inventory_count     integer       NOT NULL DEFAULT 0 CHECK (inventory_count >= 0),
    category            text,
    description         text,
    production_notes    text,
    notes               text,
    extra               jsonb         NOT NULL DEFAULT '{}',
    import_id           uuid,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE SET NULL (import_id)
);
CREATE INDEX finished_units_recipe_idx ON finished_units (tenant_id, recipe_id);
SELECT enable_tenant_rls('finished_units');

-- +goose Down
DROP TABLE finished_units;
DROP TABLE recipe_components;
DROP TABLE recipe_ingredients;
DROP TABLE recipes;
