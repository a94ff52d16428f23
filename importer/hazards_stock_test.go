package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// flourProduct is a product with a valid UPC that phone scans can match.
var flourProduct = obj{"ingredient_slug": "flour_all_purpose", "brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5,
	"upc_code": "016000196100"}

func phonePurchases(records ...obj) obj {
	l := list{}
	for _, r := range records {
		l = append(l, r)
	}
	return obj{"schema_version": "4.0", "import_type": "purchases", "created_at": "2026-01-06T14:30:00Z", "source": "bt_mobile",
		"device_id": "iphone-12-bakery", "supplier": "Costco", "purchases": l}
}

func TestH09UnmatchedScansQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}}), importer.Options{})
	doc := phonePurchases(
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": 7.99, "quantity_purchased": 1.0, "notes": "5lb bag"},
		obj{"upc": "999999999999", "scanned_at": "2026-01-06T14:18:00Z", "unit_price": 3.49, "quantity_purchased": 1.0, "notes": "Unknown product"},
		obj{"upc": "012345678901", "scanned_at": "2026-01-06T14:19:00Z", "unit_price": 1.00, "quantity_purchased": 2, "supplier": "Trader Joe's"},
	)
	rep := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := rep.Sections["purchases"]; s.Created != 1 || s.Archived != 2 || s.Rejected != 0 {
		t.Errorf("purchases %+v, want 1 recorded and 2 queued, none failed", *s)
	}
	if n := e.count(`SELECT count(*) FROM barcode_reviews WHERE status = 'pending' AND kind = 'purchase' AND gtin14 IS NULL AND raw_barcode IN ('999999999999', '012345678901')`); n != 2 {
		t.Errorf("queued reviews %d, want 2 (neither code passes the check digit)", n)
	}
	var supplier string
	e.scalar(`SELECT supplier_name FROM barcode_reviews WHERE raw_barcode = '012345678901'`, nil, &supplier)
	if supplier != "Trader Joe's" {
		t.Errorf("review supplier %q, want the record's own", supplier)
	}
	if n := e.count(`SELECT count(*) FROM barcode_reviews WHERE payload @> '{"upc": "999999999999", "unit_price": 3.49, "notes": "Unknown product"}'`); n != 1 {
		t.Error("review payload is not the scan verbatim")
	}
	var store string
	e.scalar(`SELECT s.name FROM purchases p JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.supplier_id`, nil, &store)
	if store != "Costco" {
		t.Errorf("purchase store %q, want the file's supplier Costco", store)
	}
	if n := e.count(`SELECT count(*) FROM purchases WHERE extra @> '{"file_header": {"device_id": "iphone-12-bakery"}, "scanned_at": "2026-01-06T14:15:23Z"}'`); n != 1 {
		t.Error("device_id and scanned_at not kept on the purchase (H25)")
	}
	again := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := again.Sections["purchases"]; s.Matched != 3 {
		t.Errorf("re-import %+v, want all 3 matched (no second purchase, no second review)", *s)
	}
	if n := e.count(`SELECT count(*) FROM barcode_reviews`); n != 2 {
		t.Errorf("reviews after re-import: %d", n)
	}
}

func TestH10FractionalPackages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}}), importer.Options{})
	e.importJSON(phonePurchases(obj{"upc": "16000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": "7.99", "quantity_purchased": 1.5}),
		importer.Options{})
	var qty, price string
	e.scalar(`SELECT quantity_purchased::text FROM purchases`, nil, &qty)
	e.scalar(`SELECT unit_price::text FROM purchases`, nil, &price)
	if qty != "1.5000" || price != "7.9900" {
		t.Errorf("purchase %s packages at %s, want 1.5 at 7.99 (never truncated)", qty, price)
	}
	var lots string
	e.scalar(`SELECT string_agg(quantity::text || '@' || unit_cost::text, ' ' ORDER BY ordinal) FROM pantry_items`, nil, &lots)
	if lots != "5.0000@1.598000 2.5000@1.598000" {
		t.Errorf("lots %q, want one per package in lb at 7.99/5 per lb", lots)
	}
	var date string
	e.scalar(`SELECT purchase_date::text FROM purchases`, nil, &date)
	if date != "2026-01-06" {
		t.Errorf("purchase date %s, want the scan's date", date)
	}
}

func TestMobileInventoryPercentage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}, "inventory_items": list{
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 5, "purchase_date": "2025-12-01", "unit_cost": 1.5},
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 5, "purchase_date": "2025-12-20"},
	}}), importer.Options{})
	doc := obj{"schema_version": "4.0", "import_type": "inventory_updates", "created_at": "2026-01-06T15:00:00Z", "inventory_updates": list{
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:55:00Z", "remaining_percentage": 40, "notes": "About 40% left"},
		obj{"upc": "016000196100", "scanned_at": "2026-01-06T14:56:00Z", "remaining_percentage": 90},
		obj{"upc": "051000127952", "remaining_percentage": 100},
		obj{"upc": "016000196100", "remaining_percentage": 140},
	}}
	rep := e.importJSON(doc, importer.Options{})
	s := rep.Sections["inventory_updates"]
	if s.Created != 1 || s.Archived != 1 || s.Rejected != 2 {
		t.Errorf("inventory_updates %+v, want 1 applied, 1 queued, 2 refused (an increase, 140%%)", *s)
	}
	var lots string
	e.scalar(`SELECT string_agg(quantity::text, ' ' ORDER BY purchase_date) FROM pantry_items`, nil, &lots)
	if lots != "2.0000 5.0000" {
		t.Errorf("lots %q, want the oldest at 40%% of 5 lb", lots)
	}
	var adj string
	e.scalar(`SELECT quantity_change::text || ' ' || quantity_after::text || ' ' || reason || ' ' || percentage_remaining::text || ' ' || cost::text FROM inventory_adjustments`, nil, &adj)
	if adj != "-3.0000 2.0000 correction 40.0000 4.5000" {
		t.Errorf("adjustment %q", adj)
	}
	if !warned(rep, "inventory_updates", "only lowers stock") {
		t.Errorf("increase not explained: %v", rep.Warnings)
	}
	again := e.importJSON(doc, importer.Options{})
	if s := again.Sections["inventory_updates"]; s.Matched != 2 || s.Rejected != 2 {
		t.Errorf("re-import %+v: the applied and queued scans match; the refused ones are tried again", *s)
	}
	if n := e.count(`SELECT count(*) FROM inventory_adjustments`); n != 1 {
		t.Errorf("adjustments after re-import: %d, want 1", n)
	}
}

func TestH17H18LotSemantics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"products": list{
			obj{"ingredient_slug": "almonds", "brand": "Costco", "package_unit": "lb", "package_unit_quantity": 3.0},
			obj{"ingredient_slug": "oil_spray", "brand": "Pam", "package_unit": "oz", "package_unit_quantity": 12.0},
			obj{"ingredient_slug": "sesame", "brand": "Penzeys", "package_unit": "oz", "package_unit_quantity": 2.2},
		},
		"inventory_items": list{
			lot("almonds", "Costco", nil, "lb", 3, 2, "2025-12-21", "pantry", "Initial inventory - full package"),
			lot("oil_spray", "Pam", nil, "oz", 12, 1, "2025-12-21", "Pantry", "Initial inventory - full package"),
			lot("sesame", "Penzeys", nil, "oz", 2.2, 1.1, "2025-12-27", "pantry", "Initial inventory - partial package (50%)"),
		},
	}), importer.Options{})
	if s := rep.Sections["inventory_items"]; s.Created != 3 {
		t.Fatalf("inventory_items %+v", *s)
	}
	var flagged string
	e.scalar(`SELECT string_agg(p.brand || '=' || l.quantity::text, ' ' ORDER BY p.brand) FROM pantry_items l
		JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id WHERE l.needs_review`, nil, &flagged)
	if flagged != "Costco=2.0000 Pam=1.0000" {
		t.Errorf("flagged lots %q, want the two contradicting their notes, imported as given", flagged)
	}
	if n := e.count(`SELECT count(*) FROM pantry_items WHERE unit_cost IS NULL AND purchase_id IS NULL AND source = 'initial'`); n != 3 {
		t.Errorf("lots with unknown cost as initial stock: %d, want 3", n)
	}
	if !warned(rep, "inventory_items", "full package", "flagged for review") {
		t.Errorf("no contradiction warning: %v", rep.Warnings)
	}
}

func TestH24NumbersAndTimestamps(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"suppliers": list{obj{"id": 7, "name": "Costco", "slug": "costco", "city": "Waltham", "state": "ma", "zip_code": "02451-1107",
			"created_at": "2025-12-26T17:39:13.554852"}},
		"products": list{obj{"id": 56, "ingredient_slug": "flour", "brand": "KA", "package_unit": "lb", "package_unit_quantity": "25.0"}},
		"purchases": list{
			obj{"id": 1, "product_id": 56, "supplier_id": 7, "purchase_date": "2025-12-26T17:39:13.554852", "quantity_purchased": 2, "unit_price": "8.9900"},
			obj{"product_id": 56, "purchased_at": "2026-01-07T23:23:19.772500+00:00Z", "quantity_purchased": "1", "unit_cost": 9},
			obj{"product_id": 99, "purchase_date": "2025-12-26", "quantity_purchased": 1},
		},
		"inventory_items": list{obj{"product_id": 56, "purchase_id": 1, "quantity": "12.5", "unit_cost": "0.3596"}},
	}), importer.Options{})
	if s := rep.Sections["purchases"]; s.Created != 2 || s.Rejected != 1 {
		t.Errorf("purchases %+v", *s)
	}
	var got string
	e.scalar(`SELECT string_agg(purchase_date::text || ' ' || quantity_purchased::text || '@' || unit_price::text, ', ' ORDER BY purchase_date) FROM purchases`, nil, &got)
	if got != "2025-12-26 2.0000@8.9900, 2026-01-07 1.0000@9.0000" {
		t.Errorf("purchases %q", got)
	}
	var lot string
	e.scalar(`SELECT purchase_date::text || ' ' || quantity::text || ' ' || unit_cost::text || ' ' || source FROM pantry_items WHERE purchase_id IS NOT NULL`, nil, &lot)
	if lot != "2025-12-26 12.5000 0.359600 purchase" {
		t.Errorf("lot %q: linked by the file's purchase id, dated from the purchase", lot)
	}
	var zip, state string
	e.scalar(`SELECT zip_code FROM suppliers`, nil, &zip)
	e.scalar(`SELECT state FROM suppliers`, nil, &state)
	if zip != "02451-1107" || state != "MA" {
		t.Errorf("zip %q state %q", zip, state)
	}
	if !warned(rep, "purchases", "product_id 99") {
		t.Errorf("dangling product id not reported: %v", rep.Warnings)
	}
}

func TestH25UnknownKeysKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(obj{"version": "4.2", "application": "bake-tracker", "transformed_at": "2026-01-02",
		"transformation_notes": list{"Cleared 156 purchases", "Renamed slugs"},
		"future_section":       list{obj{"anything": 1}},
		"ingredients":          list{obj{"slug": "flour", "display_name": "Flour", "hierarchy_level": 0, "is_packaging": false, "fdc_ids": list{123}}},
		"materials":            list{obj{"slug": "box", "display_name": "Box", "is_packaging_material": true}},
	}, importer.Options{})
	if n := e.count(`SELECT count(*) FROM ingredients WHERE extra = '{"is_packaging": false, "fdc_ids": [123]}'`); n != 1 {
		t.Error("ingredient's unknown keys not kept in extra")
	}
	if n := e.count(`SELECT count(*) FROM materials WHERE extra = '{"is_packaging_material": true}'`); n != 1 {
		t.Error("material's unknown key not kept in extra")
	}
	if s := rep.Sections["transformation_notes"]; s.Archived != 2 {
		t.Errorf("transformation_notes %+v, want archived", s)
	}
	if s := rep.Sections["future_section"]; s.Archived != 1 {
		t.Errorf("unknown section %+v, want archived", s)
	}
	if n := e.count(`SELECT count(*) FROM import_archive WHERE section = 'envelope.transformed_at'`); n != 1 {
		t.Error("top-level scalar not archived")
	}
}

func TestNULCharactersRemoved(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(`{"application": "bake-tracker", "recipients": [{"name": "Mo\u0000m", "notes": "a\\u0000b", "x\u0000": 1}]}`, importer.Options{})
	if rep.Sections["recipients"].Created != 1 || !warned(rep, "", "removed 2 NUL") {
		t.Fatalf("%+v %v", rep.Sections["recipients"], rep.Warnings)
	}
	var got string
	e.scalar(`SELECT name || '|' || notes || '|' || extra::text FROM recipients`, nil, &got)
	if got != `Mom|a\u0000b|{"x": 1}` {
		t.Errorf("recipient %q: NULs dropped, an escaped backslash kept", got)
	}
}

func TestH27VersionsAreAdvisory(t *testing.T) {
	t.Parallel()
	for _, v := range []any{"4.1", "3.5", "1.0", "99.0", 4, nil} {
		e := newEnv(t)
		doc := obj{"application": "bake-tracker", "events": list{obj{"slug": "e", "name": "E", "event_date": "2026-01-01"}}}
		if v != nil {
			doc["version"] = v
		}
		rep := e.importJSON(doc, importer.Options{})
		if rep.Sections["events"].Created != 1 {
			t.Errorf("version %v: %+v", v, rep.Sections["events"])
		}
		var got *string
		e.scalar(`SELECT version FROM import_runs`, nil, &got)
		want := "<nil>"
		if v != nil {
			want = strings.Trim(string(toJSON(t, v)), `"`)
		}
		if deref(got) != want {
			t.Errorf("recorded version %s, want %s", deref(got), want)
		}
	}
}

func TestH14H15LegacyMaterials(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"suppliers": list{obj{"id": 1, "name": "Webstaurant", "slug": "webstaurant", "supplier_type": "online"}},
		"materials": list{obj{"slug": "box_window_cake_10x10", "display_name": "Box Window Cake 10x10", "category": "Boxes: Window Boxes", "is_packaging_material": true},
			obj{"slug": "ribbon", "display_name": "Ribbon", "category": "Ribbons"}},
		"material_products": list{
			obj{"material": "box window cake 10X10", "display_name": "Amazon 10x10 Cake Window Box 25pk", "default_unit": "each", "supplier": "Amazon", "notes": "Pack of 25 boxes"},
			obj{"material": "Ribbon", "display_name": "Red ribbon", "default_unit": "linear_inches", "supplier": "WEBSTAURANT"},
			obj{"material": "Tissue", "display_name": "Tissue paper"},
		},
	}), importer.Options{})
	if s := rep.Sections["material_products"]; s.Created != 2 || s.Rejected != 1 {
		t.Errorf("material_products %+v", *s)
	}
	var cat string
	e.scalar(`SELECT category || '|' || subcategory FROM materials WHERE slug = 'box_window_cake_10x10'`, nil, &cat)
	if cat != "Boxes|Window Boxes" {
		t.Errorf("category split %q", cat)
	}
	if n := e.count(`SELECT count(*) FROM suppliers WHERE name = 'Amazon' AND supplier_type = 'online'`); n != 1 {
		t.Error("Amazon not created as an online supplier (H14)")
	}
	if n := e.count(`SELECT count(*) FROM suppliers`); n != 2 {
		t.Error("WEBSTAURANT did not match Webstaurant")
	}
	var unit *string
	e.scalar(`SELECT package_unit FROM material_products WHERE name = 'Red ribbon' AND default_unit_raw = 'linear_inches'`, nil, &unit)
	if unit != nil {
		t.Errorf("linear_inches became package unit %s", *unit)
	}
	if n := e.count(`SELECT count(*) FROM material_products WHERE package_quantity IS NULL`); n != 2 {
		t.Error("pack size taken from text instead of only suggested")
	}
	for _, w := range [][]string{{"Amazon", "online supplier"}, {"linear_inches", "for review"}, {"pack of 25"}, {"Tissue", "not found"}} {
		if !warned(rep, "material_products", w...) {
			t.Errorf("no warning %v: %v", w, rep.Warnings)
		}
	}
}

func TestDetectErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for name, c := range map[string]struct {
		doc  string
		kind importer.Kind
		want string
	}{
		"empty":        {"", "", "empty"},
		"list":         {"[1,2]", "", "not a JSON object"},
		"bad json":     {`{"recipes": [`, "", "not valid JSON"},
		"view":         {`{"view_type": "products", "_meta": {"editable_fields": []}, "records": []}`, "", "context-rich view"},
		"unknown":      {`{"hello": "world"}`, "", "expected a BakeTracker desktop backup"},
		"import type":  {`{"import_type": "sales"}`, "", "purchases"},
		"mobile as d":  {`{"import_type": "purchases", "purchases": []}`, importer.KindDesktop, "import mobile"},
		"desktop as m": {`{"application": "bake-tracker", "version": "4.2"}`, importer.KindMobile, "import desktop"},
	} {
		_, err := e.im.Import(t.Context(), e.tenant, []byte(c.doc), importer.Options{Kind: c.kind})
		if !errors.Is(err, importer.ErrUnrecognised) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrUnrecognised mentioning %q", name, err, c.want)
		}
	}
	if n := e.count(`SELECT count(*) FROM import_runs`); n != 0 {
		t.Errorf("refused files left %d runs", n)
	}
}

// TestMalformedRecordsRejected: records of the wrong shape, type, size or
// date are rejected one by one with a warning; the rest of the file loads.
func TestMalformedRecordsRejected(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	long := strings.Repeat("x", 201)
	rep := e.importJSON(backup(obj{
		"suppliers":   list{"not an object", obj{"name": long}, obj{"slug": "no-name"}, obj{"name": "Good", "state": "Massachusetts", "zip_code": "0245111071234"}},
		"ingredients": list{42, obj{"slug": long, "display_name": "Long"}, obj{"display_name": "Good ingredient"}},
		"products": list{obj{"ingredient_slug": "flour"}, obj{"ingredient_slug": "flour", "package_unit": "lb", "package_unit_quantity": -1},
			obj{"ingredient_slug": "flour", "package_unit": "lb", "package_unit_quantity": "lots"}, obj{"ingredient_slug": "flour", "brand": long, "package_unit": "lb", "package_unit_quantity": 1},
			obj{"ingredient_slug": long, "package_unit": "jar", "package_unit_quantity": 1}},
		"inventory_items": list{obj{"ingredient_slug": "flour", "quantity": 1}, obj{"product_slug": "nope:x:1:lb", "quantity": 1, "purchase_date": "2025-01-01"},
			obj{"ingredient_slug": long, "package_unit": "jar", "package_unit_quantity": 1, "quantity": 1, "purchase_date": "0000-01-01"},
			obj{"ingredient_slug": long, "package_unit": "jar", "package_unit_quantity": 1, "quantity": 1, "purchase_date": "2025-02-30"},
			obj{"ingredient_slug": long, "package_unit": "jar", "package_unit_quantity": 1, "quantity": 1, "purchase_date": "2025-02-01", "location": long}},
		"recipes":        list{obj{}, obj{"slug": "r", "name": long}, obj{"slug": "ok", "name": "OK", "ingredients": list{"x", obj{"quantity": 1}, obj{"ingredient_slug": "flour", "quantity": "a"}}}},
		"events":         list{obj{"name": "E", "event_date": "someday"}, obj{"slug": long, "name": "E", "event_date": "2025-01-01"}, obj{"name": "Y", "event_date": "2025-01-01", "year": 99999}},
		"finished_units": list{obj{"slug": "fu", "recipe_slug": "missing"}, obj{"slug": long, "recipe_slug": "ok"}},
	}), importer.Options{})
	want := map[string][2]int{ // created, rejected
		"suppliers": {1, 3}, "ingredients": {1, 2}, "products": {1, 4}, "inventory_items": {1, 4}, "recipes": {1, 2}, "events": {1, 2}, "finished_units": {0, 2},
	}
	for name, w := range want {
		s := rep.Sections[name]
		if s.Created != w[0] || s.Rejected != w[1] {
			t.Errorf("%s: %+v, want %d created and %d rejected", name, *s, w[0], w[1])
		}
	}
	for _, w := range [][]string{{"suppliers", "state \"Massachusetts\""}, {"inventory_items", "location longer than 100"}, {"recipes", "line skipped"}, {"events", "not a valid year"}} {
		if !warned(rep, w[0], w[1]) {
			t.Errorf("no %s warning %q: %v", w[0], w[1], rep.Warnings)
		}
	}
}

func TestMobileAdjustmentsFIFO(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"products": list{flourProduct}, "inventory_items": list{
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 2, "purchase_date": "2025-12-01", "unit_cost": 1},
		obj{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5, "quantity": 5, "purchase_date": "2025-12-20"},
	}}), importer.Options{})
	doc := obj{"schema_version": "4.0", "import_type": "adjustments", "adjustments": list{
		obj{"product_slug": "flour_all_purpose:Gold Medal:5.0:lb", "adjusted_at": "2026-01-06T10:00:00Z", "quantity": -3.5, "reason_code": "Spoilage", "notes": "weevils"},
		obj{"product_slug": "flour_all_purpose:Gold Medal:5:lb", "quantity": -40, "reason_code": "waste"},
		obj{"product_slug": "flour_all_purpose:Gold Medal:5:lb", "quantity": 1},
		obj{"product_slug": "sugar:Domino:4:lb", "quantity": -1},
	}}
	rep := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if rep.Format != "mobile_inventory" {
		t.Errorf("format %s", rep.Format)
	}
	if s := rep.Sections["adjustments"]; s.Created != 1 || s.Rejected != 3 {
		t.Errorf("adjustments %+v, want 1 applied and 3 refused (too much, positive, unknown product)", *s)
	}
	var lots, adjs string
	e.scalar(`SELECT string_agg(quantity::text, ' ' ORDER BY purchase_date) FROM pantry_items`, nil, &lots)
	e.scalar(`SELECT string_agg(quantity_change::text || ' ' || reason || ' ' || coalesce(cost::text, '-'), ', ' ORDER BY quantity_after) FROM inventory_adjustments`, nil, &adjs)
	if lots != "0.0000 3.5000" || adjs != "-2.0000 spoilage 2.0000, -1.5000 spoilage -" {
		t.Errorf("lots %q adjustments %q, want 3.5 lb taken oldest first", lots, adjs)
	}
	if !warned(rep, "adjustments", "cannot go below zero") {
		t.Errorf("no warning for the overdraw: %v", rep.Warnings)
	}
	again := e.importJSON(doc, importer.Options{Kind: importer.KindMobile})
	if s := again.Sections["adjustments"]; s.Matched != 1 || s.Created != 0 {
		t.Errorf("re-import %+v, want the applied adjustment matched", *s)
	}
}
