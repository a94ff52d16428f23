package importer_test

import (
	"strings"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// planningBackup is the full backup with every planning section filled the
// way the desktop exporter writes them: events, recipes and packages by
// name, finished goods and units by slug.
func planningBackup() obj {
	doc := fullBackup("")
	recipes := doc["recipes"].(list)
	recipes[0].(obj)["finished_units"] = list{obj{"slug": "sable_cookie", "name": "Sablé", "yield_mode": "discrete_count", "unit_yield_quantity": 24}}
	doc["finished_goods"] = list{
		obj{"slug": "sable_tin", "display_name": "Sablé Tin", "assembly_type": "bundle", "packaging_instructions": "tissue first", "inventory_count": 2},
		obj{"slug": "sable_bare", "display_name": "One Sablé", "assembly_type": "bare"},
	}
	doc["compositions"] = list{
		obj{"finished_good_slug": "sable_tin", "finished_unit_slug": "sable_cookie", "component_quantity": 12, "sort_order": 0},
		obj{"finished_good_slug": "sable_tin", "material_slug": "box_window_cake_10x10", "component_quantity": 1, "sort_order": 1},
		obj{"finished_good_slug": "sable_bare", "finished_unit_slug": "sable_cookie", "component_quantity": 1},
		obj{"package_name": "Gift box", "material_slug": "ribbon_satin_red", "component_quantity": 90, "sort_order": 5},
	}
	doc["package_finished_goods"] = list{obj{"package_name": "Gift box", "finished_good_slug": "sable_tin", "quantity": 2}}
	doc["event_recipient_packages"] = list{
		obj{"event_name": "Christmas 2026", "recipient_name": "Thomas", "package_name": "Gift box", "quantity": 1, "status": "delivered", "delivered_to": "porch"},
		obj{"event_name": "Christmas 2026", "recipient_name": "Mom", "package_name": "Gift box", "quantity": 2, "fulfillment_status": "ready"},
	}
	doc["event_assembly_targets"] = list{obj{"event_name": "Christmas 2026", "finished_good_slug": "sable_tin", "target_quantity": 6}}
	doc["event_production_targets"] = list{obj{"event_name": "Christmas 2026", "recipe_name": "Toasted Almond Sablés", "target_batches": 3}}
	doc["material_purchases"] = list{obj{"material_slug": "ribbon_satin_red", "purchase_date": "2025-12-01", "packages_purchased": 2,
		"package_price": "4.50", "units_added": 2000}}
	doc["material_inventory_items"] = list{obj{"material": "Box Window Cake 10x10", "purchase_date": "2025-11-01", "quantity_purchased": 25,
		"quantity_remaining": 20, "cost_per_unit": "0.80"}}
	return doc
}

// The desktop exporter names events, recipes and packages by name and
// finished goods by slug (export-format §4, "empty-but-present sections"):
// each planning section becomes rows, counted as created, none archived,
// and export → import → export is stable.
func TestPlanningSectionsByNameBecomeRowsNotArchive(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	doc := toJSON(t, planningBackup())
	rep := a.importJSON(doc, importer.Options{})
	checkAccounted(t, doc, rep)
	want := map[string]importer.SectionReport{
		"finished_goods":           {Read: 2, Created: 2},
		"packages":                 {Read: 1, Created: 1},
		"compositions":             {Read: 4, Created: 4},
		"package_finished_goods":   {Read: 1, Created: 1},
		"event_recipient_packages": {Read: 2, Created: 2},
		"event_assembly_targets":   {Read: 1, Created: 1},
		"event_production_targets": {Read: 1, Created: 1},
		"material_purchases":       {Read: 1, Created: 1},
		"material_inventory_items": {Read: 1, Created: 1},
		"production_runs":          {Read: 1, Archived: 1}, // Marble Fruit Cake has no finished unit to have made: archived
	}
	for name, w := range want {
		if got := *rep.Sections[name]; got != w {
			t.Errorf("section %s: %+v, want %+v", name, got, w)
		}
	}
	for table, n := range map[string]int{"finished_goods": 2, "finished_good_components": 3, "package_contents": 2,
		"event_recipient_packages": 2, "event_assembly_targets": 1, "event_production_targets": 1, "material_purchases": 1, "material_lots": 2} {
		if got := a.count(`SELECT count(*) FROM ` + table + ``); got != n {
			t.Errorf("%s has %d rows, want %d", table, got, n)
		}
	}
	// 2 packages × 4.50 for 2000 cm: 0.0045 a cm.
	if got := a.count(`SELECT count(*) FROM material_lots WHERE cost_per_unit = 0.0045 AND quantity_remaining = 2000`); got != 1 {
		t.Errorf("the ribbon purchase made %d lots at 0.0045, want 1", got)
	}
	if got := a.count(`SELECT count(*) FROM event_recipient_packages WHERE status = 'assembled'`); got != 1 {
		t.Errorf("fulfillment_status ready stored as assembled %d times, want 1", got)
	}
	if got := a.count(`SELECT count(*) FROM import_archive WHERE section IN ('finished_goods', 'compositions', 'packages',
		'package_finished_goods', 'event_recipient_packages', 'event_assembly_targets', 'event_production_targets',
		'material_purchases', 'material_inventory_items')`); got != 0 {
		t.Errorf("%d planning records archived, want 0", got)
	}
	first, _ := roundTripFrom(t, a)
	compact := strings.ReplaceAll(strings.ReplaceAll(string(first), " ", ""), "\n", "")
	for _, s := range []string{`"finished_good_slug":"sable_tin","finished_unit_slug":"sable_cookie","component_quantity":12`,
		`"package_slug":"gift-box","material_slug":"ribbon_satin_red","component_quantity":90`, `"status":"delivered"`, `"target_batches":3`,
		`"units_added":2000,"unit_cost":0.0045,"quantity_remaining":2000`, `"quantity_purchased":25,"quantity_remaining":20`} {
		if !strings.Contains(compact, s) {
			t.Errorf("the export lacks %s", s)
		}
	}
}

// A planning record whose reference resolves to nothing (a finished unit
// the file never defines, an unknown recipient, an event by a name two
// events share) is archived as it is, with a warning, not dropped; and a
// finished good that would contain itself, directly or through another
// good, is rejected by the tools' no-cycle rule.
func TestPlanningRecordWithDanglingReferenceIsArchived(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	doc := planningBackup()
	doc["compositions"] = list{
		obj{"finished_good_slug": "sable_tin", "finished_unit_slug": "no_such_unit", "component_quantity": 12},
		obj{"finished_good_slug": "sable_tin", "component_finished_good_slug": "sable_tin", "component_quantity": 1},
		obj{"finished_good_slug": "sable_tin", "component_finished_good_slug": "sable_bare", "component_quantity": 1},
		obj{"finished_good_slug": "sable_bare", "component_finished_good_slug": "sable_tin", "component_quantity": 1},
	}
	doc["event_recipient_packages"] = list{obj{"event_name": "Christmas 2026", "recipient_name": "Nobody", "package_name": "Gift box"}}
	js := toJSON(t, doc)
	rep := a.importJSON(js, importer.Options{})
	checkAccounted(t, js, rep)
	if got := *rep.Sections["compositions"]; got != (importer.SectionReport{Read: 4, Created: 1, Archived: 1, Rejected: 2}) {
		t.Errorf("compositions %+v, want the tin-in-bare loop and the self-reference rejected, 1 archived, 1 created", got)
	}
	if got := *rep.Sections["event_recipient_packages"]; got != (importer.SectionReport{Read: 1, Archived: 1}) {
		t.Errorf("recipient packages %+v, want 1 archived", got)
	}
	if n := a.count(`SELECT count(*) FROM import_archive WHERE section = 'compositions' AND payload->>'finished_unit_slug' = 'no_such_unit'`); n != 1 {
		t.Errorf("the dangling composition was archived %d times, want 1", n)
	}
}

// The shared desktop samples carry no planning records; importing them
// archives none under the planning sections and round-trips as before.
func TestSharedSamplesArchiveNoPlanningRecords(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"desktop-sample_data_min.json", "desktop-sample_data_min_transformed.json"} {
		a := newEnv(t)
		a.importJSON(sharedTestdata(t, f), importer.Options{})
		if n := a.count(`SELECT count(*) FROM import_archive WHERE section IN ('finished_goods', 'compositions', 'packages',
			'package_finished_goods', 'event_recipient_packages', 'event_assembly_targets', 'event_production_targets')`); n != 0 {
			t.Errorf("%s: %d planning records archived", f, n)
		}
	}
}
