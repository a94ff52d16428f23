package tools

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// What a baker sets on an event before planning it: production targets
// (at least this many batches of a recipe) and, in bulk mode, a recipe's
// own servings per guest. plan_event reads both (docs/planning.md).

// planOptions are plan_event's settings once checked.
type planOptions struct {
	Mode        string
	Servings    decimal.Decimal
	PerRecipe   map[uuid.UUID]decimal.Decimal // recipe → servings per guest given now
	Amend       []PlanAmendInput
	IgnoreStock bool
}

// PlanServingsInput is one recipe's servings per guest.
type PlanServingsInput struct {
	Recipe           string          `json:"recipe" jsonschema:"a recipe planned for the event (id, slug or name)"`
	ServingsPerGuest decimal.Decimal `json:"servings_per_guest" jsonschema:"items of this recipe per guest, more than 0"`
}

// resolveServings checks recipe_servings: each a recipe the event plans.
func resolveServings(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ev queries.Event, in []PlanServingsInput) (map[uuid.UUID]decimal.Decimal, error) {
	out := map[uuid.UUID]decimal.Decimal{}
	if len(in) == 0 {
		return out, nil
	}
	planned, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: tenant, EventID: ev.ID})
	if err != nil {
		return nil, fmt.Errorf("plan recipes: %w", err)
	}
	onEvent := map[uuid.UUID]bool{}
	for _, p := range planned {
		onEvent[p.RecipeID] = true
	}
	for i, s := range in {
		if !s.ServingsPerGuest.IsPositive() || s.ServingsPerGuest.GreaterThan(maxBatches) || !s.ServingsPerGuest.Equal(s.ServingsPerGuest.Round(4)) {
			return nil, Invalid(fmt.Sprintf("recipe_servings[%d].servings_per_guest", i), "must be more than 0 and at most %s, with up to 4 decimal places (got %s)", maxBatches, s.ServingsPerGuest)
		}
		field := fmt.Sprintf("recipe_servings[%d].recipe", i)
		r, err := resolveRecipe(ctx, q, tenant, field, s.Recipe)
		if err != nil {
			return nil, err
		}
		if !onEvent[r.ID] {
			return nil, Unprocessable(field, "%s is not planned for %q; add it to the event first", r.Name, ev.Name)
		}
		out[r.ID] = s.ServingsPerGuest
	}
	return out, nil
}

// storeServings keeps recipe servings on the event's recipes, so the next
// plan (and the web screens) use them.
func storeServings(ctx context.Context, q *queries.Queries, tenant, event uuid.UUID, per map[uuid.UUID]decimal.Decimal) error {
	for recipe, s := range per {
		if _, err := q.EventRecipeServingsSet(ctx, queries.EventRecipeServingsSetParams{TenantID: tenant, EventID: event, RecipeID: recipe,
			ServingsPerGuest: decimal.NewNullDecimal(s)}); err != nil {
			return fmt.Errorf("recipe servings: %w", err)
		}
	}
	return nil
}

// SetProductionTargetInput is set_production_target's arguments.
type SetProductionTargetInput struct {
	EventID string          `json:"event_id" jsonschema:"the event (id, slug or name)"`
	Recipe  string          `json:"recipe" jsonschema:"the recipe (id, slug or name)"`
	Batches decimal.Decimal `json:"batches" jsonschema:"at least this many batches for the event, more than 0"`
}

// SetProductionTargetOutput is set_production_target's result.
type SetProductionTargetOutput struct {
	EventID  string          `json:"event_id"`
	RecipeID string          `json:"recipe_id"`
	Batches  decimal.Decimal `json:"batches"`
	Message  string          `json:"message"`
}

// SetProductionTarget sets the batches of a recipe an event bakes at
// least; plan_event raises its decision to it.
func (t *Tools) SetProductionTarget(ctx context.Context, id identity.Identity, in SetProductionTargetInput) (SetProductionTargetOutput, error) {
	if !in.Batches.IsPositive() || in.Batches.GreaterThan(maxBatches) || !in.Batches.Equal(in.Batches.Round(4)) {
		return SetProductionTargetOutput{}, Invalid("batches", "must be more than 0 and at most %s, with up to 4 decimal places (got %s)", maxBatches, in.Batches)
	}
	var out SetProductionTargetOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, true)
		if err != nil {
			return err
		}
		if err := requireDraft(ev); err != nil {
			return err
		}
		r, err := resolveRecipe(ctx, q, id.TenantID, "recipe", in.Recipe)
		if err != nil {
			return err
		}
		if err := q.ProductionTargetUpsert(ctx, queries.ProductionTargetUpsertParams{TenantID: id.TenantID, EventID: ev.ID, RecipeID: r.ID,
			TargetBatches: in.Batches}); err != nil {
			return fmt.Errorf("production target: %w", err)
		}
		out = SetProductionTargetOutput{EventID: ev.ID.String(), RecipeID: r.ID.String(), Batches: in.Batches,
			Message: fmt.Sprintf("%q will bake at least %s of %s.", ev.Name, quantityOf(in.Batches, "batch", "batches"), r.Name)}
		return nil
	})
	return out, err
}
