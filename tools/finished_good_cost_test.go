package tools_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/tools"
)

// TestFinishedGoodAndPackageCostUseRecipeCost: shortbread (240 g flour from
// a lot at 0.002/g = 0.48; 100 g sugar, used up, at its last price 3.00 per
// 2 lb = 0.3307) costs 0.8107 a batch of 24, 0.0338 a cookie (recipe_cost's
// cost_per_item, which the tin's cookie line shows). A cookie tin (12
// cookies, 0.8107 × 12 ÷ 24 = 0.40535 → 0.4054, not 12 × the rounded
// 0.0338; + a tin at 6.00 ÷ 4 = 1.50) is 1.9054; at 60 % margin
// 1.9054 ÷ 0.4 = 4.7635 → 4.77. A gift box of two tins and a card
// (5.00 ÷ 10 = 0.50) is 0.8107 + 3.50 = 4.3107; at 50 % 8.6214 → 8.63.
// Every level says the sugar came from the last price.
func TestFinishedGoodAndPackageCostUseRecipeCost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Flour"}).ID
	mkIngredient(t, e, map[string]any{"name": "Sugar"})
	rtLot(t, e, uuid.MustParse(flour), "g", "1000", "0.002", "2025-01-01")
	call[map[string]any](t, e.Client, "add_purchase", map[string]any{"item_name": "Sugar", "quantity": 2, "unit": "lb", "price": 3, "store": "Grocer", "purchase_date": "2025-03-01"})
	call[map[string]any](t, e.Client, "record_usage", map[string]any{"ingredient": "sugar", "quantity": 2, "unit": "lb"})
	rtCreate(t, e, map[string]any{"name": "Shortbread", "lines": []any{rtLine("flour", "240", "g"), rtLine("sugar", "100", "g")},
		"yields": []any{map[string]any{"display_name": "Shortbread Cookie", "items_per_batch": 24}}})
	tin := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Round Tin"})["id"].(string)
	card := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Gift Card"})["id"].(string)
	call[map[string]any](t, e.Client, "record_material_purchase", map[string]any{"material": tin, "packages": 1, "per_package": 4, "price_per_package": 6})
	call[map[string]any](t, e.Client, "record_material_purchase", map[string]any{"material": card, "packages": 1, "per_package": 10, "price_per_package": 5})
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Cookie Tin",
		"components": []any{map[string]any{"finished_unit": "Shortbread Cookie", "quantity": 12}, map[string]any{"material": tin, "quantity": 1}}})
	call[map[string]any](t, e.Client, "create_package", map[string]any{"name": "Gift Box",
		"contents": []any{map[string]any{"finished_good": "Cookie Tin", "quantity": 2}, map[string]any{"material": card, "quantity": 1}}})

	rc := call[tools.RecipeCostOutput](t, e.Client, "recipe_cost", map[string]any{"recipe_id": "shortbread"})
	rtWantDec(t, "shortbread batch", rc.TotalCost, "0.8107")
	rtWantDec(t, "recipe_cost per cookie", rc.PerYield[0].CostPerItem, "0.0338")
	if rc.CostBasis != "fifo_and_last_price" {
		t.Fatalf("recipe cost_basis %q, want fifo_and_last_price", rc.CostBasis)
	}

	g := call[tools.FinishedGoodCostOutput](t, e.Client, "finished_good_cost", map[string]any{"finished_good": "cookie-tin", "target_margin": 60})
	rtWantDec(t, "tin food", g.Cost.Food, "0.4054")
	rtWantDec(t, "tin materials", g.Cost.Materials, "1.5")
	rtWantDec(t, "tin total", g.Cost.Total, "1.9054")
	if g.Cost.SuggestedPrice == nil || !g.Cost.Complete || g.Cost.FoodCostBasis != "fifo_and_last_price" {
		t.Fatalf("tin cost = %+v", g.Cost)
	}
	rtWantDec(t, "tin at 60%", *g.Cost.SuggestedPrice, "4.77")
	for _, l := range g.Cost.Lines {
		if l.Kind == "finished_unit" && (l.UnitCost == nil || !l.UnitCost.Equal(rc.PerYield[0].CostPerItem) || l.CostBasis != "fifo_and_last_price") {
			t.Fatalf("cookie line %+v, want recipe_cost's 0.0338 per item, fifo_and_last_price", l)
		}
	}

	p := call[tools.GetPackageOutput](t, e.Client, "get_package", map[string]any{"id": "gift-box", "target_margin": 50})
	rtWantDec(t, "box food", p.Cost.Food, "0.8107")
	rtWantDec(t, "box materials", p.Cost.Materials, "3.5")
	rtWantDec(t, "box total", p.Cost.Total, "4.3107")
	if p.Cost.SuggestedPrice == nil {
		t.Fatalf("box cost = %+v", p.Cost)
	}
	rtWantDec(t, "box at 50%", *p.Cost.SuggestedPrice, "8.63")
	if plain := call[tools.GetPackageOutput](t, e.Client, "get_package", map[string]any{"id": "gift-box"}); plain.Cost.SuggestedPrice != nil {
		t.Fatalf("no margin, yet a suggested price %s", plain.Cost.SuggestedPrice)
	}
	rtWantErr(t, callErr(t, e.Client, "finished_good_cost", map[string]any{"finished_good": "cookie-tin", "target_margin": 100}), "invalid_argument", "target_margin")
	rtWantErr(t, callErr(t, e.Client, "get_package", map[string]any{"id": "gift-box", "target_margin": -1}), "invalid_argument", "target_margin")
	rtWantErr(t, callErr(t, e.Client, "finished_good_cost", map[string]any{"finished_good": "nothing"}), "not_found", "finished_good")
}
