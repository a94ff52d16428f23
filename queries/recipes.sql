-- RecipeResolve finds a recipe by id, slug, previous slug or name key (the
-- caller's reference may be any of them). The caller prefers id, then slug,
-- then previous slug, then name; several name matches are ambiguous.
-- name: RecipeResolve :many
SELECT id, slug, previous_slug, name, base_recipe_id
FROM recipes
WHERE tenant_id = @tenant_id
  AND (id = sqlc.narg(ref_id)::uuid OR slug = @ref OR previous_slug = @ref OR name_key = @name_key)
ORDER BY name, id
LIMIT 10;

-- RecipeResolveMany resolves several references at once (components and
-- base recipes of a write): every recipe matching any id, slug, previous
-- slug or name key given. Matching each reference happens in Go.
-- name: RecipeResolveMany :many
SELECT id, slug, previous_slug, name, name_key, base_recipe_id
FROM recipes
WHERE tenant_id = @tenant_id
  AND (id = ANY (@ids::uuid[]) OR slug = ANY (@refs::text[]) OR previous_slug = ANY (@refs::text[])
       OR name_key = ANY (@name_keys::text[]))
ORDER BY name, id;

-- RecipeDetail is a recipe with its base recipe, lines, components,
-- variants and finished units, in one statement: the nested lists come back
-- as JSON arrays in their display order.
-- name: RecipeDetail :one
SELECT r.id, r.slug, r.name, r.category, r.source, r.notes, r.estimated_time_minutes, r.is_archived,
       r.base_recipe_id, r.variant_name, r.is_production_ready, r.created_at, r.updated_at,
       b.slug AS base_slug, b.name AS base_name,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'position', ri.position, 'ingredient_id', ri.ingredient_id, 'ingredient_slug', i.slug,
                   'ingredient_name', i.display_name, 'quantity', ri.quantity, 'unit', ri.unit,
                   'notes', coalesce(ri.notes, '')) ORDER BY ri.position), '[]'::jsonb)
        FROM recipe_ingredients ri
        JOIN ingredients i ON i.tenant_id = @tenant_id AND i.id = ri.ingredient_id
        WHERE ri.tenant_id = @tenant_id AND ri.recipe_id = r.id)::jsonb AS lines,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'recipe_id', c.component_recipe_id, 'slug', cr.slug, 'name', cr.name,
                   'quantity', c.quantity, 'notes', coalesce(c.notes, '')) ORDER BY c.position, cr.name, cr.id), '[]'::jsonb)
        FROM recipe_components c
        JOIN recipes cr ON cr.tenant_id = @tenant_id AND cr.id = c.component_recipe_id
        WHERE c.tenant_id = @tenant_id AND c.recipe_id = r.id)::jsonb AS components,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', v.id, 'slug', v.slug, 'name', v.name, 'variant_name', coalesce(v.variant_name, ''))
                   ORDER BY v.name, v.id), '[]'::jsonb)
        FROM recipes v
        WHERE v.tenant_id = @tenant_id AND v.base_recipe_id = r.id)::jsonb AS variants,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', f.id, 'slug', f.slug, 'display_name', f.display_name,
                   'yield_mode', coalesce(f.yield_mode, ''), 'yield_mode_as_written', coalesce(f.yield_mode_raw, ''), 'items_per_batch', f.items_per_batch,
                   'item_unit', coalesce(f.item_unit, ''), 'batch_percentage', f.batch_percentage)
                   ORDER BY f.created_at, f.display_name, f.id), '[]'::jsonb)
        FROM finished_units f
        WHERE f.tenant_id = @tenant_id AND f.recipe_id = r.id)::jsonb AS finished_units
FROM recipes r
LEFT JOIN recipes b ON b.tenant_id = @tenant_id AND b.id = r.base_recipe_id
WHERE r.tenant_id = @tenant_id AND r.id = @id;

-- RecipeList pages recipes by (name, id), matching recipes_list_idx. query
-- is matched against name_key (substring) and slug (prefix) after the
-- tenant's rows are selected; strpos and starts_with are plain functions,
-- not LIKE patterns, so the caller's text is never a pattern.
-- name: RecipeList :many
SELECT r.id, r.slug, r.name, r.category, r.variant_name, r.base_recipe_id, r.is_production_ready, r.is_archived,
       (SELECT count(*) FROM recipe_ingredients ri WHERE ri.tenant_id = @tenant_id AND ri.recipe_id = r.id) AS line_count,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', f.id, 'slug', f.slug, 'display_name', f.display_name,
                   'yield_mode', coalesce(f.yield_mode, ''), 'yield_mode_as_written', coalesce(f.yield_mode_raw, ''), 'items_per_batch', f.items_per_batch,
                   'item_unit', coalesce(f.item_unit, ''), 'batch_percentage', f.batch_percentage)
                   ORDER BY f.created_at, f.display_name, f.id), '[]'::jsonb)
        FROM finished_units f
        WHERE f.tenant_id = @tenant_id AND f.recipe_id = r.id)::jsonb AS yields
FROM recipes r
WHERE r.tenant_id = @tenant_id
  AND (@include_archived::boolean OR NOT r.is_archived)
  AND (sqlc.narg(category_key)::text IS NULL OR lower(r.category) = sqlc.narg(category_key)::text)
  AND (sqlc.narg(query_key)::text IS NULL
       OR strpos(r.name_key, sqlc.narg(query_key)::text) > 0
       OR starts_with(r.slug, sqlc.narg(query_slug)::text))
  AND (sqlc.narg(after_name)::text IS NULL
       OR (r.name, r.id) > (sqlc.narg(after_name)::text, sqlc.narg(after_id)::uuid))
ORDER BY r.name, r.id
LIMIT @row_limit;

-- name: RecipeSlugExists :one
SELECT EXISTS (SELECT 1 FROM recipes WHERE tenant_id = @tenant_id AND (slug = @slug OR previous_slug = @slug));

-- name: RecipeCreate :one
INSERT INTO recipes (tenant_id, slug, name, name_key, category, source, notes, estimated_time_minutes,
                     base_recipe_id, variant_name, is_production_ready)
VALUES (@tenant_id, @slug, @name, @name_key, @category, sqlc.narg(source), sqlc.narg(notes),
        sqlc.narg(estimated_time_minutes), sqlc.narg(base_recipe_id), sqlc.narg(variant_name), @is_production_ready)
RETURNING id;

-- RecipeGetForUpdate locks the recipe row for an update.
-- name: RecipeGetForUpdate :one
SELECT * FROM recipes WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;

-- RecipeUpdate writes every editable column; the caller merges the change
-- into the row it read. The slug never changes.
-- name: RecipeUpdate :exec
UPDATE recipes SET
    name                   = @name,
    name_key               = @name_key,
    category               = @category,
    source                 = sqlc.narg(source),
    notes                  = sqlc.narg(notes),
    estimated_time_minutes = sqlc.narg(estimated_time_minutes),
    is_archived            = @is_archived,
    is_production_ready    = @is_production_ready,
    variant_name           = sqlc.narg(variant_name),
    updated_at             = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- RecipeComponentEdges is the tenant's whole component graph, for the cycle
-- and depth checks of a write.
-- name: RecipeComponentEdges :many
SELECT recipe_id, component_recipe_id FROM recipe_components WHERE tenant_id = @tenant_id;
