package importer_test

import (
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// Each hazard of docs/import.md §9 has a test with a small file written
// here. backup wraps sections in a normalized-backup envelope.
func backup(sections obj) obj {
	doc := obj{"version": "4.1", "exported_at": "2026-01-06T12:00:00Z", "application": "bake-tracker"}
	for k, v := range sections {
		doc[k] = v
	}
	return doc
}

func TestH01DanglingIngredientRefs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"ingredients": list{obj{"slug": "bread_flour", "display_name": "Bread flour", "hierarchy_level": 0}},
		"products": list{
			obj{"ingredient_slug": "eggs_large", "brand": "Generic", "package_unit": "count", "package_unit_quantity": 12.0},
			obj{"ingredient_slug": "flour_bread", "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 5.0},
		},
		"recipes": list{obj{"slug": "eggy", "name": "Eggy", "category": "Breads", "ingredients": list{
			obj{"ingredient_slug": "eggs_large", "quantity": 2.0, "unit": "count"},
			obj{"ingredient_slug": "mystery_spice", "quantity": 1.0, "unit": "tsp"},
		}}},
	}), importer.Options{})
	if s := rep.Sections["products"]; s.Created != 2 || s.Rejected != 0 {
		t.Errorf("products %+v, want 2 created", *s)
	}
	// The missing ingredient becomes a placeholder leaf for review, once.
	if n := e.count(`SELECT count(*) FROM ingredients WHERE slug = 'eggs_large' AND needs_review AND hierarchy_level = 2 AND display_name = 'Eggs large'`); n != 1 {
		t.Errorf("placeholder eggs_large rows: %d, want 1", n)
	}
	if !warned(rep, "products", "eggs_large", "placeholder") || !warned(rep, "recipes", "mystery_spice", "placeholder") {
		t.Errorf("no placeholder warnings: %v", rep.Warnings)
	}
	// A renamed slug resolves to the new one and is remembered as an alias.
	if n := e.count(`SELECT count(*) FROM products p JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
		WHERE i.slug = 'bread_flour' AND p.brand = 'King Arthur'`); n != 1 {
		t.Errorf("flour_bread product not attached to bread_flour")
	}
	if n := e.count(`SELECT count(*) FROM ingredient_aliases WHERE alias = 'flour_bread'`); n != 1 {
		t.Errorf("alias flour_bread rows: %d, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM ingredients WHERE slug = 'flour_bread'`); n != 0 {
		t.Errorf("flour_bread created as an ingredient although bread_flour exists")
	}
	if !warned(rep, "products", "flour_bread", "bread_flour", "alias") {
		t.Errorf("no rename warning: %v", rep.Warnings)
	}
	// Later files find the renamed slug through the alias.
	rep = e.importJSON(backup(obj{"products": list{obj{"ingredient_slug": "flour_bread", "brand": "Bob's", "package_unit": "lb", "package_unit_quantity": 2}}}), importer.Options{})
	if n := e.count(`SELECT count(*) FROM ingredients`); n != 3 {
		t.Errorf("ingredients after the second file: %d, want 3", n)
	}
	if p := rep.Sections["products"]; p.Created != 1 || p.Rejected != 0 {
		t.Errorf("second file's products: %+v, want the one product created through the alias", p)
	}
}

func TestH08BarcodeNormalisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"products": list{
		obj{"ingredient_slug": "flour", "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 5, "gtin": "71012010615"},
		obj{"ingredient_slug": "almonds", "brand": "Costco", "package_unit": "lb", "package_unit_quantity": 3, "gtin": "9661984601"},
		obj{"ingredient_slug": "powder", "brand": "Clabber Girl", "package_unit": "oz", "package_unit_quantity": 8.1, "upc_code": "021500017004"},
		obj{"ingredient_slug": "flour", "brand": "Other", "package_unit": "lb", "package_unit_quantity": 5, "upc_code": "071012010615"},
		obj{"ingredient_slug": "salt", "brand": "Numeric", "package_unit": "oz", "package_unit_quantity": 26, "upc_code": 24600010030},
	}}), importer.Options{})
	type row struct {
		gtin, upc, gtin14 *string
	}
	get := func(brand string) row {
		var r row
		e.scalar(`SELECT gtin FROM products WHERE brand = $1`, []any{brand}, &r.gtin)
		e.scalar(`SELECT upc_code FROM products WHERE brand = $1`, []any{brand}, &r.upc)
		e.scalar(`SELECT gtin14 FROM products WHERE brand = $1`, []any{brand}, &r.gtin14)
		return r
	}
	if r := get("King Arthur"); deref(r.gtin) != "71012010615" || deref(r.gtin14) != "00071012010615" {
		t.Errorf("lost leading zero: gtin %v gtin14 %v, want raw kept and 00071012010615", deref(r.gtin), deref(r.gtin14))
	}
	if r := get("Costco"); deref(r.gtin) != "9661984601" || r.gtin14 != nil {
		t.Errorf("bad check digit: gtin %v gtin14 %v, want raw kept and no gtin14", deref(r.gtin), deref(r.gtin14))
	}
	if r := get("Clabber Girl"); deref(r.upc) != "021500017004" || r.gtin14 != nil {
		t.Errorf("bad upc: upc %v gtin14 %v", deref(r.upc), deref(r.gtin14))
	}
	if r := get("Other"); r.gtin14 != nil {
		t.Errorf("a second product got the same gtin14 %s", deref(r.gtin14))
	}
	if r := get("Numeric"); deref(r.upc) != "24600010030" {
		t.Errorf("numeric upc_code kept as %v, want its digits", deref(r.upc))
	}
	for _, want := range [][]string{{"9661984601", "unverified"}, {"021500017004", "check digit"}, {"071012010615", "already the barcode"}} {
		if !warned(rep, "products", want...) {
			t.Errorf("no warning with %v: %v", want, rep.Warnings)
		}
	}
}

func TestH11CompositeSlugCollision(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"products": list{
			obj{"ingredient_slug": "vanilla_extract", "brand": "Heilala", "product_name": "Oak Aged Vanilla Extract", "package_unit": "ml", "package_unit_quantity": 50.0},
			obj{"ingredient_slug": "vanilla_extract", "brand": "Heilala", "product_name": "Spiced Vanilla Extract", "package_unit": "ml", "package_unit_quantity": 50},
		},
		"purchases": list{
			obj{"product_slug": "vanilla_extract:Heilala:50.0:ml", "purchase_date": "2026-01-02", "quantity_purchased": 1, "unit_price": "12.50"},
			obj{"product_slug": "vanilla_extract:Heilala:50.0:ml", "product_name": "Spiced Vanilla Extract", "purchase_date": "2026-01-02", "quantity_purchased": 1, "unit_price": "13.00"},
			obj{"product_slug": "vanilla_extract:Heilala:50:ml", "purchase_date": "2026-01-03", "quantity_purchased": 2, "unit_price": 12},
		},
	}), importer.Options{})
	if s := rep.Sections["products"]; s.Created != 2 {
		t.Errorf("products %+v: both products of the same 4-part key must exist", *s)
	}
	var slugs []string
	for _, n := range []string{"Oak Aged Vanilla Extract", "Spiced Vanilla Extract"} {
		var s string
		e.scalar(`SELECT slug FROM products WHERE product_name = $1`, []any{n}, &s)
		slugs = append(slugs, s)
	}
	if slugs[0] != "vanilla_extract:Heilala:50:ml" || slugs[1] != "vanilla_extract:Heilala:50:ml_1" {
		t.Errorf("slugs %v, want the 4-part slug and a suffixed one", slugs)
	}
	// "50.0" in a composite key is the number 50; the exact slug resolves
	// the first; the ambiguous composite needs product_name.
	s := rep.Sections["purchases"]
	if s.Created != 2 || s.Rejected != 1 {
		t.Errorf("purchases %+v, want 2 created and the ambiguous one rejected", *s)
	}
	if !warned(rep, "purchases", "matches 2 products", "product_name") {
		t.Errorf("no ambiguity warning: %v", rep.Warnings)
	}
	if n := e.count(`SELECT count(*) FROM purchases pu JOIN products p ON p.tenant_id = pu.tenant_id AND p.id = pu.product_id
		WHERE p.product_name = 'Spiced Vanilla Extract' AND pu.unit_price = 13`); n != 1 {
		t.Errorf("purchase with product_name did not resolve to the spiced extract")
	}
}

func TestH12BrandPairIsNotAKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	products := list{
		obj{"ingredient_slug": "chips", "brand": "Nestle", "product_name": "Morsels", "package_unit": "oz", "package_unit_quantity": 10},
		obj{"ingredient_slug": "chips", "brand": "Nestle", "product_name": "Morsels", "package_unit": "oz", "package_unit_quantity": 72},
		obj{"ingredient_slug": "sesame", "brand": "Penzeys", "package_unit": "oz", "package_unit_quantity": 1},
	}
	rep := e.importJSON(backup(obj{"products": products, "inventory_items": list{
		obj{"ingredient_slug": "chips", "product_brand": "Nestle", "quantity": 10, "purchase_date": "2025-12-21"},
		obj{"ingredient_slug": "chips", "product_brand": "Nestle", "product_name": "Morsels", "package_unit": "oz", "package_unit_quantity": 72.0,
			"quantity": 72, "purchase_date": "2025-12-21"},
		obj{"ingredient_slug": "sesame", "product_brand": "Penzeys", "quantity": 1, "purchase_date": "2025-12-21"},
	}}), importer.Options{})
	s := rep.Sections["inventory_items"]
	if s.Created != 2 || s.Rejected != 1 {
		t.Errorf("inventory_items %+v, want the pair-only Nestle lot rejected, the others created", *s)
	}
	if !warned(rep, "inventory_items", "matches 2 products") {
		t.Errorf("no ambiguity warning: %v", rep.Warnings)
	}
	if n := e.count(`SELECT count(*) FROM pantry_items l JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id WHERE p.package_unit_quantity = 72 AND l.quantity = 72`); n != 1 {
		t.Errorf("the full-key lot was not attached to the 72 oz product")
	}
}

func TestH13SuppliersAfterProducts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// JSON key order puts suppliers last; the load order does not care.
	doc := `{"version":"4.2","application":"bake-tracker","products":[
		{"ingredient_slug":"bread_flour","brand":"Wegman's","package_unit":"lb","package_unit_quantity":5.0,"preferred_supplier_id":3},
		{"ingredient_slug":"bread_flour","brand":"Other","package_unit":"lb","package_unit_quantity":5.0,"preferred_supplier_id":9}],
		"suppliers":[{"id":3,"name":"Wegmans","slug":"wegmans_burlington_ma","supplier_type":"physical","city":"Burlington","state":"MA","zip_code":"01803"}]}`
	rep := e.importJSON(doc, importer.Options{})
	var slug string
	e.scalar(`SELECT s.slug FROM products p JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.preferred_supplier_id WHERE p.brand = 'Wegman''s'`, nil, &slug)
	if slug != "wegmans_burlington_ma" {
		t.Errorf("preferred supplier %q, want wegmans_burlington_ma", slug)
	}
	if !warned(rep, "products", "preferred_supplier_id 9") {
		t.Errorf("no warning for the dangling supplier id: %v", rep.Warnings)
	}
}

func TestH16BrokenHierarchyLevels(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"ingredients": list{
		obj{"slug": "almonds_whole", "display_name": "Almonds, whole", "hierarchy_level": 2, "parent_slug": "almonds"},
		obj{"slug": "almonds", "display_name": "Almonds", "hierarchy_level": 2, "parent_slug": "tree_nuts"},
		obj{"slug": "tree_nuts", "display_name": "Tree nuts", "hierarchy_level": 1, "parent_slug": "nuts"},
		obj{"slug": "nuts", "display_name": "Nuts & Seeds", "hierarchy_level": 0},
		obj{"slug": "brandy", "display_name": "Brandy", "hierarchy_level": 2, "parent_slug": "nuts", "category": "Spirits"},
		obj{"slug": "loop_a", "display_name": "A", "hierarchy_level": 2, "parent_slug": "loop_b"},
		obj{"slug": "loop_b", "display_name": "B", "hierarchy_level": 2, "parent_slug": "loop_a"},
	}, "products": list{obj{"ingredient_slug": "almonds", "brand": "Costco", "package_unit": "lb", "package_unit_quantity": 3}}}), importer.Options{})
	level := func(slug string) (l int) {
		e.scalar(`SELECT hierarchy_level FROM ingredients WHERE slug = $1`, []any{slug}, &l)
		return l
	}
	for slug, want := range map[string]int{"nuts": 0, "tree_nuts": 1, "almonds": 2, "almonds_whole": 3, "brandy": 1} {
		if got := level(slug); got != want {
			t.Errorf("%s level %d, want %d (from depth)", slug, got, want)
		}
	}
	var cat string
	e.scalar(`SELECT category FROM ingredients WHERE slug = 'almonds_whole'`, nil, &cat)
	if cat != "Nuts & Seeds" {
		t.Errorf("derived category %q, want the root's name", cat)
	}
	if !warned(rep, "ingredients", "almonds_whole", "level 3", "leaf") || !warned(rep, "ingredients", "brandy", "depth 1") || !warned(rep, "ingredients", "cycle") {
		t.Errorf("missing level warnings: %v", rep.Warnings)
	}
	if s := rep.Sections["products"]; s.Created != 1 {
		t.Errorf("product on almonds: %+v", *s)
	}
}

func TestH22TextNormalisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"suppliers": list{obj{"id": 1, "name": "Wegmans", "slug": "wegmans", "supplier_type": "online"}},
		"products": list{
			obj{"ingredient_slug": "syrup", "brand": "Lyle's", "package_unit": "oz", "package_unit_quantity": 11},
			obj{"ingredient_slug": "syrup", "brand": "LYLE’S", "package_unit": "oz", "package_unit_quantity": 11.0},
		},
		"inventory_items": list{
			obj{"ingredient_slug": "syrup", "product_brand": "Lyle’s", "package_unit": "oz", "package_unit_quantity": 11, "quantity": 11, "purchase_date": "2025-12-21", "location": "Pantry"},
			obj{"ingredient_slug": "syrup", "product_brand": "lyles", "package_unit": "oz", "package_unit_quantity": 11, "quantity": 5, "purchase_date": "2025-12-21", "location": "pantry"},
		},
		"materials":         list{obj{"slug": "box", "display_name": "Box", "category": "Boxes"}},
		"material_products": list{obj{"material": "BOX", "display_name": "Box 10pk", "supplier": "Wegman’s"}},
		"recipes":           list{obj{"slug": "a", "name": "A", "category": "Cake"}, obj{"slug": "b", "name": "B", "category": "Cakes"}},
	}), importer.Options{})
	// The second spelling is the same product; within one file it is kept
	// verbatim in the archive rather than merged into the first.
	if s := rep.Sections["products"]; s.Created != 1 || s.Archived != 1 {
		t.Errorf("products %+v: brands differing only in case and quotes are one product", *s)
	}
	if s := rep.Sections["inventory_items"]; s.Created != 2 {
		t.Errorf("inventory_items %+v", *s)
	}
	if n := e.count(`SELECT count(*) FROM pantry_items WHERE location IN ('Pantry', 'pantry')`); n != 2 {
		t.Errorf("locations not kept as written")
	}
	if n := e.count(`SELECT count(*) FROM suppliers`); n != 1 {
		t.Errorf("suppliers %d: \"Wegman’s\" must match \"Wegmans\"", n)
	}
	if n := e.count(`SELECT count(*) FROM products WHERE brand = 'Lyle''s'`); n != 1 {
		t.Errorf("the first spelling of the brand is kept")
	}
	if n := e.count(`SELECT count(*) FROM recipes WHERE category IN ('Cake', 'Cakes')`); n != 2 {
		t.Errorf("recipe categories not kept verbatim")
	}
}

func TestH23DisplayNamesNotUnique(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"ingredients": list{
		obj{"slug": "water_subcategory", "display_name": "Water (subcategory)", "hierarchy_level": 1, "parent_slug": "liquids"},
		obj{"slug": "liquids", "display_name": "Liquids", "hierarchy_level": 0},
		obj{"slug": "water", "display_name": "Water", "hierarchy_level": 2, "parent_slug": "water_subcategory"},
		obj{"slug": "water_sparkling", "display_name": "Water", "hierarchy_level": 2, "parent_slug": "water_subcategory"},
	}}), importer.Options{})
	if s := rep.Sections["ingredients"]; s.Created != 4 {
		t.Errorf("ingredients %+v: two ingredients may share a display name", *s)
	}
	if n := e.count(`SELECT count(*) FROM ingredients WHERE display_name = 'Water'`); n != 2 {
		t.Errorf("ingredients named Water: %d, want 2", n)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
