-- Events, the recipes planned for them, recipients and materials for import
-- and export.

-- name: EventImportList :many
SELECT * FROM events WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: EventImportInsert :exec
INSERT INTO events (tenant_id, id, slug, name, name_key, event_date, year, output_mode, output_mode_raw,
    expected_attendees, plan_state, notes, legacy_uuid, extra, import_id)
SELECT @tenant_id, r.id, r.slug, r.name, r.name_key, r.event_date, r.year, r.output_mode, r.output_mode_raw,
    r.expected_attendees, r.plan_state, r.notes, r.legacy_uuid, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, name text, name_key text, event_date date,
    year integer, output_mode text, output_mode_raw text, expected_attendees integer, plan_state text,
    notes text, legacy_uuid text, extra jsonb, import_id uuid);

-- name: EventRecipeImportList :many
SELECT * FROM event_recipes WHERE tenant_id = @tenant_id ORDER BY event_id, position, id;

-- name: EventRecipeImportInsert :exec
INSERT INTO event_recipes (tenant_id, id, event_id, recipe_id, batches, position, notes, servings_per_guest)
SELECT @tenant_id, r.id, r.event_id, r.recipe_id, r.batches, r.position, r.notes, r.servings_per_guest
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, event_id uuid, recipe_id uuid, batches numeric,
    position integer, notes text, servings_per_guest numeric);

-- name: RecipientImportList :many
SELECT * FROM recipients WHERE tenant_id = @tenant_id
ORDER BY name, household_name NULLS FIRST, address NULLS FIRST, notes NULLS FIRST, id;

-- name: RecipientImportInsert :exec
INSERT INTO recipients (tenant_id, id, name, household_name, address, notes, extra, import_id)
SELECT @tenant_id, r.id, r.name, r.household_name, r.address, r.notes, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, name text, household_name text, address text, notes text,
    extra jsonb, import_id uuid);

-- name: MaterialImportList :many
SELECT * FROM materials WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: MaterialImportInsert :exec
INSERT INTO materials (tenant_id, id, slug, name, name_key, description, category, subcategory,
    base_unit_type, extra, import_id)
SELECT @tenant_id, r.id, r.slug, r.name, r.name_key, r.description, r.category, r.subcategory,
    r.base_unit_type, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, name text, name_key text, description text,
    category text, subcategory text, base_unit_type text, extra jsonb, import_id uuid);

-- name: MaterialProductImportList :many
SELECT * FROM material_products WHERE tenant_id = @tenant_id ORDER BY slug NULLS LAST, name, id;

-- name: MaterialProductImportInsert :exec
INSERT INTO material_products (tenant_id, id, material_id, slug, name, brand, sku, package_quantity,
    package_unit, default_unit_raw, supplier_id, is_hidden, is_provisional, notes, extra, import_id)
SELECT @tenant_id, r.id, r.material_id, r.slug, r.name, r.brand, r.sku, r.package_quantity,
    r.package_unit, r.default_unit_raw, r.supplier_id, r.is_hidden, r.is_provisional, r.notes,
    coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, material_id uuid, slug text, name text, brand text, sku text,
    package_quantity numeric, package_unit text, default_unit_raw text, supplier_id uuid, is_hidden boolean,
    is_provisional boolean, notes text, extra jsonb, import_id uuid);
