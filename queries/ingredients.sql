-- name: IngredientGet :one
SELECT * FROM ingredients WHERE tenant_id = @tenant_id AND id = @id;

-- name: IngredientGetBySlug :one
SELECT * FROM ingredients WHERE tenant_id = @tenant_id AND slug = @slug;

-- IngredientListByNameKey finds ingredients by exact normalised name
-- (btree equality on ingredients_name_idx: leakproof under RLS).
-- name: IngredientListByNameKey :many
SELECT * FROM ingredients
WHERE tenant_id = @tenant_id AND name_key = @name_key
ORDER BY hierarchy_level, display_name, id;

-- name: IngredientGetByAliasKey :one
SELECT i.* FROM ingredient_aliases a
JOIN ingredients i ON i.tenant_id = a.tenant_id AND i.id = a.ingredient_id
WHERE a.tenant_id = @tenant_id AND a.alias_key = @alias_key;

-- name: IngredientSlugTaken :one
SELECT EXISTS (SELECT 1 FROM ingredients WHERE tenant_id = @tenant_id AND slug = @slug);

-- IngredientList is one keyset page ordered by (display_name, id), walked on
-- ingredients_list_idx. An empty query returns every ingredient.
--
-- The search is LIKE on name_key (substring), slug (prefix) and alias_key
-- (substring). LIKE is not leakproof, so under RLS it cannot become an index
-- condition (docs/tenant-isolation.md rule 14); that is acceptable here because the
-- explicit tenant_id = @tenant_id makes the planner take the tenant's range
-- of ingredients_list_idx first, in order, and LIKE only filters those few
-- hundred rows, stopping at the limit. Patterns are built in Go from NameKey
-- and Slug output (letters, digits, spaces, and escaped underscores), so the
-- caller cannot inject wildcards. No ILIKE and no pg_trgm.
-- name: IngredientList :many
SELECT i.id, i.slug, i.display_name, i.category, i.default_unit, i.parent_id, i.hierarchy_level
FROM ingredients i
WHERE i.tenant_id = @tenant_id
  AND (sqlc.narg(after_name)::text IS NULL
       OR (i.display_name, i.id) > (sqlc.narg(after_name)::text, sqlc.narg(after_id)::uuid))
  AND (@name_pattern::text = ''
       OR i.name_key LIKE @name_pattern::text
       OR i.slug LIKE @slug_pattern::text
       OR EXISTS (SELECT 1 FROM ingredient_aliases a
                  WHERE a.tenant_id = @tenant_id AND a.ingredient_id = i.id
                    AND a.alias_key LIKE @name_pattern::text))
ORDER BY i.display_name, i.id
LIMIT @row_limit;

-- IngredientDetail reads an ingredient (by id or by slug) with what
-- get_ingredient shows about its neighbours, in one statement.
-- name: IngredientDetail :one
SELECT sqlc.embed(i),
       p.slug AS parent_slug,
       p.display_name AS parent_name,
       (SELECT count(*) FROM ingredients c
        WHERE c.tenant_id = i.tenant_id AND c.parent_id = i.id)::int AS child_count,
       (SELECT count(*) FROM products pr
        WHERE pr.tenant_id = i.tenant_id AND pr.ingredient_id = i.id)::int AS product_count,
       COALESCE((SELECT array_agg(a.alias ORDER BY a.alias) FROM ingredient_aliases a
                 WHERE a.tenant_id = i.tenant_id AND a.ingredient_id = i.id), '{}')::text[] AS aliases
FROM ingredients i
LEFT JOIN ingredients p ON p.tenant_id = i.tenant_id AND p.id = i.parent_id
WHERE i.tenant_id = @tenant_id
  AND (i.id = sqlc.narg(id)::uuid OR i.slug = sqlc.narg(slug)::text);

-- IngredientUsage counts what still refers to an ingredient.
-- name: IngredientUsage :one
SELECT
    (SELECT count(*) FROM products p WHERE p.tenant_id = @tenant_id AND p.ingredient_id = @id)::int AS products,
    (SELECT count(*) FROM recipe_ingredients r WHERE r.tenant_id = @tenant_id AND r.ingredient_id = @id)::int AS recipe_lines,
    (SELECT count(*) FROM ingredients c WHERE c.tenant_id = @tenant_id AND c.parent_id = @id)::int AS children;

-- name: IngredientCreate :one
INSERT INTO ingredients (tenant_id, slug, display_name, name_key, parent_id, hierarchy_level,
    category, default_unit, description, notes,
    density_volume_value, density_volume_unit, density_weight_value, density_weight_unit,
    density_library_id, allergens)
VALUES (@tenant_id, @slug, @display_name, @name_key, sqlc.narg(parent_id), @hierarchy_level,
    @category, sqlc.narg(default_unit), sqlc.narg(description), sqlc.narg(notes),
    sqlc.narg(density_volume_value), sqlc.narg(density_volume_unit),
    sqlc.narg(density_weight_value), sqlc.narg(density_weight_unit),
    sqlc.narg(density_library_id), coalesce(@allergens::text[], '{}'))
RETURNING *;

-- IngredientUpdate writes every editable column (the caller merges the
-- changes into the current row); the slug never changes.
-- name: IngredientUpdate :one
UPDATE ingredients SET
    display_name = @display_name, name_key = @name_key, parent_id = sqlc.narg(parent_id),
    hierarchy_level = @hierarchy_level, category = @category,
    default_unit = sqlc.narg(default_unit), description = sqlc.narg(description), notes = sqlc.narg(notes),
    density_volume_value = sqlc.narg(density_volume_value), density_volume_unit = sqlc.narg(density_volume_unit),
    density_weight_value = sqlc.narg(density_weight_value), density_weight_unit = sqlc.narg(density_weight_unit),
    density_library_id = sqlc.narg(density_library_id), allergens = coalesce(@allergens::text[], '{}'),
    updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id
RETURNING *;

-- IngredientSetSubtreeCategory gives every descendant of @id (children,
-- grandchildren and great-grandchildren: levels stop at 3) the category, the
-- name of their level-0 ancestor, after a rename or a move.
-- name: IngredientSetSubtreeCategory :exec
UPDATE ingredients AS t SET category = @category, updated_at = now()
WHERE t.tenant_id = @tenant_id AND t.category <> @category
  AND (t.parent_id = @id::uuid
       OR t.parent_id IN (SELECT c.id FROM ingredients c WHERE c.tenant_id = @tenant_id AND c.parent_id = @id)
       OR t.parent_id IN (SELECT g.id FROM ingredients g
                        JOIN ingredients c ON c.tenant_id = g.tenant_id AND c.id = g.parent_id
                        WHERE g.tenant_id = @tenant_id AND c.parent_id = @id));

-- name: IngredientDelete :execrows
DELETE FROM ingredients WHERE tenant_id = @tenant_id AND id = @id;
