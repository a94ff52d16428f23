-- An event's recipient packages, targets and batch decisions; production
-- and assembly runs with what they consumed; packaging-material lots.

-- name: RecipientPackageCreate :one
INSERT INTO event_recipient_packages (tenant_id, event_id, recipient_id, package_id, quantity, notes)
VALUES (@tenant_id, @event_id, @recipient_id, @package_id, @quantity, sqlc.narg(notes))
RETURNING id;

-- name: RecipientPackageLock :one
SELECT id, event_id, recipient_id, package_id, quantity, status, delivered_to
FROM event_recipient_packages
WHERE tenant_id = @tenant_id AND id = @id
FOR UPDATE;

-- name: RecipientPackageSetStatus :exec
UPDATE event_recipient_packages SET status = @status, delivered_to = sqlc.narg(delivered_to), updated_at = now()
WHERE tenant_id = @tenant_id AND id = @id;

-- name: RecipientPackagesOfEvent :many
SELECT erp.id, erp.recipient_id, erp.package_id, erp.quantity, erp.status, erp.delivered_to, erp.notes,
       r.name AS recipient_name, r.household_name, p.name AS package_name, p.slug AS package_slug
FROM event_recipient_packages erp
JOIN recipients r ON r.tenant_id = erp.tenant_id AND r.id = erp.recipient_id
JOIN packages p ON p.tenant_id = erp.tenant_id AND p.id = erp.package_id
WHERE erp.tenant_id = @tenant_id AND erp.event_id = @event_id
ORDER BY lower(r.name), erp.created_at, erp.id;

-- name: AssemblyTargetUpsert :exec
INSERT INTO event_assembly_targets (tenant_id, event_id, finished_good_id, target_quantity)
VALUES (@tenant_id, @event_id, @finished_good_id, @target_quantity)
ON CONFLICT (tenant_id, event_id, finished_good_id) DO UPDATE SET target_quantity = EXCLUDED.target_quantity;

-- name: ProductionTargetUpsert :exec
INSERT INTO event_production_targets (tenant_id, event_id, recipe_id, target_batches)
VALUES (@tenant_id, @event_id, @recipe_id, @target_batches)
ON CONFLICT (tenant_id, event_id, recipe_id) DO UPDATE SET target_batches = EXCLUDED.target_batches;

-- name: AssemblyTargetsOfEvent :many
SELECT t.finished_good_id, t.target_quantity, fg.display_name, fg.slug
FROM event_assembly_targets t
JOIN finished_goods fg ON fg.tenant_id = t.tenant_id AND fg.id = t.finished_good_id
WHERE t.tenant_id = @tenant_id AND t.event_id = @event_id
ORDER BY fg.name_key, t.id;

-- name: ProductionTargetsOfEvent :many
SELECT recipe_id, target_batches
FROM event_production_targets
WHERE tenant_id = @tenant_id AND event_id = @event_id;

-- name: BatchDecisionsClear :exec
DELETE FROM plan_batch_decisions WHERE tenant_id = @tenant_id AND event_id = @event_id;

-- name: BatchDecisionCreate :exec
INSERT INTO plan_batch_decisions (tenant_id, event_id, recipe_id, finished_unit_id, needed_items, items_per_batch,
                                  batches, leftover_items, amended)
VALUES (@tenant_id, @event_id, @recipe_id, sqlc.narg(finished_unit_id), @needed_items, sqlc.narg(items_per_batch),
        @batches, @leftover_items, @amended);

-- name: BatchDecisionsOfEvent :many
SELECT d.recipe_id, d.finished_unit_id, d.needed_items, d.items_per_batch, d.batches, d.leftover_items, d.amended,
       d.decided_at, r.name AS recipe_name, r.slug AS recipe_slug
FROM plan_batch_decisions d
JOIN recipes r ON r.tenant_id = d.tenant_id AND r.id = d.recipe_id
WHERE d.tenant_id = @tenant_id AND d.event_id = @event_id
ORDER BY r.name, d.id;

-- name: ProductionRunCreate :one
INSERT INTO production_runs (tenant_id, recipe_id, finished_unit_id, event_id, num_batches, expected_yield, actual_yield,
                             loss_quantity, remaining_items, production_status, total_ingredient_cost, cost_complete,
                             per_unit_cost, recipe_snapshot, notes, created_by)
VALUES (@tenant_id, @recipe_id, @finished_unit_id, sqlc.narg(event_id), @num_batches, @expected_yield, @actual_yield,
        @loss_quantity, @actual_yield, @production_status, @total_ingredient_cost, @cost_complete,
        sqlc.narg(per_unit_cost), @recipe_snapshot, sqlc.narg(notes), sqlc.narg(created_by))
RETURNING id, produced_at;

-- name: ProductionConsumptionCreate :exec
INSERT INTO production_consumptions (tenant_id, production_run_id, ingredient_id, pantry_item_id, quantity, unit, cost)
VALUES (@tenant_id, @production_run_id, @ingredient_id, @pantry_item_id, @quantity, @unit, sqlc.narg(cost));

-- ProductionRunsLockForUnit locks the runs of a finished unit that still
-- have items, oldest first: assembly takes finished units FIFO by run.
-- name: ProductionRunsLockForUnit :many
SELECT id, remaining_items, per_unit_cost
FROM production_runs
WHERE tenant_id = @tenant_id AND finished_unit_id = @finished_unit_id AND remaining_items > 0
ORDER BY produced_at, created_at, id
FOR UPDATE;

-- name: ProductionRunSetRemaining :exec
UPDATE production_runs SET remaining_items = @remaining_items WHERE tenant_id = @tenant_id AND id = @id;

-- name: ProductionOfEvent :many
SELECT recipe_id, sum(num_batches)::numeric AS batches, sum(actual_yield)::bigint AS items, sum(loss_quantity)::bigint AS lost
FROM production_runs
WHERE tenant_id = @tenant_id AND event_id = @event_id
GROUP BY recipe_id;

-- name: AssemblyRunCreate :one
INSERT INTO assembly_runs (tenant_id, finished_good_id, event_id, quantity_assembled, remaining_items,
                           total_component_cost, cost_complete, per_unit_cost, notes, created_by)
VALUES (@tenant_id, @finished_good_id, sqlc.narg(event_id), @quantity_assembled, @quantity_assembled,
        @total_component_cost, @cost_complete, sqlc.narg(per_unit_cost), sqlc.narg(notes), sqlc.narg(created_by))
RETURNING id, assembled_at;

-- name: AssemblyConsumptionCreate :exec
INSERT INTO assembly_consumptions (tenant_id, assembly_run_id, finished_unit_id, component_good_id, material_id,
                                   production_run_id, source_assembly_run_id, material_lot_id, quantity, cost)
VALUES (@tenant_id, @assembly_run_id, sqlc.narg(finished_unit_id), sqlc.narg(component_good_id), sqlc.narg(material_id),
        sqlc.narg(production_run_id), sqlc.narg(source_assembly_run_id), sqlc.narg(material_lot_id), @quantity, sqlc.narg(cost));

-- name: AssemblyRunsLockForGood :many
SELECT id, remaining_items, per_unit_cost
FROM assembly_runs
WHERE tenant_id = @tenant_id AND finished_good_id = @finished_good_id AND remaining_items > 0
ORDER BY assembled_at, created_at, id
FOR UPDATE;

-- name: AssemblyRunSetRemaining :exec
UPDATE assembly_runs SET remaining_items = @remaining_items WHERE tenant_id = @tenant_id AND id = @id;

-- name: AssemblyOfEvent :many
SELECT finished_good_id, sum(quantity_assembled)::bigint AS assembled
FROM assembly_runs
WHERE tenant_id = @tenant_id AND event_id = @event_id
GROUP BY finished_good_id;

-- name: MaterialCreate :one
INSERT INTO materials (tenant_id, slug, name, name_key, description, category, subcategory, base_unit_type)
VALUES (@tenant_id, @slug, @name, @name_key, sqlc.narg(description), sqlc.narg(category), sqlc.narg(subcategory), @base_unit_type)
RETURNING id;

-- name: MaterialSlugExists :one
SELECT EXISTS (SELECT 1 FROM materials WHERE tenant_id = @tenant_id AND slug = @slug);

-- MaterialResolve finds materials by id, slug or name key, with stock.
-- name: MaterialResolve :many
SELECT m.id, m.slug, m.name, m.category, m.subcategory, m.base_unit_type,
       COALESCE((SELECT sum(l.quantity_remaining) FROM material_lots l
                 WHERE l.tenant_id = m.tenant_id AND l.material_id = m.id), 0)::numeric AS on_hand
FROM materials m
WHERE m.tenant_id = @tenant_id AND (m.id = sqlc.narg(ref_id)::uuid OR m.slug = @ref OR m.name_key = @name_key)
ORDER BY m.slug, m.id
LIMIT 10;

-- name: MaterialList :many
SELECT m.id, m.slug, m.name, m.category, m.subcategory, m.base_unit_type,
       COALESCE((SELECT sum(l.quantity_remaining) FROM material_lots l
                 WHERE l.tenant_id = m.tenant_id AND l.material_id = m.id), 0)::numeric AS on_hand
FROM materials m
WHERE m.tenant_id = @tenant_id
ORDER BY m.name_key, m.id
LIMIT 1000;

-- name: MaterialPurchaseCreate :one
INSERT INTO material_purchases (tenant_id, material_id, purchase_date, packages_purchased, package_price, units_added,
                                unit_cost, notes, created_by)
VALUES (@tenant_id, @material_id, @purchase_date, @packages_purchased, sqlc.narg(package_price), @units_added,
        sqlc.narg(unit_cost), sqlc.narg(notes), sqlc.narg(created_by))
RETURNING id;

-- name: MaterialLotCreate :one
INSERT INTO material_lots (tenant_id, material_id, purchase_id, quantity_purchased, quantity_remaining, cost_per_unit, purchase_date)
VALUES (@tenant_id, @material_id, sqlc.narg(purchase_id), @quantity, @quantity, sqlc.narg(cost_per_unit), @purchase_date)
RETURNING id;

-- name: MaterialLotsLock :many
SELECT id, quantity_remaining, cost_per_unit
FROM material_lots
WHERE tenant_id = @tenant_id AND material_id = @material_id AND quantity_remaining >= 0.001
ORDER BY purchase_date, created_at, id
FOR UPDATE;

-- name: MaterialLotSetRemaining :exec
UPDATE material_lots SET quantity_remaining = @quantity_remaining WHERE tenant_id = @tenant_id AND id = @id;

-- MaterialLots lists the non-empty lots of the given materials, FIFO order
-- (costing without writes).
-- name: MaterialLots :many
SELECT id, material_id, quantity_remaining, cost_per_unit
FROM material_lots
WHERE tenant_id = @tenant_id AND material_id = ANY (@material_ids::uuid[]) AND quantity_remaining >= 0.001
ORDER BY material_id, purchase_date, created_at, id;

-- MaterialLastCost is the newest known cost per base unit of each material.
-- name: MaterialLastCost :many
SELECT DISTINCT ON (material_id) material_id, cost_per_unit
FROM material_lots
WHERE tenant_id = @tenant_id AND material_id = ANY (@material_ids::uuid[]) AND cost_per_unit IS NOT NULL
ORDER BY material_id, purchase_date DESC, created_at DESC, id DESC;

-- RecipeComponentQuantities is the tenant's component graph with batch
-- multipliers, for the batches a plan's nested components take.
-- name: RecipeComponentQuantities :many
SELECT rc.recipe_id, rc.component_recipe_id, rc.quantity, r.name, r.slug
FROM recipe_components rc
JOIN recipes r ON r.tenant_id = rc.tenant_id AND r.id = rc.component_recipe_id
WHERE rc.tenant_id = @tenant_id
ORDER BY rc.recipe_id, rc.position, rc.id;
