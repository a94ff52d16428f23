package tools_test

import (
	"testing"
)

type stockPlanRecipe struct {
	RecipeName string `json:"recipe_name"`
	Needed     string `json:"needed_items"`
	OnHand     string `json:"on_hand_items"`
	ToBake     string `json:"to_bake_items"`
	Batches    string `json:"batches"`
	Produced   string `json:"produced_items"`
	Leftover   string `json:"leftover_items"`
	Message    string `json:"message"`
}

type stockPlan struct {
	Recipes []stockPlanRecipe `json:"recipes"`
}

func stockRecipe(t *testing.T, p stockPlan, name string) stockPlanRecipe {
	t.Helper()
	for _, r := range p.Recipes {
		if r.RecipeName == name {
			return r
		}
	}
	t.Fatalf("plan has no recipe %s: %+v", name, p.Recipes)
	return stockPlanRecipe{}
}

// By hand: 30 guests. Stock Cookies (24 a batch) at 2 each need 60; one
// batch was baked with 4 lost, so 20 are on hand and 40 are to bake: 2
// batches, 48, 8 left. Stock Cake (8 slices a batch) is served 1 slice
// each (its own servings, kept on the event's recipe): 30, 4 batches, 32, 2
// left. Ignoring stock the cookies take 3 batches (72, 12 left). A
// production target of 6 cake batches raises the plan to 6 (48, 18 left).
// At ½ cookie each, 15 needed, 20 on hand: nothing to bake.
func TestPlanEventSubtractsStockAndUsesRecipeServingsAndTargets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pdRecipe(t, e, map[string]any{"name": "Stock Cookies", "lines": []any{}, "yields": []any{yield("Stock Cookie", 24)}})
	pdRecipe(t, e, map[string]any{"name": "Stock Cake", "lines": []any{}, "yields": []any{yield("Stock Cake Slice", 8)}})
	pdRecipe(t, e, map[string]any{"name": "Not Planned", "lines": []any{}, "yields": []any{yield("Other", 8)}})
	call[map[string]any](t, e.Client, "record_production", map[string]any{"recipe": "Stock Cookies", "batches": 1, "loss_quantity": 4})
	ev := call[map[string]any](t, e.Client, "create_event_with_recipes", map[string]any{"event_name": "Stock Party", "event_date": "2026-12-19",
		"guest_count": 30, "recipe_names": []any{"Stock Cookies", "Stock Cake"}})["event_id"].(string)

	p := call[stockPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 2,
		"recipe_servings": []any{map[string]any{"recipe": "Stock Cake", "servings_per_guest": 1}}})
	ck := stockRecipe(t, p, "Stock Cookies")
	if ck.Needed != "60" || ck.OnHand != "20" || ck.ToBake != "40" || ck.Batches != "2" || ck.Produced != "48" || ck.Leftover != "8" {
		t.Errorf("Stock Cookies %+v, want 60 needed, 20 on hand, 40 to bake: 2 batches, 48, 8 left", ck)
	}
	cake := stockRecipe(t, p, "Stock Cake")
	if cake.Needed != "30" || cake.OnHand != "0" || cake.Batches != "4" || cake.Leftover != "2" {
		t.Errorf("Stock Cake %+v, want 30 needed (1 each), 4 batches, 2 left", cake)
	}
	if s := ptScalar[string](t, e, `SELECT servings_per_guest::text FROM event_recipes er JOIN recipes r ON r.tenant_id = er.tenant_id
		AND r.id = er.recipe_id WHERE er.tenant_id = $1 AND r.name = 'Stock Cake'`, e.ID.TenantID); s != "1.0000" {
		t.Errorf("Stock Cake servings kept as %s, want 1.0000", s)
	}

	// The kept servings apply without being given again; stock ignored on request.
	p = call[stockPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 2, "ignore_stock": true, "dry_run": true})
	if ck := stockRecipe(t, p, "Stock Cookies"); ck.OnHand != "0" || ck.Batches != "3" || ck.Leftover != "12" {
		t.Errorf("ignoring stock, Stock Cookies %+v, want 3 batches, 12 left", ck)
	}
	if cake := stockRecipe(t, p, "Stock Cake"); cake.Needed != "30" {
		t.Errorf("kept servings: Stock Cake needs %s, want 30", cake.Needed)
	}

	out := call[map[string]any](t, e.Client, "set_production_target", map[string]any{"event_id": ev, "recipe": "Stock Cake", "batches": 6})
	if out["batches"] != "6" {
		t.Errorf("set_production_target %+v", out)
	}
	p = call[stockPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 2})
	if cake := stockRecipe(t, p, "Stock Cake"); cake.Batches != "6" || cake.Produced != "48" || cake.Leftover != "18" {
		t.Errorf("with a target of 6, Stock Cake %+v, want 6 batches, 48, 18 left", cake)
	}
	call[map[string]any](t, e.Client, "set_production_target", map[string]any{"event_id": ev, "recipe": "Stock Cake", "batches": 2})
	if n := ptScalar[string](t, e, `SELECT string_agg(target_batches::text, ',') FROM event_production_targets WHERE tenant_id = $1`, e.ID.TenantID); n != "2.0000" {
		t.Errorf("targets after setting twice: %s, want the one target 2.0000", n)
	}

	p = call[stockPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 0.5, "dry_run": true})
	if ck := stockRecipe(t, p, "Stock Cookies"); ck.Needed != "15" || ck.ToBake != "0" || ck.Batches != "0" {
		t.Errorf("½ each, Stock Cookies %+v, want 15 needed, 0 to bake, 0 batches", ck)
	}

	for _, c := range []struct {
		tool, field string
		args        map[string]any
	}{
		{"set_production_target", "batches", map[string]any{"event_id": ev, "recipe": "Stock Cake", "batches": 0}},
		{"set_production_target", "recipe", map[string]any{"event_id": ev, "recipe": "No Such Recipe", "batches": 1}},
		{"plan_event", "recipe_servings[0].servings_per_guest", map[string]any{"event_id": ev,
			"recipe_servings": []any{map[string]any{"recipe": "Stock Cake", "servings_per_guest": 0}}}},
		{"plan_event", "recipe_servings[0].recipe", map[string]any{"event_id": ev,
			"recipe_servings": []any{map[string]any{"recipe": "Not Planned", "servings_per_guest": 1}}}},
	} {
		if got := callErr(t, e.Client, c.tool, c.args); got.Field != c.field {
			t.Errorf("%s %v: error %+v, want field %s", c.tool, c.args, got, c.field)
		}
	}
}
