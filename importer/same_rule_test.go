package importer_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

// The same action through the importer and through a tool must leave the
// same rows: each rule has one implementation in package tools. Every test
// here does the action both ways in two fresh tenants (or both ways in one,
// for the placeholder) and compares what the database holds, ignoring ids
// and timestamps.

func (e *env) tools() (*tools.Tools, identity.Identity) {
	return tools.New(e.store, nil), identity.Identity{TenantID: e.tenant, UserID: e.owner, Role: "owner"}
}

// rows is one text line per row of sql, in its ORDER BY.
func (e *env) rows(sql string) string {
	e.t.Helper()
	var s *string
	e.scalar(`SELECT string_agg(r, E'\n') FROM (`+sql+`) AS x(r)`, nil, &s)
	if s == nil {
		return ""
	}
	return *s
}

const (
	purchaseRows = `SELECT p.purchase_date::text || ' ' || p.quantity_purchased::text || '@' || coalesce(p.unit_price::text, 'null') ||
		' from ' || s.slug || ' (' || s.name || ', ' || s.supplier_type || ')'
		FROM purchases p JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.supplier_id ORDER BY p.purchase_date`
	lotRows = `SELECT pi.ordinal::text || ': ' || pi.initial_quantity::text || '/' || pi.quantity::text || ' @' || coalesce(pi.unit_cost::text, 'null') ||
		' ' || pi.source || ' ' || pi.purchase_date::text || ' linked=' || (pi.purchase_id IS NOT NULL)::text
		FROM pantry_items pi ORDER BY pi.purchase_date, pi.ordinal`
	adjustmentRows = `SELECT reason || ' ' || quantity_change::text || ' -> ' || quantity_after::text || ' at ' ||
		coalesce(percentage_remaining::text, 'null') || '% cost ' || coalesce(cost::text, 'null')
		FROM inventory_adjustments ORDER BY quantity_after`
)

func sameRows(t *testing.T, what, viaImport, viaTool, want string) {
	t.Helper()
	if viaImport != viaTool {
		t.Errorf("%s differ:\nimporter:\n%s\ntool:\n%s", what, viaImport, viaTool)
	}
	if viaImport != want {
		t.Errorf("%s:\n%s\nwant:\n%s", what, viaImport, want)
	}
}

func TestSameRulePhonePurchaseAndAddPurchase(t *testing.T) {
	t.Parallel()
	phone, tool := newEnv(t), newEnv(t)
	for _, e := range []*env{phone, tool} {
		e.importJSON(backup(obj{"products": list{flourProduct}}), importer.Options{})
	}
	phone.importJSON(phonePurchases(obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": "7.99", "quantity_purchased": 2.5}),
		importer.Options{})
	tt, id := tool.tools()
	// The same 2.5 bags at 7.99 each, said the tool's way: a total price.
	if _, err := tt.AddPurchase(t.Context(), id, tools.AddPurchaseInput{
		ItemName: "Gold Medal all-purpose flour", GTIN: "016000196100", Quantity: decimal.RequireFromString("2.5"), Unit: "bag",
		Price: decimal.RequireFromString("19.975"), Store: "Costco", PurchaseDate: "2026-01-06",
	}); err != nil {
		t.Fatalf("add_purchase: %v", err)
	}
	sameRows(t, "purchases", phone.rows(purchaseRows), tool.rows(purchaseRows),
		"2026-01-06 2.5000@7.9900 from costco (Costco, physical)")
	sameRows(t, "lots", phone.rows(lotRows), tool.rows(lotRows), strings.Join([]string{
		"0: 5.0000/5.0000 @1.598000 purchase 2026-01-06 linked=true",
		"1: 5.0000/5.0000 @1.598000 purchase 2026-01-06 linked=true",
		"2: 2.5000/2.5000 @1.598000 purchase 2026-01-06 linked=true",
	}, "\n"))
}

// A lot imported partial (3 lb left of a 5 lb bag, so initial 3) scanned at
// 40 % holds 40 % of the bag, 2 lb, whichever door says so; adjust_inventory
// used to take 40 % of the 3 lb.
func TestSameRulePhoneInventoryAndAdjustInventory(t *testing.T) {
	t.Parallel()
	phone, tool := newEnv(t), newEnv(t)
	for _, e := range []*env{phone, tool} {
		e.importJSON(backup(obj{"products": list{flourProduct}, "inventory_items": list{
			obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5,
				"quantity": 3, "purchase_date": "2025-12-01", "unit_cost": 1.5},
		}}), importer.Options{})
	}
	before := "0: 3.0000/3.0000 @1.500000 initial 2025-12-01 linked=false"
	sameRows(t, "lots before", phone.rows(lotRows), tool.rows(lotRows), before)

	phone.importJSON(obj{"schema_version": "4.0", "import_type": "inventory_updates", "created_at": "2026-01-06T15:00:00Z", "inventory_updates": list{
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:55:00Z", "remaining_percentage": 40},
	}}, importer.Options{})
	tt, id := tool.tools()
	var lotID string
	tool.scalar(`SELECT id::text FROM pantry_items`, nil, &lotID)
	if _, err := tt.AdjustInventory(t.Context(), id, tools.AdjustInventoryInput{
		PantryItemID: lotID, PercentageRemaining: decimal.NewFromInt(40),
	}); err != nil {
		t.Fatalf("adjust_inventory: %v", err)
	}
	sameRows(t, "lots", phone.rows(lotRows), tool.rows(lotRows), "0: 3.0000/2.0000 @1.500000 initial 2025-12-01 linked=false")
	sameRows(t, "adjustments", phone.rows(adjustmentRows), tool.rows(adjustmentRows), "correction -1.0000 -> 2.0000 at 40.0000% cost 1.5000")
}

// The placeholder supplier is one row whoever makes or finds it first: a
// file's "Unknown" (slug not the tools' unknown_unknown_xx) then a
// store-less add_purchase, and the other way round. Both doors store it
// alike (state XX, no zip).
func TestSameRulePlaceholderSupplier(t *testing.T) {
	t.Parallel()
	const placeholders = `SELECT slug || ' ' || name || ' ' || supplier_type || ' ' || coalesce(city, '-') || ' ' || coalesce(state, '-') || ' ' ||
		coalesce(zip_code, '-') || ' ' || is_placeholder::text FROM suppliers WHERE name_key = 'unknown' OR is_placeholder ORDER BY slug`
	buy := func(e *env) {
		t.Helper()
		tt, id := e.tools()
		out, err := tt.AddPurchase(t.Context(), id, tools.AddPurchaseInput{
			ItemName: "Gold Medal all-purpose flour", GTIN: "016000196100", Quantity: decimal.NewFromInt(1), Unit: "bag",
			Price: decimal.RequireFromString("4.99"), PurchaseDate: "2026-01-06",
		})
		if err != nil {
			t.Fatalf("add_purchase: %v", err)
		}
		if out.Supplier != "Unknown" {
			t.Errorf("store-less purchase went to %q", out.Supplier)
		}
	}
	fileFirst := newEnv(t)
	fileFirst.importJSON(backup(obj{
		"suppliers": list{obj{"id": 1, "name": "Unknown", "slug": "unknown", "city": "Unknown", "state": "XX", "zip_code": "00000"}},
		"products":  list{flourProduct},
	}), importer.Options{})
	buy(fileFirst)
	if got := fileFirst.rows(placeholders); got != "unknown Unknown physical Unknown XX - true" {
		t.Errorf("file first: placeholder suppliers\n%s\nwant the file's one", got)
	}

	toolFirst := newEnv(t)
	toolFirst.importJSON(backup(obj{"products": list{flourProduct}}), importer.Options{})
	buy(toolFirst)
	toolFirst.importJSON(backup(obj{"purchases": list{
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5,
			"purchase_date": "2026-01-07", "quantity_purchased": 1, "unit_price": 4.99},
	}}), importer.Options{})
	if got := toolFirst.rows(placeholders); got != "unknown_unknown_xx Unknown physical Unknown XX - true" {
		t.Errorf("tool first: placeholder suppliers\n%s\nwant one", got)
	}
	if n := toolFirst.count(`SELECT count(DISTINCT supplier_id) FROM purchases`); n != 1 {
		t.Errorf("the two store-less purchases use %d suppliers, want the one placeholder", n)
	}
}

// A generated slug that clashes gets the same suffix from the importer and
// from create_ingredient: the file's "brown_sugar" is another ingredient.
func TestSameRuleClashingSlugs(t *testing.T) {
	t.Parallel()
	viaFile, viaTool := newEnv(t), newEnv(t)
	for _, e := range []*env{viaFile, viaTool} {
		e.importJSON(backup(obj{"ingredients": list{obj{"slug": "brown_sugar", "display_name": "Cassonade", "hierarchy_level": 2}}}), importer.Options{})
	}
	viaFile.importJSON(backup(obj{"ingredients": list{obj{"display_name": "Brown Sugar", "hierarchy_level": 2}}}), importer.Options{})
	tt, id := viaTool.tools()
	if _, err := tt.CreateIngredient(t.Context(), id, tools.CreateIngredientInput{Name: "Brown Sugar", Category: "Sugars"}); err != nil {
		t.Fatalf("create_ingredient: %v", err)
	}
	const slugs = `SELECT slug || ' ' || display_name FROM ingredients WHERE display_name IN ('Cassonade', 'Brown Sugar') ORDER BY slug`
	sameRows(t, "ingredient slugs", viaFile.rows(slugs), viaTool.rows(slugs), "brown_sugar Cassonade\nbrown_sugar_1 Brown Sugar")
}
