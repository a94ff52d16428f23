package tools_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Results of the pantry tools as a client decodes them.
type (
	ptLots struct {
		Items []struct {
			ID                string  `json:"id"`
			ProductID         string  `json:"product_id"`
			ProductName       string  `json:"product_name"`
			Brand             string  `json:"brand"`
			IngredientID      string  `json:"ingredient_id"`
			IngredientName    string  `json:"ingredient_name"`
			Quantity          string  `json:"quantity"`
			InitialQuantity   string  `json:"initial_quantity"`
			Unit              string  `json:"unit"`
			PercentRemaining  string  `json:"percent_remaining"`
			UnitCost          *string `json:"unit_cost"`
			PurchaseDate      string  `json:"purchase_date"`
			DaysSincePurchase int     `json:"days_since_purchase"`
		} `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	ptStock struct {
		Ingredient struct{ ID, Slug, Name string }
		Unit       string `json:"unit"`
		OnHand     string `json:"on_hand"`
		Lots       []struct {
			PantryItemID string `json:"pantry_item_id"`
			InUnit       string `json:"quantity_in_unit"`
		} `json:"lots"`
		Unconvertible []struct {
			LotID  string `json:"lot_id"`
			Unit   string `json:"unit"`
			Reason string `json:"reason"`
		} `json:"unconvertible"`
	}
	ptAdjusted struct {
		Success        bool   `json:"success"`
		PantryItemID   string `json:"pantry_item_id"`
		NewQuantity    string `json:"new_quantity"`
		NewUnit        string `json:"new_unit"`
		Message        string `json:"message"`
		AdjustmentID   string `json:"adjustment_id"`
		QuantityChange string `json:"quantity_change"`
		Cost           *string
	}
	ptUsage struct {
		Consumed  string `json:"consumed"`
		Shortfall string `json:"shortfall"`
		Unit      string `json:"unit"`
		Cost      string `json:"cost"`
		CostKnown bool   `json:"cost_known"`
		Takes     []struct {
			PantryItemID string  `json:"pantry_item_id"`
			Taken        string  `json:"taken"`
			Unit         string  `json:"unit"`
			Remaining    string  `json:"remaining"`
			Cost         *string `json:"cost"`
		} `json:"takes"`
	}
)

// ptLotQty reads a lot's quantity as text.
func ptLotQty(t *testing.T, e env, lot string) string {
	t.Helper()
	return ptScalar[string](t, e, `SELECT quantity::text FROM pantry_items WHERE tenant_id = $1 AND id = $2::uuid`, e.ID.TenantID, lot)
}

func TestListPantry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := ptIngredient(t, e, "All-Purpose Flour", "", "")
	ptProduct(t, e, flour, "Gold Medal", "5", "lb", "bag", "")
	sugar := ptIngredient(t, e, "Granulated Sugar", "", "")
	ptProduct(t, e, sugar, "Domino", "4", "lb", "bag", "")
	younger := ptBuy(t, e, "all-purpose flour", 1, "bag", "4.50", "Costco", "2026-10-02")
	older := ptBuy(t, e, "all-purpose flour", 2, "bag", "9", "Costco", "2026-10-01")
	sweet := ptBuy(t, e, "granulated sugar", 1, "bag", "3.20", "Costco", "2026-09-15")

	// FIFO: oldest purchase first, a purchase's packages in order.
	all := call[ptLots](t, e.Client, "list_pantry", map[string]any{})
	var ids []string
	for _, it := range all.Items {
		ids = append(ids, it.ID)
	}
	want := []string{sweet.PantryItemIDs[0], older.PantryItemIDs[0], older.PantryItemIDs[1], younger.PantryItemIDs[0]}
	if strings.Join(ids, ",") != strings.Join(want, ",") || all.NextCursor != "" {
		t.Fatalf("list_pantry ids %v, want %v", ids, want)
	}
	it := all.Items[1]
	days := int(time.Now().UTC().Truncate(24*time.Hour).Sub(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	if it.ProductName != "Gold Medal All-Purpose Flour" || it.Brand != "Gold Medal" || it.IngredientID != flour.String() ||
		it.IngredientName != "All-Purpose Flour" || it.Quantity != "5" || it.InitialQuantity != "5" || it.Unit != "lb" ||
		it.PercentRemaining != "100" || it.UnitCost == nil || *it.UnitCost != "0.9" || it.PurchaseDate != "2026-10-01" ||
		it.DaysSincePurchase != days {
		t.Fatalf("lot = %+v", it)
	}

	// One ingredient, two per page.
	page := call[ptLots](t, e.Client, "list_pantry", map[string]any{"ingredient": "all_purpose_flour", "limit": 2})
	if len(page.Items) != 2 || page.Items[0].ID != older.PantryItemIDs[0] || page.NextCursor == "" {
		t.Fatalf("page 1 = %+v", page)
	}
	page = call[ptLots](t, e.Client, "list_pantry", map[string]any{"ingredient": flour.String(), "limit": 2, "cursor": page.NextCursor})
	if len(page.Items) != 1 || page.Items[0].ID != younger.PantryItemIDs[0] || page.NextCursor != "" {
		t.Fatalf("page 2 = %+v", page)
	}

	// An emptied lot is listed only on request.
	call[ptAdjusted](t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": sweet.PantryItemIDs[0], "percentage_remaining": 0})
	if got := call[ptLots](t, e.Client, "list_pantry", map[string]any{"ingredient": "Granulated Sugar"}); len(got.Items) != 0 {
		t.Fatalf("empty lot listed: %+v", got)
	}
	got := call[ptLots](t, e.Client, "list_pantry", map[string]any{"ingredient": "Granulated Sugar", "include_empty": true})
	if len(got.Items) != 1 || got.Items[0].Quantity != "0" || got.Items[0].PercentRemaining != "0" {
		t.Fatalf("include_empty = %+v", got)
	}

	other := newEnv(t)
	ptWantErr(t, callErr(t, other.Client, "list_pantry", map[string]any{"ingredient": flour.String()}), "not_found", "ingredient", "ingredient")
	ptWantErr(t, callErr(t, e.Client, "list_pantry", map[string]any{"ingredient": "all purpose flor"}), "not_found", "ingredient", `did you mean "All-Purpose Flour"`)
	ptWantErr(t, callErr(t, e.Client, "list_pantry", map[string]any{"cursor": "bm9wZQ"}), "invalid_argument", "cursor", "next_cursor")
	ptWantErr(t, callErr(t, e.Client, "list_pantry", map[string]any{"limit": -1}), "invalid_argument", "limit", "between 1 and 500")
}

func TestGetStock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// 1 cup of flour weighs 4.25 oz.
	flour := ptIngredient(t, e, "All-Purpose Flour", "g", "1 cup 4.25 oz")
	ptProduct(t, e, flour, "Gold Medal", "5", "lb", "bag", "")
	ptProduct(t, e, flour, "Sample", "10", "count", "packet", "")
	bag := ptBuy(t, e, "Gold Medal All-Purpose Flour", 1, "bag", 5, "", "2026-10-01")
	packets := ptBuy(t, e, "Sample All-Purpose Flour", 1, "packet", 0, "", "2026-10-02")
	cake := ptIngredient(t, e, "Cake Flour", "", "")
	ptProduct(t, e, cake, "Swans Down", "2", "lb", "box", "")
	box := ptBuy(t, e, "cake flour", 1, "box", 4, "", "2026-10-03")

	// 5 lb = 80 oz = 80 / 4.25 cups = 18.8235 cups; the packets cannot be cups.
	got := call[ptStock](t, e.Client, "get_stock", map[string]any{"ingredient": "all-purpose flour", "unit": "cups"})
	if got.Ingredient.ID != flour.String() || got.Unit != "cup" || got.OnHand != "18.8235" || len(got.Lots) != 1 ||
		got.Lots[0].PantryItemID != bag.PantryItemIDs[0] || got.Lots[0].InUnit != "18.8235" {
		t.Fatalf("get_stock cups = %+v", got)
	}
	if len(got.Unconvertible) != 1 || got.Unconvertible[0].LotID != packets.PantryItemIDs[0] || got.Unconvertible[0].Unit != "count" ||
		!strings.Contains(got.Unconvertible[0].Reason, "count units never convert") {
		t.Fatalf("unconvertible = %+v", got.Unconvertible)
	}
	// The default unit is the ingredient's: 5 lb = 2267.96 g.
	if got = call[ptStock](t, e.Client, "get_stock", map[string]any{"ingredient": flour.String()}); got.Unit != "g" || got.OnHand != "2267.96" {
		t.Fatalf("get_stock default = %+v", got)
	}

	// Without a density, cups of cake flour cannot be known: the lot is
	// reported, not an error. Its own unit works; so does the default (the
	// oldest lot's unit).
	got = call[ptStock](t, e.Client, "get_stock", map[string]any{"ingredient": "Cake Flour", "unit": "cup"})
	if got.OnHand != "0" || len(got.Lots) != 0 || len(got.Unconvertible) != 1 || got.Unconvertible[0].LotID != box.PantryItemIDs[0] ||
		!strings.Contains(got.Unconvertible[0].Reason, "lb to cup needs the ingredient's density") {
		t.Fatalf("get_stock no density = %+v", got)
	}
	if got = call[ptStock](t, e.Client, "get_stock", map[string]any{"ingredient": "cake_flour", "unit": "oz"}); got.OnHand != "32" {
		t.Fatalf("get_stock oz = %+v", got)
	}
	if got = call[ptStock](t, e.Client, "get_stock", map[string]any{"ingredient": "cake flour"}); got.Unit != "lb" || got.OnHand != "2" {
		t.Fatalf("get_stock default unit = %+v", got)
	}

	other := newEnv(t)
	ptWantErr(t, callErr(t, other.Client, "get_stock", map[string]any{"ingredient": flour.String()}), "not_found", "ingredient", flour.String())
	ptWantErr(t, callErr(t, e.Client, "get_stock", map[string]any{"ingredient": "flour", "unit": "handful"}), "invalid_argument", "unit", "handful")
	ptWantErr(t, callErr(t, e.Client, "get_stock", map[string]any{"ingredient": uuid.NewString()}), "not_found", "ingredient", "not found")
}

func TestAdjustInventory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := ptIngredient(t, e, "Bread Flour", "", "")
	ptProduct(t, e, flour, "Costco", "25", "lb", "bag", "")
	lot := ptBuy(t, e, "bread flour", 1, "bag", 10, "Costco", "2026-10-01").PantryItemIDs[0]
	call[ptUsage](t, e.Client, "record_usage", map[string]any{"ingredient": "bread flour", "quantity": 7, "unit": "lb"})
	if q := ptLotQty(t, e, lot); q != "18.0000" {
		t.Fatalf("lot holds %s, want 18", q)
	}

	// 30 % of the 25 lb bag is 7.5 lb: 10.5 lb used (at $0.40 per lb).
	got := call[ptAdjusted](t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 30,
		"photo_evidence_url": "https://example.test/bag.jpg", "idempotency_key": "look-1"})
	if !got.Success || got.PantryItemID != lot || got.NewQuantity != "7.5" || got.NewUnit != "lb" || got.QuantityChange != "-10.5" ||
		got.AdjustmentID == "" || got.Cost == nil || *got.Cost != "4.2" {
		t.Fatalf("adjust_inventory = %+v", got)
	}
	row := ptScalar[string](t, e, `SELECT concat_ws('|', reason, quantity_change, quantity_after, percentage_remaining, cost, photo_evidence_url, created_by = $2)
		FROM inventory_adjustments WHERE tenant_id = $1 AND id = $3::uuid`, e.ID.TenantID, e.ID.UserID, got.AdjustmentID)
	if row != "correction|-10.5000|7.5000|30.0000|4.2000|https://example.test/bag.jpg|t" {
		t.Fatalf("adjustment row = %s", row)
	}
	// A retry with the key logs nothing more.
	again := call[ptAdjusted](t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 30,
		"photo_evidence_url": "https://example.test/bag.jpg", "idempotency_key": "look-1"})
	if again.AdjustmentID != got.AdjustmentID || ptCount(t, e, "inventory_adjustments") != 2 {
		t.Fatalf("retry = %+v, %d adjustments", again, ptCount(t, e, "inventory_adjustments"))
	}

	// Raising a lot is refused unless it is a correction.
	ptWantErr(t, callErr(t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": "90"}),
		"unprocessable", "percentage_remaining", "correction=true")
	if q := ptLotQty(t, e, lot); q != "7.5000" {
		t.Fatalf("refused increase changed the lot to %s", q)
	}
	got = call[ptAdjusted](t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": "90", "correction": true})
	if got.NewQuantity != "22.5" || got.QuantityChange != "15" {
		t.Fatalf("correction = %+v", got)
	}
	if r := ptScalar[string](t, e, `SELECT reason FROM inventory_adjustments WHERE tenant_id = $1 AND id = $2::uuid`, e.ID.TenantID, got.AdjustmentID); r != "correction" {
		t.Fatalf("reason %s, want correction", r)
	}

	// No change: success, no row.
	got = call[ptAdjusted](t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 90})
	if !got.Success || got.AdjustmentID != "" || got.QuantityChange != "0" || !strings.Contains(got.Message, "nothing changed") {
		t.Fatalf("no-op = %+v", got)
	}
	// 0 % empties the lot.
	got = call[ptAdjusted](t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 0})
	if got.NewQuantity != "0" || got.QuantityChange != "-22.5" || ptLotQty(t, e, lot) != "0.0000" {
		t.Fatalf("empty = %+v", got)
	}
	if n := ptCount(t, e, "inventory_adjustments"); n != 4 {
		t.Fatalf("%d adjustments, want 4 (usage, 30 %%, correction, empty)", n)
	}

	other := newEnv(t)
	ptWantErr(t, callErr(t, other.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 10}), "not_found", "pantry_item_id", lot)
	ptWantErr(t, callErr(t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": uuid.NewString(), "percentage_remaining": 10}), "not_found", "pantry_item_id", "not found")
	ptWantErr(t, callErr(t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": "lot-1", "percentage_remaining": 10}), "invalid_argument", "pantry_item_id", "UUID")
	ptWantErr(t, callErr(t, e.Client, "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": "100.5"}), "invalid_argument", "percentage_remaining", "between 0 and 100")
}

func TestRecordUsage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	butter := ptIngredient(t, e, "Unsalted Butter", "", "")
	pound := ptProduct(t, e, butter, "Land O Lakes", "1", "lb", "box", "")
	first := ptBuy(t, e, "unsalted butter", 1, "box", 4, "Shaws", "2026-10-01").PantryItemIDs[0]
	second := ptBuy(t, e, "unsalted butter", 1, "box", 5, "Shaws", "2026-10-05").PantryItemIDs[0]

	// 24 oz: the older pound whole ($4), then half of the newer ($2.50).
	got := call[ptUsage](t, e.Client, "record_usage", map[string]any{"ingredient": "Unsalted Butter", "quantity": 24, "unit": "oz",
		"reason": "production", "notes": "shortbread", "idempotency_key": "bake-1"})
	if got.Consumed != "24" || got.Shortfall != "0" || got.Unit != "oz" || got.Cost != "6.5" || !got.CostKnown || len(got.Takes) != 2 {
		t.Fatalf("record_usage = %+v", got)
	}
	t0, t1 := got.Takes[0], got.Takes[1]
	if t0.PantryItemID != first || t0.Taken != "1" || t0.Unit != "lb" || t0.Remaining != "0" || *t0.Cost != "4" ||
		t1.PantryItemID != second || t1.Taken != "0.5" || t1.Remaining != "0.5" || *t1.Cost != "2.5" {
		t.Fatalf("takes = %+v", got.Takes)
	}
	rows := ptScalar[string](t, e, `SELECT string_agg(concat_ws(' ', reason, quantity_change, quantity_after, cost, notes), ', ' ORDER BY quantity_change)
		FROM inventory_adjustments WHERE tenant_id = $1`, e.ID.TenantID)
	if rows != "production -1.0000 0.0000 4.0000 shortbread, production -0.5000 0.5000 2.5000 shortbread" {
		t.Fatalf("adjustments = %s", rows)
	}
	call[ptUsage](t, e.Client, "record_usage", map[string]any{"ingredient": "Unsalted Butter", "quantity": 24, "unit": "oz",
		"reason": "production", "notes": "shortbread", "idempotency_key": "bake-1"})
	if n := ptCount(t, e, "inventory_adjustments"); n != 2 || ptLotQty(t, e, second) != "0.5000" {
		t.Fatalf("retry wrote again: %d adjustments", n)
	}

	// Older stock of unknown cost (loaded without a purchase) goes first.
	ptExec(t, e, `INSERT INTO pantry_items (tenant_id, product_id, initial_quantity, quantity, purchase_date, source)
		VALUES ($1, $2, 0.25, 0.25, '2026-09-01', 'initial')`, e.ID.TenantID, pound)
	got = call[ptUsage](t, e.Client, "record_usage", map[string]any{"ingredient": butter.String(), "quantity": 8, "unit": "oz"})
	if got.Consumed != "8" || got.Cost != "1.25" || got.CostKnown || len(got.Takes) != 2 || got.Takes[0].Cost != nil ||
		got.Takes[0].Taken != "0.25" || got.Takes[1].PantryItemID != second || got.Takes[1].Remaining != "0.25" {
		t.Fatalf("unknown cost usage = %+v", got)
	}

	// Short: refused with what is on hand, nothing written.
	before := ptCount(t, e, "inventory_adjustments")
	ptWantErr(t, callErr(t, e.Client, "record_usage", map[string]any{"ingredient": "unsalted butter", "quantity": 1, "unit": "lb"}),
		"unprocessable", "quantity", "only 0.25 lb of Unsalted Butter on hand")
	if ptCount(t, e, "inventory_adjustments") != before || ptLotQty(t, e, second) != "0.2500" {
		t.Fatal("a refused usage wrote something")
	}

	for _, c := range []struct {
		args            map[string]any
		code, field, in string
	}{
		{map[string]any{"ingredient": "unsalted butter", "quantity": 1, "unit": "oz", "reason": "other"}, "invalid_argument", "notes", "other"},
		{map[string]any{"ingredient": "unsalted butter", "quantity": 1, "unit": "oz", "reason": "eaten"}, "invalid_argument", "reason", "eaten"},
		{map[string]any{"ingredient": "unsalted butter", "quantity": 0, "unit": "oz"}, "invalid_argument", "quantity", "greater than 0"},
		{map[string]any{"ingredient": "unsalted butter", "quantity": 1, "unit": "knob"}, "invalid_argument", "unit", "knob"},
		{map[string]any{"ingredient": "margarine", "quantity": 1, "unit": "oz"}, "not_found", "ingredient", "margarine"},
	} {
		ptWantErr(t, callErr(t, e.Client, "record_usage", c.args), c.code, c.field, c.in)
	}
	other := newEnv(t)
	ptWantErr(t, callErr(t, other.Client, "record_usage", map[string]any{"ingredient": butter.String(), "quantity": 1, "unit": "oz"}),
		"not_found", "ingredient", butter.String())
}

func TestRecordUsageDensity(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// 1 cup of sugar weighs 200 g; a 4 lb bag at $3.60 is $0.90 per lb.
	sugar := ptIngredient(t, e, "Granulated Sugar", "", "1 cup 200 g")
	ptProduct(t, e, sugar, "Domino", "4", "lb", "bag", "")
	lot := ptBuy(t, e, "granulated sugar", 1, "bag", "3.60", "", "2026-10-01").PantryItemIDs[0]

	// 2 cups = 400 g = 0.8818 lb (4 places), cost 0.8818 × 0.9 = 0.7936.
	got := call[ptUsage](t, e.Client, "record_usage", map[string]any{"ingredient": "granulated sugar", "quantity": 2, "unit": "cup"})
	if got.Consumed != "2" || len(got.Takes) != 1 || got.Takes[0].Taken != "0.8818" || got.Takes[0].Remaining != "3.1182" ||
		got.Cost != "0.7936" || !got.CostKnown {
		t.Fatalf("record_usage = %+v", got)
	}
	if q := ptLotQty(t, e, lot); q != "3.1182" {
		t.Fatalf("lot holds %s", q)
	}
}
