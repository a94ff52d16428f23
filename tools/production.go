package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// record_production is a bake as it happened: every ingredient line of the
// recipe, nested components included (the desktop consumed only the direct
// lines), is taken from the pantry first in first out; one short line and
// nothing is recorded. The run keeps the recipe as baked, its cost and cost
// per item, and its items join the finished unit's stock.

// RecordProductionInput is record_production's arguments.
type RecordProductionInput struct {
	Recipe         string          `json:"recipe" jsonschema:"the recipe baked (id, slug or name)"`
	FinishedUnit   string          `json:"finished_unit,omitempty" jsonschema:"the yield made (id, slug or name); may be left out when the recipe has one"`
	Batches        decimal.Decimal `json:"batches" jsonschema:"batches baked, greater than 0"`
	ActualYield    *int            `json:"actual_yield,omitempty" jsonschema:"good items that came out (default: expected minus losses)"`
	LossQuantity   *int            `json:"loss_quantity,omitempty" jsonschema:"items lost (burnt, dropped); default expected minus actual_yield"`
	EventID        string          `json:"event_id,omitempty" jsonschema:"the event this bake is for (id, slug or name)"`
	Notes          string          `json:"notes,omitempty"`
	IdempotencyKey string          `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the bake is recorded once"`
}

// ProductionTakeOut is what one pantry lot gave.
type ProductionTakeOut struct {
	IngredientName string           `json:"ingredient_name"`
	PantryItemID   string           `json:"pantry_item_id"`
	Taken          decimal.Decimal  `json:"taken"`
	Unit           string           `json:"unit"`
	Cost           *decimal.Decimal `json:"cost"`
}

// RecordProductionOutput is record_production's result.
type RecordProductionOutput struct {
	ProductionRunID  string              `json:"production_run_id"`
	RecipeName       string              `json:"recipe_name"`
	FinishedUnitID   string              `json:"finished_unit_id"`
	FinishedUnitName string              `json:"finished_unit_name"`
	Batches          decimal.Decimal     `json:"batches"`
	ExpectedYield    decimal.Decimal     `json:"expected_yield"`
	ActualYield      int                 `json:"actual_yield"`
	LossQuantity     int                 `json:"loss_quantity"`
	Status           string              `json:"status"`
	IngredientCost   decimal.Decimal     `json:"ingredient_cost"`
	CostComplete     bool                `json:"cost_complete"`
	CostPerItem      *decimal.Decimal    `json:"cost_per_item"`
	OnHand           int32               `json:"on_hand"`
	Takes            []ProductionTakeOut `json:"takes"`
	Message          string              `json:"message"`
}

const maxItems = 1_000_000

// RecordProduction records a bake, all or nothing.
func (t *Tools) RecordProduction(ctx context.Context, id identity.Identity, in RecordProductionInput) (RecordProductionOutput, error) {
	if !in.Batches.IsPositive() || in.Batches.GreaterThan(maxBatches) || !in.Batches.Equal(in.Batches.Round(4)) {
		return RecordProductionOutput{}, Invalid("batches", "must be more than 0 and at most %s, with up to 4 decimal places (got %s)", maxBatches, in.Batches)
	}
	for field, v := range map[string]*int{"actual_yield": in.ActualYield, "loss_quantity": in.LossQuantity} {
		if v != nil && (*v < 0 || *v > maxItems) {
			return RecordProductionOutput{}, Invalid(field, "must be 0 to %d items (got %d)", maxItems, *v)
		}
	}
	var out RecordProductionOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "record_production", in, func() (RecordProductionOutput, error) {
			return recordProduction(ctx, q, id, in)
		})
		return err
	})
	return out, err
}

func recordProduction(ctx context.Context, q *queries.Queries, id identity.Identity, in RecordProductionInput) (RecordProductionOutput, error) {
	tenant := id.TenantID
	r, err := resolveRecipe(ctx, q, tenant, "recipe", in.Recipe)
	if err != nil {
		return RecordProductionOutput{}, err
	}
	fu, err := productionUnit(ctx, q, tenant, r, in.FinishedUnit)
	if err != nil {
		return RecordProductionOutput{}, err
	}
	var event *uuid.UUID
	if strings.TrimSpace(in.EventID) != "" {
		ev, err := resolveEvent(ctx, q, tenant, in.EventID, false)
		if err != nil {
			return RecordProductionOutput{}, err
		}
		event = &ev.ID
	}
	per, _ := itemsPerBatch(fu.YieldMode, fu.ItemsPerBatch, fu.BatchPercentage)
	expected := units.Round(in.Batches.Mul(per))
	actual, loss, err := productionYield(expected, in.ActualYield, in.LossQuantity)
	if err != nil {
		return RecordProductionOutput{}, err
	}
	lines, err := expandRecipe(ctx, q, tenant, r.ID, in.Batches)
	if err != nil {
		return RecordProductionOutput{}, err
	}
	alloc, err := allocateProduction(ctx, q, tenant, aggregateLines(lines))
	if err != nil {
		return RecordProductionOutput{}, err
	}
	if len(alloc.short) > 0 {
		return RecordProductionOutput{}, Unprocessable("batches", "the pantry is short for %s of %s, so nothing was recorded: %s — record the purchases first, or bake fewer batches",
			quantityOf(in.Batches, "batch", "batches"), r.Name, strings.Join(alloc.short, "; "))
	}
	status := "complete"
	switch {
	case actual == 0:
		status = "total_loss"
	case loss > 0:
		status = "partial_loss"
	}
	cost := units.Round(alloc.cost)
	var perItem decimal.NullDecimal
	if actual > 0 {
		perItem = decimal.NewNullDecimal(cost.DivRound(decimal.NewFromInt(int64(actual)), 6))
	}
	snapshot, err := json.Marshal(recipeSnapshot(r, fu, in.Batches, lines))
	if err != nil {
		return RecordProductionOutput{}, fmt.Errorf("recipe snapshot: %w", err)
	}
	run, err := q.ProductionRunCreate(ctx, queries.ProductionRunCreateParams{
		TenantID: tenant, RecipeID: r.ID, FinishedUnitID: fu.ID, EventID: event, NumBatches: in.Batches, ExpectedYield: expected,
		ActualYield: clampInt32(actual), LossQuantity: clampInt32(loss), ProductionStatus: status, TotalIngredientCost: cost,
		CostComplete: !alloc.unknownCost, PerUnitCost: perItem, RecipeSnapshot: snapshot, Notes: textOrNil(in.Notes), CreatedBy: pantryUser(id.UserID),
	})
	if err != nil {
		return RecordProductionOutput{}, fmt.Errorf("create production run: %w", err)
	}
	out := RecordProductionOutput{ProductionRunID: run.ID.String(), RecipeName: r.Name, FinishedUnitID: fu.ID.String(), FinishedUnitName: fu.DisplayName,
		Batches: in.Batches, ExpectedYield: expected, ActualYield: actual, LossQuantity: loss, Status: status, IngredientCost: cost,
		CostComplete: !alloc.unknownCost, CostPerItem: decOrNil(perItem), Takes: []ProductionTakeOut{}}
	note := "production run " + run.ID.String()
	for _, tk := range alloc.takes {
		if err := q.PantryItemSetQuantity(ctx, queries.PantryItemSetQuantityParams{TenantID: tenant, ID: tk.lot, Quantity: tk.remaining}); err != nil {
			return RecordProductionOutput{}, fmt.Errorf("update lot: %w", err)
		}
		if _, err := q.InventoryAdjustmentCreate(ctx, queries.InventoryAdjustmentCreateParams{TenantID: tenant, PantryItemID: tk.lot,
			QuantityChange: tk.taken.Neg(), QuantityAfter: tk.remaining, Reason: "production", Cost: tk.cost, Notes: &note, CreatedBy: pantryUser(id.UserID)}); err != nil {
			return RecordProductionOutput{}, fmt.Errorf("log production use: %w", err)
		}
		if err := q.ProductionConsumptionCreate(ctx, queries.ProductionConsumptionCreateParams{TenantID: tenant, ProductionRunID: run.ID,
			IngredientID: tk.ingredient, PantryItemID: tk.lot, Quantity: tk.taken, Unit: tk.unit, Cost: tk.cost}); err != nil {
			return RecordProductionOutput{}, fmt.Errorf("production consumption: %w", err)
		}
		out.Takes = append(out.Takes, ProductionTakeOut{IngredientName: tk.name, PantryItemID: tk.lot.String(), Taken: tk.taken, Unit: tk.unit, Cost: decOrNil(tk.cost)})
	}
	stock, err := q.FinishedUnitLock(ctx, queries.FinishedUnitLockParams{TenantID: tenant, ID: fu.ID})
	if err != nil {
		return RecordProductionOutput{}, fmt.Errorf("finished unit stock: %w", err)
	}
	out.OnHand = stock.InventoryCount + clampInt32(actual)
	if err := q.FinishedUnitSetStock(ctx, queries.FinishedUnitSetStockParams{TenantID: tenant, ID: fu.ID, InventoryCount: out.OnHand}); err != nil {
		return RecordProductionOutput{}, fmt.Errorf("finished unit stock: %w", err)
	}
	out.Message = fmt.Sprintf("Recorded %s of %s: %d %s (%d lost, %s expected), ingredients %s from %d lot(s), oldest first; %d on hand.",
		quantityOf(in.Batches, "batch", "batches"), r.Name, actual, fu.DisplayName, loss, expected, cost, len(out.Takes), out.OnHand)
	if alloc.unknownCost {
		out.Message += " Some lots had no cost, so the cost counts only the priced ones."
	}
	return out, nil
}

// productionUnit resolves the finished unit of a bake: the named one (which
// must be the recipe's), or the recipe's only one.
func productionUnit(ctx context.Context, q *queries.Queries, tenant uuid.UUID, r queries.RecipeResolveRow, ref string) (queries.FinishedUnitResolveRow, error) {
	if strings.TrimSpace(ref) != "" {
		fu, err := resolveFinishedUnit(ctx, q, tenant, "finished_unit", ref)
		if err != nil {
			return fu, err
		}
		if fu.RecipeID != r.ID {
			return fu, Invalid("finished_unit", "%s is a yield of %s, not of %s", fu.DisplayName, fu.RecipeName, r.Name)
		}
		return fu, nil
	}
	rows, err := q.FinishedUnitList(ctx, queries.FinishedUnitListParams{TenantID: tenant, RecipeID: &r.ID})
	if err != nil {
		return queries.FinishedUnitResolveRow{}, fmt.Errorf("recipe yields: %w", err)
	}
	switch len(rows) {
	case 1:
		return queries.FinishedUnitResolveRow(rows[0]), nil
	case 0:
		return queries.FinishedUnitResolveRow{}, Unprocessable("recipe", "%s has no yield to record; add one with update_recipe (yields)", r.Name)
	}
	names := make([]string, len(rows))
	for i, f := range rows {
		names[i] = f.Slug
	}
	return queries.FinishedUnitResolveRow{}, Invalid("finished_unit", "%s has %d yields; name one of %s", r.Name, len(rows), strings.Join(names, ", "))
}

// productionYield settles actual yield and losses from what was given.
func productionYield(expected decimal.Decimal, actual, loss *int) (int, int, error) {
	exp := int(expected.Floor().IntPart())
	switch {
	case actual != nil && loss != nil:
		return *actual, *loss, nil
	case actual != nil:
		return *actual, max(0, exp-*actual), nil
	case loss != nil:
		if *loss > exp {
			return 0, 0, Invalid("loss_quantity", "%d lost is more than the %d expected; give actual_yield too", *loss, exp)
		}
		return exp - *loss, *loss, nil
	}
	return exp, 0, nil
}

// productionTake is one lot's part of a bake.
type productionTake struct {
	ingredient       uuid.UUID
	name             string
	lot              uuid.UUID
	taken, remaining decimal.Decimal
	unit             string
	cost             decimal.NullDecimal
}

type productionAlloc struct {
	takes       []productionTake
	short       []string
	cost        decimal.Decimal
	unknownCost bool
}

// allocateProduction takes every need from its ingredient's lots (locked in
// FIFO order until commit), changing nothing yet; lines of one ingredient in
// different units draw on the same lots in turn. Everything short is listed.
func allocateProduction(ctx context.Context, q *queries.Queries, tenant uuid.UUID, needs []expandedLine) (productionAlloc, error) {
	res := productionAlloc{cost: decimal.Zero}
	lotsOf := map[uuid.UUID][]queries.PantryItemLockForIngredientRow{}
	left := map[uuid.UUID]decimal.Decimal{}
	// Lock every ingredient's lots up front in one order (by id), so two
	// bakes sharing ingredients wait for each other instead of deadlocking.
	ids := make([]uuid.UUID, 0, len(needs))
	for _, n := range needs {
		if _, ok := lotsOf[n.IngredientID]; !ok {
			lotsOf[n.IngredientID] = nil
			ids = append(ids, n.IngredientID)
		}
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	for _, ing := range ids {
		rows, err := q.PantryItemLockForIngredient(ctx, queries.PantryItemLockForIngredientParams{TenantID: tenant, IngredientID: ing})
		if err != nil {
			return res, fmt.Errorf("lock lots: %w", err)
		}
		lotsOf[ing] = rows
		for _, r := range rows {
			left[r.ID] = r.Quantity
		}
	}
	for _, n := range needs {
		need := units.Round(n.Quantity)
		unit, err := units.Parse(n.Unit)
		if err != nil {
			res.short = append(res.short, fmt.Sprintf("%s: the line's unit %q is not a unit of measure", n.IngredientName, n.Unit))
			continue
		}
		rows := lotsOf[n.IngredientID]
		var lots []fifoLot
		lotUnit := map[uuid.UUID]string{}
		for _, r := range rows {
			if _, why := convertLot(left[r.ID], r.PackageUnit, unit, n.Density); why != "" {
				continue // counted as missing below
			}
			u, _ := units.Parse(r.PackageUnit) // convertLot parsed it
			lots = append(lots, fifoLot{ID: r.ID, Quantity: left[r.ID], Unit: u, UnitCost: r.UnitCost})
			lotUnit[r.ID] = u.Code
		}
		fr, err := allocateFIFO(lots, need, unit, n.Density)
		if err != nil {
			return res, fmt.Errorf("allocate %s: %w", n.IngredientName, err)
		}
		if fr.Shortfall.IsPositive() {
			res.short = append(res.short, fmt.Sprintf("%s: need %s %s, have %s %s", n.IngredientName, need, unit.Code, units.Round(fr.Consumed), unit.Code))
			continue
		}
		for _, tk := range fr.Takes {
			if tk.Taken.IsZero() {
				continue
			}
			left[tk.LotID] = tk.Remaining
			var cost decimal.NullDecimal
			if tk.Cost.Valid {
				cost = decimal.NewNullDecimal(tk.Cost.Decimal.Round(4))
				res.cost = res.cost.Add(cost.Decimal)
			} else {
				res.unknownCost = true
			}
			res.takes = append(res.takes, productionTake{ingredient: n.IngredientID, name: n.IngredientName, lot: tk.LotID,
				taken: tk.Taken, remaining: tk.Remaining, unit: lotUnit[tk.LotID], cost: cost})
		}
	}
	return res, nil
}

// snapshotLine is a recipe line as baked.
type snapshotLine struct {
	IngredientID string          `json:"ingredient_id"`
	Ingredient   string          `json:"ingredient"`
	Quantity     decimal.Decimal `json:"quantity"`
	Unit         string          `json:"unit"`
	Path         []string        `json:"path"`
}

// recipeSnapshot is the recipe as baked: every line, nested components
// multiplied out, for the batches baked.
func recipeSnapshot(r queries.RecipeResolveRow, fu queries.FinishedUnitResolveRow, batches decimal.Decimal, lines []expandedLine) map[string]any {
	ls := make([]snapshotLine, len(lines))
	for i, l := range lines {
		ls[i] = snapshotLine{IngredientID: l.IngredientID.String(), Ingredient: l.IngredientName, Quantity: units.Round(l.Quantity), Unit: l.Unit, Path: l.Path}
	}
	return map[string]any{
		"recipe":        map[string]string{"id": r.ID.String(), "slug": r.Slug, "name": r.Name},
		"finished_unit": map[string]string{"id": fu.ID.String(), "slug": fu.Slug, "name": fu.DisplayName},
		"batches":       batches,
		"lines":         ls,
	}
}
