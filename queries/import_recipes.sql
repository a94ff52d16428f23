-- Recipes, their lines, components and finished units for import and export.

-- name: RecipeImportList :many
SELECT * FROM recipes WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: RecipeImportInsert :exec
INSERT INTO recipes (tenant_id, id, slug, previous_slug, name, name_key, category, source, notes,
    estimated_time_minutes, is_archived, base_recipe_id, variant_name, is_production_ready, needs_review,
    legacy_uuid, extra, import_id)
SELECT @tenant_id, r.id, r.slug, r.previous_slug, r.name, r.name_key, r.category, r.source, r.notes,
    r.estimated_time_minutes, r.is_archived, r.base_recipe_id, r.variant_name, r.is_production_ready,
    r.needs_review, r.legacy_uuid, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, previous_slug text, name text, name_key text,
    category text, source text, notes text, estimated_time_minutes integer, is_archived boolean,
    base_recipe_id uuid, variant_name text, is_production_ready boolean, needs_review boolean, legacy_uuid text,
    extra jsonb, import_id uuid);

-- name: RecipeIngredientImportList :many
SELECT * FROM recipe_ingredients WHERE tenant_id = @tenant_id ORDER BY recipe_id, position;

-- name: RecipeIngredientImportInsert :exec
INSERT INTO recipe_ingredients (tenant_id, id, recipe_id, position, ingredient_id, quantity, unit, notes, extra)
SELECT @tenant_id, r.id, r.recipe_id, r.position, r.ingredient_id, r.quantity, r.unit, r.notes, coalesce(r.extra, '{}')
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, recipe_id uuid, position integer, ingredient_id uuid,
    quantity numeric, unit text, notes text, extra jsonb);

-- name: RecipeComponentImportList :many
SELECT * FROM recipe_components WHERE tenant_id = @tenant_id ORDER BY recipe_id, position, id;

-- name: RecipeComponentImportInsert :exec
INSERT INTO recipe_components (tenant_id, id, recipe_id, component_recipe_id, position, quantity, notes)
SELECT @tenant_id, r.id, r.recipe_id, r.component_recipe_id, r.position, r.quantity, r.notes
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, recipe_id uuid, component_recipe_id uuid, position integer,
    quantity numeric, notes text);

-- name: FinishedUnitImportList :many
SELECT * FROM finished_units WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: FinishedUnitImportInsert :exec
INSERT INTO finished_units (tenant_id, id, recipe_id, slug, display_name, yield_mode, yield_mode_raw,
    items_per_batch, item_unit, batch_percentage, portion_description, yield_type, inventory_count, category,
    description, production_notes, notes, extra, import_id)
SELECT @tenant_id, r.id, r.recipe_id, r.slug, r.display_name, r.yield_mode, r.yield_mode_raw,
    r.items_per_batch, r.item_unit, r.batch_percentage, r.portion_description, r.yield_type, r.inventory_count,
    r.category, r.description, r.production_notes, r.notes, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, recipe_id uuid, slug text, display_name text, yield_mode text,
    yield_mode_raw text, items_per_batch numeric, item_unit text, batch_percentage numeric,
    portion_description text, yield_type text, inventory_count integer, category text, description text,
    production_notes text, notes text, extra jsonb, import_id uuid);

-- name: RecipeImportUpdateMatched :exec
-- A recipe matched by an import keeps its data; the file's other slug and
-- its differing version are recorded (previous_slug when empty, extra).
UPDATE recipes SET previous_slug = coalesce(previous_slug, sqlc.narg(previous_slug)::text), extra = @extra::jsonb,
    updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: RecipeIngredientImportSetNotes :exec
UPDATE recipe_ingredients SET notes = @notes::text
WHERE tenant_id = @tenant_id AND id = @id AND notes IS NULL;
