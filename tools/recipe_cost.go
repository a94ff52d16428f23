package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// Statuses of a recipe_cost line.
const (
	costOK            = "ok"
	costUnknown       = "unknown_cost"
	costNoStock       = "no_stock"
	costShort         = "short"
	costNeedsDensity  = "needs_density"
	costUnconvertible = "unconvertible"
)

// RecipeCostInput asks what a recipe costs from the pantry.
type RecipeCostInput struct {
	RecipeID string           `json:"recipe_id" jsonschema:"the recipe's id, slug or exact name"`
	Batches  *decimal.Decimal `json:"batches,omitempty" jsonschema:"number of batches (default 1)"`
	// TargetMargin turns the cost per item into a suggested price.
	TargetMargin *decimal.Decimal `json:"target_margin,omitempty" jsonschema:"gross margin wanted, in percent of the price (0 to below 100), e.g. 60: suggested price = cost ÷ (1 − margin/100)"`
}

// RecipeCostLine is one ingredient need (summed per ingredient and unit,
// nested components included) and what the pantry's lots say it costs.
type RecipeCostLine struct {
	IngredientID   string          `json:"ingredient_id"`
	IngredientName string          `json:"ingredient_name"`
	Quantity       decimal.Decimal `json:"quantity"`
	Unit           string          `json:"unit"`
	// Cost is what is known: the lots taken (and an estimate for a
	// shortfall at the latest known price). CostKnown is false when part of
	// it could not be priced.
	Cost         decimal.Decimal `json:"cost"`
	CostKnown    bool            `json:"cost_known"`
	OnHandEnough bool            `json:"on_hand_enough"`
	// Shortfall is what the pantry lacks, in unit.
	Shortfall decimal.Decimal `json:"shortfall"`
	Status    string          `json:"status"`
	Message   string          `json:"message"`
	// CostBasis says where the cost came from: fifo (the pantry's lots),
	// fifo_and_last_price, last_price (nothing on hand: the last purchase
	// price, or the last priced lot when no purchase has a price) or none.
	CostBasis string `json:"cost_basis"`
	// DensityUsed is the density a volume↔weight conversion used.
	DensityUsed *DensityUsed `json:"density_used,omitempty"`
}

// RecipeCostOutput is a recipe's cost from the pantry's lots.
type RecipeCostOutput struct {
	RecipeID     string          `json:"recipe_id"`
	RecipeSlug   string          `json:"recipe_slug"`
	RecipeName   string          `json:"recipe_name"`
	Batches      decimal.Decimal `json:"batches"`
	TotalCost    decimal.Decimal `json:"total_cost"`
	CostComplete bool            `json:"cost_complete"`
	// CostBasis is the lines' cost_basis together: fifo, fifo_and_last_price, last_price or none.
	CostBasis string           `json:"cost_basis"`
	Lines     []RecipeCostLine `json:"lines"`
	// CostPerBatch is total_cost ÷ batches; PerYield is the cost of each
	// finished unit (per cookie, per loaf) and, with target_margin, its
	// suggested price.
	CostPerBatch decimal.Decimal  `json:"cost_per_batch"`
	PerYield     []YieldCost      `json:"per_yield"`
	TargetMargin *decimal.Decimal `json:"target_margin,omitempty"`
}

// RecipeCost prices a recipe's expanded lines against the pantry, first in
// first out, changing nothing. The recipe, its expansion and every lot are
// read in one snapshot so they agree.
func (t *Tools) RecipeCost(ctx context.Context, id identity.Identity, in RecipeCostInput) (RecipeCostOutput, error) {
	batches, err := recipeBatches("batches", in.Batches)
	if err != nil {
		return RecipeCostOutput{}, err
	}
	margin, err := checkMargin("target_margin", in.TargetMargin)
	if err != nil {
		return RecipeCostOutput{}, err
	}
	var out RecipeCostOutput
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		r, err := resolveRecipe(ctx, q, id.TenantID, "recipe_id", in.RecipeID)
		if err != nil {
			return err
		}
		lines, err := expandRecipe(ctx, q, id.TenantID, r.ID, batches)
		if err != nil {
			return err
		}
		book, err := loadCostBook(ctx, q, id.TenantID, lines)
		if err != nil {
			return err
		}
		out = book.cost(aggregateLines(lines))
		out.RecipeID, out.RecipeSlug, out.RecipeName, out.Batches = r.ID.String(), r.Slug, r.Name, batches
		detail, err := loadRecipe(ctx, q, id.TenantID, "recipe_id", r.ID, decimal.NewFromInt(1), false)
		if err != nil {
			return err
		}
		out.CostPerBatch, out.PerYield = yieldCosts(out.TotalCost, batches, detail.FinishedUnits, margin)
		out.TargetMargin = margin
		return nil
	})
	return out, err
}

// costBook is the pantry's lots and last purchase prices of some
// ingredients; costing several recipes from one book draws each lot once.
type costBook struct {
	lots map[uuid.UUID][]costLot
	last map[uuid.UUID]queries.CostingLastPurchasesRow
}

// loadCostBook reads the lots and last purchases of the lines' ingredients.
func loadCostBook(ctx context.Context, q *queries.Queries, tenant uuid.UUID, lines []expandedLine) (costBook, error) {
	book := costBook{lots: map[uuid.UUID][]costLot{}, last: map[uuid.UUID]queries.CostingLastPurchasesRow{}}
	seen := map[uuid.UUID]bool{}
	ids := []uuid.UUID{}
	for _, n := range lines {
		if !seen[n.IngredientID] {
			seen[n.IngredientID] = true
			ids = append(ids, n.IngredientID)
		}
	}
	if len(ids) == 0 {
		return book, nil
	}
	rows, err := q.CostingLots(ctx, queries.CostingLotsParams{TenantID: tenant, IngredientIds: ids})
	if err != nil {
		return book, fmt.Errorf("cost lots: %w", err)
	}
	for _, r := range rows {
		u, err := units.Parse(r.PackageUnit)
		book.lots[r.IngredientID] = append(book.lots[r.IngredientID], costLot{
			fifoLot: fifoLot{ID: r.ID, Quantity: r.Quantity, Unit: u, UnitCost: r.UnitCost}, UnitOK: err == nil})
	}
	last, err := q.CostingLastPurchases(ctx, queries.CostingLastPurchasesParams{TenantID: tenant, IngredientIds: ids})
	if err != nil {
		return book, fmt.Errorf("cost last purchases: %w", err)
	}
	for _, r := range last {
		book.last[r.IngredientID] = r
	}
	return book, nil
}

// costLot is a lot as costing sees it; Unit is unset when the product's
// package unit does not parse.
type costLot struct {
	fifoLot
	UnitOK bool
}

// cost prices each need against its ingredient's lots (FIFO order).
// Lines of one ingredient in different units draw on the same lots in
// turn, so stock is never counted twice; so do later calls on the book.
func (b costBook) cost(needs []expandedLine) RecipeCostOutput {
	out := RecipeCostOutput{TotalCost: decimal.Zero, CostComplete: true, Lines: make([]RecipeCostLine, 0, len(needs))}
	for _, n := range needs {
		var last *queries.CostingLastPurchasesRow
		if l, ok := b.last[n.IngredientID]; ok {
			last = &l
		}
		line := costLine(n, b.lots[n.IngredientID], last)
		out.TotalCost = out.TotalCost.Add(line.Cost)
		out.CostComplete = out.CostComplete && line.CostKnown
		out.Lines = append(out.Lines, line)
	}
	out.CostBasis = costBasisOf(out.Lines)
	return out
}

// costLine prices one need and takes what it uses from lots (in place), so
// a later line of the same ingredient sees only what is left.
func costLine(n expandedLine, lots []costLot, last *queries.CostingLastPurchasesRow) RecipeCostLine {
	need := units.Round(n.Quantity)
	line := RecipeCostLine{IngredientID: n.IngredientID.String(), IngredientName: n.IngredientName, Quantity: need, Unit: n.Unit,
		Cost: decimal.Zero, Shortfall: need, CostBasis: "none"}
	unit, err := units.Parse(n.Unit)
	if err != nil {
		line.Status = costUnconvertible
		line.Message = fmt.Sprintf("the line's unit %q is not a unit of measure, so it cannot be matched to stock: %v", n.Unit, err)
		return line
	}
	usable := make([]fifoLot, 0, len(lots))
	at := map[uuid.UUID]int{}
	for i, l := range lots {
		if !l.UnitOK {
			continue // a product with an unknown package unit cannot be measured
		}
		usable = append(usable, l.fifoLot)
		at[l.ID] = i
		if line.DensityUsed == nil {
			line.DensityUsed = n.DensityRef.usedFor(unit, l.Unit)
		}
	}
	res, err := allocateFIFO(usable, need, unit, n.Density)
	if err != nil {
		return costFailure(line, n, err)
	}
	for _, take := range res.Takes {
		lots[at[take.LotID]].Quantity = take.Remaining
	}
	line.Cost = res.Cost
	line.Shortfall = units.Round(res.Shortfall)
	line.OnHandEnough = !line.Shortfall.IsPositive()
	line.CostKnown = !res.UnknownCost
	line.CostBasis = "fifo"
	var msgs []string
	if res.UnknownCost {
		msgs = append(msgs, "some of the lots used have no known cost; the cost counts only the priced ones")
	}
	switch {
	case line.OnHandEnough:
		line.Status = costOK
		if res.UnknownCost {
			line.Status = costUnknown
		} else {
			msgs = append(msgs, fmt.Sprintf("from %d lot(s), oldest first", len(res.Takes)))
		}
	default:
		line.Status = costShort
		if res.Consumed.IsZero() {
			line.Status = costNoStock
		}
		est, basis, used, ok := lastPriceEstimate(line.Shortfall, unit, n.DensityRef, last)
		if !ok {
			est, basis, ok = estimateShortfall(line.Shortfall, unit, n.Density, lots)
		}
		if line.DensityUsed == nil {
			line.DensityUsed = used
		}
		switch {
		case ok:
			line.Cost = line.Cost.Add(est)
			line.CostBasis = "fifo_and_last_price"
			if res.Consumed.IsZero() {
				line.CostBasis = "last_price"
			}
			msgs = append(msgs, fmt.Sprintf("%s %s not in stock, costed at the last price (%s)", line.Shortfall, n.Unit, basis))
		default:
			line.CostKnown = false
			if res.Consumed.IsZero() {
				line.CostBasis = "none"
			}
			msgs = append(msgs, fmt.Sprintf("%s %s not in stock and no known price to estimate it; buy it with add_purchase", line.Shortfall, n.Unit))
		}
	}
	line.Cost = units.Round(line.Cost)
	line.Message = strings.Join(msgs, "; ")
	return line
}

// costFailure reports a need whose lots cannot be measured in its unit.
func costFailure(line RecipeCostLine, n expandedLine, err error) RecipeCostLine {
	line.CostKnown = false
	line.CostBasis = "none"
	switch {
	case errors.Is(err, units.ErrNeedsDensity):
		line.Status = costNeedsDensity
		line.Message = fmt.Sprintf("%s is measured in %s here but stocked by %s; converting needs %s's density (e.g. 1 cup = 4.25 oz) — add it to the ingredient",
			n.IngredientName, n.Unit, otherKind(n.Unit), n.IngredientName)
	default:
		line.Status = costUnconvertible
		line.Message = fmt.Sprintf("%s in %s cannot be matched to its stock: %v", n.IngredientName, n.Unit, err)
	}
	return line
}

// otherKind names what a unit does not measure, for the density message.
func otherKind(code string) string {
	if u, err := units.Parse(code); err == nil && u.Kind == units.Volume {
		return "weight"
	}
	return "volume"
}

// estimateShortfall prices a shortfall at the unit cost of the ingredient's
// most recent lot with a known cost (the last one in FIFO order).
func estimateShortfall(short decimal.Decimal, unit units.Unit, density *units.Density, lots []costLot) (decimal.Decimal, string, bool) {
	for i := len(lots) - 1; i >= 0; i-- {
		l := lots[i]
		if !l.UnitOK || !l.UnitCost.Valid {
			continue
		}
		inLot, err := units.Convert(short, unit, l.Unit, density)
		if err != nil {
			return decimal.Decimal{}, "", false
		}
		return inLot.Mul(l.UnitCost.Decimal), fmt.Sprintf("%s per %s", l.UnitCost.Decimal, l.Unit.Code), true
	}
	return decimal.Decimal{}, "", false
}

// lastPriceEstimate prices a shortfall at the ingredient's last purchase
// price (per package ÷ the package's contents), converting with its density.
func lastPriceEstimate(short decimal.Decimal, unit units.Unit, ref densityRef, last *queries.CostingLastPurchasesRow) (decimal.Decimal, string, *DensityUsed, bool) {
	if last == nil || !last.PackageUnitQuantity.IsPositive() {
		return decimal.Decimal{}, "", nil, false
	}
	pu, err := units.Parse(last.PackageUnit)
	if err != nil {
		return decimal.Decimal{}, "", nil, false
	}
	inPkg, used, err := ref.convert(short, unit, pu)
	if err != nil {
		return decimal.Decimal{}, "", nil, false
	}
	perUnit := last.UnitPrice.DivRound(last.PackageUnitQuantity, 6)
	return inPkg.Mul(perUnit), fmt.Sprintf("%s per %s %s, bought %s", last.UnitPrice, last.PackageUnitQuantity, pu.Code, last.PurchaseDate.Format("2006-01-02")), used, true
}
