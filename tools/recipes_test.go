package tools_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/tools"
)

// rtExec runs SQL in e's tenant as the request role (RLS applies), for
// fixtures that other toolsets own (ingredients, products, lots).
func rtExec(t *testing.T, e env, fn func(ctx context.Context, tx pgx.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := dbtest.Store(t).InTenantTx(ctx, e.ID.TenantID, func(tx pgx.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("fixture: %v", err)
	}
}

// rtIngredient inserts an ingredient (level 2 = leaf) and returns its id.
// density is "" or "vol_value vol_unit weight_value weight_unit" with
// units separated by "|", e.g. "1|cup|4.25|oz".
func rtIngredient(t *testing.T, e env, name string, level int, density string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	var d [4]*string
	if density != "" {
		parts := strings.Split(density, "|")
		for i := range parts {
			d[i] = &parts[i]
		}
	}
	rtExec(t, e, func(ctx context.Context, tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key, hierarchy_level,
				density_volume_value, density_volume_unit, density_weight_value, density_weight_unit)
			VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8::numeric, $9) RETURNING id`,
			e.ID.TenantID, tools.Slug(name, '_'), name, tools.NameKey(name), level, d[0], d[1], d[2], d[3]).Scan(&id)
	})
	return id
}

// rtCreate creates a recipe through the tool and returns it.
func rtCreate(t *testing.T, e env, args map[string]any) tools.RecipeOut {
	t.Helper()
	return call[tools.RecipeOut](t, e.Client, "create_recipe", args)
}

func rtLine(ingredient, qty, unit string) map[string]any {
	return map[string]any{"ingredient": ingredient, "quantity": qty, "unit": unit}
}

func rtDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func rtWantDec(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(rtDec(want)) {
		t.Fatalf("%s = %s, want %s", what, got, want)
	}
}

func rtWantErr(t *testing.T, got tools.Error, code, field string) {
	t.Helper()
	if got.Code != code || got.Field != field {
		t.Fatalf("error = %s %q (%s), want %s %q", got.Code, got.Field, got.Message, code, field)
	}
}

func TestCreateRecipeKeepsLinesInOrderWithDuplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rtIngredient(t, e, "Flour", 2, "")
	sugar := rtIngredient(t, e, "Sugar", 2, "")
	r := rtCreate(t, e, map[string]any{"name": "Chocolate Chip Cookies", "category": "Cookies",
		"lines": []any{rtLine("flour", "2", "cup"), rtLine(sugar.String(), "100", "grams"), map[string]any{"ingredient": "FLOUR", "quantity": 0.5, "unit": "Cup", "notes": "for dusting"}}})
	if r.Slug != "chocolate-chip-cookies" || r.Name != "Chocolate Chip Cookies" || r.Category != "Cookies" {
		t.Fatalf("recipe = %q %q %q", r.Slug, r.Name, r.Category)
	}
	if len(r.Lines) != 3 {
		t.Fatalf("lines = %+v, want 3", r.Lines)
	}
	want := []struct {
		pos                    int
		slug, qty, unit, notes string
	}{
		{0, "flour", "2", "cup", ""}, {1, "sugar", "100", "g", ""}, {2, "flour", "0.5", "cup", "for dusting"},
	}
	for i, w := range want {
		l := r.Lines[i]
		if l.Position != w.pos || l.IngredientSlug != w.slug || !l.Quantity.Equal(rtDec(w.qty)) || l.Unit != w.unit || l.Notes != w.notes {
			t.Fatalf("line %d = %+v, want %+v", i, l, w)
		}
	}
	if r.YieldKnown || len(r.FinishedUnits) != 0 {
		t.Fatalf("yield_known = %v with %d units, want false and none", r.YieldKnown, len(r.FinishedUnits))
	}
	// A second recipe with the same name (in any spelling) is refused.
	rtWantErr(t, callErr(t, e.Client, "create_recipe", map[string]any{"name": "Chocolate-Chip cookies!", "lines": []any{}}), "conflict", "name")
	// After a rename the slug stays, so the name is free but its slug is not.
	call[tools.RecipeOut](t, e.Client, "update_recipe", map[string]any{"id": r.ID, "name": "Cookies Deluxe"})
	again := rtCreate(t, e, map[string]any{"name": "Chocolate Chip Cookies", "lines": []any{}})
	if again.Slug != "chocolate-chip-cookies-1" {
		t.Fatalf("second slug = %q, want chocolate-chip-cookies-1", again.Slug)
	}
}

func TestGetRecipeExpandsNestedComponentsAndScales(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rtIngredient(t, e, "Flour", 2, "")
	rtIngredient(t, e, "Sugar", 2, "")
	rtIngredient(t, e, "Butter", 2, "")
	caramel := rtCreate(t, e, map[string]any{"name": "Caramel", "lines": []any{rtLine("sugar", "100", "g"), rtLine("butter", "2", "tbsp")},
		"yields": []any{map[string]any{"display_name": "Caramel sauce", "batch_percentage": 100}}})
	cake := rtCreate(t, e, map[string]any{"name": "Caramel Cake", "lines": []any{rtLine("flour", "2", "cup"), rtLine("sugar", "50", "g")},
		"components": []any{map[string]any{"recipe": "caramel", "quantity": 2}},
		"yields":     []any{map[string]any{"display_name": "Cake slice", "items_per_batch": 12, "item_unit": "slice"}}})

	got := call[tools.RecipeOut](t, e.Client, "get_recipe", map[string]any{"id": "Caramel Cake", "expand": true, "batches": "3"})
	if got.ID != cake.ID {
		t.Fatalf("resolved %s, want %s", got.ID, cake.ID)
	}
	rtWantDec(t, "batches", got.Batches, "3")
	rtWantDec(t, "flour line", got.Lines[0].Quantity, "6")
	rtWantDec(t, "sugar line", got.Lines[1].Quantity, "150")
	if len(got.Components) != 1 || got.Components[0].RecipeID != caramel.ID {
		t.Fatalf("components = %+v", got.Components)
	}
	rtWantDec(t, "component batches", got.Components[0].Quantity, "6")
	if !got.YieldKnown || len(got.FinishedUnits) != 1 || got.FinishedUnits[0].ItemsPerBatch == nil || !got.FinishedUnits[0].ItemsPerBatch.Equal(rtDec("12")) ||
		got.FinishedUnits[0].YieldMode != "discrete_count" || got.FinishedUnits[0].ItemUnit != "slice" {
		t.Fatalf("finished units = %+v", got.FinishedUnits)
	}
	// flour 2 cup × 3; sugar 50 g × 3 + 100 g × 2 × 3; butter 2 tbsp × 2 × 3.
	want := []struct{ slug, qty, unit, recipes string }{
		{"flour", "6", "cup", "caramel-cake"},
		{"sugar", "750", "g", "caramel-cake,caramel"},
		{"butter", "12", "tbsp", "caramel"},
	}
	if len(got.ExpandedLines) != len(want) {
		t.Fatalf("expanded = %+v", got.ExpandedLines)
	}
	for i, w := range want {
		l := got.ExpandedLines[i]
		if l.IngredientSlug != w.slug || !l.Quantity.Equal(rtDec(w.qty)) || l.Unit != w.unit || strings.Join(l.Recipes, ",") != w.recipes {
			t.Fatalf("expanded[%d] = %+v, want %+v", i, l, w)
		}
	}
	// Without expand there are no expanded lines; the component recipe's
	// batch_portion yield comes back as given.
	c := call[tools.RecipeOut](t, e.Client, "get_recipe", map[string]any{"id": caramel.ID})
	if c.ExpandedLines != nil || len(c.FinishedUnits) != 1 || c.FinishedUnits[0].YieldMode != "batch_portion" || !c.FinishedUnits[0].BatchPercentage.Equal(rtDec("100")) {
		t.Fatalf("caramel = %+v", c)
	}
	rtWantErr(t, callErr(t, e.Client, "get_recipe", map[string]any{"id": cake.ID, "batches": 0}), "invalid_argument", "batches")
	rtWantErr(t, callErr(t, e.Client, "get_recipe", map[string]any{"id": "no such cake"}), "not_found", "id")
	rtWantErr(t, callErr(t, e.Client, "get_recipe", map[string]any{"id": uuid.NewString()}), "not_found", "id")
}

func TestRecipeComponentCyclesAndDepth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rtIngredient(t, e, "Flour", 2, "")
	mk := func(name string, comps ...string) tools.RecipeOut {
		var cs []any
		for _, c := range comps {
			cs = append(cs, map[string]any{"recipe": c, "quantity": 1})
		}
		return rtCreate(t, e, map[string]any{"name": name, "lines": []any{rtLine("flour", "1", "g")}, "components": cs})
	}
	c := mk("C")
	b := mk("B", "c")
	a := mk("A", "b") // A → B → C: three levels, the most allowed

	// Self and cycles are refused, naming the component.
	rtWantErr(t, callErr(t, e.Client, "update_recipe", map[string]any{"id": "a", "components": []any{map[string]any{"recipe": a.ID, "quantity": 1}}}),
		"invalid_argument", "components[0].recipe")
	err := callErr(t, e.Client, "update_recipe", map[string]any{"id": c.ID, "components": []any{
		map[string]any{"recipe": "flourless", "quantity": 1}}})
	rtWantErr(t, err, "not_found", "components[0].recipe")
	err = callErr(t, e.Client, "update_recipe", map[string]any{"id": c.ID, "components": []any{map[string]any{"recipe": "A", "quantity": 1}}})
	rtWantErr(t, err, "invalid_argument", "components[0].recipe")
	if !strings.Contains(err.Message, "cycle") {
		t.Fatalf("cycle message = %q", err.Message)
	}
	// A fourth level is refused, above or below the existing tree.
	d := mk("D")
	err = callErr(t, e.Client, "create_recipe", map[string]any{"name": "Top", "lines": []any{},
		"components": []any{map[string]any{"recipe": "d", "quantity": 1}, map[string]any{"recipe": "a", "quantity": 1}}})
	rtWantErr(t, err, "invalid_argument", "components[1].recipe")
	rtWantErr(t, callErr(t, e.Client, "update_recipe", map[string]any{"id": "c", "components": []any{map[string]any{"recipe": d.ID, "quantity": 1}}}),
		"invalid_argument", "components[0].recipe")
	// Listing a component twice is refused; nothing was written by the failures.
	rtWantErr(t, callErr(t, e.Client, "update_recipe", map[string]any{"id": "d", "components": []any{
		map[string]any{"recipe": "c", "quantity": 1}, map[string]any{"recipe": "C", "quantity": 2}}}), "invalid_argument", "components[1].recipe")
	got := call[tools.RecipeOut](t, e.Client, "get_recipe", map[string]any{"id": "c"})
	if len(got.Components) != 0 || len(got.Lines) != 1 {
		t.Fatalf("c after refused updates = %+v", got)
	}
	if got := call[tools.RecipeOut](t, e.Client, "get_recipe", map[string]any{"id": b.ID}); len(got.Components) != 1 || got.Components[0].Slug != "c" {
		t.Fatalf("b components = %+v", got.Components)
	}
	// Removing components with [] works.
	if got := call[tools.RecipeOut](t, e.Client, "update_recipe", map[string]any{"id": "a", "components": []any{}}); len(got.Components) != 0 {
		t.Fatalf("a components after [] = %+v", got.Components)
	}
}

func TestRecipeVariants(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	base := rtCreate(t, e, map[string]any{"name": "Brownies", "lines": []any{}})
	v := rtCreate(t, e, map[string]any{"name": "Fudgy Brownies", "base_recipe": "brownies", "variant_name": "Fudgy", "lines": []any{}})
	if v.BaseRecipe == nil || v.BaseRecipe.ID != base.ID || v.VariantName != "Fudgy" {
		t.Fatalf("variant = %+v", v)
	}
	got := call[tools.RecipeOut](t, e.Client, "get_recipe", map[string]any{"id": base.ID})
	if len(got.Variants) != 1 || got.Variants[0].ID != v.ID || got.Variants[0].VariantName != "Fudgy" {
		t.Fatalf("base variants = %+v", got.Variants)
	}
	err := callErr(t, e.Client, "create_recipe", map[string]any{"name": "Extra Fudgy", "base_recipe": "fudgy-brownies", "lines": []any{}})
	rtWantErr(t, err, "invalid_argument", "base_recipe")
	if !strings.Contains(err.Message, "variant of a variant") {
		t.Fatalf("message = %q", err.Message)
	}
	rtWantErr(t, callErr(t, e.Client, "create_recipe", map[string]any{"name": "Loner", "variant_name": "x", "lines": []any{}}), "invalid_argument", "variant_name")
	rtWantErr(t, callErr(t, e.Client, "update_recipe", map[string]any{"id": "brownies", "variant_name": "x"}), "invalid_argument", "variant_name")
	rtWantErr(t, callErr(t, e.Client, "create_recipe", map[string]any{"name": "Orphan", "base_recipe": "nope", "lines": []any{}}), "not_found", "base_recipe")
}

func TestCreateRecipeRejectsBadLines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rtIngredient(t, e, "Flour", 2, "")
	rtIngredient(t, e, "Baking", 0, "")
	lines := func(bad map[string]any) map[string]any {
		return map[string]any{"name": "Bread", "lines": []any{rtLine("flour", "1", "cup"), rtLine("flour", "2", "cup"), bad}}
	}
	err := callErr(t, e.Client, "create_recipe", lines(rtLine("flour", "1", "jar")))
	rtWantErr(t, err, "invalid_argument", "lines[2].unit")
	if !strings.Contains(err.Message, "package type") || !strings.Contains(err.Message, "cup") {
		t.Fatalf("unit message = %q", err.Message)
	}
	rtWantErr(t, callErr(t, e.Client, "create_recipe", lines(rtLine("flour", "1", "smidgen"))), "invalid_argument", "lines[2].unit")
	rtWantErr(t, callErr(t, e.Client, "create_recipe", lines(rtLine("flour", "0", "g"))), "invalid_argument", "lines[2].quantity")
	rtWantErr(t, callErr(t, e.Client, "create_recipe", lines(rtLine("flour", "-1", "g"))), "invalid_argument", "lines[2].quantity")
	err = callErr(t, e.Client, "create_recipe", lines(rtLine("unicorn dust", "1", "g")))
	rtWantErr(t, err, "not_found", "lines[2].ingredient")
	if !strings.Contains(err.Message, "create_ingredient") {
		t.Fatalf("not found message = %q", err.Message)
	}
	rtWantErr(t, callErr(t, e.Client, "create_recipe", lines(rtLine("baking", "1", "g"))), "invalid_argument", "lines[2].ingredient")
	rtWantErr(t, callErr(t, e.Client, "create_recipe", map[string]any{"name": " ", "lines": []any{}}), "invalid_argument", "name")
	rtWantErr(t, callErr(t, e.Client, "create_recipe", map[string]any{"name": "Bread", "lines": []any{},
		"yields": []any{map[string]any{"display_name": "Loaf", "items_per_batch": 1.5}}}), "invalid_argument", "yields[0].items_per_batch")
	rtWantErr(t, callErr(t, e.Client, "create_recipe", map[string]any{"name": "Bread", "lines": []any{},
		"yields": []any{map[string]any{"display_name": "Half", "batch_percentage": 150}}}), "invalid_argument", "yields[0].batch_percentage")
	// Nothing was created by the failures.
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{}); len(got.Recipes) != 0 {
		t.Fatalf("recipes after failures = %+v", got.Recipes)
	}
}

func TestRecipesAreTenantScoped(t *testing.T) {
	t.Parallel()
	a, b := newEnv(t), newEnv(t)
	flourB := rtIngredient(t, b, "Flour", 2, "")
	rb := call[tools.RecipeOut](t, b.Client, "create_recipe", map[string]any{"name": "Secret Scones", "lines": []any{rtLine("flour", "1", "cup")}})
	rtIngredient(t, a, "Flour", 2, "")

	rtWantErr(t, callErr(t, a.Client, "get_recipe", map[string]any{"id": rb.ID}), "not_found", "id")
	rtWantErr(t, callErr(t, a.Client, "get_recipe", map[string]any{"id": "secret-scones"}), "not_found", "id")
	rtWantErr(t, callErr(t, a.Client, "update_recipe", map[string]any{"id": rb.ID, "name": "Mine"}), "not_found", "id")
	rtWantErr(t, callErr(t, a.Client, "recipe_cost", map[string]any{"recipe_id": rb.ID}), "not_found", "recipe_id")
	rtWantErr(t, callErr(t, a.Client, "create_recipe", map[string]any{"name": "Steal", "lines": []any{rtLine(flourB.String(), "1", "g")}}),
		"not_found", "lines[0].ingredient")
	rtWantErr(t, callErr(t, a.Client, "create_recipe", map[string]any{"name": "Steal", "lines": []any{},
		"components": []any{map[string]any{"recipe": rb.ID, "quantity": 1}}}), "not_found", "components[0].recipe")
	rtWantErr(t, callErr(t, a.Client, "create_recipe", map[string]any{"name": "Steal", "base_recipe": rb.ID, "lines": []any{}}), "not_found", "base_recipe")
	if got := call[tools.ListRecipesOutput](t, a.Client, "list_recipes", map[string]any{}); len(got.Recipes) != 0 {
		t.Fatalf("tenant a sees %+v", got.Recipes)
	}
	// b's recipe is untouched.
	if got := call[tools.RecipeOut](t, b.Client, "get_recipe", map[string]any{"id": rb.ID}); got.Name != "Secret Scones" {
		t.Fatalf("b's recipe = %+v", got)
	}
}

func TestCreateRecipeIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rtIngredient(t, e, "Flour", 2, "")
	args := map[string]any{"name": "Shortbread", "lines": []any{rtLine("flour", "250", "g")}, "idempotency_key": "k-shortbread"}
	first := rtCreate(t, e, args)
	second := rtCreate(t, e, args)
	if first.ID != second.ID {
		t.Fatalf("retry created %s, first was %s", second.ID, first.ID)
	}
	got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{})
	if len(got.Recipes) != 1 || got.Recipes[0].LineCount != 1 {
		t.Fatalf("recipes = %+v", got.Recipes)
	}
	args["name"] = "Other"
	rtWantErr(t, callErr(t, e.Client, "create_recipe", args), "conflict", "idempotency_key")
}

func TestUpdateRecipe(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rtIngredient(t, e, "Flour", 2, "")
	rtIngredient(t, e, "Oats", 2, "")
	r := rtCreate(t, e, map[string]any{"name": "Oat Cookies", "lines": []any{rtLine("flour", "1", "cup")},
		"yields": []any{map[string]any{"display_name": "Cookie", "items_per_batch": 24}, map[string]any{"display_name": "Tray", "batch_percentage": 50}}})
	cookie := r.FinishedUnits[0]
	u := call[tools.RecipeOut](t, e.Client, "update_recipe", map[string]any{"id": r.ID, "name": "Oatmeal Cookies", "is_production_ready": true,
		"estimated_time_minutes": 45, "lines": []any{rtLine("oats", "2", "cup"), rtLine("flour", "0.75", "cup")},
		"yields": []any{map[string]any{"display_name": "cookie", "items_per_batch": 30, "item_unit": "cookie"}}, "idempotency_key": "upd-1"})
	if u.Slug != "oat-cookies" || u.Name != "Oatmeal Cookies" || !u.IsProductionReady || u.EstimatedTimeMinutes == nil || *u.EstimatedTimeMinutes != 45 {
		t.Fatalf("updated = %+v", u)
	}
	if len(u.Lines) != 2 || u.Lines[0].IngredientSlug != "oats" || !u.Lines[1].Quantity.Equal(rtDec("0.75")) {
		t.Fatalf("lines = %+v", u.Lines)
	}
	if len(u.FinishedUnits) != 1 || u.FinishedUnits[0].ID != cookie.ID || !u.FinishedUnits[0].ItemsPerBatch.Equal(rtDec("30")) {
		t.Fatalf("finished units = %+v (cookie was %s)", u.FinishedUnits, cookie.ID)
	}
	// The old name still finds nothing, the slug still does; archived recipes leave the list.
	rtWantErr(t, callErr(t, e.Client, "get_recipe", map[string]any{"id": "Oat Cookies"}), "not_found", "id")
	call[tools.RecipeOut](t, e.Client, "update_recipe", map[string]any{"id": "oat-cookies", "is_archived": true})
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{}); len(got.Recipes) != 0 {
		t.Fatalf("archived recipe listed: %+v", got.Recipes)
	}
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"include_archived": true}); len(got.Recipes) != 1 || !got.Recipes[0].IsArchived {
		t.Fatalf("include_archived = %+v", got.Recipes)
	}
	rtWantErr(t, callErr(t, e.Client, "update_recipe", map[string]any{"id": r.ID, "lines": []any{rtLine("flour", "1", "bag")}}), "invalid_argument", "lines[0].unit")
	rtWantErr(t, callErr(t, e.Client, "update_recipe", map[string]any{"id": r.ID, "estimated_time_minutes": -5}), "invalid_argument", "estimated_time_minutes")
}

func TestListRecipes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, r := range []struct{ name, cat string }{{"Lemon Bars", "Bars"}, {"Apple Pie", "Pies"}, {"Crème Brûlée", "Custards"}, {"Lemon Tart", "Pies"}, {"Zebra Cake", "Cakes"}} {
		rtCreate(t, e, map[string]any{"name": r.name, "category": r.cat, "lines": []any{},
			"yields": []any{map[string]any{"display_name": r.name + " portion", "items_per_batch": 8}}})
	}
	names := func(out tools.ListRecipesOutput) string {
		var n []string
		for _, r := range out.Recipes {
			n = append(n, r.Name)
		}
		return strings.Join(n, "|")
	}
	p1 := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"limit": 2})
	if names(p1) != "Apple Pie|Crème Brûlée" || p1.NextCursor == "" {
		t.Fatalf("page 1 = %s, cursor %q", names(p1), p1.NextCursor)
	}
	p2 := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"limit": 2, "cursor": p1.NextCursor})
	p3 := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"limit": 2, "cursor": p2.NextCursor})
	if names(p2) != "Lemon Bars|Lemon Tart" || names(p3) != "Zebra Cake" || p3.NextCursor != "" {
		t.Fatalf("pages 2-3 = %s / %s (cursor %q)", names(p2), names(p3), p3.NextCursor)
	}
	if len(p1.Recipes[0].Yields) != 1 || !p1.Recipes[0].Yields[0].ItemsPerBatch.Equal(rtDec("8")) {
		t.Fatalf("yields = %+v", p1.Recipes[0].Yields)
	}
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"query": "lemon"}); names(got) != "Lemon Bars|Lemon Tart" {
		t.Fatalf("query lemon = %s", names(got))
	}
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"query": "creme"}); names(got) != "Crème Brûlée" {
		t.Fatalf("query creme = %s", names(got))
	}
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"query": "zebra-c"}); names(got) != "Zebra Cake" {
		t.Fatalf("slug prefix = %s", names(got))
	}
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"category": "pies"}); names(got) != "Apple Pie|Lemon Tart" {
		t.Fatalf("category = %s", names(got))
	}
	if got := call[tools.ListRecipesOutput](t, e.Client, "list_recipes", map[string]any{"query": "%"}); len(got.Recipes) != 5 {
		t.Fatalf("query %% = %s", names(got))
	}
	rtWantErr(t, callErr(t, e.Client, "list_recipes", map[string]any{"cursor": "garbage"}), "invalid_argument", "cursor")
	rtWantErr(t, callErr(t, e.Client, "list_recipes", map[string]any{"limit": 501}), "invalid_argument", "limit")
}

// BenchmarkGetRecipe measures get_recipe over the in-memory MCP transport
// (one snapshot: the detail statement and the expansion).
func BenchmarkGetRecipe(b *testing.B) {
	e := newEnv(b)
	ctx := b.Context()
	mustCall := func(name string, args map[string]any) *mcp.CallToolResult {
		res, err := e.Client.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
		if err != nil || res.IsError {
			b.Fatalf("%s: %v %s", name, err, text(res))
		}
		return res
	}
	for _, n := range []string{"Flour", "Sugar", "Butter", "Eggs"} {
		if err := dbtest.Store(b).InTenantTx(ctx, e.ID.TenantID, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key) VALUES ($1, $2, $3, $4)`,
				e.ID.TenantID, tools.Slug(n, '_'), n, tools.NameKey(n))
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	mustCall("create_recipe", map[string]any{"name": "Filling", "lines": []any{rtLine("sugar", "100", "g"), rtLine("butter", "50", "g")}})
	mustCall("create_recipe", map[string]any{"name": "Pie", "lines": []any{rtLine("flour", "2", "cup"), rtLine("butter", "1", "cup"), rtLine("eggs", "2", "each")},
		"components": []any{map[string]any{"recipe": "filling", "quantity": 2}}, "yields": []any{map[string]any{"display_name": "Slice", "items_per_batch": 8}}})
	args := map[string]any{"id": "pie", "expand": true}
	for b.Loop() {
		mustCall("get_recipe", args)
	}
}
