package tools

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// FinishedGoodCostInput asks what one finished good costs.
type FinishedGoodCostInput struct {
	FinishedGood string `json:"finished_good" jsonschema:"the finished good's id, slug or name"`
	// TargetMargin turns the cost into a suggested price.
	TargetMargin *decimal.Decimal `json:"target_margin,omitempty" jsonschema:"gross margin wanted, in percent of the price (0 to below 100): suggested price = cost ÷ (1 − margin/100)"`
}

// FinishedGoodCostOutput is what one finished good costs, priced as
// get_package prices a box (the same bomCost).
type FinishedGoodCostOutput struct {
	FinishedGoodID   string         `json:"finished_good_id"`
	FinishedGoodSlug string         `json:"finished_good_slug"`
	FinishedGoodName string         `json:"finished_good_name"`
	Cost             PackageCostOut `json:"cost"`
}

// FinishedGoodCost prices one of a finished good: its finished units at
// recipe_cost's cost per item (lots first in first out, a shortfall at the
// last purchase price) and its packaging at the newest lot cost.
func (t *Tools) FinishedGoodCost(ctx context.Context, id identity.Identity, in FinishedGoodCostInput) (FinishedGoodCostOutput, error) {
	margin, err := checkMargin("target_margin", in.TargetMargin)
	if err != nil {
		return FinishedGoodCostOutput{}, err
	}
	var out FinishedGoodCostOutput
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		g, err := resolveFinishedGood(ctx, q, id.TenantID, "finished_good", in.FinishedGood)
		if err != nil {
			return err
		}
		out.FinishedGoodID, out.FinishedGoodSlug, out.FinishedGoodName = g.ID.String(), g.Slug, g.DisplayName
		out.Cost, err = bomCost(ctx, q, id.TenantID, map[string]decimal.Decimal{g.ID.String(): decimal.NewFromInt(1)}, nil, margin)
		return err
	})
	return out, err
}
