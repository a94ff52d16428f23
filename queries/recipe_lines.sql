-- RecipeExpand walks a recipe's component tree (quantity = batch multiplier,
-- multiplied down the tree) and returns every ingredient line in line order:
-- a recipe's own lines first, then each component's subtree in component
-- position order (depth first). ids guards against cycles in imported data;
-- max_levels bounds the walk (the root is level 1). Every level filters
-- tenant_id, the recursive term included.
-- name: RecipeExpand :many
WITH RECURSIVE tree (recipe_id, multiplier, path, names, ids, sort_key, level) AS (
    SELECT r.id, 1::numeric, ARRAY[r.slug]::text[], ARRAY[r.name]::text[], ARRAY[r.id]::uuid[], ''::text, 1
    FROM recipes r
    WHERE r.tenant_id = @tenant_id AND r.id = @recipe_id
  UNION ALL
    SELECT c.component_recipe_id, t.multiplier * c.quantity, t.path || r.slug, t.names || r.name, t.ids || r.id,
           t.sort_key || '/' || lpad(c.position::text, 10, '0') || r.id::text, t.level + 1
    FROM tree t
    JOIN recipe_components c ON c.tenant_id = @tenant_id AND c.recipe_id = t.recipe_id
    JOIN recipes r ON r.tenant_id = @tenant_id AND r.id = c.component_recipe_id
    WHERE t.level < @max_levels::int AND r.id <> ALL (t.ids)
),
-- The lines are found first (a materialized step), then their ingredients'
-- details by key. The ingredients' parents are not joined here: only the
-- flour rule needs them (IngredientAncestorKeys), and joining them cost
-- every other caller of the expansion a third of its throughput.
lines AS MATERIALIZED (
    SELECT ri.ingredient_id, ri.quantity * t.multiplier AS quantity, ri.unit, ri.notes, ri.position,
           t.path, t.names, t.sort_key
    FROM tree t
    JOIN recipe_ingredients ri ON ri.tenant_id = @tenant_id AND ri.recipe_id = t.recipe_id
    JOIN ingredients i ON i.tenant_id = @tenant_id AND i.id = ri.ingredient_id
)
SELECT l.ingredient_id,
       i.slug AS ingredient_slug,
       i.display_name AS ingredient_name,
       l.quantity::numeric AS quantity,
       l.unit,
       coalesce(l.notes, '')::text AS notes,
       l.path::text[] AS path,
       l.names::text[] AS recipe_names,
       i.density_volume_value, i.density_volume_unit, i.density_weight_value, i.density_weight_unit,
       i.density_library_id, dl.name AS density_library_name, dl.method AS density_library_method,
       dl.source AS density_library_source, dl.source_url AS density_library_url,
       i.allergens, i.name_key AS ingredient_key, i.category AS ingredient_category
FROM lines l
JOIN ingredients i ON i.tenant_id = @tenant_id AND i.id = l.ingredient_id
LEFT JOIN density_library dl ON dl.id = i.density_library_id
ORDER BY l.sort_key COLLATE "C", l.position;

-- IngredientAncestorKeys is the normalised names of the given ingredients'
-- parents, three levels up (the tree's depth), space-separated: what the
-- flour rule of baker's math reads. Ingredients without a parent are left out.
-- name: IngredientAncestorKeys :many
SELECT i.id, concat_ws(' ', p1.name_key, p2.name_key, p3.name_key)::text AS ancestor_keys
FROM ingredients i
JOIN ingredients p1 ON p1.tenant_id = @tenant_id AND p1.id = i.parent_id
LEFT JOIN ingredients p2 ON p2.tenant_id = @tenant_id AND p2.id = p1.parent_id
LEFT JOIN ingredients p3 ON p3.tenant_id = @tenant_id AND p3.id = p2.parent_id
WHERE i.tenant_id = @tenant_id AND i.id = ANY (@ids::uuid[]);

-- RecipeLineIngredients resolves the ingredient references of a write's
-- lines in one statement: every ingredient matching an id, a slug, a name
-- key or an alias key given. Matching each reference happens in Go.
-- name: RecipeLineIngredients :many
SELECT i.id, i.slug, i.display_name, i.name_key, i.hierarchy_level,
       coalesce(a.alias_key, '')::text AS alias_key
FROM ingredients i
LEFT JOIN ingredient_aliases a
       ON a.tenant_id = @tenant_id AND a.ingredient_id = i.id AND a.alias_key = ANY (@name_keys::text[])
WHERE i.tenant_id = @tenant_id
  AND (i.id = ANY (@ids::uuid[]) OR i.slug = ANY (@refs::text[]) OR i.name_key = ANY (@name_keys::text[])
       OR a.alias_key IS NOT NULL)
ORDER BY i.display_name, i.id;

-- name: RecipeLinesDelete :exec
DELETE FROM recipe_ingredients WHERE tenant_id = @tenant_id AND recipe_id = @recipe_id;

-- RecipeLinesInsert writes all of a recipe's lines in one statement; the
-- arrays are parallel, one element per line (set-returning functions in a
-- select list advance together). Empty notes are stored as NULL.
-- name: RecipeLinesInsert :exec
INSERT INTO recipe_ingredients (tenant_id, recipe_id, position, ingredient_id, quantity, unit, notes)
SELECT @tenant_id, @recipe_id, unnest(@positions::int[]), unnest(@ingredient_ids::uuid[]),
       unnest(@quantities::numeric[]), unnest(@units::text[]), nullif(unnest(@notes::text[]), '');

-- name: RecipeComponentsDelete :exec
DELETE FROM recipe_components WHERE tenant_id = @tenant_id AND recipe_id = @recipe_id;

-- RecipeComponentsInsert writes all of a recipe's components (parallel arrays).
-- name: RecipeComponentsInsert :exec
INSERT INTO recipe_components (tenant_id, recipe_id, component_recipe_id, position, quantity, notes)
SELECT @tenant_id, @recipe_id, unnest(@component_recipe_ids::uuid[]), unnest(@positions::int[]),
       unnest(@quantities::numeric[]), nullif(unnest(@notes::text[]), '');

-- FinishedUnitsByRecipe lists a recipe's finished units, for replacing them
-- while keeping the ids (and made-item counts) of the ones that stay.
-- name: FinishedUnitsByRecipe :many
SELECT id, slug, display_name FROM finished_units
WHERE tenant_id = @tenant_id AND recipe_id = @recipe_id
ORDER BY created_at, id;

-- name: FinishedUnitSlugExists :one
SELECT EXISTS (SELECT 1 FROM finished_units WHERE tenant_id = @tenant_id AND slug = @slug);

-- name: FinishedUnitCreate :one
INSERT INTO finished_units (tenant_id, recipe_id, slug, display_name, yield_mode, items_per_batch, item_unit, batch_percentage)
VALUES (@tenant_id, @recipe_id, @slug, @display_name, @yield_mode, sqlc.narg(items_per_batch), sqlc.narg(item_unit),
        sqlc.narg(batch_percentage))
RETURNING id;

-- name: FinishedUnitUpdate :exec
UPDATE finished_units SET
    display_name     = @display_name,
    yield_mode       = @yield_mode,
    yield_mode_raw   = NULL,
    items_per_batch  = sqlc.narg(items_per_batch),
    item_unit        = sqlc.narg(item_unit),
    batch_percentage = sqlc.narg(batch_percentage),
    updated_at       = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: FinishedUnitsDeleteExcept :exec
DELETE FROM finished_units
WHERE tenant_id = @tenant_id AND recipe_id = @recipe_id AND NOT (id = ANY (@keep_ids::uuid[]));
