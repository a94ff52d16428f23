package tools

import (
	"context"
	"fmt"
	"sort"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
	"github.com/baketracker/baketracker/units"
)

// Costs of what planning and assembly handle: a finished unit's item, a
// material's base unit, a whole package.

// itemsPerBatch is how many items one batch of a finished unit makes:
// items_per_batch for a discrete count, 100 ÷ batch_percentage for a
// portion; ok is false when the yield is unknown.
func itemsPerBatch(mode *string, items, pct decimal.NullDecimal) (decimal.Decimal, bool) {
	switch {
	case items.Valid && items.Decimal.IsPositive() && (mode == nil || *mode != "batch_portion"):
		return items.Decimal, true
	case pct.Valid && pct.Decimal.IsPositive():
		return decimal.NewFromInt(100).DivRound(pct.Decimal, 4), true
	}
	return decimal.Zero, false
}

// finishedUnitItemCost is what one item of a finished unit costs to bake:
// the recipe's cost for one batch from the pantry's lots (first in first
// out, a shortfall at the last purchase price; nested components included),
// divided by the items a batch makes. It is the one place planning and
// package costing price food, and it prices through recipe_cost's own cost
// book, so both answer the same: perItem is recipe_cost's cost_per_item (4
// places), batchCost the unrounded batch cost that costs n items as
// batchCost × n ÷ perBatch without rounding each item first; basis is the
// recipe's cost_basis (costBasisOf).
func finishedUnitItemCost(ctx context.Context, q *queries.Queries, tenant, recipeID uuid.UUID, perBatch decimal.Decimal) (perItem, batchCost decimal.Decimal, known bool, basis string, err error) {
	if !perBatch.IsPositive() {
		return decimal.Zero, decimal.Zero, false, costBasisNone, nil
	}
	lines, err := expandRecipe(ctx, q, tenant, recipeID, decimal.NewFromInt(1))
	if err != nil {
		return decimal.Zero, decimal.Zero, false, "", err
	}
	needs := aggregateLines(lines)
	book, err := loadCostBook(ctx, q, tenant, needs)
	if err != nil {
		return decimal.Zero, decimal.Zero, false, "", fmt.Errorf("item cost: %w", err)
	}
	rc := book.cost(needs)
	return costPerItem(rc.TotalCost, perBatch), rc.TotalCost, rc.CostComplete, costBasisOf(rc.Lines), nil
}

// materialCosts is the newest known cost per base unit of each material.
func materialCosts(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]decimal.Decimal, error) {
	out := map[uuid.UUID]decimal.Decimal{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.MaterialLastCost(ctx, queries.MaterialLastCostParams{TenantID: tenant, MaterialIds: ids})
	if err != nil {
		return nil, fmt.Errorf("material costs: %w", err)
	}
	for _, r := range rows {
		if r.CostPerUnit.Valid {
			out[r.MaterialID] = r.CostPerUnit.Decimal
		}
	}
	return out, nil
}

// packageCost prices one package: its goods and the box's own materials.
func packageCost(ctx context.Context, q *queries.Queries, tenant uuid.UUID, contents []queries.PackageContentsOfRow, margin *decimal.Decimal) (PackageCostOut, error) {
	goods := map[string]decimal.Decimal{}
	direct := map[string]decimal.Decimal{}
	for _, c := range contents {
		l := contentLine(c)
		if l.Kind == batchplan.KindGood {
			goods[l.ID] = goods[l.ID].Add(l.Quantity)
		} else {
			direct[l.ID] = direct[l.ID].Add(l.Quantity)
		}
	}
	return bomCost(ctx, q, tenant, goods, direct, margin)
}

// bomCost prices finished goods plus loose materials: the goods exploded to
// finished units (each at finishedUnitItemCost) and materials (the goods'
// and the loose ones, at their newest lot cost). With a margin it adds the
// suggested price of the whole, as recipe_cost does per item.
func bomCost(ctx context.Context, q *queries.Queries, tenant uuid.UUID, goods, direct map[string]decimal.Decimal, margin *decimal.Decimal) (PackageCostOut, error) {
	out := PackageCostOut{Food: decimal.Zero, Materials: decimal.Zero, Total: decimal.Zero, Complete: true, Lines: []PackageCostLine{}}
	boms, err := loadBOMs(ctx, q, tenant)
	if err != nil {
		return out, err
	}
	need, err := batchplan.Explode(boms, goods)
	if err != nil {
		return out, Unprocessable("id", "the goods cannot be priced: %v", err)
	}
	for m, qty := range direct {
		need.Materials[m] = need.Materials[m].Add(qty)
	}
	unitIDs := idsOf(need.Units)
	fus, err := q.FinishedUnitsByIDs(ctx, queries.FinishedUnitsByIDsParams{TenantID: tenant, Ids: unitIDs})
	if err != nil {
		return out, fmt.Errorf("package cost units: %w", err)
	}
	bases := []string{}
	for _, fu := range fus {
		qty := need.Units[fu.ID.String()]
		line := PackageCostLine{Kind: batchplan.KindUnit, ID: fu.ID.String(), Name: fu.DisplayName, Quantity: units.Round(qty), Cost: decimal.Zero,
			Basis: "unknown yield", CostBasis: costBasisNone}
		if per, ok := itemsPerBatch(fu.YieldMode, fu.ItemsPerBatch, fu.BatchPercentage); ok {
			c, batch, known, basis, err := finishedUnitItemCost(ctx, q, tenant, fu.RecipeID, per)
			if err != nil {
				return out, err
			}
			line.UnitCost, line.Cost, line.Basis, line.CostBasis = &c, units.Round(batch.Mul(qty).DivRound(per, 8)), "recipe cost per batch ÷ items per batch", basis
			if !known {
				line.Basis += " (part of the recipe has no known price)"
				out.Complete = false
			}
		} else {
			out.Complete = false
		}
		bases = append(bases, line.CostBasis)
		out.Food = out.Food.Add(line.Cost)
		out.Lines = append(out.Lines, line)
	}
	matIDs := idsOf(need.Materials)
	costs, err := materialCosts(ctx, q, tenant, matIDs)
	if err != nil {
		return out, err
	}
	for _, m := range matIDs {
		qty := need.Materials[m.String()]
		line := PackageCostLine{Kind: batchplan.KindMaterial, ID: m.String(), Quantity: units.Round(qty), Cost: decimal.Zero, Basis: "no purchase recorded", CostBasis: costBasisNone}
		if c, ok := costs[m]; ok {
			line.UnitCost, line.Cost, line.Basis, line.CostBasis = &c, units.Round(c.Mul(qty)), "newest lot cost", "newest_lot"
		} else {
			out.Complete = false
		}
		out.Materials = out.Materials.Add(line.Cost)
		out.Lines = append(out.Lines, line)
	}
	if err := nameMaterialLines(ctx, q, tenant, out.Lines); err != nil {
		return out, err
	}
	out.Food, out.Materials = units.Round(out.Food), units.Round(out.Materials)
	out.Total = out.Food.Add(out.Materials)
	out.FoodCostBasis = combineCostBases(bases)
	if margin != nil {
		p := suggestedPrice(out.Total, *margin)
		out.TargetMargin, out.SuggestedPrice = margin, &p
	}
	return out, nil
}

// nameMaterialLines fills in the names of material lines.
func nameMaterialLines(ctx context.Context, q *queries.Queries, tenant uuid.UUID, lines []PackageCostLine) error {
	rows, err := q.MaterialList(ctx, queries.MaterialListParams{TenantID: tenant})
	if err != nil {
		return fmt.Errorf("material names: %w", err)
	}
	names := map[string]string{}
	for _, r := range rows {
		names[r.ID.String()] = r.Name
	}
	for i := range lines {
		if lines[i].Kind == batchplan.KindMaterial {
			lines[i].Name = names[lines[i].ID]
		}
	}
	return nil
}

// idsOf returns the keys of m as ids, sorted.
func idsOf(m map[string]decimal.Decimal) []uuid.UUID {
	out := make([]uuid.UUID, 0, len(m))
	for _, k := range sortedIDKeys(m) {
		out = append(out, uuid.MustParse(k))
	}
	return out
}

func sortedIDKeys(m map[string]decimal.Decimal) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
