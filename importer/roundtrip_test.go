package importer_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// normalizeExport drops what may differ between two exports of the same
// data: the export time.
func normalizeExport(t *testing.T, b []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	delete(doc, "exported_at")
	if adj, ok := doc["inventory_adjustments"].([]any); ok {
		for _, a := range adj {
			delete(a.(map[string]any), "created_at")
		}
	}
	out, _ := json.MarshalIndent(doc, "", " ")
	return out
}

// roundTrip imports doc into a tenant, exports it, imports the export into
// a fresh tenant and exports again: the two exports must be equal, and a
// re-import of the export into the second tenant must match everything.
func roundTrip(t *testing.T, doc []byte) (first, second []byte) {
	t.Helper()
	a := newEnv(t)
	a.importJSON(doc, importer.Options{})
	return roundTripFrom(t, a)
}

// roundTripFrom is roundTrip from a tenant already holding data.
func roundTripFrom(t *testing.T, a *env) (first, second []byte) {
	t.Helper()
	first = a.export()
	b := newEnv(t)
	rep := b.importJSON(first, importer.Options{})
	for name, s := range rep.Sections {
		if s.Rejected != 0 {
			t.Errorf("re-importing the export rejected %d %s", s.Rejected, name)
		}
	}
	second = b.export()
	n1, n2 := normalizeExport(t, first), normalizeExport(t, second)
	if !bytes.Equal(n1, n2) {
		t.Errorf("export → import → export changed the data:\n%s", diffLines(string(n1), string(n2)))
	}
	again := b.importJSON(first, importer.Options{})
	for name, s := range again.Sections {
		if s.Created != 0 || s.Archived != 0 || s.Rejected != 0 {
			t.Errorf("importing the export twice: section %s %+v, want all matched", name, *s)
		}
	}
	// The export read back into the tenant it came from is all known there.
	home := a.importJSON(first, importer.Options{})
	for name, s := range home.Sections {
		if s.Created != 0 || s.Archived != 0 || s.Rejected != 0 {
			t.Errorf("importing the export into its own tenant: section %s %+v, want all matched", name, *s)
		}
	}
	return first, second
}

// diffLines shows the first lines where a and b differ.
func diffLines(a, b string) string {
	al, bl := bytes.Split([]byte(a), []byte("\n")), bytes.Split([]byte(b), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y []byte
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if !bytes.Equal(x, y) {
			out.WriteString("line " + itoa(i) + ":\n  - " + string(x) + "\n  + " + string(y) + "\n")
			if shown++; shown > 12 {
				break
			}
		}
	}
	return out.String()
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestRoundTripSharedSamples(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"desktop-sample_data_min.json", "desktop-sample_data_min_transformed.json", "desktop-new_recipes_import.json"} {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			roundTrip(t, sharedTestdata(t, f))
		})
	}
}

// TestRoundTripEverything fills every table the export writes — purchases
// linked to lots, phone purchases and their lots, an inventory correction,
// queued scans, aliases, event recipes — and round-trips it.
func TestRoundTripEverything(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	doc := fullBackup("")
	doc["products"] = append(doc["products"].(list), obj{"id": 77, "ingredient_slug": "flour_bread", "brand": "Gold Medal",
		"package_unit": "lb", "package_unit_quantity": 5, "upc_code": "016000196100"})
	doc["purchases"] = list{
		obj{"id": 1, "uuid": "p-1", "product_id": 77, "supplier_id": 2, "purchase_date": "2025-12-20", "quantity_purchased": 2, "unit_price": "4.4900", "notes": "receipt 123"},
		obj{"product_slug": "lemon_extract:McCormick:1:fl oz", "supplier_slug": "wegmans_burlington_ma", "purchase_date": "2025-12-22", "quantity_purchased": 1, "unit_price": 3.99},
	}
	doc["inventory_items"] = append(doc["inventory_items"].(list),
		obj{"product_id": 77, "purchase_id": 1, "quantity": 5, "unit_cost": "0.898", "expiration_date": "2026-06-01", "lot_or_batch": "L42"},
		obj{"product_id": 77, "purchase_id": 1, "quantity": 5, "unit_cost": "0.898"})
	doc["event_recipes"] = list{obj{"event_name": "Christmas 2026", "recipe_slug": "marble-fruit-cake", "batches": 2, "servings_per_guest": 1.5}}
	doc["recipes"] = append(doc["recipes"].(list), obj{"slug": "cookie-box", "name": "Cookie Box", "category": "Boxes",
		"components":     list{obj{"component_recipe_slug": "toasted-almond-sabl-s", "quantity": 2, "notes": "two batches"}},
		"finished_units": list{obj{"slug": "cookie-box-each", "name": "Box", "yield_mode": "weight", "unit_yield_quantity": 1, "unit_yield_unit": "box"}}})
	a.importJSON(doc, importer.Options{})
	a.importJSON(phonePurchases(
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": 7.99, "quantity_purchased": 1.5},
		obj{"upc": "999999999999", "scanned_at": "2026-01-06T14:18:00Z", "unit_price": 3.49, "quantity_purchased": 1.0}), importer.Options{})
	a.importJSON(obj{"schema_version": "4.0", "import_type": "inventory_updates", "inventory_updates": list{
		obj{"upc": "016000196100", "remaining_percentage": 50, "notes": "half"}}}, importer.Options{})
	for table, min := range map[string]int{"purchases": 3, "pantry_items": 13, "inventory_adjustments": 1, "barcode_reviews": 1,
		"ingredient_aliases": 1, "event_recipes": 1, "recipe_components": 1, "finished_units": 1} {
		if n := a.count("SELECT count(*) FROM " + table); n < min {
			t.Fatalf("%s: %d rows before the round trip, want at least %d", table, n, min)
		}
	}
	first, _ := roundTripFrom(t, a)
	if !bytes.Contains(first, []byte(`"servings_per_guest": 1.5`)) {
		t.Errorf("the export lost the event recipe's own servings per guest")
	}
	secs := listSections(t, first)
	for _, s := range []string{"purchases", "inventory_adjustments", "barcode_reviews", "ingredient_aliases", "event_recipes"} {
		if secs[s] == 0 {
			t.Errorf("export has no %s", s)
		}
	}
}
