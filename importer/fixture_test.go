package importer_test

import (
	"encoding/json"
	"fmt"
	"testing"
)

// obj and list keep the fixtures short.
type obj = map[string]any
type list = []any

// fullBackup is a synthetic normalized backup in the shape of the desktop's
// sample_data_all.json (docs/import.md §3–§4): every section, the
// hazards the real file has, suppliers as the last key. suffix makes the
// slugs and names of a copy distinct (the 100× benchmark file).
func fullBackup(suffix string) obj {
	s := func(v string) string { return v + suffix }
	return obj{
		"version":              "4.2",
		"exported_at":          "2026-01-07T23:23:19.772500+00:00",
		"application":          "bake-tracker",
		"transformed_at":       "2026-01-02",
		"transformation_notes": list{"Cleared 156 purchases (ID-based FK format incompatible)", "Renamed flour slugs"},
		"ingredients": list{
			obj{"slug": s("flours_starches"), "display_name": "Flours & Starches" + suffix, "hierarchy_level": 0, "category": "Flours & Starches" + suffix,
				"description": "Category: Includes: flours", "is_packaging": false},
			obj{"slug": s("wheat_flours"), "display_name": "Wheat flours" + suffix, "hierarchy_level": 1, "parent_slug": s("flours_starches"),
				"category": "Flours & Starches" + suffix, "description": "Subcategory: Contains: wheat", "is_packaging": false},
			obj{"slug": s("bread_flour"), "display_name": "Bread flour" + suffix, "hierarchy_level": 2, "parent_slug": s("wheat_flours"),
				"category": "Flours & Starches" + suffix, "density_volume_value": 1.0, "density_volume_unit": "cup",
				"density_weight_value": 4.25, "density_weight_unit": "oz", "is_packaging": false},
			obj{"slug": s("flour_all_purpose"), "display_name": "All-purpose flour" + suffix, "hierarchy_level": 2, "parent_slug": s("wheat_flours"),
				"category": "Flours & Starches" + suffix, "is_packaging": false},
			obj{"slug": s("nuts_seeds"), "display_name": "Nuts & Seeds" + suffix, "hierarchy_level": 0, "category": "Nuts & Seeds" + suffix, "is_packaging": false},
			obj{"slug": s("tree_nuts"), "display_name": "Tree nuts" + suffix, "hierarchy_level": 1, "parent_slug": s("nuts_seeds"), "category": "Nuts & Seeds" + suffix, "is_packaging": false},
			obj{"slug": s("almonds"), "display_name": "Almonds" + suffix, "hierarchy_level": 2, "parent_slug": s("tree_nuts"), "category": "Nuts & Seeds" + suffix, "is_packaging": false},
			obj{"slug": s("almonds_whole"), "display_name": "Almonds, whole" + suffix, "hierarchy_level": 2, "parent_slug": s("almonds"), "category": "Nuts & Seeds" + suffix, "is_packaging": false},
			obj{"slug": s("flavorings"), "display_name": "Flavorings" + suffix, "hierarchy_level": 0, "category": "Flavorings" + suffix, "is_packaging": false},
			obj{"slug": s("extracts"), "display_name": "Extracts" + suffix, "hierarchy_level": 1, "parent_slug": s("flavorings"), "category": "Flavorings" + suffix, "is_packaging": false},
			obj{"slug": s("vanilla_extract"), "display_name": "Vanilla extract" + suffix, "hierarchy_level": 2, "parent_slug": s("extracts"), "category": "Flavorings" + suffix, "is_packaging": false},
			obj{"slug": s("lemon_extract"), "display_name": "Lemon extract" + suffix, "hierarchy_level": 2, "parent_slug": s("extracts"), "category": "Flavorings" + suffix, "is_packaging": false},
			obj{"slug": s("chocolate_chips_semi_sweet"), "display_name": "Chocolate chips, semi-sweet" + suffix, "hierarchy_level": 2, "parent_slug": s("extracts"), "category": "Flavorings" + suffix, "is_packaging": false},
			obj{"slug": s("water_subcategory"), "display_name": "Water (subcategory)" + suffix, "hierarchy_level": 1, "parent_slug": s("flavorings"), "category": "Flavorings" + suffix, "is_packaging": false},
			obj{"slug": s("water"), "display_name": "Water" + suffix, "hierarchy_level": 2, "parent_slug": s("water_subcategory"), "category": "Flavorings" + suffix, "is_packaging": false},
		},
		"products": list{
			obj{"ingredient_slug": s("bread_flour"), "brand": "Wegman's", "product_name": "Bread Flour", "package_unit": "lb", "package_unit_quantity": 5.0,
				"package_type": "bag", "gtin": "71012010615", "is_hidden": false, "preferred_supplier_id": 3},
			obj{"ingredient_slug": s("flour_all_purpose"), "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 25.0,
				"upc_code": "071012107018", "is_hidden": false, "preferred": true},
			obj{"ingredient_slug": s("vanilla_extract"), "brand": "Heilala", "product_name": "Oak Aged Vanilla Extract", "package_unit": "ml",
				"package_unit_quantity": 50.0, "package_type": "bottle", "is_hidden": false},
			obj{"ingredient_slug": s("vanilla_extract"), "brand": "Heilala", "product_name": "Spiced Vanilla Extract", "package_unit": "ml",
				"package_unit_quantity": 50.0, "package_type": "bottle", "is_hidden": true},
			obj{"ingredient_slug": s("almonds"), "brand": "Costco", "product_name": "Whole Almonds", "package_unit": "lb", "package_unit_quantity": 3.0,
				"gtin": "9661984601", "is_hidden": false, "preferred_supplier_id": 2},
			obj{"ingredient_slug": s("chocolate_chips_semi_sweet"), "brand": "Nestle", "product_name": "Semi-Sweet Morsels", "package_unit": "oz",
				"package_unit_quantity": 10.0, "is_hidden": false},
			obj{"ingredient_slug": s("chocolate_chips_semi_sweet"), "brand": "Nestle", "product_name": "Semi-Sweet Morsels", "package_unit": "oz",
				"package_unit_quantity": 72.0, "is_hidden": false},
			obj{"ingredient_slug": s("lemon_extract"), "brand": "McCormick", "product_name": "Pure Lemon Extract", "package_unit": "fl oz",
				"package_unit_quantity": 1.0, "is_hidden": false},
		},
		"purchases": list{},
		"inventory_items": list{
			lot(s("bread_flour"), "Wegman's", "Bread Flour", "lb", 5.0, 5.0, "2025-12-21", "pantry", "Initial inventory - full package"),
			lot(s("flour_all_purpose"), "King Arthur", nil, "lb", 25.0, 12.5, "2025-12-21", "pantry", "Initial inventory - partial package (50%)"),
			lot(s("vanilla_extract"), "Heilala", "Oak Aged Vanilla Extract", "ml", 50.0, 50.0, "2025-12-21", "Pantry", "Initial inventory - full package"),
			lot(s("almonds"), "Costco", "Whole Almonds", "lb", 3.0, 2.0, "2025-12-21", "pantry", "Initial inventory - full package"),
			lot(s("chocolate_chips_semi_sweet"), "Nestle", "Semi-Sweet Morsels", "oz", 10.0, 10.0, "2025-12-21", "pantry", "Initial inventory - full package"),
			lot(s("chocolate_chips_semi_sweet"), "Nestle", "Semi-Sweet Morsels", "oz", 72.0, 72.0, "2025-12-27", "pantry", "Initial inventory - full package"),
			lot(s("lemon_extract"), "McCormick", "Pure Lemon Extract", "fl oz", 1.0, 1.0, "2025-12-21", "pantry", "Initial inventory - full package (1/2)"),
			lot(s("lemon_extract"), "McCormick", "Pure Lemon Extract", "fl oz", 1.0, 1.0, "2025-12-21", "pantry", "Initial inventory - full package (2/2)"),
			lot(s("lemon_extract"), "McCormick", "Pure Lemon Extract", "fl oz", 1.0, 1.0, "2025-12-21", "pantry", "Initial inventory - full package (2/2)"),
		},
		"recipes": list{
			obj{"slug": s("toasted-almond-sabl-s"), "name": "Toasted Almond Sablés" + suffix, "category": "Cookies", "base_recipe_slug": nil,
				"variant_name": nil, "is_production_ready": true, "previous_slug": nil, "source": "Holiday Cooking 1982", "notes": "Toast the almonds.",
				"components": list{}, "finished_units": list{},
				"ingredients": list{
					obj{"ingredient_slug": s("flour_all_purpose"), "quantity": 2.0, "unit": "cup"},
					obj{"ingredient_slug": s("almonds"), "quantity": 0.5, "unit": "cup"},
					obj{"ingredient_slug": s("lemon_extract"), "quantity": 2, "unit": "tsp"},
					obj{"ingredient_slug": s("lemon_extract"), "quantity": 0.25, "unit": "cup"},
				}},
			obj{"slug": s("marble-fruit-cake"), "name": "Marble Fruit Cake" + suffix, "category": "Cake", "is_production_ready": true, "previous_slug": nil,
				"source": "Family", "notes": nil, "components": list{}, "finished_units": list{},
				"ingredients": list{
					obj{"ingredient_slug": s("bread_flour"), "quantity": 3, "unit": "cup"},
					obj{"ingredient_slug": s("chocolate_chips_semi_sweet"), "quantity": 1, "unit": "cup"},
					obj{"ingredient_slug": s("chocolate_chips_semi_sweet"), "quantity": 1, "unit": "cup"},
					obj{"ingredient_slug": s("water"), "quantity": 0.5, "unit": "cup"},
				}},
		},
		"finished_units":           list{},
		"finished_goods":           list{},
		"compositions":             list{},
		"packages":                 list{obj{"name": "Gift box" + suffix, "is_template": true, "notes": "six cookies"}},
		"package_finished_goods":   list{},
		"event_recipient_packages": list{},
		"event_production_targets": list{},
		"event_assembly_targets":   list{},
		"production_records":       list{},
		"production_runs":          list{obj{"recipe_name": "Marble Fruit Cake" + suffix, "num_batches": 2, "produced_at": "2025-12-20T10:00:00"}},
		"assembly_runs":            list{},
		"recipients": list{
			obj{"name": "Thomas" + suffix, "household_name": "Howell Household"},
			obj{"name": "Wilson's" + suffix, "household_name": "Wilson Household"},
			obj{"name": "Mom" + suffix, "household_name": nil},
		},
		"events": list{obj{"name": "Christmas 2026" + suffix, "event_date": "2026-12-15", "year": 2026}},
		"materials": list{
			obj{"slug": s("box_window_cake_10x10"), "display_name": "Box Window Cake 10x10" + suffix, "description": "White cake box with window",
				"category": "Boxes: Window Boxes", "is_packaging_material": true},
			obj{"slug": s("ribbon_satin_red"), "display_name": "Ribbon Satin Red" + suffix, "description": "3/8 inch satin ribbon",
				"category": "Ribbons: Satin", "is_packaging_material": true},
		},
		"material_products": list{
			obj{"material": "Box Window Cake 10x10" + suffix, "display_name": "Amazon 10x10 Cake Window Box 25pk" + suffix, "default_unit": "each",
				"supplier": "Amazon", "notes": "Pack of 25 boxes"},
			obj{"material": "Ribbon Satin Red" + suffix, "display_name": "Michaels Red Satin Ribbon" + suffix, "default_unit": "linear_inches",
				"supplier": "Michaels", "notes": "Spool"},
		},
		"suppliers": list{
			obj{"id": 1, "uuid": "6f1c0a4e-0000-4000-8000-000000000001", "name": "Unknown", "slug": "unknown_unknown_xx", "supplier_type": "physical",
				"city": "Unknown", "state": "XX", "zip_code": "00000", "is_active": true,
				"created_at": "2025-12-26T17:39:13.554852", "updated_at": "2025-12-26T17:39:13.554852"},
			obj{"id": 2, "uuid": "6f1c0a4e-0000-4000-8000-000000000002", "name": "Costco", "slug": "costco_waltham_ma", "supplier_type": "physical",
				"street_address": "71 2nd Ave", "city": "Waltham", "state": "MA", "zip_code": "02451-1107", "is_active": true,
				"created_at": "2025-12-26T17:39:13.554852", "updated_at": "2025-12-26T17:39:13.554852"},
			obj{"id": 3, "uuid": "6f1c0a4e-0000-4000-8000-000000000003", "name": "Wegmans", "slug": "wegmans_burlington_ma", "supplier_type": "physical",
				"city": "Burlington", "state": "MA", "zip_code": "01803", "is_active": true, "notes": "Good bulk aisle",
				"created_at": "2025-12-26T17:39:13.554852", "updated_at": "2025-12-26T17:39:13.554852"},
		},
	}
}

// lot is an inventory_items record in sample_data_all's shape (no cost).
func lot(ing, brand string, name any, unit string, pkg, qty float64, date, location, notes string) obj {
	return obj{"ingredient_slug": ing, "product_brand": brand, "product_name": name, "package_unit": unit, "package_unit_quantity": pkg,
		"quantity": qty, "purchase_date": date, "location": location, "notes": notes}
}

// syntheticBackup is fullBackup repeated until the file is at least
// minBytes long, each copy with its own slugs (one set of suppliers).
func syntheticBackup(t testing.TB, minBytes int) ([]byte, int) {
	t.Helper()
	replicated := []string{"ingredients", "products", "inventory_items", "recipes", "packages", "production_runs", "recipients", "events", "materials", "material_products"}
	doc := fullBackup("")
	base, _ := json.Marshal(doc)
	one := fullBackup("_c0")
	part := obj{}
	for _, k := range replicated {
		part[k] = one[k]
	}
	each, err := json.Marshal(part)
	if err != nil {
		t.Fatal(err)
	}
	copies := 1
	if minBytes > len(base) {
		copies += (minBytes-len(base))/len(each) + 1
	}
	for c := 1; c < copies; c++ {
		more := fullBackup(fmt.Sprintf("_c%d", c))
		for _, k := range replicated {
			doc[k] = append(doc[k].(list), more[k].(list)...)
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b, copies
}
