package tools_test

import (
	"strings"
	"testing"
)

// Gift-box and market events have no guests: guest_count is optional, and
// update_event's 0 clears it.
func TestCreateEventWithoutGuestCount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ev := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Gift Boxes", "event_date": "2026-12-01", "recipe_names": []string{},
	})
	got := call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": ev.EventID})
	if got.GuestCount != nil {
		t.Fatalf("guest_count = %d, want none", *got.GuestCount)
	}
	type updated struct {
		Event evEvent `json:"event"`
	}
	up := call[updated](t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "guest_count": 30})
	if up.Event.GuestCount == nil || *up.Event.GuestCount != 30 {
		t.Fatalf("guest_count after update = %v, want 30", up.Event.GuestCount)
	}
	up = call[updated](t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "guest_count": 0})
	if up.Event.GuestCount != nil {
		t.Fatalf("guest_count 0 left %d, want it cleared", *up.Event.GuestCount)
	}
	evWantErr(t, callErr(t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "guest_count": -1}), "invalid_argument", "guest_count")
}

// An event is found by the name a person uses, not only its slug; two
// events the name fits equally are candidates, with their dates.
func TestEventFoundByNameOrCandidates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	evRecipe(t, e, "Sugar Cookies")
	market := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Spring Market 2027", "event_date": "2027-04-10", "recipe_names": []string{},
	})
	for _, ref := range []string{"spring-market", "Spring Market 2027", "spring market"} {
		got := call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": ref})
		if got.EventID != market.EventID {
			t.Fatalf("get_event %q = %s, want Spring Market 2027", ref, got.Name)
		}
	}
	added := call[struct {
		EventID string `json:"event_id"`
	}](t, e.Client, "add_event_recipe", map[string]any{"event_id": "spring-market", "recipe": "Sugar Cookies"})
	if added.EventID != market.EventID {
		t.Fatalf("add_event_recipe planned for %s, want Spring Market 2027", added.EventID)
	}

	call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Spring Market 2028", "event_date": "2028-04-08", "recipe_names": []string{},
	})
	got := callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": "spring-market", "recipe": "Sugar Cookies", "batches": 3})
	evWantErr(t, got, "ambiguous", "event_id")
	if len(got.Candidates) != 2 || !strings.Contains(got.Message, "2027-04-10") || !strings.Contains(got.Message, "2028-04-08") {
		t.Fatalf("ambiguous event: %q candidates %+v", got.Message, got.Candidates)
	}
	again := call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": market.EventID})
	if len(again.Recipes) != 1 || again.Recipes[0].Batches != "1" {
		t.Fatalf("after the ambiguous call the plan is %+v, want Sugar Cookies × 1 unchanged", again.Recipes)
	}
	evWantErr(t, callErr(t, e.Client, "get_event", map[string]any{"event_id": "winter fair"}), "not_found", "event_id")
}

// A recipe name equally like two recipes is not planned: add_event_recipe
// answers with both, and the id then plans the one meant.
func TestAddEventRecipeAmbiguousNameReturnsCandidatesAndWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	one := evRecipe(t, e, "Almond Cake 1")
	evRecipe(t, e, "Almond Cake 2")
	ev := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Tea", "event_date": "2026-03-03", "recipe_names": []string{"almond cake"},
	})
	if len(ev.Unmatched) != 1 || len(ev.Unmatched[0].Candidates) != 2 || !strings.Contains(ev.Message, "could mean") {
		t.Fatalf("create: unmatched %+v message %q, want almond cake with two candidates", ev.Unmatched, ev.Message)
	}
	got := callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "almond cake"})
	evWantErr(t, got, "ambiguous", "recipe")
	if len(got.Candidates) != 2 || got.Candidates[0].Kind != "recipe" || !strings.Contains(got.Candidates[0].Detail, "slug almond-cake-") {
		t.Fatalf("candidates %+v", got.Candidates)
	}
	if n := ptCount(t, e, "event_recipes"); n != 0 {
		t.Fatalf("%d event recipes after ambiguous calls, want 0", n)
	}
	planned := call[struct {
		Message string `json:"message"`
	}](t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": one.String()})
	if !strings.HasPrefix(planned.Message, "Planned 1 batch of Almond Cake 1") {
		t.Fatalf("message %q, want singular English", planned.Message)
	}
	if n := ptCount(t, e, "event_recipes"); n != 1 {
		t.Fatalf("%d event recipes after planning by id, want 1", n)
	}
}

// Two recipes with the exact same name are candidates too, not an
// invalid argument: the caller learns both ids in one answer.
func TestSameNamedRecipesAreCandidates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := evInsert(t, e, `INSERT INTO recipes (tenant_id, slug, name, name_key) VALUES ($1, 'brownies', 'Brownies', 'brownies') RETURNING id`, e.ID.TenantID)
	b := evInsert(t, e, `INSERT INTO recipes (tenant_id, slug, name, name_key) VALUES ($1, 'brownies-fudgy', 'Brownies', 'brownies') RETURNING id`, e.ID.TenantID)
	got := callErr(t, e.Client, "get_recipe", map[string]any{"id": "Brownies"})
	evWantErr(t, got, "ambiguous", "id")
	ids := map[string]bool{}
	for _, c := range got.Candidates {
		ids[c.ID] = strings.HasPrefix(c.Detail, "slug brownies")
	}
	if len(ids) != 2 || !ids[a.String()] || !ids[b.String()] {
		t.Fatalf("candidates %+v, want both Brownies with their slugs", got.Candidates)
	}
}
