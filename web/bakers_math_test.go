package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// TestBakersMathREST runs baker's math, scaling, the label (JSON and the
// printable page) and costing through REST, and checks that another
// tenant's recipe and event are a 404 on every one of those routes.
func TestBakersMathREST(t *testing.T) {
	t.Parallel()
	a, b := newRESTEnv(t), newRESTEnv(t)
	tok := a.tenant.Token
	must := func(r restResp, what string) restResp {
		t.Helper()
		if r.Status != 200 && r.Status != 201 {
			t.Fatalf("%s: %d %s", what, r.Status, r.Body)
		}
		return r
	}
	must(a.do("POST", "/api/ingredients", tok, `{"name":"Bread flour","allergens":["wheat"]}`), "flour")
	must(a.do("POST", "/api/ingredients", tok, `{"name":"Water"}`), "water")
	must(a.do("POST", "/api/ingredients", tok, `{"name":"Milk <b>whole</b>","allergens":["milk"]}`), "milk")
	adopted := decodeAs[tools.Ingredient](t, must(a.do("POST", "/api/ingredients/milk_b_whole_b/density", tok, `{"entry":"milk_whole_usda"}`), "adopt"))
	if adopted.Density == nil || adopted.Density.LibraryEntry != "milk_whole_usda" {
		t.Fatalf("adopted = %+v", adopted.Density)
	}
	// Recipes have no REST route of their own yet: create them through the registry, as a door would.
	reg := tools.MustRegistry(tools.New(dbtest.Store(t), nil))
	owner := identity.Identity{TenantID: a.tenant.TenantID, UserID: a.tenant.UserID, Role: identity.RoleOwner}
	for _, args := range []string{
		`{"name":"Poolish","lines":[{"ingredient":"bread_flour","quantity":100,"unit":"g"},{"ingredient":"water","quantity":100,"unit":"g"}]}`,
		`{"name":"Milk Bread","lines":[{"ingredient":"bread_flour","quantity":400,"unit":"g"},{"ingredient":"milk_b_whole_b","quantity":1,"unit":"cup"}],
		  "components":[{"recipe":"poolish","quantity":1}],"yields":[{"display_name":"Roll","items_per_batch":12,"item_unit":"roll"}]}`,
	} {
		if _, e := reg.Call(t.Context(), owner, "create_recipe", json.RawMessage(args)); e != nil {
			t.Fatal(e)
		}
	}
	ev, e := reg.Call(t.Context(), owner, "create_event_with_recipes", json.RawMessage(`{"event_name":"Bake sale","event_date":"2026-12-12","recipe_names":["Milk Bread"]}`))
	if e != nil {
		t.Fatal(e)
	}
	event := ev.(tools.CreateEventWithRecipesOutput).EventID

	// 1 cup of whole milk is 244 g (USDA): 244 ÷ 500 g of flour = 48.8 %;
	// hydration is the poolish water alone, total hydration adds the milk's 88 % water.
	bp := decodeAs[tools.BakersPercentagesOutput](t, must(a.do("GET", "/api/recipes/milk-bread/bakers_percentages", tok, ""), "bakers"))
	if !bp.FlourGrams.Equal(dec("500")) || !bp.Hydration.Equal(dec("20")) || !bp.TotalHydration.Equal(dec("62.94")) {
		t.Fatalf("bakers = flour %s hydration %v total %v", bp.FlourGrams, bp.Hydration, bp.TotalHydration)
	}
	sc := decodeAs[tools.ScaleRecipeOutput](t, must(a.do("POST", "/api/recipes/milk-bread/scale", tok, `{"target_yield":18}`), "scale"))
	if !sc.Factor.Equal(dec("1.5")) {
		t.Fatalf("18 rolls from 12: factor %s", sc.Factor)
	}
	lb := decodeAs[tools.RecipeLabelOutput](t, must(a.do("GET", "/api/recipes/milk-bread/label?jurisdiction=eu", tok, ""), "label"))
	if lb.IngredientStatement != "Bread flour, Milk <b>whole</b>, Poolish (Bread flour, Water)" || lb.AllergenStatement != "Contains: Cereals containing gluten (wheat), Milk" {
		t.Fatalf("label = %q / %q", lb.IngredientStatement, lb.AllergenStatement)
	}
	page := must(a.do("GET", "/recipes/milk-bread/label", tok, ""), "label page")
	html := string(page.Body)
	if !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") || !strings.Contains(html, "Milk &lt;b&gt;whole&lt;/b&gt;") ||
		strings.Contains(html, "<b>whole</b>") || !strings.Contains(html, "Contains: Wheat, Milk") {
		t.Fatalf("label page (%s):\n%s", page.Header.Get("Content-Type"), html)
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("label page CSP %q", csp)
	}
	// A finished good's label: half a batch of rolls in a bag, the bag not an ingredient.
	if _, e := reg.Call(t.Context(), owner, "create_material", json.RawMessage(`{"name":"Paper Bag"}`)); e != nil {
		t.Fatal(e)
	}
	if _, e := reg.Call(t.Context(), owner, "create_finished_good", json.RawMessage(
		`{"name":"Roll Bag","components":[{"finished_unit":"Roll","quantity":6},{"material":"Paper Bag","quantity":1}]}`)); e != nil {
		t.Fatal(e)
	}
	fl := decodeAs[tools.FinishedGoodLabelOutput](t, must(a.do("GET", "/api/finished_goods/roll-bag/label", tok, ""), "good label"))
	if fl.IngredientStatement != "Roll (Bread flour, Milk <b>whole</b>, Poolish (Bread flour, Water))" || fl.AllergenStatement != "Contains: Wheat, Milk" ||
		len(fl.Packaging) != 1 || fl.Packaging[0] != "Paper Bag" {
		t.Fatalf("finished good label = %+v", fl)
	}
	gpage := string(must(a.do("GET", "/finished_goods/roll-bag/label?jurisdiction=eu", tok, ""), "good label page").Body)
	if !strings.Contains(gpage, "<h1>Roll Bag</h1>") || !strings.Contains(gpage, "Roll (Bread flour, Milk &lt;b&gt;whole&lt;/b&gt;") || !strings.Contains(gpage, "Paper Bag") {
		t.Fatalf("finished good label page:\n%s", gpage)
	}
	gc := decodeAs[tools.FinishedGoodCostOutput](t, must(a.do("GET", "/api/finished_goods/roll-bag/cost?target_margin=50", tok, ""), "good cost"))
	if gc.FinishedGoodSlug != "roll-bag" || gc.Cost.TargetMargin == nil || len(gc.Cost.Lines) != 2 {
		t.Fatalf("finished good cost = %+v", gc)
	}
	cost := decodeAs[tools.RecipeCostOutput](t, must(a.do("GET", "/api/recipes/milk-bread/cost?batches=2&target_margin=50", tok, ""), "cost"))
	if len(cost.PerYield) != 1 || !cost.PerYield[0].Items.Equal(dec("24")) || cost.TargetMargin == nil {
		t.Fatalf("cost per yield = %+v", cost.PerYield)
	}
	ec := decodeAs[tools.EventCostOutput](t, must(a.do("GET", "/api/events/"+event+"/cost", tok, ""), "event cost"))
	if len(ec.Recipes) != 1 || ec.Recipes[0].RecipeSlug != "milk-bread" {
		t.Fatalf("event cost = %+v", ec)
	}
	dens := decodeAs[[]tools.DensityEntry](t, must(a.do("GET", "/api/densities?query=flour", tok, ""), "densities"))
	if len(dens) < 5 {
		t.Fatalf("densities for flour: %d", len(dens))
	}
	wantError(t, a.do("POST", "/api/recipes/milk-bread/scale", tok, `{"factor":2,"target_yield":3}`), 400, "invalid_argument", "factor")
	wantError(t, a.do("GET", "/api/recipes/milk-bread/cost?target_margin=120", tok, ""), 400, "invalid_argument", "target_margin")

	// Tenant B sees none of it.
	other := b.tenant.Token
	for _, path := range []string{"/api/recipes/milk-bread/bakers_percentages", "/api/recipes/milk-bread/label", "/recipes/milk-bread/label",
		"/api/recipes/milk-bread/cost", "/api/events/" + event + "/cost"} {
		wantError(t, b.do("GET", path, other, ""), 404, "not_found", map[bool]string{true: "event_id", false: "recipe_id"}[strings.Contains(path, "events")])
	}
	for _, path := range []string{"/api/finished_goods/roll-bag/label", "/finished_goods/roll-bag/label", "/api/finished_goods/roll-bag/cost"} {
		wantError(t, b.do("GET", path, other, ""), 404, "not_found", "finished_good")
	}
	wantError(t, b.do("POST", "/api/recipes/milk-bread/scale", other, `{"factor":2}`), 404, "not_found", "recipe_id")
	wantError(t, b.do("POST", "/api/ingredients/milk_b_whole_b/density", other, `{"entry":"water_usda"}`), 404, "not_found", "ingredient")
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
