package tools_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

// Shapes of the production tools' results as a client decodes them.
type (
	pdPlanRecipe struct {
		RecipeName    string  `json:"recipe_name"`
		NeededItems   string  `json:"needed_items"`
		YieldName     string  `json:"finished_unit_name"`
		ItemsPerBatch *string `json:"items_per_batch"`
		Batches       string  `json:"batches"`
		Produced      string  `json:"produced_items"`
		Leftover      string  `json:"leftover_items"`
		Status        string  `json:"status"`
	}
	pdPlan struct {
		Mode       string         `json:"mode"`
		Stored     bool           `json:"stored"`
		Recipes    []pdPlanRecipe `json:"recipes"`
		Components []struct {
			RecipeName string `json:"recipe_name"`
			Batches    string `json:"batches"`
		} `json:"components"`
		Materials []struct {
			Name   string `json:"name"`
			Needed string `json:"needed"`
			OnHand string `json:"on_hand"`
			ToBuy  string `json:"to_buy"`
		} `json:"materials"`
		Shopping evShoppingList `json:"shopping"`
	}
	pdProduction struct {
		RunID         string `json:"production_run_id"`
		ExpectedYield string `json:"expected_yield"`
		ActualYield   int    `json:"actual_yield"`
		LossQuantity  int    `json:"loss_quantity"`
		Status        string `json:"status"`
		Cost          string `json:"ingredient_cost"`
		CostComplete  bool   `json:"cost_complete"`
		CostPerItem   string `json:"cost_per_item"`
		OnHand        int    `json:"on_hand"`
		Takes         []struct {
			IngredientName string `json:"ingredient_name"`
			PantryItemID   string `json:"pantry_item_id"`
			Taken          string `json:"taken"`
			Cost           string `json:"cost"`
		} `json:"takes"`
	}
	pdProgress struct {
		Recipes []struct {
			RecipeName     string `json:"recipe_name"`
			PlannedBatches string `json:"planned_batches"`
			BakedBatches   string `json:"baked_batches"`
		} `json:"recipes"`
		Goods []struct {
			Name      string `json:"name"`
			Needed    string `json:"needed"`
			Assembled int    `json:"assembled"`
		} `json:"goods"`
		Packages map[string]int `json:"packages_by_status"`
	}
	pdAssembly struct {
		RunID       string `json:"assembly_run_id"`
		Cost        string `json:"component_cost"`
		Complete    bool   `json:"cost_complete"`
		CostPerItem string `json:"cost_per_item"`
		OnHand      int    `json:"on_hand"`
	}
)

// pdIngredient creates a leaf ingredient measured in g through the tools.
func pdIngredient(t *testing.T, e env, name string) string {
	t.Helper()
	return call[map[string]any](t, e.Client, "create_ingredient", map[string]any{"name": name, "default_unit": "g"})["id"].(string)
}

// pdLot adds a lot of qty g of product bought on date at unitCost per g.
func pdLot(t *testing.T, e env, product uuid.UUID, qty, unitCost, date string) uuid.UUID {
	t.Helper()
	return evInsert(t, e, `INSERT INTO pantry_items (tenant_id, product_id, initial_quantity, quantity, unit_cost, purchase_date)
		VALUES ($1, $2, $3::numeric, $3::numeric, $4::numeric, $5::date) RETURNING id`, e.ID.TenantID, product, qty, unitCost, date)
}

func pdRecipe(t *testing.T, e env, args map[string]any) string {
	t.Helper()
	return call[map[string]any](t, e.Client, "create_recipe", args)["id"].(string)
}

func line(ing string, qty any) map[string]any {
	return map[string]any{"ingredient": ing, "quantity": qty, "unit": "g"}
}

func yield(name string, items int) map[string]any {
	return map[string]any{"display_name": name, "items_per_batch": items}
}

func findRecipe(t *testing.T, p pdPlan, name string) pdPlanRecipe {
	t.Helper()
	for _, r := range p.Recipes {
		if r.RecipeName == name {
			return r
		}
	}
	t.Fatalf("plan has no recipe %s: %+v", name, p.Recipes)
	return pdPlanRecipe{}
}

// Bulk plan, by hand: 25 guests × 2 servings = 50 of every planned recipe.
// Frosted Cookies yields 24 large or 48 small per batch: 24 → 3 batches, 72,
// 22 left; 48 → 2 batches, 96, 46 left — least waste wins, 3 batches of the
// large, although 48 needs fewer batches. Shortbread yields 10 or 25: 10 → 5
// batches, 25 → 2 batches, both exactly 50 — the tie goes to fewer batches.
// Frosted Cookies nests Buttercream at ½ batch per batch: 1.5 batches. The
// shopping list sums flour 3 × 100 + 2 × 50 = 400 g and butter 1.5 × 200 =
// 300 g, of which 100 g of flour is on hand.
func TestPlanEventBulkHandComputed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour, butter := pdIngredient(t, e, "Plan Flour"), pdIngredient(t, e, "Plan Butter")
	pdRecipe(t, e, map[string]any{"name": "Buttercream", "lines": []any{line(butter, 200)}})
	pdRecipe(t, e, map[string]any{"name": "Frosted Cookies", "lines": []any{line(flour, 100)},
		"components": []any{map[string]any{"recipe": "Buttercream", "quantity": 0.5}},
		"yields":     []any{yield("Large Frosted Cookie", 24), yield("Small Frosted Cookie", 48)}})
	pdRecipe(t, e, map[string]any{"name": "Shortbread", "lines": []any{line(flour, 50)},
		"yields": []any{yield("Shortbread Tray", 10), yield("Shortbread Sheet", 25)}})
	product := evProduct(t, e, uuid.MustParse(flour), "Plan Flour 1kg", "g", "1000", true)
	pdLot(t, e, product, "100", "0.002", "2026-01-01")
	ev := call[map[string]any](t, e.Client, "create_event_with_recipes", map[string]any{"event_name": "Open House", "event_date": "2026-12-12",
		"guest_count": 25, "recipe_names": []any{"Frosted Cookies", "Shortbread"}})["event_id"].(string)

	p := call[pdPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 2})
	if p.Mode != "bulk_count" || !p.Stored {
		t.Fatalf("mode %s stored %v", p.Mode, p.Stored)
	}
	fc := findRecipe(t, p, "Frosted Cookies")
	if fc.NeededItems != "50" || fc.YieldName != "Large Frosted Cookie" || fc.Batches != "3" || fc.Produced != "72" || fc.Leftover != "22" {
		t.Errorf("Frosted Cookies: %+v, want 3 batches of 24 (72 made, 22 left)", fc)
	}
	sb := findRecipe(t, p, "Shortbread")
	if sb.YieldName != "Shortbread Sheet" || sb.Batches != "2" || sb.Leftover != "0" {
		t.Errorf("Shortbread: %+v, want 2 batches of 25", sb)
	}
	if len(p.Components) != 1 || p.Components[0].RecipeName != "Buttercream" || p.Components[0].Batches != "1.5" {
		t.Errorf("components %+v, want Buttercream 1.5 batches", p.Components)
	}
	got := map[string][3]string{}
	for _, l := range p.Shopping.Lines {
		got[l.IngredientName] = [3]string{l.Needed, l.OnHand, l.ToBuy}
	}
	if got["Plan Flour"] != [3]string{"400", "100", "300"} || got["Plan Butter"][0] != "300" {
		t.Errorf("shopping %v, want flour 400/100/300 and butter 300 needed", got)
	}

	// Stored: the event's recipes now carry the decided batches, and the
	// progress compares them with what was baked (nothing yet).
	evOut := call[evEvent](t, e.Client, "get_event", map[string]any{"event_id": ev})
	for _, r := range evOut.Recipes {
		if want := map[string]string{"Frosted Cookies": "3", "Shortbread": "2"}[r.Name]; r.Batches != want {
			t.Errorf("event recipe %s has %s batches, want %s", r.Name, r.Batches, want)
		}
	}
	// Amended by hand: kept as amended, the rest recomputed.
	p = call[pdPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 2,
		"amend": []any{map[string]any{"recipe": "Shortbread", "batches": 4}}})
	if sb := findRecipe(t, p, "Shortbread"); sb.Batches != "4" || sb.Status != "amended" || sb.Leftover != "50" {
		t.Errorf("amended Shortbread %+v, want 4 batches, 50 left", sb)
	}
	if n := ptScalar[int64](t, e, `SELECT count(*) FROM plan_batch_decisions WHERE tenant_id = $1 AND amended`, e.ID.TenantID); n != 1 {
		t.Errorf("%d amended decisions stored, want 1", n)
	}

	// Bad input names the field.
	if e := callErr(t, e.Client, "plan_event", map[string]any{"event_id": ev, "servings_per_guest": 0}); e.Field != "servings_per_guest" {
		t.Errorf("servings 0: %+v", e)
	}
	if e := callErr(t, e.Client, "plan_event", map[string]any{"event_id": ev, "mode": "packaged"}); e.Field != "mode" {
		t.Errorf("mode packaged: %+v", e)
	}
}

// Bundled plan, by hand: a Holiday Box holds one Gift Box and a card; a
// Gift Box holds 2 Cookie Tins and 90 cm of ribbon; a Cookie Tin holds 6
// gingerbread and a tin. Thomas gets 1 Holiday Box and Ann 2: 3 gift boxes,
// 6 tins. The assembly target of 8 Cookie Tins is 2 more than the boxes
// take, so 8 tins: 48 gingerbread, 10 per batch → 5 batches, 2 left; Royal
// Icing at ¼ batch per batch → 1.25 batches. Packaging: 8 tins, 270 cm of
// ribbon, 3 cards (1 card on hand).
func TestPlanEventBundledHandComputed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour, sugar := pdIngredient(t, e, "Bundle Flour"), pdIngredient(t, e, "Bundle Sugar")
	pdRecipe(t, e, map[string]any{"name": "Royal Icing", "lines": []any{line(sugar, 100)}})
	pdRecipe(t, e, map[string]any{"name": "Gingerbread", "lines": []any{line(flour, 300)},
		"components": []any{map[string]any{"recipe": "Royal Icing", "quantity": 0.25}},
		"yields":     []any{yield("Gingerbread Man", 10)}})
	tin := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Round Tin"})["id"].(string)
	ribbon := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Red Ribbon", "base_unit_type": "linear_cm"})["id"].(string)
	card := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Gift Card"})["id"].(string)
	call[map[string]any](t, e.Client, "record_material_purchase", map[string]any{"material": card, "packages": 1, "per_package": 1})
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Cookie Tin",
		"components": []any{map[string]any{"finished_unit": "Gingerbread Man", "quantity": 6}, map[string]any{"material": tin, "quantity": 1}}})
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Gift Box",
		"components": []any{map[string]any{"finished_good": "Cookie Tin", "quantity": 2}, map[string]any{"material": ribbon, "quantity": 90}}})
	call[map[string]any](t, e.Client, "create_package", map[string]any{"name": "Holiday Box",
		"contents": []any{map[string]any{"finished_good": "Gift Box", "quantity": 1}, map[string]any{"material": card, "quantity": 1}}})
	ev := call[map[string]any](t, e.Client, "create_event_with_recipes", map[string]any{"event_name": "Gifts 2026", "event_date": "2026-12-20",
		"recipe_names": []any{}})["event_id"].(string)
	call[map[string]any](t, e.Client, "update_event", map[string]any{"event_id": ev, "output_mode": "bundled"})
	for name, n := range map[string]int{"Thomas": 1, "Ann": 2} {
		r := call[map[string]any](t, e.Client, "create_recipient", map[string]any{"name": name, "household_name": name + " Household"})["id"].(string)
		call[map[string]any](t, e.Client, "assign_package", map[string]any{"event_id": ev, "recipient": r, "package": "Holiday Box", "quantity": n})
	}
	call[map[string]any](t, e.Client, "set_assembly_target", map[string]any{"event_id": ev, "finished_good": "Cookie Tin", "quantity": 8})

	p := call[pdPlan](t, e.Client, "plan_event", map[string]any{"event_id": ev})
	if p.Mode != "bundled" || len(p.Recipes) != 1 {
		t.Fatalf("plan %+v", p)
	}
	g := p.Recipes[0]
	if g.RecipeName != "Gingerbread" || g.NeededItems != "48" || g.Batches != "5" || g.Produced != "50" || g.Leftover != "2" {
		t.Errorf("Gingerbread %+v, want 48 needed, 5 batches, 2 left", g)
	}
	if len(p.Components) != 1 || p.Components[0].Batches != "1.25" {
		t.Errorf("components %+v, want Royal Icing 1.25", p.Components)
	}
	mats := map[string][3]string{}
	for _, m := range p.Materials {
		mats[m.Name] = [3]string{m.Needed, m.OnHand, m.ToBuy}
	}
	want := map[string][3]string{"Round Tin": {"8", "0", "8"}, "Red Ribbon": {"270", "0", "270"}, "Gift Card": {"3", "1", "2"}}
	for k, v := range want {
		if mats[k] != v {
			t.Errorf("material %s: %v, want %v", k, mats[k], v)
		}
	}
	for _, l := range p.Shopping.Lines {
		if w := map[string]string{"Bundle Flour": "1500", "Bundle Sugar": "125"}[l.IngredientName]; l.Needed != w {
			t.Errorf("shopping %s needs %s, want %s", l.IngredientName, l.Needed, w)
		}
	}

	prog := call[pdProgress](t, e.Client, "event_progress", map[string]any{"event_id": ev})
	if len(prog.Recipes) != 1 || prog.Recipes[0].PlannedBatches != "5" || prog.Recipes[0].BakedBatches != "0" {
		t.Errorf("progress recipes %+v", prog.Recipes)
	}
	needed := map[string]string{}
	for _, g := range prog.Goods {
		needed[g.Name] = g.Needed
	}
	if needed["Cookie Tin"] != "8" || needed["Gift Box"] != "3" || prog.Packages["pending"] != 3 {
		t.Errorf("progress goods %v packages %v, want 8 tins, 3 gift boxes, 3 pending", needed, prog.Packages)
	}
}

// A Snickerdoodle batch is 300 g of sugar plus one batch of Cinnamon Sugar
// (100 g sugar, 10 g cinnamon), 24 cookies. Sugar lots: 500 g at 0.002 (older)
// and 1000 g at 0.003; cinnamon 50 g at 0.1. Three batches, two burnt: sugar
// 1200 g = all 500 of the old lot (1.00) + 700 of the new (2.10), cinnamon
// 30 g (3.00) — 6.10 for 70 cookies, 0.087143 each. Two more batches need
// 800 g of sugar with 300 g left: refused, naming sugar, and nothing changes.
func TestRecordProductionConsumesNestedLinesAcrossTwoLotsAndRollsBackShortfall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sugar, cinnamon := pdIngredient(t, e, "Bake Sugar"), pdIngredient(t, e, "Bake Cinnamon")
	pdRecipe(t, e, map[string]any{"name": "Cinnamon Sugar", "lines": []any{line(sugar, 100), line(cinnamon, 10)}})
	pdRecipe(t, e, map[string]any{"name": "Snickerdoodles", "lines": []any{line(sugar, 300)},
		"components": []any{map[string]any{"recipe": "Cinnamon Sugar", "quantity": 1}},
		"yields":     []any{yield("Snickerdoodle", 24)}})
	sp := evProduct(t, e, uuid.MustParse(sugar), "Bake Sugar 1kg", "g", "1000", true)
	cp := evProduct(t, e, uuid.MustParse(cinnamon), "Bake Cinnamon 50g", "g", "50", true)
	old := pdLot(t, e, sp, "500", "0.002", "2026-01-01")
	newer := pdLot(t, e, sp, "1000", "0.003", "2026-02-01")
	cin := pdLot(t, e, cp, "50", "0.1", "2026-01-15")

	args := map[string]any{"recipe": "snickerdoodles", "batches": 3, "loss_quantity": 2, "idempotency_key": "bake-1"}
	got := call[pdProduction](t, e.Client, "record_production", args)
	if got.ExpectedYield != "72" || got.ActualYield != 70 || got.LossQuantity != 2 || got.Status != "partial_loss" ||
		got.Cost != "6.1" || !got.CostComplete || got.CostPerItem != "0.087143" || got.OnHand != 70 {
		t.Errorf("production %+v, want 70 of 72 at 6.10, 0.087143 each", got)
	}
	qty := func(lot uuid.UUID) string {
		return ptScalar[string](t, e, `SELECT quantity::text FROM pantry_items WHERE tenant_id = $1 AND id = $2`, e.ID.TenantID, lot)
	}
	if qty(old) != "0.0000" || qty(newer) != "300.0000" || qty(cin) != "20.0000" {
		t.Errorf("lots after: old %s newer %s cinnamon %s, want 0, 300, 20", qty(old), qty(newer), qty(cin))
	}
	snap := ptScalar[string](t, e, `SELECT recipe_snapshot::text FROM production_runs WHERE tenant_id = $1`, e.ID.TenantID)
	if !strings.Contains(snap, "cinnamon-sugar") || !strings.Contains(snap, `"batches": "3"`) {
		t.Errorf("snapshot %s lacks the nested line or the batches", snap)
	}
	if n := ptScalar[int64](t, e, `SELECT count(*) FROM production_consumptions WHERE tenant_id = $1`, e.ID.TenantID); n != 3 {
		t.Errorf("%d consumption rows, want 3 (two sugar lots, one cinnamon)", n)
	}
	// The same key replays the first result and takes nothing more.
	if again := call[pdProduction](t, e.Client, "record_production", args); again.RunID != got.RunID || qty(newer) != "300.0000" {
		t.Errorf("retry recorded again: %s vs %s, lot %s", again.RunID, got.RunID, qty(newer))
	}

	short := callErr(t, e.Client, "record_production", map[string]any{"recipe": "Snickerdoodles", "batches": 2})
	if short.Code != "unprocessable" || short.Field != "batches" || !strings.Contains(short.Message, "Bake Sugar: need 800 g, have 300 g") ||
		strings.Contains(short.Message, "Bake Cinnamon") {
		t.Errorf("shortfall %+v, want sugar named short and cinnamon not", short)
	}
	if qty(newer) != "300.0000" || qty(cin) != "20.0000" {
		t.Errorf("a refused bake changed the lots: %s, %s", qty(newer), qty(cin))
	}
	if n := ptScalar[int64](t, e, `SELECT count(*) FROM production_runs WHERE tenant_id = $1`, e.ID.TenantID); n != 1 {
		t.Errorf("%d production runs, want 1", n)
	}
	if n := ptScalar[int32](t, e, `SELECT inventory_count FROM finished_units WHERE tenant_id = $1`, e.ID.TenantID); n != 70 {
		t.Errorf("stock %d, want 70", n)
	}
	if e := callErr(t, e.Client, "record_production", map[string]any{"recipe": "Snickerdoodles", "batches": 0}); e.Field != "batches" {
		t.Errorf("0 batches: %+v", e)
	}
}

// After a bake of 70 cookies for 6.00 (0.085714 each): tins bought as 2 packs
// of 5 at 10.00 (2.00 a tin), ribbon 1 roll of 10 m at 4.50 (0.0045 a cm).
// A Cookie Tin is 12 cookies, a tin and 50 cm of ribbon. Five tins take 60
// cookies (5.1428), 5 tins (10.00), 250 cm (1.125): 16.2678, 3.25356 each.
// A sixth needs 12 cookies with 10 left: refused, nothing taken.
func TestRecordAssemblyConsumesUnitsAndMaterials(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sugar := pdIngredient(t, e, "Tin Sugar")
	pdRecipe(t, e, map[string]any{"name": "Tin Cookies", "lines": []any{line(sugar, 400)}, "yields": []any{yield("Tin Cookie", 24)}})
	sp := evProduct(t, e, uuid.MustParse(sugar), "Tin Sugar 2kg", "g", "2000", true)
	pdLot(t, e, sp, "2000", "0.005", "2026-01-01") // 3 batches: 1200 g = 6.00, 70 cookies
	bake := call[pdProduction](t, e.Client, "record_production", map[string]any{"recipe": "Tin Cookies", "batches": 3, "actual_yield": 70})
	if bake.CostPerItem != "0.085714" {
		t.Fatalf("bake %+v", bake)
	}
	tinBox := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Tin Box"})["id"].(string)
	ribbon := call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Tin Ribbon", "base_unit_type": "linear_cm"})["id"].(string)
	call[map[string]any](t, e.Client, "record_material_purchase", map[string]any{"material": tinBox, "packages": 2, "per_package": 5, "price_per_package": 10})
	bought := call[map[string]any](t, e.Client, "record_material_purchase", map[string]any{"material": ribbon, "packages": 1, "per_package": 10, "unit": "m", "price_per_package": "4.50"})
	if bought["units_added"] != "1000" || bought["cost_per_unit"] != "0.0045" {
		t.Errorf("ribbon purchase %v, want 1000 cm at 0.0045", bought)
	}
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Cookie Tin", "components": []any{
		map[string]any{"finished_unit": "Tin Cookie", "quantity": 12}, map[string]any{"material": tinBox, "quantity": 1},
		map[string]any{"material": ribbon, "quantity": 50}}})

	got := call[pdAssembly](t, e.Client, "record_assembly", map[string]any{"finished_good": "cookie-tin", "quantity": 5})
	if got.Cost != "16.2678" || !got.Complete || got.CostPerItem != "3.25356" || got.OnHand != 5 {
		t.Errorf("assembly %+v, want 16.2678 (3.25356 each), 5 on hand", got)
	}
	left := func(sql string) string { return ptScalar[string](t, e, sql, e.ID.TenantID) }
	if s := left(`SELECT inventory_count::text FROM finished_units WHERE tenant_id = $1`); s != "10" {
		t.Errorf("cookies left %s, want 10", s)
	}
	if s := left(`SELECT remaining_items::text FROM production_runs WHERE tenant_id = $1`); s != "10" {
		t.Errorf("run remaining %s, want 10", s)
	}
	if s := left(`SELECT string_agg(quantity_remaining::text, ',' ORDER BY quantity_remaining) FROM material_lots WHERE tenant_id = $1`); s != "5.0000,750.0000" {
		t.Errorf("material lots %s, want 5 tins and 750 cm", s)
	}

	short := callErr(t, e.Client, "record_assembly", map[string]any{"finished_good": "Cookie Tin", "quantity": 1})
	if short.Code != "unprocessable" || !strings.Contains(short.Message, "Tin Cookie: need 12, have 10") {
		t.Errorf("short assembly %+v", short)
	}
	if s := left(`SELECT string_agg(quantity_remaining::text, ',' ORDER BY quantity_remaining) FROM material_lots WHERE tenant_id = $1`); s != "5.0000,750.0000" {
		t.Errorf("a refused assembly took materials: %s", s)
	}

	// A package of one Cookie Tin costs its 12 cookies at the recipe's cost
	// per batch ÷ 24 (400 g at 0.005 = 2.00 ÷ 24 = 0.083333, × 12 = 1.0000)
	// plus a tin (2.00) and 50 cm (0.225).
	call[map[string]any](t, e.Client, "create_package", map[string]any{"name": "Tin Gift", "contents": []any{map[string]any{"finished_good": "Cookie Tin", "quantity": 1}}})
	pkg := call[struct {
		Cost struct {
			Food      string `json:"food"`
			Materials string `json:"materials"`
			Total     string `json:"total"`
			Complete  bool   `json:"complete"`
		} `json:"cost"`
	}](t, e.Client, "get_package", map[string]any{"id": "tin-gift"})
	if pkg.Cost.Food != "1" || pkg.Cost.Materials != "2.225" || pkg.Cost.Total != "3.225" || !pkg.Cost.Complete {
		t.Errorf("package cost %+v", pkg.Cost)
	}
}

// A recipient package only moves forward; a bare good is one finished unit.
func TestPackageStatusOnlyMovesForwardAndBareGoodsAreOneUnit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := pdIngredient(t, e, "Status Flour")
	pdRecipe(t, e, map[string]any{"name": "Status Bread", "lines": []any{line(flour, 500)}, "yields": []any{yield("Status Loaf", 1)}})
	if err := callErr(t, e.Client, "create_finished_good", map[string]any{"name": "Two Loaves", "assembly_type": "bare",
		"components": []any{map[string]any{"finished_unit": "Status Loaf", "quantity": 2}, map[string]any{"finished_unit": "Status Loaf", "quantity": 1}}}); err.Field != "components" {
		t.Errorf("bare with two lines: %+v", err)
	}
	if err := callErr(t, e.Client, "create_finished_good", map[string]any{"name": "Empty",
		"components": []any{map[string]any{"finished_unit": "Status Loaf", "finished_good": "x", "quantity": 1}}}); err.Field != "components[0]" {
		t.Errorf("two kinds on one line: %+v", err)
	}
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Loaf", "assembly_type": "bare",
		"components": []any{map[string]any{"finished_unit": "Status Loaf", "quantity": 1}}})
	call[map[string]any](t, e.Client, "create_package", map[string]any{"name": "Bread Basket", "contents": []any{map[string]any{"finished_good": "Loaf", "quantity": 2}}})
	ev := call[map[string]any](t, e.Client, "create_event_with_recipes", map[string]any{"event_name": "Neighbours", "event_date": "2026-12-01", "recipe_names": []any{}})["event_id"].(string)
	r := call[map[string]any](t, e.Client, "create_recipient", map[string]any{"name": "Mrs Lee", "address": "12 Elm St"})["id"].(string)
	erp := call[map[string]any](t, e.Client, "assign_package", map[string]any{"event_id": ev, "recipient": r, "package": "bread-basket"})["id"].(string)
	if got := call[map[string]any](t, e.Client, "set_package_status", map[string]any{"id": erp, "status": "delivered", "delivered_to": "neighbour"}); got["status"] != "delivered" {
		t.Errorf("deliver: %v", got)
	}
	if err := callErr(t, e.Client, "set_package_status", map[string]any{"id": erp, "status": "assembled"}); err.Code != "unprocessable" || err.Field != "status" {
		t.Errorf("back to assembled: %+v", err)
	}
	if err := callErr(t, e.Client, "set_package_status", map[string]any{"id": erp, "status": "lost"}); err.Field != "status" {
		t.Errorf("unknown status: %+v", err)
	}
}

// A Gift Box holds a Cookie Tin; making the tin hold the Gift Box would make
// each contain itself: refused, naming the loop, and the tin keeps its bill.
func TestFinishedGoodCannotContainItself(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := pdIngredient(t, e, "Loop Flour")
	pdRecipe(t, e, map[string]any{"name": "Loop Cookies", "lines": []any{line(flour, 100)}, "yields": []any{yield("Loop Cookie", 12)}})
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Cookie Tin",
		"components": []any{map[string]any{"finished_unit": "Loop Cookie", "quantity": 6}}})
	call[map[string]any](t, e.Client, "create_finished_good", map[string]any{"name": "Gift Box",
		"components": []any{map[string]any{"finished_good": "Cookie Tin", "quantity": 2}}})
	err := callErr(t, e.Client, "update_finished_good", map[string]any{"id": "cookie-tin",
		"components": []any{map[string]any{"finished_unit": "Loop Cookie", "quantity": 6}, map[string]any{"finished_good": "gift-box", "quantity": 1}}})
	if err.Code != "unprocessable" || err.Field != "components" || !strings.Contains(err.Message, "Cookie Tin → Gift Box → Cookie Tin") {
		t.Errorf("cycle: %+v", err)
	}
	self := callErr(t, e.Client, "update_finished_good", map[string]any{"id": "cookie-tin",
		"components": []any{map[string]any{"finished_good": "cookie-tin", "quantity": 1}}})
	if self.Code != "unprocessable" {
		t.Errorf("self: %+v", self)
	}
	goods := call[struct {
		FinishedGoods []struct {
			Slug       string `json:"slug"`
			Components []struct {
				Kind string `json:"kind"`
			} `json:"components"`
		} `json:"finished_goods"`
	}](t, e.Client, "list_finished_goods", map[string]any{})
	for _, g := range goods.FinishedGoods {
		if g.Slug == "cookie-tin" && (len(g.Components) != 1 || g.Components[0].Kind != "finished_unit") {
			t.Errorf("the refused update changed the tin: %+v", g.Components)
		}
	}
	// A change that closes no loop goes through.
	ok := call[map[string]any](t, e.Client, "update_finished_good", map[string]any{"id": "cookie-tin",
		"components": []any{map[string]any{"finished_unit": "Loop Cookie", "quantity": 8}}})
	if len(ok["components"].([]any)) != 1 {
		t.Errorf("update: %v", ok)
	}
}
