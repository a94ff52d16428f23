-- Catalogue tables as the importer and the exporter see them: whole-tenant
-- lists (for matching by slug and natural key, and for export) and one bulk
-- insert per table from a jsonb array of rows (ids are chosen by the
-- importer, so references resolve in Go without a round trip).

-- name: SupplierImportList :many
SELECT * FROM suppliers WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: SupplierImportInsert :exec
INSERT INTO suppliers (tenant_id, id, slug, name, name_key, supplier_type, street_address, city, state,
    zip_code, website_url, notes, is_active, is_placeholder, legacy_uuid, extra, import_id)
SELECT @tenant_id, r.id, r.slug, r.name, r.name_key, r.supplier_type, r.street_address, r.city, r.state,
    r.zip_code, r.website_url, r.notes, r.is_active, r.is_placeholder, r.legacy_uuid, coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, name text, name_key text, supplier_type text,
    street_address text, city text, state text, zip_code text, website_url text, notes text, is_active boolean,
    is_placeholder boolean, legacy_uuid text, extra jsonb, import_id uuid);

-- name: IngredientImportList :many
SELECT * FROM ingredients WHERE tenant_id = @tenant_id ORDER BY slug;

-- IngredientImportInsert inserts a whole tree in one statement: foreign keys
-- are checked at the end of the statement, so parents may follow children.
-- name: IngredientImportInsert :exec
INSERT INTO ingredients (tenant_id, id, slug, display_name, name_key, parent_id, hierarchy_level, category,
    default_unit, description, notes, density_volume_value, density_volume_unit, density_weight_value,
    density_weight_unit, needs_review, legacy_uuid, extra, import_id, allergens, density_library_id)
SELECT @tenant_id, r.id, r.slug, r.display_name, r.name_key, r.parent_id, r.hierarchy_level, r.category,
    r.default_unit, r.description, r.notes, r.density_volume_value, r.density_volume_unit, r.density_weight_value,
    r.density_weight_unit, r.needs_review, r.legacy_uuid, coalesce(r.extra, '{}'), r.import_id,
    coalesce(r.allergens, '{}'), r.density_library_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, slug text, display_name text, name_key text, parent_id uuid,
    hierarchy_level smallint, category text, default_unit text, description text, notes text,
    density_volume_value numeric, density_volume_unit text, density_weight_value numeric, density_weight_unit text,
    needs_review boolean, legacy_uuid text, extra jsonb, import_id uuid, allergens text[], density_library_id text);

-- name: IngredientAliasImportList :many
SELECT * FROM ingredient_aliases WHERE tenant_id = @tenant_id ORDER BY alias_key;

-- name: IngredientAliasImportInsert :exec
INSERT INTO ingredient_aliases (tenant_id, id, ingredient_id, alias, alias_key)
SELECT @tenant_id, r.id, r.ingredient_id, r.alias, r.alias_key
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, ingredient_id uuid, alias text, alias_key text);

-- name: ProductImportList :many
SELECT * FROM products WHERE tenant_id = @tenant_id ORDER BY slug;

-- name: ProductImportInsert :exec
INSERT INTO products (tenant_id, id, ingredient_id, slug, brand, product_name, name_key, package_unit,
    package_unit_quantity, package_size, package_type, upc_code, gtin, gtin14, is_preferred,
    preferred_supplier_id, is_hidden, is_provisional, needs_review, notes, legacy_uuid, extra, import_id)
SELECT @tenant_id, r.id, r.ingredient_id, r.slug, r.brand, r.product_name, r.name_key, r.package_unit,
    r.package_unit_quantity, r.package_size, r.package_type, r.upc_code, r.gtin, r.gtin14, r.is_preferred,
    r.preferred_supplier_id, r.is_hidden, r.is_provisional, r.needs_review, r.notes, r.legacy_uuid,
    coalesce(r.extra, '{}'), r.import_id
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, ingredient_id uuid, slug text, brand text, product_name text,
    name_key text, package_unit text, package_unit_quantity numeric, package_size text, package_type text,
    upc_code text, gtin text, gtin14 text, is_preferred boolean, preferred_supplier_id uuid, is_hidden boolean,
    is_provisional boolean, needs_review boolean, notes text, legacy_uuid text, extra jsonb, import_id uuid);

-- name: ProductBarcodeImportList :many
SELECT * FROM product_barcodes WHERE tenant_id = @tenant_id ORDER BY raw;

-- name: ProductBarcodeImportInsert :exec
INSERT INTO product_barcodes (tenant_id, id, product_id, raw, gtin14)
SELECT @tenant_id, r.id, r.product_id, r.raw, r.gtin14
FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, product_id uuid, raw text, gtin14 text);
