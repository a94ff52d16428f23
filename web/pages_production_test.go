package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// seedTool calls tool over /mcp as token and fails the test on an error.
func (e *pagesEnv) seedTool(token, tool, args string) string {
	e.t.Helper()
	r := e.do(req{method: http.MethodPost, path: "/mcp", token: token,
		body:   `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"` + tool + `","arguments":` + args + `}}`,
		header: map[string]string{"Accept": "application/json, text/event-stream"}})
	if r.Status != http.StatusOK || strings.Contains(string(r.Body), `"isError":true`) {
		e.t.Fatalf("%s: %d %s", tool, r.Status, r.Body)
	}
	return string(r.Body)
}

// TestBakersMathPagesCallTheirTools: the percentages, scaling and plan
// pages show what bakers_percentages, scale_recipe and plan_event answer,
// and a refusal lands next to the field it names — including the bake
// form's prefixed fields.
func TestBakersMathPagesCallTheirTools(t *testing.T) {
	t.Parallel()
	e := newPagesEnv(t)
	owner := e.as[asOwner].Token
	e.seedTool(owner, "create_ingredient", `{"name": "Bread flour", "category": "Flour", "default_unit": "g"}`)
	e.seedTool(owner, "create_ingredient", `{"name": "Water", "default_unit": "g"}`)
	e.seedTool(owner, "create_recipe", `{"name": "Lean loaf", "lines": [
		{"ingredient": "Bread flour", "quantity": 500, "unit": "g"}, {"ingredient": "Water", "quantity": 350, "unit": "g"}],
		"yields": [{"display_name": "Loaf", "items_per_batch": 2, "item_unit": "loaf"}]}`)
	e.seedTool(owner, "create_event_with_recipes", `{"event_name": "Market", "event_date": "2026-12-19", "guest_count": 5, "recipe_names": ["Lean loaf"]}`)
	c := pageClient(t)
	csrf := e.signIn(c, owner)

	p := e.get(c, "/app/recipes/lean-loaf/percentages")
	if p.status != http.StatusOK || !strings.Contains(p.body, "<dt>Hydration</dt><dd>70 %</dd>") || !strings.Contains(p.body, `<span class="tag">flour</span>`) {
		t.Errorf("percentages: %d, want 70 %% hydration and the flour tagged\n%s", p.status, p.body)
	}

	p = e.get(c, "/app/recipes/lean-loaf/scale?factor=1.5")
	if p.status != http.StatusOK || !strings.Contains(p.body, "<td>500 g</td><td>750 g</td>") {
		t.Errorf("scale by 1.5: %d, want 750 g of flour\n%s", p.status, p.body)
	}
	p = e.get(c, "/app/recipes/lean-loaf/scale?factor=2&target_yield=6")
	if p.status != http.StatusBadRequest || !strings.Contains(p.body, `id="e-factor"`) || !strings.Contains(p.body, `value="6"`) {
		t.Errorf("two ways of scaling: %d, want 400 next to factor with the form kept\n%s", p.status, p.body)
	}
	p = e.get(c, "/app/recipes/lean-loaf/scale?"+url.Values{"from_pan.shape": {"round"}, "from_pan.diameter": {"8"}, "to_pan.shape": {"round"}, "to_pan.diameter": {"10"}}.Encode())
	if p.status != http.StatusOK || !strings.Contains(p.body, "1.5625") {
		t.Errorf("8 in to 10 in round: %d, want × 1.5625\n%s", p.status, p.body)
	}

	p = e.get(c, "/app/recipes/lean-loaf?target_margin=60")
	if p.status != http.StatusOK || !strings.Contains(p.body, `class="per-item"`) || !strings.Contains(p.body, "/recipes/") {
		t.Errorf("recipe with a margin: %d, want the cost per item and the label link\n%s", p.status, p.body)
	}

	p = e.get(c, "/app/events/market/plan")
	if p.status != http.StatusOK || !strings.Contains(p.body, "not stored yet") || !strings.Contains(p.body, `class="plan"`) {
		t.Fatalf("plan preview: %d\n%s", p.status, p.body)
	}
	p = e.post(c, "/app/events/market/plan", url.Values{"csrf_token": {csrf}, "idempotency_key": {"plan-1"}}, nil)
	if p.status != http.StatusSeeOther || !strings.Contains(p.location, "done=Plan+stored") {
		t.Errorf("store the plan: %d to %q\n%s", p.status, p.location, p.body)
	}

	// Nothing in the pantry: the bake is refused next to the bake form's
	// batches, not the plan-a-recipe form's.
	p = e.post(c, "/app/events/market/production", url.Values{"csrf_token": {csrf}, "idempotency_key": {"bake-1"},
		"bake.recipe": {"Lean loaf"}, "bake.batches": {"1"}}, nil)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="e-bake.batches"`) || strings.Contains(p.body, `id="e-batches"`) {
		t.Errorf("bake with an empty pantry: %d, want 422 next to bake.batches\n%s", p.status, p.body)
	}
}
