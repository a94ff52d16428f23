package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// TestProductionREST: a bake recorded over REST is 201 and shows in the
// event's progress; a bake the pantry cannot cover is 422 naming what is
// short and records nothing; another tenant's event is 404.
func TestProductionREST(t *testing.T) {
	t.Parallel()
	a, b := newRESTEnv(t), newRESTEnv(t)
	reg := tools.MustRegistry(tools.New(dbtest.Store(t), nil))
	owner := identity.Identity{TenantID: a.tenant.TenantID, UserID: a.tenant.UserID, Role: identity.RoleOwner}
	setup := func(name, args string) map[string]any {
		t.Helper()
		out, e := reg.CallJSON(t.Context(), owner, name, json.RawMessage(args))
		if e != nil {
			t.Fatalf("%s: %v", name, e)
		}
		var m map[string]any
		_ = json.Unmarshal(out, &m)
		return m
	}
	flour := setup("create_ingredient", `{"name": "REST Flour", "default_unit": "g"}`)["id"].(string)
	setup("create_product", `{"ingredient": "`+flour+`", "brand": "Mill", "package_unit": "g", "package_unit_quantity": 1000}`)
	setup("add_purchase", `{"item_name": "REST Flour", "quantity": 1000, "unit": "g", "price": 3, "store": "Mill Shop"}`)
	setup("create_recipe", `{"name": "REST Rolls", "lines": [{"ingredient": "`+flour+`", "quantity": 400, "unit": "g"}],
		"yields": [{"display_name": "REST Roll", "items_per_batch": 12}]}`)
	ev := setup("create_event_with_recipes", `{"event_name": "REST Brunch", "event_date": "2026-11-01", "guest_count": 20, "recipe_names": ["REST Rolls"]}`)["event_id"].(string)

	plan := a.do(http.MethodPost, "/api/events/"+ev+"/plan", a.tenant.Token, `{"servings_per_guest": 1}`)
	if plan.Status != http.StatusOK || !strings.Contains(string(plan.Body), `"batches":"2"`) {
		t.Fatalf("plan: %d %s, want 2 batches of 12 for 20 guests", plan.Status, plan.Body)
	}
	r := a.do(http.MethodPost, "/api/production_runs", a.tenant.Token, `{"recipe": "REST Rolls", "batches": 2, "loss_quantity": 1, "event_id": "`+ev+`"}`)
	if r.Status != http.StatusCreated || !strings.Contains(string(r.Body), `"actual_yield":23`) {
		t.Fatalf("bake: %d %s, want 201 with 23 rolls", r.Status, r.Body)
	}
	short := a.do(http.MethodPost, "/api/production_runs", a.tenant.Token, `{"recipe": "REST Rolls", "batches": 1}`)
	if short.Status != http.StatusUnprocessableEntity || !strings.Contains(string(short.Body), "REST Flour: need 400 g, have 200 g") {
		t.Errorf("short bake: %d %s, want 422 naming the flour", short.Status, short.Body)
	}
	prog := decodeAs[struct {
		Recipes []struct {
			PlannedBatches string `json:"planned_batches"`
			BakedBatches   string `json:"baked_batches"`
			BakedItems     int    `json:"baked_items"`
		} `json:"recipes"`
	}](t, a.do(http.MethodGet, "/api/events/"+ev+"/progress", a.tenant.Token, ""))
	if len(prog.Recipes) != 1 || prog.Recipes[0].PlannedBatches != "2" || prog.Recipes[0].BakedBatches != "2" || prog.Recipes[0].BakedItems != 23 {
		t.Errorf("progress %+v, want 2 planned, 2 baked, 23 items", prog.Recipes)
	}
	if r := b.do(http.MethodGet, "/api/events/"+ev+"/progress", b.tenant.Token, ""); r.Status != http.StatusNotFound {
		t.Errorf("tenant B reading A's progress: %d %s, want 404", r.Status, r.Body)
	}
	if r := a.do(http.MethodPost, "/api/assembly_runs", a.tenant.Token, `{"finished_good": "nothing", "quantity": 0}`); r.Status != http.StatusBadRequest {
		t.Errorf("assembly of 0: %d %s, want 400", r.Status, r.Body)
	}
}
