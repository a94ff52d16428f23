package tools_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/tools"
)

// rtLot inserts a product of ingredient ing packaged in unit and one lot of
// it holding qty of that unit at unitCost per unit ("" = unknown), bought
// on date. It returns the lot's id.
func rtLot(t *testing.T, e env, ing uuid.UUID, unit, qty, unitCost, date string) uuid.UUID {
	t.Helper()
	var lot uuid.UUID
	var cost *string
	if unitCost != "" {
		cost = &unitCost
	}
	rtExec(t, e, func(ctx context.Context, tx pgx.Tx) error {
		var product uuid.UUID
		if err := tx.QueryRow(ctx, `INSERT INTO products (tenant_id, ingredient_id, slug, name_key, package_unit, package_unit_quantity)
			VALUES ($1, $2, $3, 'fixture', $4, $5::numeric) RETURNING id`,
			e.ID.TenantID, ing, uuid.NewString(), unit, qty).Scan(&product); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO pantry_items (tenant_id, product_id, initial_quantity, quantity, unit_cost, purchase_date, source)
			VALUES ($1, $2, $3::numeric, $3::numeric, $4::numeric, $5::date, 'initial') RETURNING id`,
			e.ID.TenantID, product, qty, cost, date).Scan(&lot)
	})
	return lot
}

func rtCostLine(t *testing.T, out tools.RecipeCostOutput, ingredient, unit string) tools.RecipeCostLine {
	t.Helper()
	for _, l := range out.Lines {
		if l.IngredientName == ingredient && l.Unit == unit {
			return l
		}
	}
	t.Fatalf("no %s line in %s: %+v", ingredient, unit, out.Lines)
	return tools.RecipeCostLine{}
}

func TestRecipeCostKnownAndUnknownLots(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	butter := rtIngredient(t, e, "Butter", 2, "")
	flour := rtIngredient(t, e, "Flour", 2, "1|cup|4.25|oz")
	// Oldest first: 8 oz at 0.50 per oz, then 8 oz of unknown cost.
	older := rtLot(t, e, butter, "oz", "8", "0.5", "2025-01-10")
	rtLot(t, e, butter, "oz", "8", "", "2025-02-10")
	// 16 oz of flour at 0.25 per oz; the recipe asks in cups (1 cup = 4.25 oz).
	flourLot := rtLot(t, e, flour, "oz", "16", "0.25", "2025-01-05")
	rtCreate(t, e, map[string]any{"name": "Butter Cake", "lines": []any{rtLine("butter", "12", "oz"), rtLine("flour", "2", "cup")}})

	out := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "butter-cake"})
	// butter: 8 oz × 0.50 = 4.00 known + 4 oz of unknown cost; flour: 2 cup = 8.5 oz × 0.25 = 2.125.
	rtWantDec(t, "total_cost", out.TotalCost, "6.125")
	if out.CostComplete {
		t.Fatalf("cost_complete = true with an unpriced lot")
	}
	b := rtCostLine(t, out, "Butter", "oz")
	rtWantDec(t, "butter cost", b.Cost, "4")
	rtWantDec(t, "butter shortfall", b.Shortfall, "0")
	if b.Status != "unknown_cost" || b.CostKnown || !b.OnHandEnough || b.Message == "" {
		t.Fatalf("butter line = %+v", b)
	}
	f := rtCostLine(t, out, "Flour", "cup")
	rtWantDec(t, "flour cost", f.Cost, "2.125")
	rtWantDec(t, "flour quantity", f.Quantity, "2")
	if f.Status != "ok" || !f.CostKnown || !f.OnHandEnough {
		t.Fatalf("flour line = %+v", f)
	}
	// Costing changes no lot.
	for lot, want := range map[uuid.UUID]string{older: "8", flourLot: "16"} {
		var got string
		rtExec(t, e, func(ctx context.Context, tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT quantity::text FROM pantry_items WHERE tenant_id = $1 AND id = $2`, e.ID.TenantID, lot).Scan(&got)
		})
		if !rtDec(got).Equal(rtDec(want)) {
			t.Fatalf("lot %s quantity = %s after recipe_cost, want %s", lot, got, want)
		}
	}
}

func TestRecipeCostStatuses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sugar := rtIngredient(t, e, "Sugar", 2, "") // no density
	choc := rtIngredient(t, e, "Chocolate", 2, "")
	rtIngredient(t, e, "Vanilla", 2, "")
	oats := rtIngredient(t, e, "Oats", 2, "")
	rtLot(t, e, sugar, "lb", "2", "1.5", "2025-01-01")
	rtLot(t, e, choc, "oz", "8", "0.5", "2025-01-01")
	// An empty older lot still tells the latest price… but the newer lot's is used.
	rtLot(t, e, oats, "oz", "0.0001", "0.1", "2024-01-01")
	rtLot(t, e, oats, "oz", "0.0001", "0.2", "2024-06-01")
	rtCreate(t, e, map[string]any{"name": "Mix", "lines": []any{
		rtLine("sugar", "1", "cup"), rtLine("chocolate", "10", "oz"), rtLine("vanilla", "1", "tsp"), rtLine("oats", "5", "oz")}})

	out := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "Mix"})
	s := rtCostLine(t, out, "Sugar", "cup")
	if s.Status != "needs_density" || s.CostKnown || s.OnHandEnough {
		t.Fatalf("sugar line = %+v", s)
	}
	rtWantDec(t, "sugar cost", s.Cost, "0")
	c := rtCostLine(t, out, "Chocolate", "oz")
	// 8 oz in stock at 0.50 = 4.00; 2 oz short, estimated at the latest price 0.50 = 1.00.
	rtWantDec(t, "chocolate cost", c.Cost, "5")
	rtWantDec(t, "chocolate shortfall", c.Shortfall, "2")
	if c.Status != "short" || !c.CostKnown || c.OnHandEnough {
		t.Fatalf("chocolate line = %+v", c)
	}
	v := rtCostLine(t, out, "Vanilla", "tsp")
	rtWantDec(t, "vanilla shortfall", v.Shortfall, "1")
	if v.Status != "no_stock" || v.CostKnown || v.OnHandEnough {
		t.Fatalf("vanilla line = %+v", v)
	}
	o := rtCostLine(t, out, "Oats", "oz")
	// No oats in stock; the most recent lot with a cost (0.20 per oz) prices all 5 oz.
	rtWantDec(t, "oats cost", o.Cost, "1")
	if o.Status != "no_stock" || !o.CostKnown {
		t.Fatalf("oats line = %+v", o)
	}
	rtWantDec(t, "total", out.TotalCost, "6")
	if out.CostComplete {
		t.Fatal("cost_complete = true with unknown lines")
	}
}

func TestRecipeCostNestedBatchesShareLots(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := rtIngredient(t, e, "Flour", 2, "")
	rtLot(t, e, flour, "oz", "20", "0.25", "2025-03-01")
	rtCreate(t, e, map[string]any{"name": "Crumble", "lines": []any{rtLine("flour", "2", "oz")}})
	rtCreate(t, e, map[string]any{"name": "Pie", "lines": []any{rtLine("flour", "0.5", "lb")},
		"components": []any{map[string]any{"recipe": "crumble", "quantity": 2}}})

	// 2 batches: flour 0.5 lb × 2 = 1 lb; crumble flour 2 oz × 2 × 2 = 8 oz.
	out := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "pie", "batches": 2})
	rtWantDec(t, "batches", out.Batches, "2")
	lb := rtCostLine(t, out, "Flour", "lb")
	oz := rtCostLine(t, out, "Flour", "oz")
	rtWantDec(t, "lb quantity", lb.Quantity, "1")
	rtWantDec(t, "oz quantity", oz.Quantity, "8")
	// The lb line takes 16 of the 20 oz (4.00); the oz line gets the last
	// 4 oz (1.00) and is 4 oz short, estimated at 0.25 (1.00).
	rtWantDec(t, "lb cost", lb.Cost, "4")
	rtWantDec(t, "oz cost", oz.Cost, "2")
	rtWantDec(t, "oz shortfall", oz.Shortfall, "4")
	if lb.Status != "ok" || oz.Status != "short" || !out.CostComplete {
		t.Fatalf("lines = %+v complete %v", out.Lines, out.CostComplete)
	}
	rtWantDec(t, "total", out.TotalCost, "6")
	rtWantErr(t, callErr(t, e.Client, "recipe_cost", map[string]any{"recipe_id": "pie", "batches": -1}), "invalid_argument", "batches")
	rtWantErr(t, callErr(t, e.Client, "recipe_cost", map[string]any{"recipe_id": uuid.NewString()}), "not_found", "recipe_id")
}
