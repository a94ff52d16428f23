-- Finished units (a recipe's yields) as stock, finished goods with their
-- bills of materials, gift packages and recipients. Rules (no cycles, a
-- bare good is one finished unit) are in tools/goods*.go.

-- FinishedUnitResolve finds finished units by id, slug or display-name key.
-- name: FinishedUnitResolve :many
SELECT f.id, f.recipe_id, f.slug, f.display_name, f.yield_mode, f.items_per_batch, f.item_unit,
       f.batch_percentage, f.inventory_count, r.name AS recipe_name, r.slug AS recipe_slug
FROM finished_units f
JOIN recipes r ON r.tenant_id = f.tenant_id AND r.id = f.recipe_id
WHERE f.tenant_id = @tenant_id
  AND (f.id = sqlc.narg(ref_id)::uuid OR f.slug = @ref OR lower(f.display_name) = lower(@ref))
ORDER BY f.slug, f.id
LIMIT 10;

-- FinishedUnitList lists finished units, optionally of one recipe, with stock.
-- name: FinishedUnitList :many
SELECT f.id, f.recipe_id, f.slug, f.display_name, f.yield_mode, f.items_per_batch, f.item_unit,
       f.batch_percentage, f.inventory_count, r.name AS recipe_name, r.slug AS recipe_slug
FROM finished_units f
JOIN recipes r ON r.tenant_id = f.tenant_id AND r.id = f.recipe_id
WHERE f.tenant_id = @tenant_id AND (sqlc.narg(recipe_id)::uuid IS NULL OR f.recipe_id = sqlc.narg(recipe_id)::uuid)
ORDER BY r.name, f.slug, f.id
LIMIT 1000;

-- FinishedUnitsOfRecipes lists the yields of the given recipes (planning).
-- name: FinishedUnitsOfRecipes :many
SELECT f.id, f.recipe_id, f.slug, f.display_name, f.yield_mode, f.items_per_batch, f.item_unit,
       f.batch_percentage, f.inventory_count
FROM finished_units f
WHERE f.tenant_id = @tenant_id AND f.recipe_id = ANY (@recipe_ids::uuid[])
ORDER BY f.recipe_id, f.slug, f.id;

-- FinishedUnitsByIDs reads finished units with their recipes (planning).
-- name: FinishedUnitsByIDs :many
SELECT f.id, f.recipe_id, f.slug, f.display_name, f.yield_mode, f.items_per_batch, f.item_unit,
       f.batch_percentage, f.inventory_count, r.name AS recipe_name, r.slug AS recipe_slug
FROM finished_units f
JOIN recipes r ON r.tenant_id = f.tenant_id AND r.id = f.recipe_id
WHERE f.tenant_id = @tenant_id AND f.id = ANY (@ids::uuid[]);

-- name: FinishedUnitLock :one
SELECT id, inventory_count FROM finished_units WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;

-- name: FinishedUnitSetStock :exec
UPDATE finished_units SET inventory_count = @inventory_count, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: FinishedGoodCreate :one
INSERT INTO finished_goods (tenant_id, slug, display_name, name_key, assembly_type, packaging_instructions, notes)
VALUES (@tenant_id, @slug, @display_name, @name_key, @assembly_type, sqlc.narg(packaging_instructions), sqlc.narg(notes))
RETURNING id, created_at;

-- name: FinishedGoodSlugExists :one
SELECT EXISTS (SELECT 1 FROM finished_goods WHERE tenant_id = @tenant_id AND slug = @slug);

-- name: FinishedGoodComponentCreate :exec
INSERT INTO finished_good_components (tenant_id, finished_good_id, position, finished_unit_id, component_good_id, material_id, quantity, notes)
VALUES (@tenant_id, @finished_good_id, @position, sqlc.narg(finished_unit_id), sqlc.narg(component_good_id),
        sqlc.narg(material_id), @quantity, sqlc.narg(notes));

-- FinishedGoodResolve finds finished goods by id, slug or name key.
-- name: FinishedGoodResolve :many
SELECT id, slug, display_name, assembly_type, packaging_instructions, inventory_count, notes
FROM finished_goods
WHERE tenant_id = @tenant_id AND (id = sqlc.narg(ref_id)::uuid OR slug = @ref OR name_key = @name_key)
ORDER BY slug, id
LIMIT 10;

-- name: FinishedGoodList :many
SELECT id, slug, display_name, assembly_type, packaging_instructions, inventory_count, notes
FROM finished_goods
WHERE tenant_id = @tenant_id
ORDER BY name_key, id
LIMIT 1000;

-- name: FinishedGoodLock :one
SELECT id, inventory_count FROM finished_goods WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;

-- name: FinishedGoodSetStock :exec
UPDATE finished_goods SET inventory_count = @inventory_count, updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- FinishedGoodComponentsAll is every BOM line of the tenant with the names
-- of what it points at: BOMs are small, and the cycle rule and the explosion
-- both walk the whole graph.
-- name: FinishedGoodComponentsAll :many
SELECT c.finished_good_id, c.position, c.finished_unit_id, c.component_good_id, c.material_id, c.quantity, c.notes,
       COALESCE(fu.display_name, fg.display_name, m.name) AS component_name,
       COALESCE(fu.slug, fg.slug, m.slug) AS component_slug
FROM finished_good_components c
LEFT JOIN finished_units fu ON fu.tenant_id = c.tenant_id AND fu.id = c.finished_unit_id
LEFT JOIN finished_goods fg ON fg.tenant_id = c.tenant_id AND fg.id = c.component_good_id
LEFT JOIN materials m ON m.tenant_id = c.tenant_id AND m.id = c.material_id
WHERE c.tenant_id = @tenant_id
ORDER BY c.finished_good_id, c.position, c.id;

-- name: PackageCreate :one
INSERT INTO packages (tenant_id, slug, name, name_key, is_template, description, notes)
VALUES (@tenant_id, @slug, @name, @name_key, @is_template, sqlc.narg(description), sqlc.narg(notes))
RETURNING id;

-- name: PackageSlugExists :one
SELECT EXISTS (SELECT 1 FROM packages WHERE tenant_id = @tenant_id AND slug = @slug);

-- name: PackageContentCreate :exec
INSERT INTO package_contents (tenant_id, package_id, position, finished_good_id, material_id, quantity, notes)
VALUES (@tenant_id, @package_id, @position, sqlc.narg(finished_good_id), sqlc.narg(material_id), @quantity, sqlc.narg(notes));

-- name: PackageResolve :many
SELECT id, slug, name, is_template, description, notes
FROM packages
WHERE tenant_id = @tenant_id AND (id = sqlc.narg(ref_id)::uuid OR slug = @ref OR name_key = @name_key)
ORDER BY slug, id
LIMIT 10;

-- name: PackageList :many
SELECT id, slug, name, is_template, description, notes
FROM packages
WHERE tenant_id = @tenant_id
ORDER BY name_key, id
LIMIT 1000;

-- PackageContentsOf lists the contents of the given packages with names.
-- name: PackageContentsOf :many
SELECT c.package_id, c.position, c.finished_good_id, c.material_id, c.quantity, c.notes,
       COALESCE(fg.display_name, m.name) AS content_name,
       COALESCE(fg.slug, m.slug) AS content_slug
FROM package_contents c
LEFT JOIN finished_goods fg ON fg.tenant_id = c.tenant_id AND fg.id = c.finished_good_id
LEFT JOIN materials m ON m.tenant_id = c.tenant_id AND m.id = c.material_id
WHERE c.tenant_id = @tenant_id AND c.package_id = ANY (@package_ids::uuid[])
ORDER BY c.package_id, c.position, c.id;

-- name: RecipientCreate :one
INSERT INTO recipients (tenant_id, name, household_name, address, notes)
VALUES (@tenant_id, @name, sqlc.narg(household_name), sqlc.narg(address), sqlc.narg(notes))
RETURNING id;

-- name: RecipientResolve :many
SELECT id, name, household_name, address, notes
FROM recipients
WHERE tenant_id = @tenant_id AND (id = sqlc.narg(ref_id)::uuid OR lower(name) = lower(@ref))
ORDER BY name, id
LIMIT 10;

-- name: RecipientList :many
SELECT id, name, household_name, address, notes
FROM recipients
WHERE tenant_id = @tenant_id
ORDER BY lower(name), id
LIMIT 1000;

-- name: FinishedGoodComponentsDelete :exec
DELETE FROM finished_good_components WHERE tenant_id = @tenant_id AND finished_good_id = @finished_good_id;

-- name: FinishedGoodLockForUpdate :one
SELECT id, slug, display_name, assembly_type, inventory_count FROM finished_goods
WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;
