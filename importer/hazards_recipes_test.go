package importer_test

import (
	"testing"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

func TestH02UnknownYieldMode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"recipes": list{obj{"slug": "pumpkin-pie", "name": "Pumpkin Pie", "category": "Pies",
		"finished_units": list{obj{"slug": "pumpkin-pie-whole", "name": "Whole Pie", "yield_mode": "weight", "unit_yield_quantity": 1, "unit_yield_unit": "pie"}}}}}),
		importer.Options{})
	var mode, raw *string
	var per, unit string
	e.scalar(`SELECT yield_mode FROM finished_units WHERE slug = 'pumpkin-pie-whole'`, nil, &mode)
	e.scalar(`SELECT yield_mode_raw FROM finished_units WHERE slug = 'pumpkin-pie-whole'`, nil, &raw)
	e.scalar(`SELECT items_per_batch::text || ' ' || item_unit FROM finished_units WHERE slug = 'pumpkin-pie-whole'`, nil, &per)
	if mode != nil || deref(raw) != "weight" {
		t.Errorf("yield_mode %v raw %v, want NULL and \"weight\"", deref(mode), deref(raw))
	}
	_ = unit
	if per != "1.0000 pie" {
		t.Errorf("items per batch %q, want 1 pie", per)
	}
	if !warned(rep, "recipes", "pumpkin-pie", "yield_mode \"weight\"") || !warned(rep, "recipes", "pumpkin-pie", "yield_mode unset") {
		t.Errorf("no warning saying the mode was stored unset: %v", rep.Warnings)
	}
	// What get_recipe shows agrees with the warning: no mode, the file's
	// text beside it.
	r, err := tools.New(e.store, nil).GetRecipe(t.Context(),
		identity.Identity{TenantID: e.tenant, UserID: e.owner, Role: identity.RoleOwner}, tools.GetRecipeInput{ID: "pumpkin-pie"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.FinishedUnits) != 1 || r.FinishedUnits[0].YieldMode != "" || r.FinishedUnits[0].YieldModeAsWritten != "weight" {
		t.Errorf("get_recipe finished units %+v, want yield_mode \"\" and yield_mode_as_written \"weight\"", r.FinishedUnits)
	}
}

func TestH03OutputMode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"events": list{
		obj{"slug": "christmas-gifts-2025", "name": "Christmas Gift Boxes 2025", "event_date": "2025-12-24", "output_mode": "packaged"},
		obj{"slug": "cookie-exchange-2025", "name": "Cookie Exchange 2025", "event_date": "2025-12-10", "output_mode": nil},
		obj{"slug": "holiday-sale-2025", "name": "Holiday Bake Sale 2025", "event_date": "2025-12-15", "output_mode": "bundled"},
	}}), importer.Options{})
	check := func(slug, mode, raw string) {
		var m, r *string
		e.scalar(`SELECT output_mode FROM events WHERE slug = $1`, []any{slug}, &m)
		e.scalar(`SELECT output_mode_raw FROM events WHERE slug = $1`, []any{slug}, &r)
		if deref(m) != mode || deref(r) != raw {
			t.Errorf("%s: output_mode %s raw %s, want %s and %s", slug, deref(m), deref(r), mode, raw)
		}
	}
	check("christmas-gifts-2025", "<nil>", "packaged")
	check("cookie-exchange-2025", "<nil>", "<nil>")
	check("holiday-sale-2025", "bundled", "<nil>")
	if !warned(rep, "events", "packaged") || warned(rep, "events", "cookie-exchange") {
		t.Errorf("want a warning for packaged only: %v", rep.Warnings)
	}
}

func TestH04EventIdentity(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := backup(obj{"events": list{
		obj{"name": "Christmas 2026", "event_date": "2026-12-15", "year": 2026},
		obj{"slug": "holiday-sale-2025", "name": "Holiday Bake Sale", "event_date": "2025-12-15"},
		obj{"name": "Spring Fair", "event_date": "2026-04-01"},
		obj{"name": "No date"},
	}})
	rep := e.importJSON(doc, importer.Options{})
	if s := rep.Sections["events"]; s.Created != 3 || s.Rejected != 1 {
		t.Errorf("events %+v, want 3 created, the one without a date rejected", *s)
	}
	var year int
	e.scalar(`SELECT year FROM events WHERE slug = 'holiday-sale-2025'`, nil, &year)
	if year != 2025 {
		t.Errorf("year %d, want 2025 from the date", year)
	}
	for _, slug := range []string{"christmas-2026", "spring-fair-2026"} {
		if n := e.count(`SELECT count(*) FROM events WHERE slug = $1`, slug); n != 1 {
			t.Errorf("generated slug %s missing", slug)
		}
	}
	// Without a slug in the file, the event is matched by name and year.
	again := e.importJSON(doc, importer.Options{})
	if s := again.Sections["events"]; s.Matched != 3 || s.Created != 0 {
		t.Errorf("re-import events %+v, want 3 matched", *s)
	}
}

func TestH05VariantsAfterBases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"recipes": list{
		obj{"slug": "double-chocolate-chip-cookies", "name": "Double Chocolate Chip Cookies", "category": "Cookies",
			"base_recipe_slug": "chocolate-chip-cookies", "variant_name": "Double Chocolate"},
		obj{"slug": "chocolate-chip-cookies", "name": "Chocolate Chip Cookies", "category": "Cookies", "base_recipe_slug": nil},
		obj{"slug": "orphan-variant", "name": "Orphan", "category": "Cookies", "base_recipe_slug": "missing-base"},
	}}), importer.Options{})
	var base string
	e.scalar(`SELECT b.slug FROM recipes v JOIN recipes b ON b.tenant_id = v.tenant_id AND b.id = v.base_recipe_id WHERE v.slug = 'double-chocolate-chip-cookies'`, nil, &base)
	if base != "chocolate-chip-cookies" {
		t.Errorf("variant's base %q", base)
	}
	var review bool
	e.scalar(`SELECT needs_review FROM recipes WHERE slug = 'orphan-variant' AND base_recipe_id IS NULL`, nil, &review)
	if !review || !warned(rep, "recipes", "missing-base") {
		t.Errorf("orphan variant not flagged: %v", rep.Warnings)
	}
}

func TestH06SlugsVerbatim(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"recipes": list{
		obj{"slug": "toasted-almond-sabl-s", "name": "Toasted Almond Sablés", "category": "Cookies", "previous_slug": "toasted-almond-sables"},
		obj{"slug": "cookie-box", "name": "Cookie Box", "category": "Cookies", "components": list{
			obj{"component_recipe_slug": "toasted-almond-sables", "quantity": 2},
			obj{"recipe_name": "TOASTED ALMOND SABLÉS", "quantity": 1},
		}},
	}}), importer.Options{})
	if n := e.count(`SELECT count(*) FROM recipes WHERE slug = 'toasted-almond-sabl-s' AND name = 'Toasted Almond Sablés'`); n != 1 {
		t.Error("slug or name not stored verbatim")
	}
	var qty string
	e.scalar(`SELECT c.quantity::text FROM recipe_components c JOIN recipes r ON r.tenant_id = c.tenant_id AND r.id = c.component_recipe_id WHERE r.slug = 'toasted-almond-sabl-s'`, nil, &qty)
	if qty != "2.0000" {
		t.Errorf("component by previous slug: quantity %s, want 2", qty)
	}
	if !warned(rep, "recipes", "already a component") {
		t.Errorf("the duplicate component (by name) was not reported: %v", rep.Warnings)
	}
}

func TestH07ConflictingYieldsKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{
		"recipes": list{
			obj{"slug": "chocolate-chip-cookies", "name": "Chocolate Chip Cookies", "category": "Cookies", "finished_units": list{
				obj{"slug": "chocolate-chip-cookie-dozen", "name": "Dozen Cookies", "yield_mode": "discrete_count", "unit_yield_quantity": 12, "unit_yield_unit": "cookies"},
				obj{"slug": "chocolate-chip-cookie-batch", "name": "Full Batch", "yield_mode": "discrete_count", "unit_yield_quantity": 48, "unit_yield_unit": "cookies"},
			}},
			obj{"slug": "chocolate-vanilla-cupcakes", "name": "Chocolate Vanilla Cupcakes", "category": "Cakes", "finished_units": list{}},
		},
		"finished_units": list{obj{"slug": "chocolate_chip_cookies_standard", "display_name": "Standard Chocolate Chip Cookies",
			"recipe_name": "Chocolate Chip Cookies", "yield_mode": "discrete_count", "items_per_batch": 48, "item_unit": "cookies", "is_archived": false}},
	}), importer.Options{})
	rows := e.count(`SELECT count(*) FROM finished_units u JOIN recipes r ON r.tenant_id = u.tenant_id AND r.id = u.recipe_id WHERE r.slug = 'chocolate-chip-cookies'`)
	if rows != 3 {
		t.Errorf("finished units of the cookies: %d, want all 3 (12, 48 and the top-level 48)", rows)
	}
	if n := e.count(`SELECT count(*) FROM finished_units WHERE items_per_batch = 12`); n != 1 {
		t.Error("the dozen unit was merged away")
	}
	if n := e.count(`SELECT count(*) FROM finished_units WHERE extra @> '{"is_archived": false}'`); n != 1 {
		t.Error("is_archived not kept in extra")
	}
}

func TestH19DuplicatesKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lemon := func(notes string) obj {
		return lot("lemon_extract", "McCormick", "Pure Lemon Extract", "fl oz", 2, 2, "2025-12-21", "pantry", notes)
	}
	doc := backup(obj{
		"products":        list{obj{"ingredient_slug": "lemon_extract", "brand": "McCormick", "product_name": "Pure Lemon Extract", "package_unit": "fl oz", "package_unit_quantity": 2}},
		"inventory_items": list{lemon("Initial inventory (1/2)"), lemon("Initial inventory (2/2)"), lemon("same"), lemon("same")},
		"recipes": list{obj{"slug": "marble-fruit-cake", "name": "Marble Fruit Cake", "category": "Cakes", "ingredients": list{
			obj{"ingredient_slug": "lemon_whole", "quantity": 2, "unit": "tsp"},
			obj{"ingredient_slug": "candied_citrus_peel", "quantity": 0.5, "unit": "cup"},
			obj{"ingredient_slug": "lemon_whole", "quantity": 0.25, "unit": "cup"},
			obj{"ingredient_slug": "candied_citrus_peel", "quantity": 0.5, "unit": "cup"},
		}}},
	})
	rep := e.importJSON(doc, importer.Options{})
	if s := rep.Sections["inventory_items"]; s.Created != 4 {
		t.Errorf("lots %+v, want all 4 (duplicates are real packages)", *s)
	}
	var ordinals string
	e.scalar(`SELECT string_agg(ordinal::text, ',' ORDER BY ordinal) FROM pantry_items`, nil, &ordinals)
	if ordinals != "0,1,2,3" {
		t.Errorf("ordinals %s, want the file indexes 0,1,2,3 (FIFO tie-break)", ordinals)
	}
	var lines string
	e.scalar(`SELECT string_agg(i.slug || ' ' || l.quantity::text || ' ' || l.unit, '; ' ORDER BY l.position) FROM recipe_ingredients l
		JOIN ingredients i ON i.tenant_id = l.tenant_id AND i.id = l.ingredient_id`, nil, &lines)
	want := "lemon_whole 2.0000 tsp; candied_citrus_peel 0.5000 cup; lemon_whole 0.2500 cup; candied_citrus_peel 0.5000 cup"
	if lines != want {
		t.Errorf("lines %q, want %q", lines, want)
	}
	again := e.importJSON(doc, importer.Options{})
	if s := again.Sections["inventory_items"]; s.Matched != 4 {
		t.Errorf("re-import lots %+v, want the 4 matched one for one", *s)
	}
}

func TestH20LostRecipeData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(backup(obj{"ingredients": list{obj{"slug": "flour_all_purpose", "display_name": "All-purpose flour", "hierarchy_level": 2}}}), importer.Options{})
	// recipes_catalog.json: no application, lines by ingredient name, notes.
	catalog := obj{"version": "1.0", "export_date": "2025-11-01", "source": "catalog", "recipes": list{
		obj{"name": "Shortbread", "category": "Cookies", "ingredients": list{
			obj{"ingredient_name": "ALL-PURPOSE FLOUR", "quantity": 2, "unit": "cup", "notes": "sifted"},
			obj{"ingredient_name": "Almonds, slivered", "quantity": 0.5, "unit": "cup", "notes": "divided"},
		}},
	}}
	rep := e.importJSON(catalog, importer.Options{})
	if rep.Format != "recipe_catalog" {
		t.Errorf("format %s", rep.Format)
	}
	if n := e.count(`SELECT count(*) FROM finished_units`); n != 0 {
		t.Errorf("a recipe without yields got %d invented finished units; its yield stays unknown", n)
	}
	var lines string
	e.scalar(`SELECT string_agg(i.slug || ':' || coalesce(l.notes, ''), ' ' ORDER BY l.position) FROM recipe_ingredients l
		JOIN ingredients i ON i.tenant_id = l.tenant_id AND i.id = l.ingredient_id`, nil, &lines)
	if lines != "flour_all_purpose:sifted almonds_slivered:divided" {
		t.Errorf("lines %q", lines)
	}
	if !warned(rep, "recipes", "Almonds, slivered", "placeholder") {
		t.Errorf("unknown ingredient name not reported: %v", rep.Warnings)
	}
	if again := e.importJSON(catalog, importer.Options{}); again.Sections["recipes"].Matched != 1 {
		t.Errorf("catalog recipe without slug not matched by name on re-import")
	}
}

func TestH21UnconvertibleLinesImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{
		"products": list{obj{"ingredient_slug": "chocolate_chips_semi_sweet", "brand": "Nestle", "package_unit": "oz", "package_unit_quantity": 12}},
		"recipes": list{obj{"slug": "cookies", "name": "Cookies", "category": "Cookies", "ingredients": list{
			obj{"ingredient_slug": "chocolate_chips_semi_sweet", "quantity": 2, "unit": "cup"},
			obj{"ingredient_slug": "unstocked_thing", "quantity": 1, "unit": "each"},
		}}},
	}), importer.Options{})
	if s := rep.Sections["recipes"]; s.Created != 1 {
		t.Errorf("recipes %+v", *s)
	}
	if n := e.count(`SELECT count(*) FROM recipe_ingredients`); n != 2 {
		t.Errorf("lines %d, want 2 (needing density or stock is for costing to report)", n)
	}
}

func TestH26NameKeyedReferences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := backup(obj{
		"recipients": list{obj{"name": "Mom", "household": "Smith"}, obj{"name": "Mom", "household": "Smith"}, obj{"name": "Wilson's", "household_name": "Wilsons"}},
		"events":     list{obj{"slug": "a", "name": "Bake Sale", "event_date": "2025-06-01"}, obj{"slug": "b", "name": "Bake Sale", "event_date": "2026-06-01"}},
		"recipes":    list{obj{"slug": "pie", "name": "Pie", "category": "Pies"}},
		"event_recipes": list{
			obj{"event_name": "Bake Sale", "recipe_slug": "pie", "batches": 2},
			obj{"event_slug": "b", "recipe_name": "Pie", "batches": 3},
		},
	})
	rep := e.importJSON(doc, importer.Options{})
	if s := rep.Sections["recipients"]; s.Created != 3 {
		t.Errorf("recipients %+v: two \"Mom\"s are two people", *s)
	}
	if s := rep.Sections["event_recipes"]; s.Archived != 1 || s.Created != 1 {
		t.Errorf("event_recipes %+v: the ambiguous name must be archived, not guessed", *s)
	}
	if !warned(rep, "event_recipes", "ambiguous") {
		t.Errorf("no ambiguity warning: %v", rep.Warnings)
	}
	again := e.importJSON(doc, importer.Options{})
	if s := again.Sections["recipients"]; s.Matched != 3 || s.Created != 0 {
		t.Errorf("re-import recipients %+v, want 3 matched", *s)
	}
	if s := again.Sections["event_recipes"]; s.Matched != 2 {
		t.Errorf("re-import event_recipes %+v, want 2 matched", *s)
	}
}
