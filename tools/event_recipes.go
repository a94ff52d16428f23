package tools

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// How a requested recipe name matched (RecipeAddedOut.MatchedAs).
const (
	matchID           = "id"
	matchSlug         = "slug"
	matchPreviousSlug = "previous_slug"
	matchName         = "name"
	matchSimilar      = "similar_name"
)

// recipeMatchThreshold is the trigram similarity a name needs to match a
// recipe it does not spell exactly: "choc chip cookies" reaches
// "Chocolate Chip Cookies" (0.67) while "lemon tart" stays below
// "Lemon Bars" (0.38) and is offered as a suggestion instead.
const recipeMatchThreshold = 0.45

// recipeSuggestThreshold is the similarity a recipe needs to be offered as a
// suggestion for a name that did not match.
const recipeSuggestThreshold = 0.2

// maxSuggestions bounds the suggestions offered for one name.
const maxSuggestions = 3

// eventRecipeCand is a recipe a name may resolve to.
type eventRecipeCand struct {
	ID           uuid.UUID
	Slug         string
	PreviousSlug string
	Name         string
	NameKey      string
	Category     string
}

// eventRecipeMatch is a resolved name.
type eventRecipeMatch struct {
	eventRecipeCand
	As         string
	Similarity float64
}

func eventRecipeCandidates(ctx context.Context, q *queries.Queries, tenant uuid.UUID) ([]eventRecipeCand, error) {
	rows, err := q.EventRecipeCandidates(ctx, queries.EventRecipeCandidatesParams{TenantID: tenant})
	if err != nil {
		return nil, fmt.Errorf("recipe candidates: %w", err)
	}
	out := make([]eventRecipeCand, len(rows))
	for i, r := range rows {
		out[i] = eventRecipeCand{ID: r.ID, Slug: r.Slug, Name: r.Name, NameKey: r.NameKey, Category: r.Category}
		if r.PreviousSlug != nil {
			out[i].PreviousSlug = *r.PreviousSlug
		}
	}
	return out, nil
}

// recipeResolution is what a recipe reference resolved to: a match (ok),
// or candidates too close to choose between (ambiguous), or nothing, with
// suggestions (names, most similar first).
type recipeResolution struct {
	eventRecipeMatch
	ok          bool
	ambiguous   []Candidate
	suggestions []string
}

// matchEventRecipe resolves ref to one recipe: by id, exact slug, previous
// slug, exact name key, then a similar name that clearWinner accepts
// (recipeMatchThreshold, clearly ahead of the rest). Two recipes with the
// exact name, or similar names too close to call, are ambiguous: planning
// either would be a guess.
func matchEventRecipe(cands []eventRecipeCand, ref string) recipeResolution {
	ref = strings.TrimSpace(ref)
	none := recipeResolution{suggestions: []string{}}
	if ref == "" {
		return none
	}
	if u, err := uuid.Parse(ref); err == nil {
		for _, c := range cands {
			if c.ID == u {
				return recipeResolution{eventRecipeMatch: eventRecipeMatch{c, matchID, 1}, ok: true}
			}
		}
		return none
	}
	for _, as := range []string{matchSlug, matchPreviousSlug} {
		var found []eventRecipeCand
		for _, c := range cands {
			s := c.Slug
			if as == matchPreviousSlug {
				s = c.PreviousSlug
			}
			if s != "" && strings.EqualFold(s, ref) {
				found = append(found, c)
			}
		}
		if len(found) == 1 {
			return recipeResolution{eventRecipeMatch: eventRecipeMatch{found[0], as, 1}, ok: true}
		}
	}
	key := NameKey(ref)
	var same []eventRecipeCand
	for _, c := range cands {
		if c.NameKey == key {
			same = append(same, c)
		}
	}
	switch {
	case len(same) == 1:
		return recipeResolution{eventRecipeMatch: eventRecipeMatch{same[0], matchName, 1}, ok: true}
	case len(same) > 1:
		out := recipeResolution{suggestions: []string{}}
		for _, c := range same[:min(len(same), maxCandidates)] {
			out.ambiguous = append(out.ambiguous, recipeCandidate(c, 1))
			out.suggestions = append(out.suggestions, c.Slug) // the names are the same; slugs tell them apart
		}
		return out
	}

	byID := map[string]eventRecipeCand{}
	scored := make([]fuzzyCand, 0, len(cands))
	for _, c := range cands {
		byID[c.ID.String()] = c
		scored = append(scored, fuzzyCand{ID: c.ID.String(), Score: Similarity(key, c.NameKey)})
	}
	win, ok, ambiguous, rivals := clearWinner(scored, recipeMatchThreshold)
	if ok {
		return recipeResolution{eventRecipeMatch: eventRecipeMatch{byID[win.ID], matchSimilar, win.Score}, ok: true}
	}
	out := recipeResolution{suggestions: []string{}}
	if ambiguous {
		for _, r := range rivals[:min(len(rivals), maxCandidates)] {
			out.ambiguous = append(out.ambiguous, recipeCandidate(byID[r.ID], r.Score))
			out.suggestions = append(out.suggestions, byID[r.ID].Name)
		}
		return out
	}
	sort.SliceStable(scored, func(i, j int) bool { return scored[i].Score > scored[j].Score })
	for _, s := range scored {
		if s.Score < recipeSuggestThreshold || len(out.suggestions) == maxSuggestions {
			break
		}
		out.suggestions = append(out.suggestions, byID[s.ID].Name)
	}
	return out
}

// recipeCandidate describes a recipe among namesakes: its category and slug.
func recipeCandidate(c eventRecipeCand, score float64) Candidate {
	detail := "slug " + c.Slug
	if c.Category != "" {
		detail = c.Category + ", " + detail
	}
	return Candidate{ID: c.ID.String(), Name: c.Name, Kind: "recipe", Detail: detail, Similarity: roundSimilarity(score)}
}

func roundSimilarity(f float64) float64 { return math.Round(f*100) / 100 }

// recipeNotFound is the error for a recipe reference that matched nothing.
func recipeNotFound(ref string, suggestions []string) *Error {
	e := NotFound("recipe", fmt.Sprintf("recipe %q", ref))
	if len(suggestions) > 0 {
		e.Message += "; did you mean " + strings.Join(suggestions, ", ") + "?"
	} else {
		e.Message += "; list_recipes shows your recipes"
	}
	return e
}

// requireDraft refuses plan changes once the plan has moved on: plan states
// only go forward, so a locked plan stays as it was locked.
func requireDraft(ev queries.Event) error {
	if ev.PlanState != "draft" {
		return Unprocessable("event_id", "event %q is %s; its recipes can only change while the plan is draft (plan states only move forward)",
			ev.Name, ev.PlanState)
	}
	return nil
}

// AddEventRecipeInput is add_event_recipe's arguments.
type AddEventRecipeInput struct {
	EventID        string           `json:"event_id" jsonschema:"the event's id, slug or name"`
	Recipe         string           `json:"recipe" jsonschema:"the recipe's id, slug or name"`
	Batches        *decimal.Decimal `json:"batches,omitempty" jsonschema:"batches to bake (default 1; up to 4 decimal places)"`
	IdempotencyKey string           `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// AddEventRecipeOutput is add_event_recipe's result.
type AddEventRecipeOutput struct {
	Success   bool           `json:"success"`
	EventID   string         `json:"event_id"`
	Recipe    EventRecipeOut `json:"recipe"`
	MatchedAs string         `json:"matched_as"`
	// Added is false when the recipe was already planned and only its
	// batches changed.
	Added   bool   `json:"added"`
	Message string `json:"message"`
}

var maxBatches = decimal.NewFromInt(10000)

// AddEventRecipe plans a recipe for an event, or sets its batches.
func (t *Tools) AddEventRecipe(ctx context.Context, id identity.Identity, in AddEventRecipeInput) (AddEventRecipeOutput, error) {
	var out AddEventRecipeOutput
	batches := decimal.NewFromInt(1)
	if in.Batches != nil {
		batches = *in.Batches
		if !batches.IsPositive() || batches.GreaterThan(maxBatches) || !batches.Equal(batches.Round(4)) {
			return out, Invalid("batches", "must be more than 0 and at most %s, with up to 4 decimal places (got %s)", maxBatches, batches)
		}
	}
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "add_event_recipe", in, func() (AddEventRecipeOutput, error) {
			ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, true)
			if err != nil {
				return AddEventRecipeOutput{}, err
			}
			if err := requireDraft(ev); err != nil {
				return AddEventRecipeOutput{}, err
			}
			cands, err := eventRecipeCandidates(ctx, q, id.TenantID)
			if err != nil {
				return AddEventRecipeOutput{}, err
			}
			r := matchEventRecipe(cands, in.Recipe)
			switch {
			case len(r.ambiguous) > 0:
				return AddEventRecipeOutput{}, Ambiguous("recipe", in.Recipe, r.ambiguous)
			case !r.ok:
				return AddEventRecipeOutput{}, recipeNotFound(in.Recipe, r.suggestions)
			}
			m := r.eventRecipeMatch
			row, err := q.EventRecipeUpsert(ctx, queries.EventRecipeUpsertParams{TenantID: id.TenantID, EventID: ev.ID, RecipeID: m.ID, Batches: batches})
			if err != nil {
				return AddEventRecipeOutput{}, fmt.Errorf("add event recipe: %w", err)
			}
			msg := fmt.Sprintf("Planned %s of %s for %q.", quantityOf(row.Batches, "batch", "batches"), m.Name, ev.Name)
			if !row.Inserted {
				msg = fmt.Sprintf("%s was already planned for %q; batches set to %s.", m.Name, ev.Name, row.Batches)
			}
			if m.As == matchSimilar {
				msg += fmt.Sprintf(" %q matched %s by similar name (%.2f); remove it if that is wrong.", in.Recipe, m.Name, m.Similarity)
			}
			return AddEventRecipeOutput{
				Success: true, EventID: ev.ID.String(), MatchedAs: m.As, Added: row.Inserted, Message: msg,
				Recipe: EventRecipeOut{RecipeID: m.ID.String(), Name: m.Name, Slug: m.Slug, Batches: row.Batches},
			}, nil
		})
		return err
	})
	return out, err
}

// RemoveEventRecipeInput is remove_event_recipe's arguments.
type RemoveEventRecipeInput struct {
	EventID        string `json:"event_id" jsonschema:"the event's id, slug or name"`
	Recipe         string `json:"recipe" jsonschema:"the recipe's id, slug or name, as planned for the event"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// RemoveEventRecipeOutput is remove_event_recipe's result.
type RemoveEventRecipeOutput struct {
	Success  bool   `json:"success"`
	EventID  string `json:"event_id"`
	RecipeID string `json:"recipe_id"`
	Name     string `json:"name"`
	Message  string `json:"message"`
}

// RemoveEventRecipe takes a recipe off an event's plan. The reference is
// matched against the event's own recipes (so an archived recipe can still
// be removed), and only exactly: by id, slug or name.
func (t *Tools) RemoveEventRecipe(ctx context.Context, id identity.Identity, in RemoveEventRecipeInput) (RemoveEventRecipeOutput, error) {
	var out RemoveEventRecipeOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "remove_event_recipe", in, func() (RemoveEventRecipeOutput, error) {
			ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, true)
			if err != nil {
				return RemoveEventRecipeOutput{}, err
			}
			if err := requireDraft(ev); err != nil {
				return RemoveEventRecipeOutput{}, err
			}
			rows, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: id.TenantID, EventID: ev.ID})
			if err != nil {
				return RemoveEventRecipeOutput{}, fmt.Errorf("event recipes: %w", err)
			}
			cands := make([]eventRecipeCand, len(rows))
			for i, r := range rows {
				cands[i] = eventRecipeCand{ID: r.RecipeID, Slug: r.Slug, Name: r.Name, NameKey: NameKey(r.Name)}
			}
			r := matchEventRecipe(cands, in.Recipe)
			m, ok, sugg := r.eventRecipeMatch, r.ok, r.suggestions
			if ok && m.As == matchSimilar {
				// Removing is destructive: a similar name is a suggestion, not a match.
				ok, sugg = false, []string{m.Name}
			}
			if len(r.ambiguous) > 0 {
				return RemoveEventRecipeOutput{}, Ambiguous("recipe", in.Recipe, r.ambiguous)
			}
			if !ok {
				e := NotFound("recipe", fmt.Sprintf("recipe %q on event %q", in.Recipe, ev.Name))
				if len(sugg) > 0 {
					e.Message += "; did you mean " + strings.Join(sugg, ", ") + "?"
				} else {
					e.Message += "; get_event lists the event's recipes"
				}
				return RemoveEventRecipeOutput{}, e
			}
			if _, err := q.EventRecipeDelete(ctx, queries.EventRecipeDeleteParams{TenantID: id.TenantID, EventID: ev.ID, RecipeID: m.ID}); err != nil {
				return RemoveEventRecipeOutput{}, fmt.Errorf("remove event recipe: %w", err)
			}
			return RemoveEventRecipeOutput{
				Success: true, EventID: ev.ID.String(), RecipeID: m.ID.String(), Name: m.Name,
				Message: fmt.Sprintf("Removed %s from %q.", m.Name, ev.Name),
			}, nil
		})
		return err
	})
	return out, err
}
