package tools

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// YieldCost is what one finished unit of a recipe costs: one cookie of the
// 48 a batch makes, or a 25 % portion of the batch.
type YieldCost struct {
	FinishedUnit string `json:"finished_unit"`
	// Items is how many the batches asked for make (discrete_count), or
	// the portions (batch_portion).
	Items       decimal.Decimal `json:"items"`
	ItemUnit    string          `json:"item_unit"`
	CostPerItem decimal.Decimal `json:"cost_per_item"`
	// SuggestedPrice is cost_per_item ÷ (1 − target_margin/100), to the
	// cent, rounded up so the margin is at least the one asked.
	SuggestedPrice *decimal.Decimal `json:"suggested_price,omitempty"`
	Message        string           `json:"message,omitempty"`
}

// checkMargin accepts a margin from 0 to below 100 percent.
func checkMargin(field string, m *decimal.Decimal) (*decimal.Decimal, error) {
	if m == nil {
		return nil, nil
	}
	if m.IsNegative() || m.GreaterThanOrEqual(hundred) {
		return nil, Invalid(field, "must be a percentage from 0 to below 100 (got %s); 60 means the cost is 40%% of the price", Shorten(m.String()))
	}
	return m, nil
}

// costPerItem is a cost shared by items, to 4 places: recipe_cost's
// cost_per_item and a package's finished units use this one rounding.
func costPerItem(total, items decimal.Decimal) decimal.Decimal { return total.DivRound(items, 4) }

// suggestedPrice is cost ÷ (1 − margin/100), rounded up to the cent so the
// margin is at least the one asked.
func suggestedPrice(cost, margin decimal.Decimal) decimal.Decimal {
	return cost.DivRound(decimal.NewFromInt(1).Sub(margin.Div(hundred)), 6).RoundCeil(2)
}

// Cost bases, as recipe_cost lines say them.
const (
	costBasisFIFO      = "fifo"
	costBasisMixed     = "fifo_and_last_price"
	costBasisLastPrice = "last_price"
	costBasisNone      = "none"
)

// costBasisOf is a recipe's cost basis from its lines.
func costBasisOf(lines []RecipeCostLine) string {
	bases := make([]string, len(lines))
	for i, l := range lines {
		bases[i] = l.CostBasis
	}
	return combineCostBases(bases)
}

// combineCostBases says where a sum of costs came from: fifo or last_price
// when every priced part did, fifo_and_last_price when both appear, none
// when nothing was priced (an unpriced part shows as cost_complete false).
func combineCostBases(bases []string) string {
	fifo, last := false, false
	for _, b := range bases {
		switch b {
		case costBasisFIFO:
			fifo = true
		case costBasisLastPrice:
			last = true
		case costBasisMixed:
			fifo, last = true, true
		}
	}
	switch {
	case fifo && last:
		return costBasisMixed
	case fifo:
		return costBasisFIFO
	case last:
		return costBasisLastPrice
	}
	return costBasisNone
}

// yieldCosts divides a cost over the batches and each finished unit.
func yieldCosts(total, batches decimal.Decimal, fus []FinishedUnitOut, margin *decimal.Decimal) (decimal.Decimal, []YieldCost) {
	perBatch := total.DivRound(batches, 4)
	out := []YieldCost{}
	for _, f := range fus {
		y := YieldCost{FinishedUnit: f.DisplayName, ItemUnit: f.ItemUnit}
		switch {
		case f.ItemsPerBatch != nil && f.ItemsPerBatch.IsPositive():
			y.Items = f.ItemsPerBatch.Mul(batches)
		case f.BatchPercentage != nil && f.BatchPercentage.IsPositive():
			y.Items = hundred.DivRound(*f.BatchPercentage, 4).Mul(batches)
			if y.ItemUnit == "" {
				y.ItemUnit = "portion"
			}
		default:
			y.Message = "this yield has no items per batch or batch percentage, so it has no cost per item"
			out = append(out, y)
			continue
		}
		y.CostPerItem = costPerItem(total, y.Items)
		if margin != nil {
			p := suggestedPrice(y.CostPerItem, *margin)
			y.SuggestedPrice = &p
		}
		out = append(out, y)
	}
	return perBatch, out
}

// EventCostInput names the event.
type EventCostInput struct {
	EventID      string           `json:"event_id" jsonschema:"the event's id or slug"`
	TargetMargin *decimal.Decimal `json:"target_margin,omitempty" jsonschema:"gross margin wanted, in percent of the price, for each recipe's suggested price per item"`
}

// EventRecipeCost is one planned recipe's share of an event's cost.
type EventRecipeCost struct {
	RecipeID     string           `json:"recipe_id"`
	RecipeSlug   string           `json:"recipe_slug"`
	RecipeName   string           `json:"recipe_name"`
	Batches      decimal.Decimal  `json:"batches"`
	TotalCost    decimal.Decimal  `json:"total_cost"`
	CostComplete bool             `json:"cost_complete"`
	PerYield     []YieldCost      `json:"per_yield"`
	Lines        []RecipeCostLine `json:"lines"`
}

// EventCostOutput is what an event's plan costs.
type EventCostOutput struct {
	EventID      string            `json:"event_id"`
	EventName    string            `json:"event_name"`
	TotalCost    decimal.Decimal   `json:"total_cost"`
	CostComplete bool              `json:"cost_complete"`
	Recipes      []EventRecipeCost `json:"recipes"`
}

// EventCost prices every planned recipe × its batches from one view of the
// pantry, in plan order: a lot used by an earlier recipe is not counted
// again for a later one, so the total is what the whole plan costs.
func (t *Tools) EventCost(ctx context.Context, id identity.Identity, in EventCostInput) (EventCostOutput, error) {
	margin, err := checkMargin("target_margin", in.TargetMargin)
	if err != nil {
		return EventCostOutput{}, err
	}
	var out EventCostOutput
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, false)
		if err != nil {
			return err
		}
		planned, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: id.TenantID, EventID: ev.ID})
		if err != nil {
			return fmt.Errorf("event cost: plan: %w", err)
		}
		per := make([][]expandedLine, len(planned))
		var all []expandedLine
		for i, p := range planned {
			if per[i], err = expandRecipe(ctx, q, id.TenantID, p.RecipeID, p.Batches); err != nil {
				return err
			}
			all = append(all, per[i]...)
		}
		book, err := loadCostBook(ctx, q, id.TenantID, all)
		if err != nil {
			return err
		}
		out = EventCostOutput{EventID: ev.ID.String(), EventName: ev.Name, TotalCost: decimal.Zero, CostComplete: true, Recipes: []EventRecipeCost{}}
		for i, p := range planned {
			c := book.cost(aggregateLines(per[i]))
			detail, err := loadRecipe(ctx, q, id.TenantID, "event_id", p.RecipeID, decimal.NewFromInt(1), false)
			if err != nil {
				return err
			}
			_, yields := yieldCosts(c.TotalCost, p.Batches, detail.FinishedUnits, margin)
			out.Recipes = append(out.Recipes, EventRecipeCost{RecipeID: p.RecipeID.String(), RecipeSlug: p.Slug, RecipeName: p.Name,
				Batches: p.Batches, TotalCost: c.TotalCost, CostComplete: c.CostComplete, PerYield: yields, Lines: c.Lines})
			out.TotalCost = out.TotalCost.Add(c.TotalCost)
			out.CostComplete = out.CostComplete && c.CostComplete
		}
		return nil
	})
	return out, err
}
