package importer_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// Regression tests for the second review's findings (items numbered as in
// the review).

var fixIngredients = list{
	obj{"slug": "flour", "display_name": "Flour", "hierarchy_level": 0},
	obj{"slug": "flour_all_purpose", "display_name": "All-purpose flour", "hierarchy_level": 1, "parent_slug": "flour"},
}

// Item 1 (H6, H20): a recipe under another slug but the same name is the
// same recipe; the file's line notes fill the stored lines that lack them;
// a differing version is kept in extra.import_variants.
func TestFixRecipeMatchedByNameKeepsFileData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	line := obj{"ingredient_slug": "flour_all_purpose", "quantity": 2, "unit": "cup"}
	e.importJSON(backup(obj{"ingredients": fixIngredients, "recipes": list{
		obj{"slug": "toasted-almond-sabl-s", "name": "Toasted Almond Sablés", "category": "Cookies", "ingredients": list{line}},
	}}), importer.Options{})
	catalog := obj{"version": "1.0", "recipes": list{obj{"slug": "toasted-almond-sables", "name": "Toasted Almond Sablés",
		"ingredients": list{obj{"ingredient_name": "All-purpose flour", "quantity": 2.0, "unit": "cup", "notes": "sifted"}}}}}
	rep := e.importJSON(catalog, importer.Options{})
	if n := e.count(`SELECT count(*) FROM recipes`); n != 1 {
		t.Fatalf("%d recipes, want 1 (the renamed slug is the same recipe)", n)
	}
	var prev, notes *string
	e.scalar(`SELECT previous_slug FROM recipes`, nil, &prev)
	e.scalar(`SELECT notes FROM recipe_ingredients`, nil, &notes)
	if deref(prev) != "toasted-almond-sables" {
		t.Errorf("previous_slug %q, want the file's slug as an alias", deref(prev))
	}
	if deref(notes) != "sifted" {
		t.Errorf("line notes %q, want sifted from the catalog", deref(notes))
	}
	if !warned(rep, "recipes", "toasted-almond-sables", "alias") || !warned(rep, "recipes", "notes were added") {
		t.Errorf("warnings %v", rep.Warnings)
	}
	// A differing version (3 cups) is matched by the alias and kept.
	diff := obj{"recipes": list{obj{"slug": "toasted-almond-sables", "name": "Toasted Almond Sablés", "category": "Cookies",
		"ingredients": list{obj{"ingredient_slug": "flour_all_purpose", "quantity": 3, "unit": "cup"}}}}}
	rep = e.importJSON(backup(diff), importer.Options{})
	if s := rep.Sections["recipes"]; s.Matched != 1 {
		t.Errorf("recipes %+v, want matched", *s)
	}
	if n := e.count(`SELECT count(*) FROM recipes r, jsonb_each(r.extra->'import_variants') v WHERE v.value->'ingredients'->0->>'quantity' = '3'`); n != 1 {
		t.Errorf("%d variants with quantity 3, want 1", n)
	}
	if !warned(rep, "recipes", "import_variants") {
		t.Errorf("no variant warning: %v", rep.Warnings)
	}
	// The same differing file again stores nothing new.
	e.importJSON(backup(diff), importer.Options{})
	if n := e.count(`SELECT count(*) FROM recipes r, jsonb_each(r.extra->'import_variants') v`); n != 1 {
		t.Errorf("%d variants after a repeat, want 1", n)
	}
	// A fourth slug for the recipe, by name, goes to extra.slug_aliases.
	e.importJSON(backup(obj{"recipes": list{obj{"slug": "sables-2", "name": "Toasted Almond Sablés", "category": "Cookies",
		"ingredients": list{line}}}}), importer.Options{})
	if n := e.count(`SELECT count(*) FROM recipes WHERE extra->'slug_aliases' ? 'sables-2'`); n != 1 {
		t.Errorf("sables-2 not kept as an alias")
	}
	if n := e.count(`SELECT count(*) FROM recipes`); n != 1 {
		t.Errorf("%d recipes, want 1", n)
	}
}

// Item 2: a second record with the same key in one file is archived with a
// warning naming both, never matched to the row this run created.
func TestFixDuplicateKeysInOneFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := backup(obj{
		"ingredients": append(list{}, append(fixIngredients, obj{"slug": "flour", "display_name": "Flour again", "description": "dup"})...),
		"recipes": list{
			obj{"slug": "scones", "name": "Scones", "notes": "first"},
			obj{"slug": "scones", "name": "Scones", "notes": "second",
				"finished_units": list{obj{"slug": "scone-each", "name": "Scone", "yield_mode": "discrete_count", "unit_yield_quantity": 8}}},
		},
		"events": list{
			obj{"name": "Fair", "event_date": "2026-05-01"},
			obj{"name": "Fair", "event_date": "2026-06-01", "notes": "second"},
		},
		"products": list{
			obj{"ingredient_slug": "flour_all_purpose", "brand": "KA", "package_unit": "lb", "package_unit_quantity": 5, "upc_code": "071012107018"},
			obj{"ingredient_slug": "flour_all_purpose", "brand": "KA", "package_unit": "lb", "package_unit_quantity": 5.0, "notes": "other"},
		},
		"suppliers": list{obj{"slug": "costco", "name": "Costco"}, obj{"slug": "costco", "name": "Costco 2"}},
		"materials": list{obj{"slug": "box", "display_name": "Box"}, obj{"slug": "box", "display_name": "Box B"}},
	})
	rep := e.importJSON(doc, importer.Options{})
	for _, s := range []string{"ingredients", "recipes", "events", "products", "suppliers", "materials"} {
		if got := rep.Sections[s]; got.Archived != 1 || got.Matched != 0 {
			t.Errorf("%s: %+v, want one archived and none matched", s, *got)
		}
		if n := e.count(`SELECT count(*) FROM import_archive WHERE section = $1`, s); n != 1 {
			t.Errorf("%s: %d archived rows, want 1", s, n)
		}
		if !warned(rep, s, "same key as "+s+"[0]") {
			t.Errorf("%s: no warning naming the first record: %v", s, rep.Warnings)
		}
	}
	var notes string
	e.scalar(`SELECT payload->>'notes' FROM import_archive WHERE section = 'recipes'`, nil, &notes)
	if notes != "second" {
		t.Errorf("archived recipe notes %q, want second", notes)
	}
	// Export writes the archived duplicate back in its section.
	if out := string(e.export()); !strings.Contains(out, `"second"`) || !strings.Contains(out, `"other"`) {
		t.Errorf("export lost the duplicates")
	}
	// Importing the same file again creates and archives nothing new.
	before := e.counts()
	e.importJSON(doc, importer.Options{})
	after := e.counts()
	for k, v := range before {
		if k != "import_runs" && after[k] != v {
			t.Errorf("%s: %d rows after a repeat, want %d", k, after[k], v)
		}
	}
}

// Item 3 (and 8): re-importing a phone adjustments file applies nothing
// again, even when two records are identical (their sum matched nothing
// before); each adjustment keeps its ordinal, unknown fields and time.
func TestFixMobileAdjustmentsReimport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}, "inventory_items": list{
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 5, "purchase_date": "2025-12-20"},
	}}), importer.Options{})
	doc := obj{"schema_version": "4.0", "import_type": "adjustments", "created_at": "2026-01-06T10:00:00Z", "adjustments": list{
		obj{"product_slug": "flour_all_purpose:Gold Medal:5.0:lb", "adjusted_at": "2026-01-06T09:30:00Z", "quantity": -1, "reason_code": "spoilage", "device_note": "shelf 2"},
		obj{"product_slug": "flour_all_purpose:Gold Medal:5.0:lb", "adjusted_at": "2026-01-06T09:30:00Z", "quantity": -1, "reason_code": "spoilage", "device_note": "shelf 2"},
	}}
	rep := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := rep.Sections["adjustments"]; s.Created != 2 {
		t.Fatalf("adjustments %+v, want 2 applied", *s)
	}
	again := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := again.Sections["adjustments"]; s.Matched != 2 || s.Created != 0 {
		t.Errorf("re-import %+v, want both matched", *s)
	}
	// A copy of the file with only its created_at changed is the same file.
	doc["created_at"] = "2026-01-07T08:00:00Z"
	e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	var qty string
	e.scalar(`SELECT quantity::text FROM pantry_items`, nil, &qty)
	if qty != "3.0000" {
		t.Errorf("lot holds %s after re-imports, want 3.0000", qty)
	}
	if n := e.count(`SELECT count(*) FROM inventory_adjustments WHERE extra->>'device_note' = 'shelf 2' AND extra ? 'ordinal'
		AND occurred_at = '2026-01-06T09:30:00Z'`); n != 2 {
		t.Errorf("%d adjustments keep device_note, ordinal and adjusted_at, want 2", n)
	}
}

// Item 5: a desktop re-export of unchanged data (only exported_at changed)
// matches every lot and purchase instead of duplicating them.
func TestFixReexportOnlyTimestampChanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lot := obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 5, "purchase_date": "2025-12-20"}
	doc := backup(obj{"products": list{flourProduct}, "inventory_items": list{lot, lot}})
	e.importJSON(doc, importer.Options{})
	doc["exported_at"] = "2026-02-01T00:00:00Z"
	doc["transformed_at"] = "2026-02-01"
	rep := e.importJSON(doc, importer.Options{})
	if s := rep.Sections["inventory_items"]; s.Matched != 2 || s.Created != 0 {
		t.Errorf("inventory_items %+v, want both matched", *s)
	}
	if n := e.count(`SELECT count(*) FROM pantry_items`); n != 2 {
		t.Errorf("%d lots, want 2", n)
	}
	if n := e.count(`SELECT count(DISTINCT sha256) FROM import_runs`); n != 2 {
		t.Errorf("%d distinct raw sha256, want 2 (the original bytes are still hashed)", n)
	}
}

// Item 10: a top-level key of several KB is archived under a bounded
// section name and exported back under its full key; a number too large for
// its column rejects that record only.
func TestFixLongSectionAndHugeNumber(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	long := strings.Repeat("k", 4000)
	doc := backup(obj{long: list{obj{"a": 1}}, "long_value_" + long: "x",
		"products": list{
			flourProduct,
			obj{"ingredient_slug": "flour_all_purpose", "brand": "Big", "package_unit": "lb", "package_unit_quantity": 1e12},
		}})
	rep := e.importJSON(doc, importer.Options{})
	if s := rep.Sections["products"]; s.Created != 1 || s.Rejected != 1 {
		t.Errorf("products %+v, want the huge one rejected alone", *s)
	}
	if !warned(rep, "products", "too large") {
		t.Errorf("no warning for the huge number: %v", rep.Warnings)
	}
	if s := rep.Sections[long]; s == nil || s.Archived != 1 {
		t.Errorf("long section not archived: %+v", rep.Sections)
	}
	if n := e.count(`SELECT max(length(section)) FROM import_archive`); n > 200 {
		t.Errorf("section name of %d bytes stored", n)
	}
	out := e.export()
	if !strings.Contains(string(out), `"`+long+`":[{"a":1}]`) && !strings.Contains(string(out), `"`+long+`": [`) {
		t.Errorf("export lost the long key")
	}
	again := e.importJSON(out, importer.Options{})
	if s := again.Sections[long]; s == nil || s.Matched != 1 {
		t.Errorf("re-import of the export: %+v", again.Sections[long])
	}
}

// Item 11: an entity file's other lists and a phone file's header lists are
// archived and reported; a repeated top-level key refuses the file.
func TestFixOtherListsAndDuplicateKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(obj{"entity_type": "recipients", "records": list{obj{"name": "Mom"}}, "notes_list": list{"a", "b"}, "exported_at": "2026-01-01"},
		importer.Options{})
	if s := rep.Sections["notes_list"]; s == nil || s.Archived != 2 {
		t.Errorf("entity file's other list: %+v", rep.Sections)
	}
	if s := rep.Sections["recipients"]; s == nil || s.Created != 1 {
		t.Errorf("entity records: %+v", rep.Sections)
	}
	rep = e.importJSON(obj{"schema_version": "4.0", "import_type": "purchases", "supplier": list{"Costco", "BJs"}, "purchases": list{}},
		importer.Options{})
	if s := rep.Sections["supplier"]; s == nil || s.Archived != 2 {
		t.Errorf("phone header list: %+v", rep.Sections)
	}
	_, err := e.im.Import(t.Context(), e.tenant, []byte(`{"application": "bake-tracker", "recipes": [{"slug": "a", "name": "A"}], "recipes": []}`), importer.Options{})
	if !errors.Is(err, importer.ErrUnrecognised) || !strings.Contains(err.Error(), `"recipes" appears more than once`) {
		t.Errorf("duplicate key: %v", err)
	}
}

// Item 12: components with equal sort_order keep the file's order (unique
// positions); phone header values are namespaced in a purchase's extra so
// they cannot shadow the record's own keys.
func TestFixComponentOrderAndHeaderNamespace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	comps := list{}
	recipes := list{}
	for _, s := range []string{"d", "b", "c"} {
		recipes = append(recipes, obj{"slug": s, "name": strings.ToUpper(s)})
		comps = append(comps, obj{"component_recipe_slug": s, "quantity": 1, "sort_order": 1})
	}
	recipes = append(recipes, obj{"slug": "box", "name": "Box", "components": comps})
	e.importJSON(backup(obj{"recipes": recipes}), importer.Options{})
	var order string
	e.scalar(`SELECT string_agg(r.slug, ',' ORDER BY c.position) FROM recipe_components c JOIN recipes r ON r.tenant_id = c.tenant_id AND r.id = c.component_recipe_id`, nil, &order)
	if order != "d,b,c" {
		t.Errorf("component order %q, want the file's d,b,c", order)
	}
	if n := e.count(`SELECT count(DISTINCT position) FROM recipe_components`); n != 3 {
		t.Errorf("%d distinct positions, want 3", n)
	}

	e.importJSON(backup(obj{"products": list{flourProduct}}), importer.Options{})
	e.importJSON(obj{"schema_version": "4.0", "import_type": "purchases", "notes": "header notes", "purchases": list{
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": 7.99, "quantity_purchased": 1, "lot": "A1"}}},
		importer.Options{Kind: importer.KindMobile})
	if n := e.count(`SELECT count(*) FROM purchases WHERE extra @> '{"file_header": {"notes": "header notes"}, "lot": "A1"}' AND NOT extra ? 'notes'`); n != 1 {
		var extra string
		e.scalar(`SELECT extra::text FROM purchases`, nil, &extra)
		t.Errorf("purchase extra %s, want the header under file_header", extra)
	}
}

// Item 12: a modelled section given as an object is reported, archived and
// exported back under its key.
func TestFixNonListSectionRoundTrips(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"events": obj{"note": "not a list"}}), importer.Options{})
	if s := rep.Sections["events"]; s == nil || s.Archived != 1 {
		t.Errorf("events section %+v, want one archived value", rep.Sections["events"])
	}
	if out := string(e.export()); !strings.Contains(out, `"events": {`) && !strings.Contains(out, `"events":{`) {
		t.Errorf("export did not write the archived events value back")
	}
}

// Items 6 and 7: a second spelling, an unparseable value and a value the
// importer cannot use are kept in extra with a warning; text longer than
// its column is shortened with its full value in extra, which export
// writes back.
func TestFixUnreadValuesAndLongTextKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	longCat := strings.Repeat("Cookies and bars ", 10) // 170 characters
	rep := e.importJSON(backup(obj{
		"suppliers": list{obj{"id": 1, "slug": "shop", "name": "Shop", "city": "Boston", "state": "Massachusetts"}},
		"products": list{obj{"ingredient_slug": "flour_all_purpose", "brand": "KA", "package_unit": "lb", "package_unit_quantity": 5,
			"is_hidden": "sometimes", "package_type": list{"bag", "box"}, "notes": obj{"en": "dry"}, "preferred_supplier_id": 99}},
		"events":  list{obj{"slug": "fair", "name": "Fair", "event_date": "2026-05-01", "expected_attendees": "about 20"}},
		"recipes": list{obj{"slug": "bars", "name": "Bars", "notes": "N", "instructions": "I", "category": longCat}},
	}), importer.Options{})
	checks := []struct{ sql, want string }{
		{`SELECT extra->>'instructions' || '/' || notes FROM recipes`, "I/N"},
		{`SELECT extra->>'is_hidden' || '/' || is_hidden::text FROM products`, "sometimes/false"},
		{`SELECT (extra->'package_type')::text || '/' || coalesce(package_type, '-') FROM products`, `["bag", "box"]/-`},
		{`SELECT (extra->'notes')::text || '/' || coalesce(notes, '-') FROM products`, `{"en": "dry"}/-`},
		{`SELECT extra->>'preferred_supplier_id' FROM products`, "99"},
		{`SELECT extra->>'expected_attendees' FROM events`, "about 20"},
		{`SELECT extra->>'state' FROM suppliers`, "Massachusetts"},
		{`SELECT length(category)::text || '/' || (extra->>'category') FROM recipes`, "100/" + longCat},
	}
	for _, c := range checks {
		var got string
		e.scalar(c.sql, nil, &got)
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.sql, got, c.want)
		}
	}
	if !warned(rep, "recipes", "instructions (also given as notes)") || !warned(rep, "products", "is_hidden") ||
		!warned(rep, "recipes", "category longer than 100 characters") {
		t.Errorf("warnings %v", rep.Warnings)
	}
	out := e.export()
	if !strings.Contains(string(out), `"category": "`+longCat+`"`) && !strings.Contains(string(out), `"category":"`+longCat+`"`) {
		t.Errorf("export did not restore the full category")
	}
	// Re-importing the export matches the recipe without storing a variant.
	e.importJSON(out, importer.Options{})
	if n := e.count(`SELECT count(*) FROM recipes WHERE extra ? 'import_variants'`); n != 0 {
		t.Errorf("re-import of the export stored a variant")
	}
}

// Item 9: skipped sub-records of a recipe are kept in its extra and written
// back by export at their place, so they survive a round trip.
func TestFixSkippedSubRecordsRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := backup(obj{"ingredients": fixIngredients, "recipes": list{obj{"slug": "pie", "name": "Pie",
		"ingredients": list{
			obj{"ingredient_slug": "flour_all_purpose", "quantity": 0, "unit": "cup"},
			obj{"ingredient_slug": "flour_all_purpose", "quantity": 1, "unit": "cup"},
			obj{"quantity": 2, "unit": "cup"},
		},
		"components":     list{obj{"component_recipe_slug": "nowhere", "quantity": 1}},
		"finished_units": list{obj{"yield_mode": "discrete_count"}},
	}}})
	rep := e.importJSON(doc, importer.Options{})
	if !warned(rep, "recipes", "kept in the recipe's extra") {
		t.Errorf("warnings %v", rep.Warnings)
	}
	var n int
	e.scalar(`SELECT jsonb_array_length(extra->'skipped_ingredients') + jsonb_array_length(extra->'skipped_components')
		+ jsonb_array_length(extra->'skipped_finished_units') FROM recipes`, nil, &n)
	if n != 4 {
		t.Errorf("%d skipped sub-records kept, want 4", n)
	}
	out := e.export()
	var back struct {
		Recipes []struct {
			Ingredients   []map[string]any `json:"ingredients"`
			Components    []map[string]any `json:"components"`
			FinishedUnits []map[string]any `json:"finished_units"`
			Skipped       any              `json:"skipped_ingredients"`
		} `json:"recipes"`
	}
	if err := json.Unmarshal(out, &back); err != nil || len(back.Recipes) != 1 {
		t.Fatalf("export: %v", err)
	}
	r := back.Recipes[0]
	if len(r.Ingredients) != 3 || r.Ingredients[0]["quantity"] != 0.0 || r.Ingredients[2]["ingredient_slug"] != nil ||
		len(r.Components) != 1 || len(r.FinishedUnits) != 1 || r.Skipped != nil {
		t.Errorf("exported recipe %+v, want the skipped records back in place", r)
	}
	f := newEnv(t)
	f.importJSON(out, importer.Options{})
	f.scalar(`SELECT jsonb_array_length(extra->'skipped_ingredients') + jsonb_array_length(extra->'skipped_components')
		+ jsonb_array_length(extra->'skipped_finished_units') FROM recipes`, nil, &n)
	if n != 4 {
		t.Errorf("after a round trip %d skipped sub-records kept, want 4", n)
	}
}

// Item 8: an inventory scan's unknown fields and its scanned_at are kept on
// the adjustment it makes.
func TestFixInventoryScanKeepsFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}, "inventory_items": list{
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 5, "purchase_date": "2025-12-20"},
	}}), importer.Options{})
	e.importJSON(obj{"schema_version": "4.0", "import_type": "inventory_updates", "device_id": "phone-1", "inventory_updates": list{
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:55:00Z", "remaining_percentage": 50, "shelf": "top"}}}, importer.Options{})
	if n := e.count(`SELECT count(*) FROM inventory_adjustments WHERE extra->>'shelf' = 'top' AND occurred_at = '2026-01-06T14:55:00Z'
		AND percentage_remaining = 50`); n != 1 {
		var extra string
		e.scalar(`SELECT extra::text FROM inventory_adjustments`, nil, &extra)
		t.Errorf("adjustment extra %s: want shelf and scanned_at kept", extra)
	}
}

// Lower priority: a scan naming an unknown product_slug is queued for
// review (H9), and a purchase without a date (dated from the file's
// created_at) matches on re-import of a copy with another created_at.
func TestFixProductSlugScanQueuesAndUndatedPurchaseMatches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}}), importer.Options{})
	doc := obj{"schema_version": "4.0", "import_type": "purchases", "created_at": "2026-01-06T10:00:00Z", "purchases": list{
		obj{"product_slug": "sugar:Domino:4.0:lb", "purchased_at": "2026-01-06", "unit_price": 3.5, "quantity_purchased": 1},
		obj{"upc": "016000196100", "unit_price": 7.99, "quantity_purchased": 1},
	}}
	rep := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := rep.Sections["purchases"]; s.Archived != 1 || s.Created != 1 {
		t.Errorf("purchases %+v, want the unknown product_slug queued and the scan bought", *s)
	}
	if n := e.count(`SELECT count(*) FROM barcode_reviews WHERE payload->>'product_slug' = 'sugar:Domino:4.0:lb' AND status = 'pending'`); n != 1 {
		t.Errorf("product_slug scan not queued")
	}
	var date string
	e.scalar(`SELECT purchase_date::text FROM purchases`, nil, &date)
	if date != "2026-01-06" {
		t.Errorf("undated purchase dated %s, want the file's created_at 2026-01-06", date)
	}
	doc["created_at"] = "2026-01-09T10:00:00Z"
	again := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := again.Sections["purchases"]; s.Matched != 2 {
		t.Errorf("re-import %+v, want both matched", *s)
	}
	if n := e.count(`SELECT count(*) FROM purchases`); n != 1 {
		t.Errorf("%d purchases, want 1", n)
	}
}
