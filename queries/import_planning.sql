-- Finished goods, their compositions, packages and their contents, event
-- recipient packages and targets, for import (bulk inserts from jsonb) and
-- export (everything, in a stable order).

-- name: FinishedGoodImportList :many
SELECT * FROM finished_goods WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: FinishedGoodImportInsert :exec
INSERT INTO finished_goods (tenant_id, id, slug, display_name, name_key, assembly_type, packaging_instructions,
    inventory_count, notes, extra, import_id)
SELECT @tenant_id, r.id, r.slug, r.display_name, r.name_key, r.assembly_type, r.packaging_instructions,
    r.inventory_count, r.notes, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, display_name text, name_key text, assembly_type text,
    packaging_instructions text, inventory_count integer, notes text, extra jsonb, import_id uuid);

-- name: FinishedGoodComponentImportList :many
SELECT c.finished_good_id, c.position, c.finished_unit_id, c.component_good_id, c.material_id, c.quantity, c.notes,
       g.slug AS good_slug, fu.slug AS unit_slug, cg.slug AS component_good_slug, m.slug AS material_slug
FROM finished_good_components c
JOIN finished_goods g ON g.tenant_id = c.tenant_id AND g.id = c.finished_good_id
LEFT JOIN finished_units fu ON fu.tenant_id = c.tenant_id AND fu.id = c.finished_unit_id
LEFT JOIN finished_goods cg ON cg.tenant_id = c.tenant_id AND cg.id = c.component_good_id
LEFT JOIN materials m ON m.tenant_id = c.tenant_id AND m.id = c.material_id
WHERE c.tenant_id = @tenant_id
ORDER BY g.slug, c.position, c.id;

-- name: FinishedGoodComponentImportInsert :exec
INSERT INTO finished_good_components (tenant_id, id, finished_good_id, position, finished_unit_id, component_good_id,
    material_id, quantity, notes)
SELECT @tenant_id, r.id, r.finished_good_id, r.position, r.finished_unit_id, r.component_good_id,
    r.material_id, r.quantity, r.notes
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, finished_good_id uuid, position integer, finished_unit_id uuid,
    component_good_id uuid, material_id uuid, quantity numeric, notes text);

-- name: PackageImportList :many
SELECT * FROM packages WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: PackageImportInsert :exec
INSERT INTO packages (tenant_id, id, slug, name, name_key, is_template, description, notes, extra, import_id)
SELECT @tenant_id, r.id, r.slug, r.name, r.name_key, r.is_template, r.description, r.notes, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, name text, name_key text, is_template boolean,
    description text, notes text, extra jsonb, import_id uuid);

-- name: PackageContentImportList :many
SELECT c.package_id, c.position, c.finished_good_id, c.material_id, c.quantity, c.notes,
       p.slug AS package_slug, p.name AS package_name, g.slug AS good_slug, m.slug AS material_slug
FROM package_contents c
JOIN packages p ON p.tenant_id = c.tenant_id AND p.id = c.package_id
LEFT JOIN finished_goods g ON g.tenant_id = c.tenant_id AND g.id = c.finished_good_id
LEFT JOIN materials m ON m.tenant_id = c.tenant_id AND m.id = c.material_id
WHERE c.tenant_id = @tenant_id
ORDER BY p.slug, c.position, c.id;

-- name: PackageContentImportInsert :exec
INSERT INTO package_contents (tenant_id, id, package_id, position, finished_good_id, material_id, quantity, notes)
SELECT @tenant_id, r.id, r.package_id, r.position, r.finished_good_id, r.material_id, r.quantity, r.notes
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, package_id uuid, position integer, finished_good_id uuid,
    material_id uuid, quantity numeric, notes text);

-- name: RecipientPackageImportList :many
SELECT erp.id, erp.event_id, erp.recipient_id, erp.package_id, erp.quantity, erp.status, erp.delivered_to, erp.notes, erp.extra,
       e.slug AS event_slug, r.name AS recipient_name, r.household_name, p.slug AS package_slug
FROM event_recipient_packages erp
JOIN events e ON e.tenant_id = erp.tenant_id AND e.id = erp.event_id
JOIN recipients r ON r.tenant_id = erp.tenant_id AND r.id = erp.recipient_id
JOIN packages p ON p.tenant_id = erp.tenant_id AND p.id = erp.package_id
WHERE erp.tenant_id = @tenant_id
ORDER BY e.slug, r.name, p.slug, erp.quantity, erp.status, erp.id;

-- name: RecipientPackageImportInsert :exec
INSERT INTO event_recipient_packages (tenant_id, id, event_id, recipient_id, package_id, quantity, status, delivered_to,
    notes, extra, import_id)
SELECT @tenant_id, r.id, r.event_id, r.recipient_id, r.package_id, r.quantity, r.status, r.delivered_to,
    r.notes, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, event_id uuid, recipient_id uuid, package_id uuid, quantity integer,
    status text, delivered_to text, notes text, extra jsonb, import_id uuid);

-- name: AssemblyTargetImportList :many
SELECT t.event_id, t.finished_good_id, t.target_quantity, t.notes, e.slug AS event_slug, g.slug AS good_slug
FROM event_assembly_targets t
JOIN events e ON e.tenant_id = t.tenant_id AND e.id = t.event_id
JOIN finished_goods g ON g.tenant_id = t.tenant_id AND g.id = t.finished_good_id
WHERE t.tenant_id = @tenant_id
ORDER BY e.slug, g.slug;

-- name: AssemblyTargetImportInsert :exec
INSERT INTO event_assembly_targets (tenant_id, id, event_id, finished_good_id, target_quantity, notes, import_id)
SELECT @tenant_id, r.id, r.event_id, r.finished_good_id, r.target_quantity, r.notes, r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, event_id uuid, finished_good_id uuid, target_quantity integer,
    notes text, import_id uuid);

-- name: ProductionTargetImportList :many
SELECT t.event_id, t.recipe_id, t.target_batches, t.notes, e.slug AS event_slug, rc.slug AS recipe_slug
FROM event_production_targets t
JOIN events e ON e.tenant_id = t.tenant_id AND e.id = t.event_id
JOIN recipes rc ON rc.tenant_id = t.tenant_id AND rc.id = t.recipe_id
WHERE t.tenant_id = @tenant_id
ORDER BY e.slug, rc.slug;

-- name: ProductionTargetImportInsert :exec
INSERT INTO event_production_targets (tenant_id, id, event_id, recipe_id, target_batches, notes, import_id)
SELECT @tenant_id, r.id, r.event_id, r.recipe_id, r.target_batches, r.notes, r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, event_id uuid, recipe_id uuid, target_batches numeric,
    notes text, import_id uuid);

-- MaterialPurchaseImportList lists material purchases with their lot (each
-- purchase made one) for matching and export.
-- name: MaterialPurchaseImportList :many
SELECT mp.id, mp.material_id, mp.purchase_date, mp.packages_purchased, mp.package_price, mp.units_added, mp.unit_cost, mp.notes,
       mp.extra, m.slug AS material_slug, COALESCE(l.quantity_remaining, mp.units_added)::numeric AS quantity_remaining
FROM material_purchases mp
JOIN materials m ON m.tenant_id = mp.tenant_id AND m.id = mp.material_id
LEFT JOIN LATERAL (
    SELECT ml.quantity_remaining FROM material_lots ml
    WHERE ml.tenant_id = mp.tenant_id AND ml.purchase_id = mp.id
    ORDER BY ml.created_at, ml.id LIMIT 1
) l ON true
WHERE mp.tenant_id = @tenant_id
ORDER BY m.slug, mp.purchase_date, mp.units_added, mp.id;

-- name: MaterialPurchaseImportInsert :exec
INSERT INTO material_purchases (tenant_id, id, material_id, purchase_date, packages_purchased, package_price, units_added,
    unit_cost, notes, extra, import_id)
SELECT @tenant_id, r.id, r.material_id, r.purchase_date, r.packages_purchased, r.package_price, r.units_added,
    r.unit_cost, r.notes, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, material_id uuid, purchase_date date, packages_purchased numeric,
    package_price numeric, units_added numeric, unit_cost numeric, notes text, extra jsonb, import_id uuid);

-- MaterialLotImportList lists the lots no purchase made (initial stock).
-- name: MaterialLotImportList :many
SELECT ml.id, ml.material_id, ml.quantity_purchased, ml.quantity_remaining, ml.cost_per_unit, ml.purchase_date, ml.extra,
       m.slug AS material_slug
FROM material_lots ml
JOIN materials m ON m.tenant_id = ml.tenant_id AND m.id = ml.material_id
WHERE ml.tenant_id = @tenant_id AND ml.purchase_id IS NULL
ORDER BY m.slug, ml.purchase_date, ml.quantity_purchased, ml.id;

-- name: MaterialLotImportInsert :exec
INSERT INTO material_lots (tenant_id, id, material_id, purchase_id, quantity_purchased, quantity_remaining, cost_per_unit,
    purchase_date, extra, import_id)
SELECT @tenant_id, r.id, r.material_id, r.purchase_id, r.quantity_purchased, r.quantity_remaining, r.cost_per_unit,
    r.purchase_date, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, material_id uuid, purchase_id uuid, quantity_purchased numeric,
    quantity_remaining numeric, cost_per_unit numeric, purchase_date date, extra jsonb, import_id uuid);

-- ProductionRunImportList lists production runs for matching and export.
-- name: ProductionRunImportList :many
SELECT pr.id, pr.recipe_id, pr.finished_unit_id, pr.num_batches, pr.expected_yield, pr.actual_yield, pr.loss_quantity,
       pr.production_status, pr.total_ingredient_cost, pr.cost_complete, pr.per_unit_cost, pr.recipe_snapshot, pr.produced_at,
       pr.notes, pr.extra, rc.slug AS recipe_slug, fu.slug AS unit_slug, e.slug AS event_slug
FROM production_runs pr
JOIN recipes rc ON rc.tenant_id = pr.tenant_id AND rc.id = pr.recipe_id
JOIN finished_units fu ON fu.tenant_id = pr.tenant_id AND fu.id = pr.finished_unit_id
LEFT JOIN events e ON e.tenant_id = pr.tenant_id AND e.id = pr.event_id
WHERE pr.tenant_id = @tenant_id
ORDER BY pr.produced_at, rc.slug, pr.id;

-- ProductionRunImportInsert writes imported runs: no consumption, nothing
-- left for assembly to draw by run (the file's inventory_count already
-- holds what is left).
-- name: ProductionRunImportInsert :exec
INSERT INTO production_runs (tenant_id, id, recipe_id, finished_unit_id, event_id, num_batches, expected_yield, actual_yield,
    loss_quantity, remaining_items, production_status, total_ingredient_cost, cost_complete, per_unit_cost, recipe_snapshot,
    produced_at, notes, extra, import_id, imported)
SELECT @tenant_id, r.id, r.recipe_id, r.finished_unit_id, r.event_id, r.num_batches, r.expected_yield, r.actual_yield,
    r.loss_quantity, 0, r.production_status, r.total_ingredient_cost, r.cost_complete, r.per_unit_cost,
    coalesce(r.recipe_snapshot, '{}'), r.produced_at, r.notes, coalesce(r.extra, '{}'), r.import_id, true
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, recipe_id uuid, finished_unit_id uuid, event_id uuid, num_batches numeric,
    expected_yield numeric, actual_yield integer, loss_quantity integer, production_status text, total_ingredient_cost numeric,
    cost_complete boolean, per_unit_cost numeric, recipe_snapshot jsonb, produced_at timestamptz, notes text, extra jsonb,
    import_id uuid);

-- AssemblyRunImportList lists assembly runs for matching and export.
-- name: AssemblyRunImportList :many
SELECT ar.id, ar.finished_good_id, ar.quantity_assembled, ar.total_component_cost, ar.cost_complete, ar.per_unit_cost,
       ar.assembled_at, ar.notes, ar.extra, g.slug AS good_slug, e.slug AS event_slug
FROM assembly_runs ar
JOIN finished_goods g ON g.tenant_id = ar.tenant_id AND g.id = ar.finished_good_id
LEFT JOIN events e ON e.tenant_id = ar.tenant_id AND e.id = ar.event_id
WHERE ar.tenant_id = @tenant_id
ORDER BY ar.assembled_at, g.slug, ar.id;

-- name: AssemblyRunImportInsert :exec
INSERT INTO assembly_runs (tenant_id, id, finished_good_id, event_id, quantity_assembled, remaining_items, total_component_cost,
    cost_complete, per_unit_cost, assembled_at, notes, extra, import_id, imported)
SELECT @tenant_id, r.id, r.finished_good_id, r.event_id, r.quantity_assembled, 0, r.total_component_cost, r.cost_complete,
    r.per_unit_cost, r.assembled_at, r.notes, coalesce(r.extra, '{}'), r.import_id, true
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, finished_good_id uuid, event_id uuid, quantity_assembled integer,
    total_component_cost numeric, cost_complete boolean, per_unit_cost numeric, assembled_at timestamptz, notes text,
    extra jsonb, import_id uuid);
