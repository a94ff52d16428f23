package store_test

import (
	"context"
	"fmt"
	"regexp"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// seedAll writes at least one row into every tenant table for the tenant the
// transaction is set to. TestTenantIsolation refuses to pass while any table
// with a tenant_id column has no seed row, so a new table cannot slip past the
// isolation tests: add its INSERT here.
func seedAll(ctx context.Context, tx pgx.Tx, tenant uuid.UUID) error {
	ids := map[string]uuid.UUID{"tenant": tenant}
	steps := []struct{ name, sql string }{
		{"user", `INSERT INTO users (tenant_id, email, role) VALUES ($tenant, 'seed-' || gen_random_uuid() || '@example.test', 'member') RETURNING id`},
		{"token", `INSERT INTO api_tokens (tenant_id, user_id, secret_hash) VALUES ($tenant, $user, sha256('x')) RETURNING id`},
		{"session", `INSERT INTO sessions (tenant_id, secret_hash, user_id, token_id, idle_expires_at, absolute_expires_at) VALUES ($tenant, sha256('x'), $user, $token, now() + interval '1 hour', now() + interval '1 day') RETURNING id`},
		{"security_event", `INSERT INTO security_events (tenant_id, kind, user_id) VALUES ($tenant, 'token_created', $user) RETURNING id`},
		{"idem", `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, response) VALUES ($tenant, 'k-' || gen_random_uuid(), 'seed', sha256('x'), '{}') RETURNING id`},
		{"import", `INSERT INTO import_runs (tenant_id, format, sha256, original) VALUES ($tenant, 'seed', sha256('x'), 'x') RETURNING id`},
		{"archive", `INSERT INTO import_archive (tenant_id, import_id, section, ordinal, payload) VALUES ($tenant, $import, 'seed', 0, '{}') RETURNING id`},
		{"supplier", `INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES ($tenant, 'seed-supplier', 'Seed Supplier', 'seed supplier') RETURNING id`},
		{"root", `INSERT INTO ingredients (tenant_id, slug, display_name, name_key, hierarchy_level) VALUES ($tenant, 'seed_root', 'Seeds', 'seeds', 0) RETURNING id`},
		{"ingredient", `INSERT INTO ingredients (tenant_id, slug, display_name, name_key, parent_id) VALUES ($tenant, 'seed_flour', 'Seed flour', 'seed flour', $root) RETURNING id`},
		{"alias", `INSERT INTO ingredient_aliases (tenant_id, ingredient_id, alias, alias_key) VALUES ($tenant, $ingredient, 'flour_seed', 'flour seed') RETURNING id`},
		{"product", `INSERT INTO products (tenant_id, ingredient_id, slug, name_key, package_unit, package_unit_quantity) VALUES ($tenant, $ingredient, 'seed_flour:Generic:5:lb', 'seed flour', 'lb', 5) RETURNING id`},
		{"barcode", `INSERT INTO product_barcodes (tenant_id, product_id, raw) VALUES ($tenant, $product, '0001') RETURNING id`},
		{"purchase", `INSERT INTO purchases (tenant_id, product_id, supplier_id, purchase_date, quantity_purchased, unit_price) VALUES ($tenant, $product, $supplier, '2025-12-01', 1, 4.99) RETURNING id`},
		{"lot", `INSERT INTO pantry_items (tenant_id, product_id, purchase_id, initial_quantity, quantity, unit_cost, purchase_date) VALUES ($tenant, $product, $purchase, 5, 5, 0.998, '2025-12-01') RETURNING id`},
		{"adjustment", `INSERT INTO inventory_adjustments (tenant_id, pantry_item_id, quantity_change, quantity_after, reason) VALUES ($tenant, $lot, -1, 4, 'correction') RETURNING id`},
		{"recipe", `INSERT INTO recipes (tenant_id, slug, name, name_key) VALUES ($tenant, 'seed-bread', 'Seed bread', 'seed bread') RETURNING id`},
		{"base", `INSERT INTO recipes (tenant_id, slug, name, name_key) VALUES ($tenant, 'seed-dough', 'Seed dough', 'seed dough') RETURNING id`},
		{"line", `INSERT INTO recipe_ingredients (tenant_id, recipe_id, position, ingredient_id, quantity, unit) VALUES ($tenant, $recipe, 0, $ingredient, 2, 'cup') RETURNING id`},
		{"component", `INSERT INTO recipe_components (tenant_id, recipe_id, component_recipe_id, quantity) VALUES ($tenant, $recipe, $base, 1) RETURNING id`},
		{"unit", `INSERT INTO finished_units (tenant_id, recipe_id, slug, display_name, yield_mode, items_per_batch) VALUES ($tenant, $recipe, 'seed-loaf', 'Loaf', 'discrete_count', 1) RETURNING id`},
		{"event", `INSERT INTO events (tenant_id, slug, name, name_key, event_date, year) VALUES ($tenant, 'seed-event', 'Seed event', 'seed event', '2025-12-24', 2025) RETURNING id`},
		{"event_recipe", `INSERT INTO event_recipes (tenant_id, event_id, recipe_id) VALUES ($tenant, $event, $recipe) RETURNING id`},
		{"recipient", `INSERT INTO recipients (tenant_id, name) VALUES ($tenant, 'Mom') RETURNING id`},
		{"material", `INSERT INTO materials (tenant_id, slug, name, name_key) VALUES ($tenant, 'seed_box', 'Seed box', 'seed box') RETURNING id`},
		{"material_product", `INSERT INTO material_products (tenant_id, material_id, name, supplier_id) VALUES ($tenant, $material, 'Seed box 25pk', $supplier) RETURNING id`},
		{"finished_good", `INSERT INTO finished_goods (tenant_id, slug, display_name, name_key, assembly_type) VALUES ($tenant, 'seed-box', 'Seed box', 'seed box', 'bundle') RETURNING id`},
		{"fg_component", `INSERT INTO finished_good_components (tenant_id, finished_good_id, finished_unit_id, quantity) VALUES ($tenant, $finished_good, $unit, 2) RETURNING id`},
		{"package", `INSERT INTO packages (tenant_id, slug, name, name_key) VALUES ($tenant, 'seed-gift', 'Seed gift', 'seed gift') RETURNING id`},
		{"package_content", `INSERT INTO package_contents (tenant_id, package_id, finished_good_id, quantity) VALUES ($tenant, $package, $finished_good, 1) RETURNING id`},
		{"recipient_package", `INSERT INTO event_recipient_packages (tenant_id, event_id, recipient_id, package_id) VALUES ($tenant, $event, $recipient, $package) RETURNING id`},
		{"production_target", `INSERT INTO event_production_targets (tenant_id, event_id, recipe_id, target_batches) VALUES ($tenant, $event, $recipe, 2) RETURNING id`},
		{"assembly_target", `INSERT INTO event_assembly_targets (tenant_id, event_id, finished_good_id, target_quantity) VALUES ($tenant, $event, $finished_good, 3) RETURNING id`},
		{"batch_decision", `INSERT INTO plan_batch_decisions (tenant_id, event_id, recipe_id, finished_unit_id, needed_items, items_per_batch, batches) VALUES ($tenant, $event, $recipe, $unit, 1, 1, 1) RETURNING id`},
		{"production_run", `INSERT INTO production_runs (tenant_id, recipe_id, finished_unit_id, event_id, num_batches, expected_yield, actual_yield, remaining_items, production_status) VALUES ($tenant, $recipe, $unit, $event, 1, 1, 1, 1, 'complete') RETURNING id`},
		{"production_consumption", `INSERT INTO production_consumptions (tenant_id, production_run_id, ingredient_id, pantry_item_id, quantity, unit) VALUES ($tenant, $production_run, $ingredient, $lot, 1, 'lb') RETURNING id`},
		{"material_purchase", `INSERT INTO material_purchases (tenant_id, material_id, material_product_id, supplier_id, purchase_date, packages_purchased, units_added) VALUES ($tenant, $material, $material_product, $supplier, '2025-12-01', 1, 25) RETURNING id`},
		{"material_lot", `INSERT INTO material_lots (tenant_id, material_id, purchase_id, quantity_purchased, quantity_remaining, purchase_date) VALUES ($tenant, $material, $material_purchase, 25, 25, '2025-12-01') RETURNING id`},
		{"assembly_run", `INSERT INTO assembly_runs (tenant_id, finished_good_id, event_id, quantity_assembled, remaining_items) VALUES ($tenant, $finished_good, $event, 1, 1) RETURNING id`},
		{"assembly_consumption", `INSERT INTO assembly_consumptions (tenant_id, assembly_run_id, material_id, material_lot_id, quantity) VALUES ($tenant, $assembly_run, $material, $material_lot, 1) RETURNING id`},
		{"capture", `INSERT INTO captures (tenant_id, user_id) VALUES ($tenant, $user) RETURNING id`},
		{"capture_media", `INSERT INTO capture_media (tenant_id, capture_id, position, kind, mime_type, sha256, size_bytes, storage_url) VALUES ($tenant, $capture, 0, 'image', 'image/png', sha256('x'), 1, 'file:///x') RETURNING id`},
		{"capture_write", `INSERT INTO capture_writes (tenant_id, capture_id, proposal_id, position, tool, arguments, result) VALUES ($tenant, $capture, 'p1', 0, 'add_purchase', '{}', '{}') RETURNING capture_id`},
		{"ai_usage", `INSERT INTO ai_usage (tenant_id, month, total_tokens) VALUES ($tenant, date_trunc('month', now())::date, 15) RETURNING tenant_id`},
		{"store_alias", `INSERT INTO store_aliases (tenant_id, supplier_id, raw_key, raw_text, product_id) VALUES ($tenant, $supplier, 'ks org ap flr', 'KS ORG AP FLR', $product) RETURNING supplier_id`},
		{"capture_key", `INSERT INTO capture_create_keys (tenant_id, key, capture_id) VALUES ($tenant, 'seed-key', $capture) RETURNING capture_id`},
		{"barcode_review", `INSERT INTO barcode_reviews (tenant_id, import_id, kind, raw_barcode, payload, status, resolved_product_id, resolved_at) VALUES ($tenant, $import, 'purchase', '016000196100', '{}', 'mapped', $product, now()) RETURNING id`},
		{"invitation", `INSERT INTO invitations (tenant_id, secret_hash, role, created_by, expires_at) VALUES ($tenant, sha256('x'), 'member', $user, now() + interval '7 days') RETURNING id`},
	}
	for _, st := range steps {
		sql, args := bindNames(st.sql, ids)
		var id uuid.UUID
		if err := tx.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			return fmt.Errorf("seed %s: %w", st.name, err)
		}
		ids[st.name] = id
	}
	return nil
}

// bindNames turns $name placeholders into $N arguments taken from ids.
func bindNames(sql string, ids map[string]uuid.UUID) (string, []any) {
	var args []any
	seen := map[string]int{}
	out := namedParam.ReplaceAllStringFunc(sql, func(m string) string {
		name := m[1:]
		n, ok := seen[name]
		if !ok {
			args = append(args, ids[name])
			n = len(args)
			seen[name] = n
		}
		return fmt.Sprintf("$%d", n)
	})
	return out, args
}

var namedParam = regexp.MustCompile(`\$[a-z_]+\b`)
