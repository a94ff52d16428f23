package tools_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/tools"
)

// evIngredient creates a leaf ingredient; density is "volume value, volume
// unit, weight value, weight unit" or nothing.
func evIngredient(t *testing.T, e env, name string, density ...string) uuid.UUID {
	t.Helper()
	d := make([]any, 4)
	for i, v := range density {
		d[i] = v
	}
	return evInsert(t, e, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key,
		density_volume_value, density_volume_unit, density_weight_value, density_weight_unit)
		VALUES ($1, $2, $3, $4, $5::numeric, $6, $7::numeric, $8) RETURNING id`,
		e.ID.TenantID, tools.Slug(name, '_'), name, tools.NameKey(name), d[0], d[1], d[2], d[3])
}

func evLine(t *testing.T, e env, recipe, ingredient uuid.UUID, position int, qty, unit string) {
	t.Helper()
	evInsert(t, e, `INSERT INTO recipe_ingredients (tenant_id, recipe_id, position, ingredient_id, quantity, unit)
		VALUES ($1, $2, $3, $4, $5::numeric, $6) RETURNING id`, e.ID.TenantID, recipe, position, ingredient, qty, unit)
}

func evComponent(t *testing.T, e env, recipe, component uuid.UUID, qty string) {
	t.Helper()
	evInsert(t, e, `INSERT INTO recipe_components (tenant_id, recipe_id, component_recipe_id, quantity)
		VALUES ($1, $2, $3, $4::numeric) RETURNING id`, e.ID.TenantID, recipe, component, qty)
}

func evProduct(t *testing.T, e env, ingredient uuid.UUID, name, unit, qty string, preferred bool) uuid.UUID {
	t.Helper()
	return evInsert(t, e, `INSERT INTO products (tenant_id, ingredient_id, slug, product_name, brand, name_key,
		package_unit, package_unit_quantity, is_preferred)
		VALUES ($1, $2, $3, $4, 'Acme', $5, $6, $7::numeric, $8) RETURNING id`,
		e.ID.TenantID, ingredient, tools.Slug(name, '_'), name, tools.NameKey(name), unit, qty, preferred)
}

// evPurchase records a purchase of one package at price (per package).
func evPurchase(t *testing.T, e env, product uuid.UUID, date, price string) {
	t.Helper()
	name := "Store " + uuid.NewString()[:8]
	supplier := evInsert(t, e, `INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES ($1, $2, $3, $4) RETURNING id`,
		e.ID.TenantID, tools.Slug(name, '_'), name, tools.NameKey(name))
	evInsert(t, e, `INSERT INTO purchases (tenant_id, product_id, supplier_id, purchase_date, quantity_purchased, unit_price)
		VALUES ($1, $2, $3, $4::date, 1, $5::numeric) RETURNING id`, e.ID.TenantID, product, supplier, date, price)
}

// evLot adds a pantry lot holding qty of the product's package unit;
// unitCost "" is unknown.
func evLot(t *testing.T, e env, product uuid.UUID, qty, unitCost string) {
	t.Helper()
	var cost any
	if unitCost != "" {
		cost = unitCost
	}
	evInsert(t, e, `INSERT INTO pantry_items (tenant_id, product_id, initial_quantity, quantity, unit_cost, purchase_date)
		VALUES ($1, $2, $3::numeric, $3::numeric, $4::numeric, '2026-01-01') RETURNING id`, e.ID.TenantID, product, qty, cost)
}

type evShoppingList struct {
	EventID   string `json:"event_id"`
	EventName string `json:"event_name"`
	Lines     []struct {
		IngredientID     string `json:"ingredient_id"`
		IngredientName   string `json:"ingredient_name"`
		Needed           string `json:"needed"`
		OnHand           string `json:"on_hand"`
		ToBuy            string `json:"to_buy"`
		Unit             string `json:"unit"`
		SuggestedProduct *struct {
			ID                  string `json:"id"`
			Name                string `json:"name"`
			Brand               string `json:"brand"`
			PackageUnit         string `json:"package_unit"`
			PackageUnitQuantity string `json:"package_unit_quantity"`
		} `json:"suggested_product"`
		PackagesToBuy int64   `json:"packages_to_buy"`
		EstimatedCost *string `json:"estimated_cost"`
		CostBasis     string  `json:"cost_basis"`
		Status        string  `json:"status"`
		Message       string  `json:"message"`
	} `json:"lines"`
	EstimatedTotal string `json:"estimated_total"`
	Complete       bool   `json:"complete"`
	Message        string `json:"message"`
}

func TestShoppingList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Flour: 1 cup weighs 0.25 lb, so cups and pounds combine exactly.
	flour := evIngredient(t, e, "Flour", "1", "cup", "0.25", "lb")
	sugar := evIngredient(t, e, "Sugar") // no density
	butter := evIngredient(t, e, "Butter")
	eggs := evIngredient(t, e, "Eggs")

	cookies := evRecipe(t, e, "Sugar Cookies")
	evLine(t, e, cookies, flour, 0, "2", "cup")
	evLine(t, e, cookies, sugar, 1, "1", "cup")
	evLine(t, e, cookies, butter, 2, "100", "g")
	evLine(t, e, cookies, eggs, 3, "2", "each")
	topping := evRecipe(t, e, "Crumb Topping")
	evLine(t, e, topping, flour, 0, "1", "cup")
	evLine(t, e, topping, sugar, 1, "0.5", "cup")
	evComponent(t, e, cookies, topping, "1.5")

	// Flour: a preferred 1 lb bag last bought at 3.50 with 0.25 lb left,
	// and a 32 oz bag with 4 oz (0.25 lb) left.
	flourBag := evProduct(t, e, flour, "AP Flour 1 lb", "lb", "1", true)
	evPurchase(t, e, flourBag, "2026-02-01", "3.50")
	evLot(t, e, flourBag, "0.25", "3.5")
	bigBag := evProduct(t, e, flour, "AP Flour 2 lb", "oz", "32", false)
	evLot(t, e, bigBag, "4", "")
	// Sugar is stocked by weight and has no density: cups cannot become oz.
	sugarBag := evProduct(t, e, sugar, "Sugar 4 lb", "oz", "64", true)
	evLot(t, e, sugarBag, "20", "0.05")
	// Butter: never bought through a purchase, only an emptied lot at 4.00 per lb.
	butterBox := evProduct(t, e, butter, "Butter 1 lb", "lb", "1", false)
	evLot(t, e, butterBox, "0", "4")

	ev := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
		"event_name": "Cookie Swap", "event_date": "2026-12-05", "guest_count": 30, "recipe_names": []string{"Sugar Cookies"},
	})
	call[struct{}](t, e.Client, "add_event_recipe", map[string]any{"event_id": ev.EventID, "recipe": "Sugar Cookies", "batches": 2})

	got := call[evShoppingList](t, e.Client, "shopping_list", map[string]any{"event_id": ev.Slug})
	if got.EventID != ev.EventID || got.EventName != "Cookie Swap" {
		t.Fatalf("event %s %q", got.EventID, got.EventName)
	}
	type line struct {
		name, needed, onHand, toBuy, unit, status, product string
		packages                                           int64
		cost, basis                                        string
	}
	want := []line{
		// 100 g × 2 = 200 g = 0.44092… lb; 1 box at lot cost 4.00/lb.
		{"Butter", "0.4409", "0", "0.4409", "lb", "ok", "Acme Butter 1 lb", 1, "4", "lot cost"},
		{"Eggs", "4", "0", "4", "each", "no_product", "", 0, "null", "unknown"},
		// (2 cup + 1 cup × 1.5) × 2 = 7 cup = 1.75 lb; 0.25 lb + 4 oz on hand;
		// 1.25 lb to buy = 2 bags of 1 lb at 3.50.
		{"Flour", "1.75", "0.5", "1.25", "lb", "ok", "Acme AP Flour 1 lb", 2, "7", "last purchase"},
		// (1 cup + 0.5 cup × 1.5) × 2 = 3.5 cup; the 20 oz lot cannot count.
		{"Sugar", "3.5", "0", "3.5", "cup", "needs_density", "Acme Sugar 4 lb, 64 oz", 0, "null", "unknown"},
	}
	if len(got.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(got.Lines), len(want), got.Lines)
	}
	for i, w := range want {
		l := got.Lines[i]
		product := ""
		if l.SuggestedProduct != nil {
			product = l.SuggestedProduct.Name
		}
		cost := "null"
		if l.EstimatedCost != nil {
			cost = *l.EstimatedCost
		}
		g := line{l.IngredientName, l.Needed, l.OnHand, l.ToBuy, l.Unit, l.Status, product, l.PackagesToBuy, cost, l.CostBasis}
		if g != w {
			t.Errorf("line %d = %+v, want %+v (message %q)", i, g, w, l.Message)
		}
	}
	if got.Lines[2].IngredientID != flour.String() || got.Lines[2].SuggestedProduct.PackageUnitQuantity != "1" || got.Lines[2].SuggestedProduct.Brand != "Acme" {
		t.Errorf("flour line %+v", got.Lines[2])
	}
	sugarMsg := got.Lines[3].Message
	for _, s := range []string{"cup to oz needs the ingredient's density", "give Sugar a density", "stock held in oz is not counted here"} {
		if !strings.Contains(sugarMsg, s) {
			t.Errorf("sugar message %q lacks %q", sugarMsg, s)
		}
	}
	if got.EstimatedTotal != "11" || got.Complete {
		t.Errorf("estimated_total %s complete %v, want 11 and false", got.EstimatedTotal, got.Complete)
	}

	t.Run("IncompatibleNeedsGetTheirOwnLine", func(t *testing.T) {
		// 3 tbsp of sugar by volume plus 50 g by weight: without a density
		// the grams cannot join the cups line.
		glaze := evRecipe(t, e, "Glaze")
		evLine(t, e, glaze, sugar, 0, "3", "tbsp")
		evLine(t, e, glaze, sugar, 1, "50", "g")
		ev2 := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
			"event_name": "Glaze Test", "event_date": "2026-12-06", "guest_count": 2, "recipe_names": []string{"Glaze"},
		})
		got := call[evShoppingList](t, e.Client, "shopping_list", map[string]any{"event_id": ev2.EventID})
		if len(got.Lines) != 2 {
			t.Fatalf("lines %+v, want 2", got.Lines)
		}
		// The product's unit (oz) takes the grams: 50 g = 1.7637 oz, covered by the 20 oz lot.
		main, apart := got.Lines[0], got.Lines[1]
		if main.Unit != "oz" || main.Needed != "1.7637" || main.OnHand != "20" || main.ToBuy != "0" || main.Status != "covered" ||
			main.PackagesToBuy != 0 || main.EstimatedCost == nil || *main.EstimatedCost != "0" {
			t.Errorf("main line %+v", main)
		}
		if apart.Unit != "tbsp" || apart.Needed != "3" || apart.ToBuy != "3" || apart.Status != "needs_density" || apart.EstimatedCost != nil ||
			!strings.Contains(apart.Message, "listed apart") {
			t.Errorf("apart line %+v", apart)
		}
	})
	t.Run("EmptyEvent", func(t *testing.T) {
		ev3 := call[evCreated](t, e.Client, "create_event_with_recipes", map[string]any{
			"event_name": "Nothing Planned", "event_date": "2026-12-07", "guest_count": 2, "recipe_names": []string{},
		})
		got := call[evShoppingList](t, e.Client, "shopping_list", map[string]any{"event_id": ev3.EventID})
		if len(got.Lines) != 0 || !got.Complete || got.EstimatedTotal != "0" || !strings.Contains(got.Message, "no recipes") {
			t.Fatalf("empty event list %+v", got)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		evWantErr(t, callErr(t, e.Client, "shopping_list", map[string]any{"event_id": uuid.NewString()}), "not_found", "event_id")
		evWantErr(t, callErr(t, newEnv(t).Client, "shopping_list", map[string]any{"event_id": ev.EventID}), "not_found", "event_id")
	})
}
