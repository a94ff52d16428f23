package tools_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

// referenceArgs are the argument names through which a tool reaches an
// existing record. Every tool taking one must have a case below.
var referenceArgs = []string{"id", "event_id", "recipe_id", "pantry_item_id", "review_id", "ingredient", "product", "recipe", "parent", "base_recipe",
	"finished_unit", "finished_good", "package", "recipient", "material"} //nolint:gochecknoglobals // a test table

// TestOtherTenantsRecordsAreNotFound gives tenant A the ids of tenant B's
// records, through every tool that takes a reference: each answers
// not_found, exactly as for an id that does not exist, and B's records are
// unchanged afterwards. A new tool with a reference argument fails this test
// until it has a case.
func TestOtherTenantsRecordsAreNotFound(t *testing.T) {
	t.Parallel()
	a, b := newEnv(t), newEnv(t)

	// Tenant B's records, made through the real write paths.
	ing := call[map[string]any](t, b.Client, "create_ingredient", map[string]any{"name": "Isolation Flour", "default_unit": "g"})["id"].(string)
	prod := call[map[string]any](t, b.Client, "create_product", map[string]any{
		"ingredient": ing, "brand": "Bee", "package_unit": "lb", "package_unit_quantity": 5})["id"].(string)
	bought := call[map[string]any](t, b.Client, "add_purchase", map[string]any{
		"item_name": "Isolation Flour", "quantity": 5, "unit": "lb", "price": 4, "store": "Bee Market"})
	lot := bought["pantry_item_ids"].([]any)[0].(string)
	rec := call[map[string]any](t, b.Client, "create_recipe", map[string]any{
		"name": "Isolation Cake", "lines": []any{map[string]any{"ingredient": ing, "quantity": 2, "unit": "cup"}}})["id"].(string)
	ev := call[map[string]any](t, b.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Isolation Party", "event_date": "2026-12-24", "guest_count": 10, "recipe_names": []any{"Isolation Cake"}})["event_id"].(string)
	scans := `{"schema_version": "4.0", "import_type": "purchases",
		"purchases": [{"upc": "4006381333931", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": 2.5, "quantity_purchased": 1}]}`
	if _, err := importer.New(dbtest.Store(t), nil).Import(t.Context(), b.ID.TenantID, []byte(scans), importer.Options{}); err != nil {
		t.Fatal(err)
	}
	reviews := call[map[string]any](t, b.Client, "list_barcode_reviews", map[string]any{})["reviews"].([]any)
	if len(reviews) != 1 {
		t.Fatalf("tenant B has %d reviews, want 1", len(reviews))
	}
	review := reviews[0].(map[string]any)["id"].(string)

	// Tenant B's plan-to-gift-box records.
	baked := call[map[string]any](t, b.Client, "create_recipe", map[string]any{
		"name": "Isolation Cookies", "lines": []any{map[string]any{"ingredient": ing, "quantity": 1, "unit": "cup"}},
		"yields": []any{map[string]any{"display_name": "Isolation Cookie", "items_per_batch": 24}}})
	bakedID := baked["id"].(string)
	unit := call[map[string]any](t, b.Client, "list_finished_units", map[string]any{"recipe": bakedID})["finished_units"].([]any)[0].(map[string]any)["id"].(string)
	material := call[map[string]any](t, b.Client, "create_material", map[string]any{"name": "Isolation Box"})["id"].(string)
	good := call[map[string]any](t, b.Client, "create_finished_good", map[string]any{"name": "Isolation Tin",
		"components": []any{map[string]any{"finished_unit": unit, "quantity": 6}, map[string]any{"material": material, "quantity": 1}}})["id"].(string)
	pkg := call[map[string]any](t, b.Client, "create_package", map[string]any{"name": "Isolation Gift",
		"contents": []any{map[string]any{"finished_good": good, "quantity": 1}}})["id"].(string)
	recipient := call[map[string]any](t, b.Client, "create_recipient", map[string]any{"name": "Isolation Aunt"})["id"].(string)
	erp := call[map[string]any](t, b.Client, "assign_package", map[string]any{"event_id": ev, "recipient": recipient, "package": pkg})["id"].(string)
	// Tenant A's own event, so references other than the event are tried too.
	evA := call[map[string]any](t, a.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Own Party", "event_date": "2026-12-24", "recipe_names": []any{}})["event_id"].(string)

	snapshot := func() map[string]any {
		return map[string]any{
			"ingredient": call[map[string]any](t, b.Client, "get_ingredient", map[string]any{"id": ing}),
			"product":    call[map[string]any](t, b.Client, "get_product", map[string]any{"id": prod}),
			"recipe":     call[map[string]any](t, b.Client, "get_recipe", map[string]any{"id": rec}),
			"event":      call[map[string]any](t, b.Client, "get_event", map[string]any{"event_id": ev}),
			"pantry":     call[map[string]any](t, b.Client, "list_pantry", map[string]any{}),
			"reviews":    call[map[string]any](t, b.Client, "list_barcode_reviews", map[string]any{}),
			"units":      call[map[string]any](t, b.Client, "list_finished_units", map[string]any{}),
			"goods":      call[map[string]any](t, b.Client, "list_finished_goods", map[string]any{}),
			"packages":   call[map[string]any](t, b.Client, "list_packages", map[string]any{}),
			"materials":  call[map[string]any](t, b.Client, "list_materials", map[string]any{}),
			"progress":   call[map[string]any](t, b.Client, "event_progress", map[string]any{"event_id": ev}),
		}
	}
	before := snapshot()

	cases := map[string]map[string]any{
		"get_ingredient":           {"id": ing},
		"update_ingredient":        {"id": ing, "notes": "mine now"},
		"delete_ingredient":        {"id": ing},
		"create_ingredient":        {"name": "Stolen Child", "parent": ing},
		"get_product":              {"id": prod},
		"update_product":           {"id": prod, "notes": "mine now"},
		"create_product":           {"ingredient": ing, "package_unit": "g", "package_unit_quantity": 1},
		"list_products":            {"ingredient": ing},
		"list_purchases":           {"product": prod},
		"list_pantry":              {"ingredient": ing},
		"get_stock":                {"ingredient": ing},
		"record_usage":             {"ingredient": ing, "quantity": 1, "unit": "g"},
		"adjust_inventory":         {"pantry_item_id": lot, "percentage_remaining": 10},
		"get_recipe":               {"id": rec},
		"update_recipe":            {"id": rec, "notes": "mine now"},
		"recipe_cost":              {"recipe_id": rec},
		"create_recipe":            {"name": "Stolen Variant", "base_recipe": rec, "variant_name": "Mine", "lines": []any{}},
		"get_event":                {"event_id": ev},
		"update_event":             {"event_id": ev, "notes": "mine now"},
		"shopping_list":            {"event_id": ev},
		"add_event_recipe":         {"event_id": ev, "recipe": rec},
		"remove_event_recipe":      {"event_id": ev, "recipe": rec},
		"resolve_barcode_review":   {"review_id": review, "action": "skip"},
		"adopt_density":            {"ingredient": ing, "entry": "flour_all_purpose_spooned"},
		"bakers_percentages":       {"recipe_id": rec},
		"scale_recipe":             {"recipe_id": rec, "factor": 2},
		"recipe_label":             {"recipe_id": rec},
		"finished_good_label":      {"finished_good": good},
		"finished_good_cost":       {"finished_good": good},
		"event_cost":               {"event_id": ev},
		"list_finished_units":      {"recipe": bakedID},
		"create_finished_good":     {"name": "Stolen Tin", "components": []any{map[string]any{"finished_unit": unit, "quantity": 1}}},
		"update_finished_good":     {"id": good, "components": []any{map[string]any{"finished_unit": unit, "quantity": 1}}},
		"create_package":           {"name": "Stolen Gift", "contents": []any{map[string]any{"finished_good": good, "quantity": 1}}},
		"get_package":              {"id": pkg},
		"assign_package":           {"event_id": evA, "recipient": recipient, "package": pkg},
		"set_package_status":       {"id": erp, "status": "delivered"},
		"set_assembly_target":      {"event_id": evA, "finished_good": good, "quantity": 1},
		"set_production_target":    {"event_id": evA, "recipe": rec, "batches": 1},
		"plan_event":               {"event_id": ev},
		"record_production":        {"recipe": bakedID, "batches": 1},
		"record_assembly":          {"finished_good": good, "quantity": 1},
		"event_progress":           {"event_id": ev},
		"record_material_purchase": {"material": material, "packages": 1, "per_package": 1},
	}

	for _, st := range tools.All() {
		schema, _ := st.Tool.InputSchema.(*jsonschema.Schema)
		takesRef := false
		for _, arg := range referenceArgs {
			if _, ok := schema.Properties[arg]; ok {
				takesRef = true
			}
		}
		if _, ok := cases[st.Tool.Name]; takesRef && !ok {
			t.Errorf("%s takes a reference to a record: add a case giving it another tenant's id", st.Tool.Name)
		}
	}
	for name, args := range cases {
		got := callErr(t, a.Client, name, args)
		if got.Code != "not_found" {
			t.Errorf("%s with tenant B's records: %s %q (field %q), want not_found", name, got.Code, got.Message, got.Field)
		}
	}

	if after := snapshot(); !reflect.DeepEqual(before, after) {
		b1, _ := json.Marshal(before)
		b2, _ := json.Marshal(after)
		t.Errorf("tenant B's records changed:\nbefore %s\nafter  %s", b1, b2)
	}
}
