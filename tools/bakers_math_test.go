package tools_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/tools"
)

// mkIngredient creates an ingredient through create_ingredient.
func mkIngredient(t *testing.T, e env, args map[string]any) string {
	t.Helper()
	return call[tools.Ingredient](t, e.Client, "create_ingredient", args).Slug
}

// countrySourdough is a real bread: 900 g bread flour, 650 g water, 20 g
// salt, 1 tbsp honey (a library density: 21 g), 1 tbsp olive oil (no
// density) and 2 batches of a levain of 50 g whole wheat flour and 50 g water.
func countrySourdough(t *testing.T, e env) {
	t.Helper()
	mkIngredient(t, e, map[string]any{"name": "Bread flour", "allergens": []any{"wheat"}})
	mkIngredient(t, e, map[string]any{"name": "Whole wheat flour", "allergens": []any{"Wheat"}})
	mkIngredient(t, e, map[string]any{"name": "Water"})
	mkIngredient(t, e, map[string]any{"name": "Salt"})
	mkIngredient(t, e, map[string]any{"name": "Honey", "density_library_entry": "honey_poured"})
	mkIngredient(t, e, map[string]any{"name": "Olive oil"})
	rtCreate(t, e, map[string]any{"name": "Levain", "lines": []any{rtLine("whole_wheat_flour", "50", "g"), rtLine("water", "50", "g")}})
	rtCreate(t, e, map[string]any{"name": "Country Sourdough",
		"lines": []any{rtLine("bread_flour", "900", "g"), rtLine("water", "650", "g"), rtLine("salt", "20", "g"),
			rtLine("honey", "1", "tbsp"), rtLine("olive_oil", "1", "tbsp")},
		"components": []any{map[string]any{"recipe": "levain", "quantity": 2}},
		"yields":     []any{map[string]any{"display_name": "Loaf", "items_per_batch": 2, "item_unit": "loaf"}}})
}

// TestBakersPercentagesOfASourdoughWithLevain: flour is 900 + 2 × 50 =
// 1000 g, water 650 + 2 × 50 = 750 g, so hydration is 75 %; salt 2 %,
// honey 21 g (1 tbsp by King Arthur's chart) 2.1 %; the olive oil has no
// density and is named.
func TestBakersPercentagesOfASourdoughWithLevain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	countrySourdough(t, e)
	out := call[tools.BakersPercentagesOutput](t, e.Client, "bakers_percentages", map[string]any{"recipe_id": "country-sourdough"})
	rtWantDec(t, "flour_grams", out.FlourGrams, "1000")
	rtWantDec(t, "water_grams", out.WaterGrams, "750")
	rtWantDec(t, "total_grams", out.TotalGrams, "1791")
	rtWantDec(t, "hydration", *out.Hydration, "75")
	want := map[string]string{"Bread flour": "90", "Whole wheat flour": "10", "Water": "75", "Salt": "2", "Honey": "2.1"}
	for _, tot := range out.Totals {
		w, ok := want[tot.IngredientName]
		if !ok {
			t.Errorf("unexpected total %+v", tot)
			continue
		}
		rtWantDec(t, tot.IngredientName+" %", tot.Percent, w)
		delete(want, tot.IngredientName)
	}
	if len(want) > 0 {
		t.Errorf("missing totals %v", want)
	}
	var levainWater, honey *tools.BakersLine
	for i, l := range out.Lines {
		switch {
		case l.IngredientName == "Water" && l.Recipe == "levain":
			levainWater = &out.Lines[i]
		case l.IngredientName == "Honey":
			honey = &out.Lines[i]
		}
	}
	if levainWater == nil || levainWater.Percent == nil || !levainWater.Percent.Equal(rtDec("10")) {
		t.Fatalf("levain water line = %+v, want 100 g = 10 %% (the levain expanded by its 2 batches)", levainWater)
	}
	if honey == nil || honey.DensityUsed == nil || honey.DensityUsed.From != "library" || honey.DensityUsed.LibraryEntry != "honey_poured" ||
		!strings.Contains(honey.DensityUsed.Source, "King Arthur") || honey.DensityUsed.Method != "poured" {
		t.Fatalf("honey line = %+v, want it weighed with the library's honey_poured density and its source", honey)
	}
	if len(out.Unconverted) != 1 || !strings.Contains(out.Unconverted[0], "Olive oil") {
		t.Fatalf("unconverted = %v, want the olive oil named", out.Unconverted)
	}
	if !strings.Contains(out.FlourRule, "flour") {
		t.Errorf("flour_rule %q does not say how flour was chosen", out.FlourRule)
	}
	// Naming the flour by hand: bread flour alone is 100 %.
	only := call[tools.BakersPercentagesOutput](t, e.Client, "bakers_percentages", map[string]any{"recipe_id": "country-sourdough", "flour": []any{"bread_flour"}})
	rtWantDec(t, "flour_grams with a flour list", only.FlourGrams, "900")
	rtWantErr(t, callErr(t, e.Client, "bakers_percentages", map[string]any{"recipe_id": "country-sourdough", "flour": []any{"rye"}}), "invalid_argument", "flour[0]")
}

// scaledLine finds a scaled line by ingredient and owning recipe.
func scaledLine(t *testing.T, out tools.ScaleRecipeOutput, ingredient, recipe string) tools.ScaledLine {
	t.Helper()
	for _, l := range out.Lines {
		if l.IngredientName == ingredient && l.Recipe == recipe {
			return l
		}
	}
	t.Fatalf("no scaled line %s of %s in %+v", ingredient, recipe, out.Lines)
	return tools.ScaledLine{}
}

// TestScaleRecipeEveryMode scales the sourdough and a cookie recipe by
// factor, total weight, flour weight, yield and pan, checking exact and
// rounded amounts.
func TestScaleRecipeEveryMode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	countrySourdough(t, e)
	mkIngredient(t, e, map[string]any{"name": "All-purpose flour", "density_library_entry": "flour_all_purpose_spooned"})
	mkIngredient(t, e, map[string]any{"name": "Egg", "default_unit": "each"})
	mkIngredient(t, e, map[string]any{"name": "Baking soda"})
	rtCreate(t, e, map[string]any{"name": "Cookies",
		"lines":  []any{rtLine("all_purpose_flour", "2.25", "cup"), rtLine("egg", "2", "each"), rtLine("baking_soda", "1", "tsp")},
		"yields": []any{map[string]any{"display_name": "Cookie", "items_per_batch": 48, "item_unit": "cookie"}}})

	// factor: the levain's lines scale with its 2 batches, its batches with the factor.
	f := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "country-sourdough", "factor": 1.5})
	rtWantDec(t, "levain flour × 1.5", scaledLine(t, f, "Whole wheat flour", "levain").Exact, "150")
	if len(f.Components) != 1 || !f.Components[0].Batches.Equal(rtDec("3")) {
		t.Fatalf("components = %+v, want the levain at 3 batches", f.Components)
	}
	if len(f.Yields) != 1 || !f.Yields[0].Items.Equal(rtDec("3")) {
		t.Fatalf("yields = %+v, want 3 loaves", f.Yields)
	}

	// total weight: 1791 g weighable → 3582 g is × 2 (the oil, unweighable, is named).
	w := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "country-sourdough", "target_total_weight": 3.582, "weight_unit": "kg"})
	rtWantDec(t, "total weight factor", w.Factor, "2")
	if len(w.DensitiesUsed) != 1 || w.DensitiesUsed[0].IngredientName != "Honey" || w.DensitiesUsed[0].DensityUsed.LibraryEntry != "honey_poured" {
		t.Fatalf("densities used = %+v, want the honey's library density", w.DensitiesUsed)
	}
	if len(w.Warnings) != 1 || !strings.Contains(w.Warnings[0], "Olive oil") {
		t.Fatalf("warnings = %v, want the olive oil named", w.Warnings)
	}

	// flour weight: 500 g of flour is half of 1000 g.
	fl := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "country-sourdough", "target_flour_weight": 500})
	rtWantDec(t, "flour factor", fl.Factor, "0.5")
	rtWantDec(t, "half the salt", scaledLine(t, fl, "Salt", "country-sourdough").Rounded, "10")
	honey := scaledLine(t, fl, "Honey", "country-sourdough")
	if honey.Display != "1/2 tbsp" {
		t.Errorf("half a tablespoon of honey displays %q", honey.Display)
	}

	// yield: 48 → 60 cookies is × 1.25; 2.5 eggs round to 2 1/2 with a note.
	y := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies", "target_yield": 60})
	rtWantDec(t, "yield factor", y.Factor, "1.25")
	egg := scaledLine(t, y, "Egg", "cookies")
	if egg.Display != "2 1/2 each" || !egg.Exact.Equal(rtDec("2.5")) {
		t.Fatalf("eggs = %+v, want 2 1/2 each", egg)
	}
	flour := scaledLine(t, y, "All-purpose flour", "cookies")
	if flour.Display != "2 7/8 cup" || !flour.Exact.Equal(rtDec("2.8125")) {
		t.Fatalf("flour = %+v, want exactly 2.8125 cup shown as 2 7/8 cup", flour)
	}
	soda := scaledLine(t, y, "Baking soda", "cookies")
	if soda.Display != "1 1/4 tsp" {
		t.Fatalf("soda = %+v, want 1 1/4 tsp", soda)
	}
	// 48 → 16 cookies: two thirds of an egg is a note, never "0.6667 egg".
	third := scaledLine(t, call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies", "target_yield": 16}), "Egg", "cookies")
	if third.Display != "1/2 each" || third.Note == "" {
		t.Fatalf("2/3 egg = %+v, want 1/2 each with a note", third)
	}

	// pans: a 9 in round to a 13 × 9 in rectangle is 117 ÷ (π·81/4) ≈ 1.8391; 8 in to 10 in round is exactly 1.5625.
	p := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies",
		"from_pan": map[string]any{"shape": "round", "diameter": 8}, "to_pan": map[string]any{"shape": "round", "diameter": 10}})
	rtWantDec(t, "round pan factor", p.Factor, "1.5625")
	r := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies",
		"from_pan": map[string]any{"shape": "round", "diameter": 9}, "to_pan": map[string]any{"shape": "rectangular", "length": 13, "width": 9}})
	rtWantDec(t, "round to sheet factor", r.Factor.Round(4), "1.8391")
	v := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies", "by_volume": true,
		"from_pan": map[string]any{"shape": "loaf", "length": 8.5, "width": 4.5, "depth": 2.5},
		"to_pan":   map[string]any{"shape": "loaf", "length": 22, "width": 11, "depth": 6, "unit": "cm"}})
	// 22 × 11 × 6 cm = 1452 cm³ = 88.61 in³ over 8.5 × 4.5 × 2.5 = 95.625 in³.
	if v.Factor.Round(2).String() != "0.93" {
		t.Fatalf("loaf by volume factor = %s, want ≈ 0.93", v.Factor)
	}
	rtWantErr(t, callErr(t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies",
		"from_pan": map[string]any{"shape": "round"}, "to_pan": map[string]any{"shape": "round", "diameter": 10}}), "invalid_argument", "from_pan.diameter")
	rtWantErr(t, callErr(t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies", "factor": 2, "target_yield": 10}), "invalid_argument", "factor")
	rtWantErr(t, callErr(t, e.Client, "scale_recipe", map[string]any{"recipe_id": "cookies", "factor": 0}), "invalid_argument", "factor")
}

// TestAllergensRollUpThreeLevelsAndLabelInWeightOrder: a sandwich cookie
// (level 1) uses a filling (level 2) that uses a praline paste (level 3);
// the hazelnuts and milk powder down there reach the top's statement, and
// the ingredient list goes by weight: the filling (150 + 80 = 230 g) before
// the flour (200 g), the uncounted eggs last.
func TestAllergensRollUpThreeLevelsAndLabelInWeightOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mkIngredient(t, e, map[string]any{"name": "All-purpose flour", "allergens": []any{"wheat"}})
	mkIngredient(t, e, map[string]any{"name": "Sugar"})
	mkIngredient(t, e, map[string]any{"name": "Eggs", "allergens": []any{"egg"}})
	mkIngredient(t, e, map[string]any{"name": "Powdered sugar"})
	mkIngredient(t, e, map[string]any{"name": "Hazelnuts", "allergens": []any{"tree nuts"}})
	mkIngredient(t, e, map[string]any{"name": "Milk powder", "allergens": []any{"milk"}})
	mkIngredient(t, e, map[string]any{"name": "Celery salt", "allergens": []any{"celery"}})
	rtCreate(t, e, map[string]any{"name": "Praline Paste", "lines": []any{rtLine("hazelnuts", "60", "g"), rtLine("milk_powder", "20", "g")}})
	rtCreate(t, e, map[string]any{"name": "Filling", "lines": []any{rtLine("powdered_sugar", "150", "g")},
		"components": []any{map[string]any{"recipe": "praline-paste", "quantity": 1}}})
	rtCreate(t, e, map[string]any{"name": "Sandwich Cookie",
		"lines":      []any{rtLine("sugar", "100", "g"), rtLine("all_purpose_flour", "200", "g"), rtLine("eggs", "2", "each"), rtLine("celery_salt", "1", "g")},
		"components": []any{map[string]any{"recipe": "filling", "quantity": 1}}})

	us := call[tools.RecipeLabelOutput](t, e.Client, "recipe_label", map[string]any{"recipe_id": "sandwich-cookie"})
	wantList := "Filling (Powdered sugar, Praline Paste (Hazelnuts, Milk powder)), All-purpose flour, Sugar, Celery salt, Eggs"
	if us.IngredientStatement != wantList {
		t.Fatalf("ingredient statement\n got %q\nwant %q", us.IngredientStatement, wantList)
	}
	if us.AllergenStatement != "Contains: Wheat, Milk, Eggs, Tree Nuts" {
		t.Fatalf("US allergen statement %q", us.AllergenStatement)
	}
	if len(us.OtherAllergens) != 1 || us.OtherAllergens[0] != "celery" {
		t.Fatalf("other allergens = %v, want celery (not a US major allergen)", us.OtherAllergens)
	}
	if len(us.Unweighed) != 1 || us.Unweighed[0] != "Eggs" {
		t.Fatalf("unweighed = %v, want the counted eggs", us.Unweighed)
	}
	eu := call[tools.RecipeLabelOutput](t, e.Client, "recipe_label", map[string]any{"recipe_id": "sandwich-cookie", "jurisdiction": "eu"})
	if eu.AllergenStatement != "Contains: Cereals containing gluten (wheat), Milk, Eggs, Nuts, Celery" {
		t.Fatalf("EU allergen statement %q", eu.AllergenStatement)
	}
	if !strings.Contains(us.Text, "Ingredients: "+wantList) {
		t.Fatalf("text label %q", us.Text)
	}
	// Unflagging the hazelnuts through update_ingredient takes tree nuts off.
	call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": "hazelnuts", "allergens": []any{}})
	if got := call[tools.RecipeLabelOutput](t, e.Client, "recipe_label", map[string]any{"recipe_id": "sandwich-cookie"}); got.AllergenStatement != "Contains: Wheat, Milk, Eggs" {
		t.Fatalf("after unflagging hazelnuts: %q", got.AllergenStatement)
	}
	rtWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": "sugar", "allergens": []any{"gluten", "kryptonite"}}), "invalid_argument", "allergens")
	rtWantErr(t, callErr(t, e.Client, "recipe_label", map[string]any{"recipe_id": "sandwich-cookie", "jurisdiction": "mars"}), "invalid_argument", "jurisdiction")
}

// TestDensityLibraryConversionReportsItsSource: 1 cup of all-purpose flour
// adopted from the library is King Arthur's 120 g, spooned; overriding it
// with the ingredient's own density says so, and a cup recipe costs what
// the same recipe in grams costs.
func TestDensityLibraryConversionReportsItsSource(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lib := call[tools.ListDensitiesOutput](t, e.Client, "list_densities", map[string]any{"query": "all-purpose"})
	if len(lib.Densities) < 2 || lib.Densities[0].ID != "flour_all_purpose_spooned" || !lib.Densities[0].GramsPerML.Equal(rtDec("0.5072")) {
		t.Fatalf("library = %+v", lib.Densities)
	}
	all := call[tools.ListDensitiesOutput](t, e.Client, "list_densities", map[string]any{})
	if len(all.Densities) < 40 {
		t.Fatalf("the library holds %d entries, want about 40", len(all.Densities))
	}
	for _, d := range all.Densities {
		if d.Source == "" || !strings.HasPrefix(d.SourceURL, "https://") || d.Method == "" {
			t.Errorf("entry %s lacks its provenance: %+v", d.ID, d)
		}
	}
	mkIngredient(t, e, map[string]any{"name": "AP flour"})
	ing := call[tools.Ingredient](t, e.Client, "adopt_density", map[string]any{"ingredient": "ap_flour", "entry": "flour_all_purpose_spooned"})
	if ing.Density == nil || ing.Density.LibraryEntry != "flour_all_purpose_spooned" || !ing.Density.WeightValue.Equal(rtDec("120")) {
		t.Fatalf("adopted density = %+v", ing.Density)
	}
	rtCreate(t, e, map[string]any{"name": "Cup Bread", "lines": []any{rtLine("ap_flour", "1", "cup")}})
	rtCreate(t, e, map[string]any{"name": "Gram Bread", "lines": []any{rtLine("ap_flour", "120", "g")}})
	b := call[tools.BakersPercentagesOutput](t, e.Client, "bakers_percentages", map[string]any{"recipe_id": "cup-bread"})
	if l := b.Lines[0]; l.Grams == nil || !l.Grams.Equal(rtDec("120")) || l.DensityUsed == nil || l.DensityUsed.From != "library" ||
		l.DensityUsed.Method != "spooned" || l.DensityUsed.SourceURL != "https://www.kingarthurbaking.com/learn/ingredient-weight-chart" {
		t.Fatalf("1 cup of AP flour = %+v (density %+v), want 120 g from the King Arthur chart, spooned", l, l.DensityUsed)
	}
	call[map[string]any](t, e.Client, "add_purchase", map[string]any{"item_name": "AP flour", "quantity": 5, "unit": "lb", "price": 4, "store": "Mill"})
	stock := call[tools.GetStockOutput](t, e.Client, "get_stock", map[string]any{"ingredient": "ap_flour", "unit": "cup"})
	if stock.DensityUsed == nil || stock.DensityUsed.LibraryEntry != "flour_all_purpose_spooned" || stock.OnHand.Round(2).String() != "18.9" {
		t.Fatalf("5 lb in cups = %s with density %+v, want 18.90 cups by the library's flour density", stock.OnHand, stock.DensityUsed)
	}
	cup := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "cup-bread"})
	gram := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "gram-bread"})
	if !cup.TotalCost.Equal(gram.TotalCost) || !cup.TotalCost.IsPositive() {
		t.Fatalf("1 cup costs %s, 120 g costs %s; want the same", cup.TotalCost, gram.TotalCost)
	}
	if u := cup.Lines[0].DensityUsed; u == nil || u.LibraryEntry != "flour_all_purpose_spooned" {
		t.Fatalf("the cup line's cost does not say which density it used: %+v", cup.Lines[0])
	}
	if gram.Lines[0].DensityUsed != nil {
		t.Fatalf("the gram line used no density but reports %+v", gram.Lines[0].DensityUsed)
	}
	// Own density overrides the library and says so.
	own := call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": "ap_flour",
		"density_volume_value": 1, "density_volume_unit": "cup", "density_weight_value": 130, "density_weight_unit": "g"})
	if own.Density.LibraryEntry != "" {
		t.Fatalf("own density still names the library: %+v", own.Density)
	}
	b = call[tools.BakersPercentagesOutput](t, e.Client, "bakers_percentages", map[string]any{"recipe_id": "cup-bread"})
	if l := b.Lines[0]; !l.Grams.Equal(rtDec("130")) || l.DensityUsed.From != "ingredient" || l.DensityUsed.Source != "" {
		t.Fatalf("with its own density: %+v %+v", l, l.DensityUsed)
	}
	rtWantErr(t, callErr(t, e.Client, "adopt_density", map[string]any{"ingredient": "ap_flour", "entry": "unobtainium"}), "not_found", "entry")
}

// TestCostPerItemFromFIFOLotsAndFromLastPrice: shortbread (2 cup flour =
// 240 g, 8 oz butter, 100 g sugar) makes 24 cookies. Flour and butter come
// from lots, oldest first; the sugar was bought and used up, so it is costed
// at its last purchase price and says so.
func TestCostPerItemFromFIFOLotsAndFromLastPrice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Flour", "density_library_entry": "flour_all_purpose_spooned"})
	butter := rtIngredient(t, e, "Butter", 2, "")
	mkIngredient(t, e, map[string]any{"name": "Sugar"})
	// Butter: an older 4 oz lot at 0.30/oz, then 8 oz at 0.40/oz: 8 oz = 4 × 0.30 + 4 × 0.40 = 2.80.
	rtLot(t, e, butter, "oz", "4", "0.30", "2025-01-01")
	rtLot(t, e, butter, "oz", "8", "0.40", "2025-02-01")
	// Flour: 1000 g at 0.002/g: 240 g = 0.48.
	rtLot(t, e, uuid.MustParse(flour.ID), "g", "1000", "0.002", "2025-01-01")
	// Sugar: 2 lb bought for 3.00, all used: 100 g at 1.50/lb = 0.3307.
	call[map[string]any](t, e.Client, "add_purchase", map[string]any{"item_name": "Sugar", "quantity": 2, "unit": "lb", "price": 3, "store": "Grocer", "purchase_date": "2025-03-01"})
	call[map[string]any](t, e.Client, "record_usage", map[string]any{"ingredient": "sugar", "quantity": 2, "unit": "lb"})
	rtCreate(t, e, map[string]any{"name": "Shortbread",
		"lines":  []any{rtLine("flour", "2", "cup"), rtLine("butter", "8", "oz"), rtLine("sugar", "100", "g")},
		"yields": []any{map[string]any{"display_name": "Cookie", "items_per_batch": 24, "item_unit": "cookie"}}})

	out := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "shortbread", "target_margin": 60})
	rtWantDec(t, "butter", rtCostLine(t, out, "Butter", "oz").Cost, "2.8")
	rtWantDec(t, "flour", rtCostLine(t, out, "Flour", "cup").Cost, "0.48")
	sugar := rtCostLine(t, out, "Sugar", "g")
	rtWantDec(t, "sugar at last price", sugar.Cost, "0.3307")
	if sugar.CostBasis != "last_price" || !sugar.CostKnown || !strings.Contains(sugar.Message, "last price") {
		t.Fatalf("sugar line = %+v, want costed at the last purchase price, saying so", sugar)
	}
	if rtCostLine(t, out, "Butter", "oz").CostBasis != "fifo" {
		t.Fatalf("butter basis = %q, want fifo", rtCostLine(t, out, "Butter", "oz").CostBasis)
	}
	rtWantDec(t, "total", out.TotalCost, "3.6107")
	if !out.CostComplete || len(out.PerYield) != 1 {
		t.Fatalf("cost = %+v", out)
	}
	y := out.PerYield[0]
	rtWantDec(t, "cost per cookie", y.CostPerItem, "0.1504") // 3.6107 ÷ 24
	rtWantDec(t, "suggested price at 60% margin", *y.SuggestedPrice, "0.38")
	two := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "shortbread", "batches": 2})
	if !two.PerYield[0].Items.Equal(rtDec("48")) {
		t.Fatalf("2 batches make %s cookies", two.PerYield[0].Items)
	}
	rtWantErr(t, callErr(t, e.Client, "recipe_cost", map[string]any{"recipe_id": "shortbread", "target_margin": 100}), "invalid_argument", "target_margin")

	// The event plans 2 batches: lots are shared, so the second batch's
	// butter (8 oz, none left) is at the last known price.
	ev := call[map[string]any](t, e.Client, "create_event_with_recipes", map[string]any{"event_name": "Market", "event_date": "2026-12-12", "recipe_names": []any{"Shortbread"}})
	call[map[string]any](t, e.Client, "add_event_recipe", map[string]any{"event_id": ev["event_id"], "recipe": "shortbread", "batches": 2})
	ec := call[tools.EventCostOutput](t, e.Client, "event_cost", map[string]any{"event_id": ev["event_id"]})
	if len(ec.Recipes) != 1 || !ec.TotalCost.Equal(ec.Recipes[0].TotalCost) || !ec.TotalCost.GreaterThan(out.TotalCost) {
		t.Fatalf("event cost = %+v", ec)
	}
	rtWantDec(t, "event cost per cookie", ec.Recipes[0].PerYield[0].Items, "48")
}

// TestFlourRuleReadsTheIngredientTree: an ingredient whose own name and
// category say nothing of flour is flour when a parent does (Grains > Rye
// flours > Dark rye): bakers_percentages and scale_recipe's
// target_flour_weight look the parents up, since the expansion leaves them out.
func TestFlourRuleReadsTheIngredientTree(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	catTree(t, e, "Grains", "Rye flours") // the desktop's categories, as imports bring them
	mkIngredient(t, e, map[string]any{"name": "Dark rye", "parent": "rye flours"})
	mkIngredient(t, e, map[string]any{"name": "Water"})
	rtCreate(t, e, map[string]any{"name": "Rye Crisp", "lines": []any{rtLine("dark_rye", "200", "g"), rtLine("water", "160", "g")}})
	out := call[tools.BakersPercentagesOutput](t, e.Client, "bakers_percentages", map[string]any{"recipe_id": "rye-crisp"})
	rtWantDec(t, "flour_grams", out.FlourGrams, "200")
	rtWantDec(t, "hydration", *out.Hydration, "80")
	scaled := call[tools.ScaleRecipeOutput](t, e.Client, "scale_recipe", map[string]any{"recipe_id": "rye-crisp", "target_flour_weight": 400, "weight_unit": "g"})
	rtWantDec(t, "factor", scaled.Factor, "2")
}
