package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

func eventTools() []ServerTool {
	return []ServerTool{
		def(ToolsetEvents, Write, &mcp.Tool{
			Name:  "create_event_with_recipes",
			Title: "Create an event with recipes",
			Description: "Creates a baking event (a party, a holiday, a market day) and plans the named recipes for it, one batch each. " +
				"Names are matched to your recipes by slug, exact name, then a clearly closest spelling; a name that matches nothing, or several recipes equally, is not planned and comes back in unmatched with suggestions (and candidates with ids). guest_count is optional (gift boxes and markets have none). " +
				`Example: {"event_name": "Holiday Open House", "event_date": "2026-12-12", "guest_count": 40, "recipe_names": ["Chocolate Chip Cookies", "gingerbread"]}`,
		}, (*Tools).CreateEventWithRecipes),
		def(ToolsetEvents, Destructive, &mcp.Tool{
			Name:  "update_event",
			Title: "Update an event",
			Description: "Changes an event's name, date, guest count, output mode, notes or plan state. The plan state only moves forward: draft → locked → in_production → completed. " +
				`Example: {"event_id": "holiday-open-house-2026", "guest_count": 55, "plan_state": "locked"}`,
		}, (*Tools).UpdateEvent),
		def(ToolsetEvents, Read, &mcp.Tool{
			Name:        "list_events",
			Title:       "List events",
			Description: `Lists events, newest date first, with how many recipes each plans. Example: {"from": "2026-01-01", "limit": 20}`,
		}, (*Tools).ListEvents),
		def(ToolsetEvents, Read, &mcp.Tool{
			Name:        "get_event",
			Title:       "Get an event",
			Description: `Shows one event (by id or slug) with the recipes planned for it and their batches. Example: {"event_id": "holiday-open-house-2026"}`,
		}, (*Tools).GetEvent),
		def(ToolsetEvents, Destructive, &mcp.Tool{
			Name:  "add_event_recipe",
			Title: "Add a recipe to an event",
			Description: "Plans a recipe (id, slug or name) for an event; if it is already planned, sets its batches instead. " +
				`Example: {"event_id": "holiday-open-house-2026", "recipe": "Lemon Bars", "batches": 2}`,
		}, (*Tools).AddEventRecipe),
		def(ToolsetEvents, Destructive, &mcp.Tool{
			Name:        "remove_event_recipe",
			Title:       "Remove a recipe from an event",
			Description: `Takes a recipe (id, slug or name) off an event's plan. Example: {"event_id": "holiday-open-house-2026", "recipe": "lemon-bars"}`,
		}, (*Tools).RemoveEventRecipe),
	}
}

// eventDateLayout is the one date format events accept and return.
const eventDateLayout = "2006-01-02"

// maxEventRecipeNames bounds one create_event_with_recipes call.
const maxEventRecipeNames = 200

// EventRecipeOut is a recipe planned for an event.
type EventRecipeOut struct {
	RecipeID string          `json:"recipe_id"`
	Name     string          `json:"name"`
	Slug     string          `json:"slug"`
	Batches  decimal.Decimal `json:"batches"`
}

// EventOut is an event with its planned recipes.
type EventOut struct {
	EventID    string           `json:"event_id"`
	Slug       string           `json:"slug"`
	Name       string           `json:"name"`
	EventDate  string           `json:"event_date"`
	Year       int              `json:"year"`
	GuestCount *int             `json:"guest_count"`
	OutputMode *string          `json:"output_mode"`
	PlanState  string           `json:"plan_state"`
	Notes      *string          `json:"notes"`
	Recipes    []EventRecipeOut `json:"recipes"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
}

// CreateEventWithRecipesInput is create_event_with_recipes' arguments.
type CreateEventWithRecipesInput struct {
	EventName      string   `json:"event_name" jsonschema:"the event's name, e.g. Holiday Open House"`
	EventDate      string   `json:"event_date" jsonschema:"the event's date, YYYY-MM-DD"`
	GuestCount     *int     `json:"guest_count,omitempty" jsonschema:"how many guests are expected (more than 0); leave out for events without guests, such as gift boxes or a market"`
	RecipeNames    []string `json:"recipe_names" jsonschema:"recipes to bake: names, slugs or ids of your recipes"`
	OutputMode     string   `json:"output_mode,omitempty" jsonschema:"bulk_count (trays of items) or bundled (gift packages)"`
	Notes          string   `json:"notes,omitempty" jsonschema:"free notes"`
	IdempotencyKey string   `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the event is created once"`
}

// RecipeAddedOut is a recipe that a requested name matched.
type RecipeAddedOut struct {
	RecipeID string `json:"recipe_id"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	// MatchedAs is how the name matched: id, slug, previous_slug, name or similar.
	MatchedAs  string          `json:"matched_as"`
	Similarity float64         `json:"similarity"`
	Batches    decimal.Decimal `json:"batches"`
	// Requested lists the names given that resolved to this recipe.
	Requested []string `json:"requested"`
}

// UnmatchedOut is a requested name that matched no recipe.
type UnmatchedOut struct {
	Name        string   `json:"name"`
	Suggestions []string `json:"suggestions"`
	// Candidates is set when the name could mean several recipes: their ids
	// and what tells them apart, for add_event_recipe.
	Candidates []Candidate `json:"candidates,omitempty"`
}

// CreateEventWithRecipesOutput is create_event_with_recipes' result.
type CreateEventWithRecipesOutput struct {
	Success      bool             `json:"success"`
	EventID      string           `json:"event_id"`
	EventName    string           `json:"event_name"`
	Slug         string           `json:"slug"`
	RecipesAdded []RecipeAddedOut `json:"recipes_added"`
	Unmatched    []UnmatchedOut   `json:"unmatched"`
	Message      string           `json:"message"`
}

// CreateEventWithRecipes creates an event and plans every recipe its names
// match. No name is dropped: each one ends up in recipes_added or unmatched.
func (t *Tools) CreateEventWithRecipes(ctx context.Context, id identity.Identity, in CreateEventWithRecipesInput) (CreateEventWithRecipesOutput, error) {
	var out CreateEventWithRecipesOutput
	name, err := eventName("event_name", in.EventName)
	if err != nil {
		return out, err
	}
	date, err := parseEventDate("event_date", in.EventDate)
	if err != nil {
		return out, err
	}
	if in.GuestCount != nil && *in.GuestCount <= 0 {
		return out, Invalid("guest_count", "must be more than 0 when given (got %d); leave it out when the event has no guests", *in.GuestCount)
	}
	mode, err := outputMode(in.OutputMode)
	if err != nil {
		return out, err
	}
	if len(in.RecipeNames) > maxEventRecipeNames {
		return out, Invalid("recipe_names", "at most %d names at once (got %d); add more afterwards with add_event_recipe", maxEventRecipeNames, len(in.RecipeNames))
	}
	err = t.write(ctx, id, func(q *queries.Queries) error {
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_event_with_recipes", in, func() (CreateEventWithRecipesOutput, error) {
			return createEvent(ctx, q, id.TenantID, name, date, in, mode)
		})
		return err
	})
	return out, err
}

func createEvent(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name string, date time.Time, in CreateEventWithRecipesInput, mode *string) (CreateEventWithRecipesOutput, error) {
	slug, err := UniqueSlug(EventSlug(name, date.Year()), '-', func(s string) (bool, error) {
		return q.EventSlugExists(ctx, queries.EventSlugExistsParams{TenantID: tenant, Slug: s})
	})
	if err != nil {
		return CreateEventWithRecipesOutput{}, fmt.Errorf("create event: slug: %w", err)
	}
	var guests *int32 // NULL: gift-box and market events have no guests
	if in.GuestCount != nil {
		g := clampInt32(*in.GuestCount)
		guests = &g
	}
	ev, err := q.EventCreate(ctx, queries.EventCreateParams{
		TenantID: tenant, Slug: slug, Name: name, NameKey: NameKey(name), EventDate: date, Year: yearOf(date),
		OutputMode: mode, ExpectedAttendees: guests, Notes: textOrNil(in.Notes),
	})
	if err != nil {
		return CreateEventWithRecipesOutput{}, fmt.Errorf("create event: %w", err)
	}
	cands, err := eventRecipeCandidates(ctx, q, tenant)
	if err != nil {
		return CreateEventWithRecipesOutput{}, err
	}
	out := CreateEventWithRecipesOutput{Success: true, EventID: ev.ID.String(), EventName: ev.Name, Slug: ev.Slug,
		RecipesAdded: []RecipeAddedOut{}, Unmatched: []UnmatchedOut{}}
	added := map[uuid.UUID]int{} // recipe id → index in RecipesAdded
	var dupes []string
	// Batch planning from the guest count needs each recipe's yield
	// (finished units) and comes later; until then every recipe gets one
	// batch and the baker adjusts with add_event_recipe.
	one := decimal.NewFromInt(1)
	for _, requested := range in.RecipeNames {
		r := matchEventRecipe(cands, requested)
		if !r.ok {
			out.Unmatched = append(out.Unmatched, UnmatchedOut{Name: requested, Suggestions: r.suggestions, Candidates: r.ambiguous})
			continue
		}
		m := r.eventRecipeMatch
		if i, seen := added[m.ID]; seen {
			out.RecipesAdded[i].Requested = append(out.RecipesAdded[i].Requested, requested)
			dupes = append(dupes, fmt.Sprintf("%q also matched %s (added once)", requested, m.Name))
			continue
		}
		if _, err := q.EventRecipeUpsert(ctx, queries.EventRecipeUpsertParams{TenantID: tenant, EventID: ev.ID, RecipeID: m.ID, Batches: one}); err != nil {
			return CreateEventWithRecipesOutput{}, fmt.Errorf("create event: add recipe %s: %w", m.ID, err)
		}
		added[m.ID] = len(out.RecipesAdded)
		out.RecipesAdded = append(out.RecipesAdded, RecipeAddedOut{
			RecipeID: m.ID.String(), Name: m.Name, Slug: m.Slug, MatchedAs: m.As,
			Similarity: roundSimilarity(m.Similarity), Batches: one, Requested: []string{requested},
		})
	}
	out.Message = createEventMessage(ev, out, dupes)
	return out, nil
}

// createEventMessage summarises what was added and, above all, what was not.
func createEventMessage(ev queries.Event, out CreateEventWithRecipesOutput, dupes []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Created event %q (%s, slug %s); added %d %s", ev.Name, ev.EventDate.Format(eventDateLayout), ev.Slug,
		len(out.RecipesAdded), plural(len(out.RecipesAdded), "recipe", "recipes"))
	var names, fuzzy []string
	for _, r := range out.RecipesAdded {
		names = append(names, r.Name)
		if r.MatchedAs == matchSimilar {
			fuzzy = append(fuzzy, fmt.Sprintf("%q → %s (similarity %.2f)", r.Requested[0], r.Name, r.Similarity))
		}
	}
	if len(names) > 0 {
		fmt.Fprintf(&b, " (%s), one batch each", strings.Join(names, ", "))
	}
	b.WriteString(".")
	if len(fuzzy) > 0 {
		fmt.Fprintf(&b, " Matched by similar name, check them: %s.", strings.Join(fuzzy, "; "))
	}
	if len(dupes) > 0 {
		fmt.Fprintf(&b, " %s.", strings.Join(dupes, "; "))
	}
	if n := len(out.Unmatched); n > 0 {
		var parts []string
		for _, u := range out.Unmatched {
			p := fmt.Sprintf("%q", u.Name)
			if len(u.Candidates) > 0 {
				p += " (could mean " + strings.Join(u.Suggestions, " or ") + "; give the recipe's id from candidates)"
			} else if len(u.Suggestions) > 0 {
				p += " (did you mean " + strings.Join(u.Suggestions, ", ") + "?)"
			}
			parts = append(parts, p)
		}
		fmt.Fprintf(&b, " %d %s did not match any recipe: %s. Add them with add_event_recipe using a recipe id or exact name, or create the recipe first.",
			n, plural(n, "name", "names"), strings.Join(parts, "; "))
	}
	return b.String()
}

// UpdateEventInput is update_event's arguments; omitted fields stay as they are.
type UpdateEventInput struct {
	EventID        string  `json:"event_id" jsonschema:"the event's id, slug or name"`
	Name           *string `json:"name,omitempty" jsonschema:"new name (the slug stays)"`
	EventDate      *string `json:"event_date,omitempty" jsonschema:"new date, YYYY-MM-DD"`
	GuestCount     *int    `json:"guest_count,omitempty" jsonschema:"expected guests; 0 for an event without guests (gift boxes, a market)"`
	OutputMode     *string `json:"output_mode,omitempty" jsonschema:"bulk_count, bundled, or empty to clear"`
	PlanState      *string `json:"plan_state,omitempty" jsonschema:"draft, locked, in_production or completed; only moves forward"`
	Notes          *string `json:"notes,omitempty" jsonschema:"new notes; empty clears them"`
	IdempotencyKey string  `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// UpdateEventOutput is update_event's result.
type UpdateEventOutput struct {
	Success bool     `json:"success"`
	Event   EventOut `json:"event"`
	Message string   `json:"message"`
}

// UpdateEvent changes an event's details. The plan state is one-way.
func (t *Tools) UpdateEvent(ctx context.Context, id identity.Identity, in UpdateEventInput) (UpdateEventOutput, error) {
	var out UpdateEventOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "update_event", in, func() (UpdateEventOutput, error) {
			return updateEvent(ctx, q, id.TenantID, in)
		})
		return err
	})
	return out, err
}

func updateEvent(ctx context.Context, q *queries.Queries, tenant uuid.UUID, in UpdateEventInput) (UpdateEventOutput, error) {
	ev, err := resolveEvent(ctx, q, tenant, in.EventID, true)
	if err != nil {
		return UpdateEventOutput{}, err
	}
	p := queries.EventUpdateParams{
		TenantID: tenant, ID: ev.ID, Name: ev.Name, NameKey: ev.NameKey, EventDate: ev.EventDate, Year: ev.Year,
		OutputMode: ev.OutputMode, ExpectedAttendees: ev.ExpectedAttendees, PlanState: ev.PlanState, Notes: ev.Notes,
	}
	var changed []string
	if in.Name != nil {
		if p.Name, err = eventName("name", *in.Name); err != nil {
			return UpdateEventOutput{}, err
		}
		p.NameKey = NameKey(p.Name)
		changed = append(changed, "name")
	}
	if in.EventDate != nil {
		if p.EventDate, err = parseEventDate("event_date", *in.EventDate); err != nil {
			return UpdateEventOutput{}, err
		}
		p.Year = yearOf(p.EventDate)
		changed = append(changed, "event_date")
	}
	if in.GuestCount != nil {
		switch g := *in.GuestCount; {
		case g < 0:
			return UpdateEventOutput{}, Invalid("guest_count", "must be 0 or more (got %d); 0 means the event has no guests", g)
		case g == 0:
			p.ExpectedAttendees = nil
		default:
			g32 := int32(min(g, 1<<31-1))
			p.ExpectedAttendees = &g32
		}
		changed = append(changed, "guest_count")
	}
	if in.OutputMode != nil {
		if p.OutputMode, err = outputMode(*in.OutputMode); err != nil {
			return UpdateEventOutput{}, err
		}
		changed = append(changed, "output_mode")
	}
	if in.Notes != nil {
		p.Notes = textOrNil(*in.Notes)
		changed = append(changed, "notes")
	}
	if in.PlanState != nil {
		if p.PlanState, err = nextPlanState(ev.PlanState, *in.PlanState); err != nil {
			return UpdateEventOutput{}, err
		}
		changed = append(changed, "plan_state")
	}
	if len(changed) > 0 {
		if ev, err = q.EventUpdate(ctx, p); err != nil {
			return UpdateEventOutput{}, fmt.Errorf("update event: %w", err)
		}
	}
	full, err := eventOut(ctx, q, tenant, ev)
	if err != nil {
		return UpdateEventOutput{}, err
	}
	msg := fmt.Sprintf("Updated %s of event %q.", strings.Join(changed, ", "), ev.Name)
	if len(changed) == 0 {
		msg = fmt.Sprintf("Nothing to change in event %q: give at least one of name, event_date, guest_count, output_mode, plan_state or notes.", ev.Name)
	}
	return UpdateEventOutput{Success: true, Event: full, Message: msg}, nil
}

// nextPlanState checks a plan-state move: forward (or staying) only.
func nextPlanState(from, to string) (string, error) {
	to = strings.ToLower(strings.TrimSpace(to))
	fi, ti := planStateIndex(from), planStateIndex(to)
	if ti < 0 {
		return "", Invalid("plan_state", "%q is not a plan state; use one of %s", to, strings.Join(PlanStates, ", "))
	}
	if ti < fi {
		return "", Unprocessable("plan_state", "the plan is already %s and can only move forward (%s); it cannot go back to %s",
			from, strings.Join(PlanStates, " → "), to)
	}
	return to, nil
}

func planStateIndex(s string) int {
	for i, p := range PlanStates {
		if p == s {
			return i
		}
	}
	return -1
}

// resolveEvent finds an event by id, slug, exact name, or a name that
// clearWinner accepts ("spring-market" finds "Spring Market 2027"); two
// events too alike to choose between (the same market in two years) are
// Ambiguous, with their dates. Another tenant's event is not found. lock
// takes a row lock for a write.
func resolveEvent(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ref string, lock bool) (queries.Event, error) {
	ref = strings.TrimSpace(ref)
	var ev queries.Event
	var err error
	if u, perr := uuid.Parse(ref); perr == nil {
		ev, err = q.EventGet(ctx, queries.EventGetParams{TenantID: tenant, ID: u})
	} else {
		ev, err = q.EventGetBySlug(ctx, queries.EventGetBySlugParams{TenantID: tenant, Slug: ref})
		if errors.Is(err, pgx.ErrNoRows) {
			ev, err = eventByName(ctx, q, tenant, ref)
		}
	}
	if err == nil && lock {
		ev, err = q.EventGetForUpdate(ctx, queries.EventGetForUpdateParams{TenantID: tenant, ID: ev.ID})
	}
	if errors.Is(err, pgx.ErrNoRows) {
		e := NotFound("event_id", fmt.Sprintf("event %q", ref))
		e.Message += "; list_events shows your events with their ids and slugs"
		return ev, e
	}
	var amb *Error
	if errors.As(err, &amb) {
		return ev, amb
	}
	if err != nil {
		return ev, fmt.Errorf("get event %q: %w", ref, err)
	}
	return ev, nil
}

// eventMatchThreshold is the similarity an event name needs to match a
// name the caller did not spell exactly: the year the slug carries is
// often left out ("spring market" is 0.74 like "Spring Market 2027").
const eventMatchThreshold = 0.5

// eventByName resolves an event by exact name key (its slug read as words
// too), then by a clearly most similar name. pgx.ErrNoRows when nothing
// matches.
func eventByName(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ref string) (queries.Event, error) {
	rows, err := q.EventCandidates(ctx, queries.EventCandidatesParams{TenantID: tenant})
	if err != nil {
		return queries.Event{}, fmt.Errorf("event candidates: %w", err)
	}
	key := NameKey(ref)
	if key == "" {
		return queries.Event{}, pgx.ErrNoRows
	}
	byID := map[string]queries.EventCandidatesRow{}
	var same, scored []fuzzyCand
	for _, r := range rows {
		c := fuzzyCand{ID: r.ID.String(), Score: Similarity(key, r.NameKey)}
		byID[c.ID] = r
		if r.NameKey == key {
			c.Score = 1
			same = append(same, c)
		}
		scored = append(scored, c)
	}
	var chosen []fuzzyCand
	switch win, ok, ambiguous, rivals := clearWinner(scored, eventMatchThreshold); {
	case len(same) == 1:
		chosen = same
	case len(same) > 1:
		rivals = same
		fallthrough
	case ambiguous:
		cands := make([]Candidate, 0, maxCandidates)
		for _, r := range rivals[:min(len(rivals), maxCandidates)] {
			e := byID[r.ID]
			cands = append(cands, Candidate{ID: r.ID, Name: e.Name, Kind: "event", Similarity: roundSimilarity(r.Score),
				Detail: e.EventDate.Format(eventDateLayout) + ", slug " + e.Slug})
		}
		return queries.Event{}, Ambiguous("event_id", ref, cands)
	case ok:
		chosen = []fuzzyCand{win}
	default:
		return queries.Event{}, pgx.ErrNoRows
	}
	return q.EventGet(ctx, queries.EventGetParams{TenantID: tenant, ID: byID[chosen[0].ID].ID})
}

// eventOut reads the event's recipes and builds its output.
func eventOut(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ev queries.Event) (EventOut, error) {
	rows, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: tenant, EventID: ev.ID})
	if err != nil {
		return EventOut{}, fmt.Errorf("event recipes: %w", err)
	}
	out := EventOut{
		EventID: ev.ID.String(), Slug: ev.Slug, Name: ev.Name, EventDate: ev.EventDate.Format(eventDateLayout),
		Year: int(ev.Year), GuestCount: intPtr(ev.ExpectedAttendees), OutputMode: ev.OutputMode, PlanState: ev.PlanState,
		Notes: ev.Notes, Recipes: make([]EventRecipeOut, 0, len(rows)), CreatedAt: ev.CreatedAt, UpdatedAt: ev.UpdatedAt,
	}
	for _, r := range rows {
		out.Recipes = append(out.Recipes, EventRecipeOut{RecipeID: r.RecipeID.String(), Name: r.Name, Slug: r.Slug, Batches: r.Batches})
	}
	return out, nil
}

func eventName(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || NameTooLong(s) {
		return "", Invalid(field, "must be 1 to 200 characters, e.g. Holiday Open House")
	}
	return s, nil
}

func parseEventDate(field, s string) (time.Time, error) {
	d, err := time.Parse(eventDateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Invalid(field, "%q is not a date; use YYYY-MM-DD, e.g. 2026-12-12", s)
	}
	if d.Year() < 1900 || d.Year() > 3000 {
		return time.Time{}, Invalid(field, "year %d is out of range (1900 to 3000); use YYYY-MM-DD", d.Year())
	}
	return d, nil
}

// outputMode checks an output mode; "" means none.
func outputMode(s string) (*string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return nil, nil
	case "bulk_count", "bundled":
		return &s, nil
	}
	return nil, Invalid("output_mode", "%q is not an output mode; use bulk_count (trays of items) or bundled (gift packages)", s)
}

func intPtr(v *int32) *int {
	if v == nil {
		return nil
	}
	i := int(*v)
	return &i
}
