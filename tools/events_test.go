package tools_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/tools"
)

// evInsert runs one INSERT … RETURNING id in e's tenant, as the request
// role, for test fixtures the event tests need from other toolsets.
func evInsert(t *testing.T, e env, sql string, args ...any) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := dbtest.Store(t).InTenantTx(t.Context(), e.ID.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), sql, args...).Scan(&id)
	})
	if err != nil {
		t.Fatalf("fixture %q: %v", sql, err)
	}
	return id
}

// evRecipe creates a recipe with a hyphenated slug.
func evRecipe(t *testing.T, e env, name string) uuid.UUID {
	t.Helper()
	return evInsert(t, e, `INSERT INTO recipes (tenant_id, slug, name, name_key) VALUES ($1, $2, $3, $4) RETURNING id`,
		e.ID.TenantID, tools.Slug(name, '-'), name, tools.NameKey(name))
}

// Shapes of the event tools' results as a client decodes them.
type (
	evRecipeOut struct {
		RecipeID string `json:"recipe_id"`
		Name     string `json:"name"`
		Slug     string `json:"slug"`
		Batches  string `json:"batches"`
	}
	evEvent struct {
		EventID    string        `json:"event_id"`
		Slug       string        `json:"slug"`
		Name       string        `json:"name"`
		EventDate  string        `json:"event_date"`
		Year       int           `json:"year"`
		GuestCount *int          `json:"guest_count"`
		OutputMode *string       `json:"output_mode"`
		PlanState  string        `json:"plan_state"`
		Notes      *string       `json:"notes"`
		Recipes    []evRecipeOut `json:"recipes"`
	}
	evCreated struct {
		Success      bool   `json:"success"`
		EventID      string `json:"event_id"`
		EventName    string `json:"event_name"`
		Slug         string `json:"slug"`
		RecipesAdded []struct {
			RecipeID   string   `json:"recipe_id"`
			Name       string   `json:"name"`
			Slug       string   `json:"slug"`
			MatchedAs  string   `json:"matched_as"`
			Similarity float64  `json:"similarity"`
			Batches    string   `json:"batches"`
			Requested  []string `json:"requested"`
		} `json:"recipes_added"`
		Unmatched []struct {
			Name        string            `json:"name"`
			Suggestions []string          `json:"suggestions"`
			Candidates  []tools.Candidate `json:"candidates"`
		} `json:"unmatched"`
		Message string `json:"message"`
	}
	evList struct {
		Events []struct {
			EventID     string `json:"event_id"`
			Name        string `json:"name"`
			EventDate   string `json:"event_date"`
			RecipeCount int    `json:"recipe_count"`
		} `json:"events"`
		NextCursor string `json:"next_cursor"`
	}
)

func evWantErr(t *testing.T, got tools.Error, code, field string) {
	t.Helper()
	if got.Code != code || got.Field != field {
		t.Fatalf("error %s/%s (%s), want %s/%s", got.Code, got.Field, got.Message, code, field)
	}
}

func TestCreateEventWithRecipes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cookies := evRecipe(t, e, "Chocolate Chip Cookies")
	bars := evRecipe(t, e, "Lemon Bars")
	ginger := evRecipe(t, e, "Gingerbread Men")
	evRecipe(t, e, "Oatmeal Raisin Cookies")

	args := map[string]any{
		"event_name": "Holiday Open House", "event_date": "2026-12-12", "guest_count": 40,
		// exact name, slug, similar name, no match, and the exact name again
		"recipe_names":    []string{"lemon bars", "gingerbread-men", "choc chip cookies", "Lemon Tart", "Lemon Bars"},
		"output_mode":     "bundled",
		"idempotency_key": "open-house-1",
	}
	got := call[evCreated](t, e.Client, "create_event_with_recipes", args)
	if !got.Success || got.EventName != "Holiday Open House" || got.Slug != "holiday-open-house-2026" {
		t.Fatalf("created %+v", got)
	}
	if len(got.RecipesAdded) != 3 {
		t.Fatalf("recipes_added %+v, want 3", got.RecipesAdded)
	}
	want := []struct {
		id         uuid.UUID
		as         string
		similarity float64
		requested  string
	}{
		{bars, "name", 1, "lemon bars|Lemon Bars"},
		{ginger, "slug", 1, "gingerbread-men"},
		{cookies, "similar_name", 0.67, "choc chip cookies"},
	}
	for i, w := range want {
		r := got.RecipesAdded[i]
		if r.RecipeID != w.id.String() || r.MatchedAs != w.as || r.Similarity != w.similarity ||
			r.Batches != "1" || strings.Join(r.Requested, "|") != w.requested {
			t.Errorf("recipes_added[%d] = %+v, want id %s as %s similarity %v requested %s", i, r, w.id, w.as, w.similarity, w.requested)
		}
	}
	if len(got.Unmatched) != 1 || got.Unmatched[0].Name != "Lemon Tart" ||
		strings.Join(got.Unmatched[0].Suggestions, "|") != "Lemon Bars" {
		t.Fatalf("unmatched %+v, want Lemon Tart with suggestion Lemon Bars", got.Unmatched)
	}
	for _, s := range []string{"added 3 recipes", `1 name did not match any recipe: "Lemon Tart" (did you mean Lemon Bars?)`,
		`"Lemon Bars" also matched Lemon Bars (added once)`, `"choc chip cookies" → Chocolate Chip Cookies (similarity 0.67)`} {
		if !strings.Contains(got.Message, s) {
			t.Errorf("message %q lacks %q", got.Message, s)
		}
	}

	ev := call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": got.Slug})
	if ev.EventID != got.EventID || ev.EventDate != "2026-12-12" || ev.Year != 2026 || ev.GuestCount == nil || *ev.GuestCount != 40 ||
		ev.OutputMode == nil || *ev.OutputMode != "bundled" || ev.PlanState != "draft" || len(ev.Recipes) != 3 ||
		ev.Recipes[0].Name != "Lemon Bars" || ev.Recipes[2].Slug != "chocolate-chip-cookies" || ev.Recipes[1].Batches != "1" {
		t.Fatalf("get_event %+v", ev)
	}

	t.Run("RetrySameKey", func(t *testing.T) {
		again := call[evCreated](t, e.Client, "create_event_with_recipes", args)
		if again.EventID != got.EventID {
			t.Fatalf("retry created event %s, want the first one %s", again.EventID, got.EventID)
		}
		list := call[evList](t, e.Client, "list_events", map[string]any{})
		if len(list.Events) != 1 {
			t.Fatalf("%d events after a retry, want 1", len(list.Events))
		}
	})
	t.Run("SecondEventSameNameGetsNextSlug", func(t *testing.T) {
		second := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
			"event_name": "Holiday Open House", "event_date": "2026-12-19", "guest_count": 10, "recipe_names": []string{},
		})
		if second.Slug != "holiday-open-house-2026-1" || len(second.RecipesAdded) != 0 || len(second.Unmatched) != 0 {
			t.Fatalf("second event %+v", second)
		}
		withYear := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
			"event_name": "Bake Sale 2027", "event_date": "2027-05-01", "guest_count": 5, "recipe_names": []string{""},
		})
		if withYear.Slug != "bake-sale-2027" || len(withYear.Unmatched) != 1 || withYear.Unmatched[0].Name != "" {
			t.Fatalf("event with a year in its name %+v", withYear)
		}
	})
}

func TestCreateEventWithRecipesBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	base := func() map[string]any {
		return map[string]any{"event_name": "Fair", "event_date": "2026-07-04", "guest_count": 3, "recipe_names": []string{}}
	}
	for _, c := range []struct {
		field string
		value any
	}{
		{"event_date", "07/04/2026"},
		{"event_date", "2026-02-30"},
		{"guest_count", 0},
		{"event_name", "  "},
		{"output_mode", "packaged"},
	} {
		args := base()
		args[c.field] = c.value
		got := callErr(t, e.Client, "create_event_with_recipes", args)
		evWantErr(t, got, "invalid_argument", c.field)
		if c.field == "event_date" && !strings.Contains(got.Message, "YYYY-MM-DD") {
			t.Errorf("event_date message %q does not give the format", got.Message)
		}
	}
	if list := call[evList](t, e.Client, "list_events", map[string]any{}); len(list.Events) != 0 {
		t.Fatalf("bad input created %d events", len(list.Events))
	}
}

func TestEventRecipes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bars := evRecipe(t, e, "Lemon Bars")
	evRecipe(t, e, "Sugar Cookies")
	ev := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Market Day", "event_date": "2026-06-06", "guest_count": 100, "recipe_names": []string{"Sugar Cookies"},
	})

	type added struct {
		Success   bool        `json:"success"`
		Recipe    evRecipeOut `json:"recipe"`
		MatchedAs string      `json:"matched_as"`
		Added     bool        `json:"added"`
	}
	got := call[added](t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "lemon-bars", "batches": "2.5"})
	if !got.Added || got.Recipe.RecipeID != bars.String() || got.Recipe.Batches != "2.5" || got.MatchedAs != "slug" {
		t.Fatalf("add %+v", got)
	}
	got = call[added](t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.Slug, "recipe": bars.String(), "batches": 3})
	if got.Added || got.Recipe.Batches != "3" || got.MatchedAs != "id" {
		t.Fatalf("re-add %+v, want batches updated to 3", got)
	}
	full := call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": ev.EventID})
	if len(full.Recipes) != 2 || full.Recipes[1].Name != "Lemon Bars" || full.Recipes[1].Batches != "3" {
		t.Fatalf("event recipes %+v", full.Recipes)
	}

	evWantErr(t, callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Lemon Bars", "batches": 0}), "invalid_argument", "batches")
	missing := callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Lemon Tart"})
	evWantErr(t, missing, "not_found", "recipe")
	if !strings.Contains(missing.Message, "did you mean Lemon Bars?") {
		t.Errorf("not-found message %q offers no suggestion", missing.Message)
	}
	evWantErr(t, callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": uuid.NewString(), "recipe": "Lemon Bars"}), "not_found", "event_id")

	// A similar name is not enough to remove a recipe.
	evWantErr(t, callErr(t, e.Client, "remove_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "lemon bar"}), "not_found", "recipe")
	type removed struct {
		Success  bool   `json:"success"`
		RecipeID string `json:"recipe_id"`
	}
	rm := call[removed](t, e.Client, "remove_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Lemon Bars"})
	if !rm.Success || rm.RecipeID != bars.String() {
		t.Fatalf("remove %+v", rm)
	}
	evWantErr(t, callErr(t, e.Client, "remove_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Lemon Bars"}), "not_found", "recipe")
	if full = call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": ev.EventID}); len(full.Recipes) != 1 {
		t.Fatalf("after remove %+v", full.Recipes)
	}

	t.Run("OtherTenant", func(t *testing.T) {
		other := newEnv(t)
		otherRecipe := evRecipe(t, other, "Other Pie")
		for _, tool := range []string{"get_event", "shopping_list"} {
			evWantErr(t, callErr(t, other.Client, tool, map[string]any{"event_id": ev.EventID}), "not_found", "event_id")
		}
		evWantErr(t, callErr(t, other.Client, "get_event", map[string]any{"event_id": ev.Slug}), "not_found", "event_id")
		evWantErr(t, callErr(t, other.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Other Pie"}), "not_found", "event_id")
		evWantErr(t, callErr(t, other.Client, "remove_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Sugar Cookies"}), "not_found", "event_id")
		evWantErr(t, callErr(t, other.Client, "update_event", map[string]any{"event_id": ev.EventID, "guest_count": 1}), "not_found", "event_id")
		// And our tenant cannot plan the other tenant's recipe by id.
		evWantErr(t, callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": otherRecipe.String()}), "not_found", "recipe")
	})
}

func TestUpdateEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	evRecipe(t, e, "Lemon Bars")
	ev := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Spring Tea", "event_date": "2026-04-01", "guest_count": 12, "recipe_names": []string{},
	})
	type updated struct {
		Success bool    `json:"success"`
		Event   evEvent `json:"event"`
		Message string  `json:"message"`
	}
	got := call[updated](t, e.Client, "update_event", map[string]any{
		"event_id": ev.EventID, "name": "Spring Garden Tea", "event_date": "2027-04-02", "guest_count": 20,
		"output_mode": "bulk_count", "notes": "outdoors", "plan_state": "locked",
	})
	g := got.Event
	if !got.Success || g.Name != "Spring Garden Tea" || g.Slug != "spring-tea-2026" || g.EventDate != "2027-04-02" || g.Year != 2027 ||
		*g.GuestCount != 20 || *g.OutputMode != "bulk_count" || *g.Notes != "outdoors" || g.PlanState != "locked" {
		t.Fatalf("updated %+v", got)
	}
	back := callErr(t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "plan_state": "draft"})
	evWantErr(t, back, "unprocessable", "plan_state")
	if !strings.Contains(back.Message, "only move forward") {
		t.Errorf("message %q", back.Message)
	}
	// A locked plan keeps its recipes.
	evWantErr(t, callErr(t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Lemon Bars"}), "unprocessable", "event_id")
	got = call[updated](t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "plan_state": "completed"})
	if got.Event.PlanState != "completed" {
		t.Fatalf("plan_state %s, want completed", got.Event.PlanState)
	}
	evWantErr(t, callErr(t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "plan_state": "done"}), "invalid_argument", "plan_state")
	evWantErr(t, callErr(t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "guest_count": -1}), "invalid_argument", "guest_count")
	evWantErr(t, callErr(t, e.Client, "update_event", map[string]any{"event_id": ev.EventID, "event_date": "April 2"}), "invalid_argument", "event_date")
	evWantErr(t, callErr(t, e.Client, "update_event", map[string]any{"event_id": "no-such-event", "name": "x"}), "not_found", "event_id")
}

func TestListEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	evRecipe(t, e, "Lemon Bars")
	evRecipe(t, e, "Sugar Cookies")
	for _, c := range []struct {
		name, date string
		recipes    []string
	}{
		{"Winter Fair", "2026-01-10", []string{"Lemon Bars"}},
		{"Summer Fair", "2026-07-10", []string{"Lemon Bars", "Sugar Cookies"}},
		{"Autumn Fair", "2026-10-10", nil},
	} {
		call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
			"event_name": c.name, "event_date": c.date, "guest_count": 1, "recipe_names": append([]string{}, c.recipes...),
		})
	}
	page := call[evList](t, e.Client, "list_events", map[string]any{"limit": 2})
	if len(page.Events) != 2 || page.Events[0].Name != "Autumn Fair" || page.Events[1].Name != "Summer Fair" ||
		page.Events[1].RecipeCount != 2 || page.Events[0].RecipeCount != 0 || page.NextCursor == "" {
		t.Fatalf("page 1 %+v", page)
	}
	page = call[evList](t, e.Client, "list_events", map[string]any{"limit": 2, "cursor": page.NextCursor})
	if len(page.Events) != 1 || page.Events[0].Name != "Winter Fair" || page.Events[0].RecipeCount != 1 || page.NextCursor != "" {
		t.Fatalf("page 2 %+v", page)
	}
	page = call[evList](t, e.Client, "list_events", map[string]any{"from": "2026-02-01", "to": "2026-07-10"})
	if len(page.Events) != 1 || page.Events[0].Name != "Summer Fair" || page.Events[0].EventDate != "2026-07-10" {
		t.Fatalf("from/to %+v", page)
	}
	evWantErr(t, callErr(t, e.Client, "list_events", map[string]any{"cursor": "bogus"}), "invalid_argument", "cursor")
	evWantErr(t, callErr(t, e.Client, "list_events", map[string]any{"limit": 501}), "invalid_argument", "limit")
	evWantErr(t, callErr(t, e.Client, "list_events", map[string]any{"from": "2026-13-01"}), "invalid_argument", "from")
	evWantErr(t, callErr(t, e.Client, "list_events", map[string]any{"from": "2026-05-01", "to": "2026-04-01"}), "invalid_argument", "to")
	if other := call[evList](t, newEnv(t).Client, "list_events", map[string]any{}); len(other.Events) != 0 {
		t.Fatalf("another tenant sees %d events", len(other.Events))
	}
}

func TestCreateEventAmbiguousName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	evRecipe(t, e, "Almond Cake 1")
	evRecipe(t, e, "Almond Cake 2")
	got := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Tea", "event_date": "2026-03-03", "guest_count": 4, "recipe_names": []string{"almond cake"},
	})
	// Equally similar to both: planning either would be a guess.
	if len(got.RecipesAdded) != 0 || len(got.Unmatched) != 1 ||
		strings.Join(got.Unmatched[0].Suggestions, "|") != "Almond Cake 1|Almond Cake 2" {
		t.Fatalf("ambiguous name: added %+v unmatched %+v", got.RecipesAdded, got.Unmatched)
	}
	if !strings.Contains(got.Message, "added 0 recipes") || !strings.Contains(got.Message, "1 name did not match") {
		t.Errorf("message %q", got.Message)
	}
}
