package importer_test

import (
	"strings"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// The desktop's production and assembly runs carry what was made and what
// it cost but no consumption. They become runs marked imported — without
// consumption rows, stock not counted twice (the file's inventory_count
// already holds them), a cost the file does not give left unknown — and
// export writes them back so the round trip is stable. A run whose recipe
// the file never defines is archived, not lost.
func TestDesktopRunsWithoutConsumptionBecomeImportedRunsNotDoubleStock(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	doc := planningBackup()
	units := doc["recipes"].(list)[0].(obj)["finished_units"].(list)
	units[0].(obj)["inventory_count"] = 30
	doc["production_runs"] = list{
		obj{"recipe_name": "Toasted Almond Sablés", "finished_unit_slug": "sable_cookie", "event_name": "Christmas 2026",
			"num_batches": 2, "actual_yield": 45, "loss_quantity": 3, "total_ingredient_cost": "12.60", "per_unit_cost": "0.28",
			"produced_at": "2025-12-20T10:00:00", "recipe_snapshot": obj{"name": "Toasted Almond Sablés", "lines": list{}}},
		obj{"recipe_name": "Toasted Almond Sablés", "num_batches": 1, "produced_at": "2025-12-21T09:30:00+00:00Z"},
		obj{"recipe_name": "No Such Cake", "num_batches": 1, "produced_at": "2025-12-21T09:30:00"},
	}
	doc["assembly_runs"] = list{
		obj{"finished_good_slug": "sable_tin", "event_name": "Christmas 2026", "quantity_assembled": 2, "assembled_at": "2025-12-22T08:00:00Z",
			"total_component_cost": "7.40", "packaging_bypass": true},
	}
	js := toJSON(t, doc)
	rep := a.importJSON(js, importer.Options{})
	checkAccounted(t, js, rep)
	if got := *rep.Sections["production_runs"]; got != (importer.SectionReport{Read: 3, Created: 2, Archived: 1}) {
		t.Errorf("production_runs %+v, want 2 created and the unknown recipe archived", got)
	}
	if got := *rep.Sections["assembly_runs"]; got != (importer.SectionReport{Read: 1, Created: 1}) {
		t.Errorf("assembly_runs %+v, want 1 created", got)
	}
	// 2 × 24 expected, 45 good, 3 lost, as the file says; 12.60 ÷ 45 as given.
	if n := a.count(`SELECT count(*) FROM production_runs WHERE imported AND event_id IS NOT NULL AND expected_yield = 48
		AND actual_yield = 45 AND loss_quantity = 3 AND production_status = 'partial_loss' AND total_ingredient_cost = 12.60
		AND cost_complete AND per_unit_cost = 0.28 AND remaining_items = 0 AND recipe_snapshot->>'name' = 'Toasted Almond Sablés'`); n != 1 {
		t.Errorf("the first run was stored %d times as the file gives it, want 1", n)
	}
	// No yield or cost in the file: 1 × 24 expected and made, cost unknown.
	if n := a.count(`SELECT count(*) FROM production_runs WHERE imported AND event_id IS NULL AND actual_yield = 24
		AND production_status = 'complete' AND NOT cost_complete AND per_unit_cost IS NULL`); n != 1 {
		t.Errorf("the run without yield or cost was stored %d times with 24 made at unknown cost, want 1", n)
	}
	if n := a.count(`SELECT count(*) FROM production_consumptions`) + a.count(`SELECT count(*) FROM assembly_consumptions`); n != 0 {
		t.Errorf("%d consumption rows invented for imported runs, want 0", n)
	}
	if n := a.count(`SELECT inventory_count FROM finished_units WHERE slug = 'sable_cookie'`); n != 30 {
		t.Errorf("sable_cookie stock %d, want the file's 30 (the runs are already in it)", n)
	}
	if n := a.count(`SELECT inventory_count FROM finished_goods WHERE slug = 'sable_tin'`); n != 2 {
		t.Errorf("sable_tin stock %d, want the file's 2", n)
	}
	// 7.40 for 2 and no per-unit cost given: 3.70 each, the desktop's rule.
	if n := a.count(`SELECT count(*) FROM assembly_runs WHERE imported AND quantity_assembled = 2 AND total_component_cost = 7.40
		AND per_unit_cost = 3.70 AND extra->>'packaging_bypass' = 'true'`); n != 1 {
		t.Errorf("the assembly run was stored %d times with its cost, 3.70 each and bypass flag, want 1", n)
	}
	if n := a.count(`SELECT count(*) FROM import_archive WHERE section = 'production_runs' AND payload->>'recipe_name' = 'No Such Cake'`); n != 1 {
		t.Errorf("the unresolved run was archived %d times, want 1", n)
	}
	first, _ := roundTripFrom(t, a)
	compact := strings.ReplaceAll(strings.ReplaceAll(string(first), " ", ""), "\n", "")
	for _, s := range []string{`"finished_unit_slug":"sable_cookie","event_slug":`, `"actual_yield":45,"loss_quantity":3`,
		`"total_ingredient_cost":null`, `"quantity_assembled":2,"total_component_cost":7.4`} {
		if !strings.Contains(compact, s) {
			t.Errorf("the export lacks %s", s)
		}
	}
}
