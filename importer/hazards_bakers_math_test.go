package importer_test

import (
	"encoding/json"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// ingredientMath is an ingredient's allergens and adopted density entry as
// stored: "wheat,gluten|flour_all_purpose_spooned|1 cup = 120 g".
func (e *env) ingredientMath(slug string) string {
	e.t.Helper()
	var s string
	e.scalar(`SELECT array_to_string(allergens, ',') || '|' || coalesce(density_library_id, '') || '|' ||
		coalesce(density_volume_value::float8::text || ' ' || density_volume_unit || ' = ' || density_weight_value::float8::text || ' ' || density_weight_unit, '')
		FROM ingredients WHERE slug = $1`, []any{slug}, &s)
	return s
}

// TestDesktopAllergensKeyIsMapped: the desktop spec's optional allergens
// key (in no real file yet) is read as a list or a comma-separated text,
// names as people write them ("Tree nuts", "dairy") become codes, and what
// is no allergen is warned about and kept as written rather than dropped.
func TestDesktopAllergensKeyIsMapped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(backup(obj{"ingredients": list{
		obj{"slug": "flour_all_purpose", "display_name": "All-purpose flour", "hierarchy_level": 2, "allergens": list{"Wheat", "gluten"}},
		obj{"slug": "butter", "display_name": "Butter", "hierarchy_level": 2, "allergens": list{"dairy"}},
		obj{"slug": "praline", "display_name": "Praline", "hierarchy_level": 2, "allergens": "Tree nuts, milk; Kryptonite"},
		obj{"slug": "water", "display_name": "Water", "hierarchy_level": 2, "allergens": list{}},
	}}), importer.Options{})
	for slug, want := range map[string]string{"flour_all_purpose": "wheat,gluten||", "butter": "milk||", "praline": "milk,tree_nuts||", "water": "||"} {
		if got := e.ingredientMath(slug); got != want {
			t.Errorf("%s: stored %q, want %q", slug, got, want)
		}
	}
	if !warned(rep, "ingredients", "Kryptonite", "kept as written") {
		t.Fatalf("no warning for the unknown allergen: %+v", rep.Warnings)
	}
	var extra string
	e.scalar(`SELECT extra->>'allergens' FROM ingredients WHERE slug = 'praline'`, nil, &extra)
	if extra != "Tree nuts, milk; Kryptonite" {
		t.Fatalf("praline's allergens as written = %q, want kept in extra", extra)
	}
}

// TestAllergensAndAdoptedDensitySurviveExportImport: allergen flags and
// the density library entry an ingredient adopted go out in the export
// (allergens, density_library_entry) and come back in another tenant as
// the same flags and the same adopted entry, its provenance intact; an
// entry this library lacks keeps the file's own density and the name.
func TestAllergensAndAdoptedDensitySurviveExportImport(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	rep := a.importJSON(backup(obj{"ingredients": list{
		obj{"slug": "flour_all_purpose", "display_name": "All-purpose flour", "hierarchy_level": 2, "allergens": list{"wheat"},
			"density_library_entry": "flour_all_purpose_spooned"},
		obj{"slug": "milk", "display_name": "Milk", "hierarchy_level": 2, "allergens": list{"milk"},
			"density_volume_value": 1, "density_volume_unit": "cup", "density_weight_value": 240, "density_weight_unit": "g"},
		obj{"slug": "oats", "display_name": "Oats", "hierarchy_level": 2, "density_library_entry": "oats_from_elsewhere",
			"density_volume_value": 1, "density_volume_unit": "cup", "density_weight_value": 90, "density_weight_unit": "g"},
	}}), importer.Options{})
	if !warned(rep, "ingredients", "oats_from_elsewhere", "does not exist") {
		t.Fatalf("no warning for the unknown library entry: %+v", rep.Warnings)
	}
	want := map[string]string{
		"flour_all_purpose": "wheat|flour_all_purpose_spooned|1 cup = 120 g",
		"milk":              "milk||1 cup = 240 g",
		"oats":              "||1 cup = 90 g",
	}
	for slug, w := range want {
		if got := a.ingredientMath(slug); got != w {
			t.Errorf("first tenant %s: %q, want %q", slug, got, w)
		}
	}
	first, _ := roundTripFrom(t, a)
	var doc struct {
		Ingredients []map[string]any `json:"ingredients"`
	}
	if err := json.Unmarshal(first, &doc); err != nil {
		t.Fatal(err)
	}
	for _, ing := range doc.Ingredients {
		if ing["slug"] == "flour_all_purpose" && (ing["density_library_entry"] != "flour_all_purpose_spooned" || len(ing["allergens"].([]any)) != 1) {
			t.Errorf("exported flour = %v", ing)
		}
		if ing["slug"] == "oats" && ing["density_library_entry"] != "oats_from_elsewhere" {
			t.Errorf("exported oats lost the entry it named: %v", ing)
		}
	}
	b := newEnv(t)
	b.importJSON(first, importer.Options{})
	for slug, w := range want {
		if got := b.ingredientMath(slug); got != w {
			t.Errorf("after export → import %s: %q, want %q", slug, got, w)
		}
	}
}
