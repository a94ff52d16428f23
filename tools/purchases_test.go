package tools_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/barcode"
	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/tools"
)

// Fixtures for the pantry tests: catalogue rows written straight into e's
// tenant as the request role (the catalogue tools are tested elsewhere).

func ptExec(t *testing.T, e env, sql string, args ...any) {
	t.Helper()
	err := dbtest.Store(t).InTenantTx(t.Context(), e.ID.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(t.Context(), sql, args...)
		return err
	})
	if err != nil {
		t.Fatalf("fixture %q: %v", sql, err)
	}
}

// ptScalar reads one value in e's tenant.
func ptScalar[T any](t *testing.T, e env, sql string, args ...any) T {
	t.Helper()
	var v T
	err := dbtest.Store(t).InTenantTx(t.Context(), e.ID.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), sql, args...).Scan(&v)
	})
	if err != nil {
		t.Fatalf("query %q: %v", sql, err)
	}
	return v
}

// ptIngredient creates a leaf ingredient; density is "" or four
// space-separated fields such as "1 cup 4.25 oz".
func ptIngredient(t *testing.T, e env, name, defaultUnit, density string) uuid.UUID {
	t.Helper()
	var dv, du, wv, wu *string
	if density != "" {
		f := strings.Fields(density)
		if len(f) != 4 {
			t.Fatalf("density %q: want four fields", density)
		}
		dv, du, wv, wu = &f[0], &f[1], &f[2], &f[3]
	}
	var unit *string
	if defaultUnit != "" {
		unit = &defaultUnit
	}
	return ptScalar[uuid.UUID](t, e, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key, hierarchy_level,
		default_unit, density_volume_value, density_volume_unit, density_weight_value, density_weight_unit)
		VALUES ($1, $2, $3, $4, 2, $5, $6::numeric, $7, $8::numeric, $9) RETURNING id`,
		e.ID.TenantID, tools.Slug(name, '_'), name, tools.NameKey(name), unit, dv, du, wv, wu)
}

// ptProduct creates a product of ingredient ing: brand, a package of qty
// unit, and an optional GTIN-14.
func ptProduct(t *testing.T, e env, ing uuid.UUID, brand, qty, unit, packageType, gtin14 string) uuid.UUID {
	t.Helper()
	var g *string
	if gtin14 != "" {
		g = &gtin14
	}
	name := ptScalar[string](t, e, `SELECT display_name FROM ingredients WHERE tenant_id = $1 AND id = $2`, e.ID.TenantID, ing)
	return ptScalar[uuid.UUID](t, e, `INSERT INTO products (tenant_id, ingredient_id, slug, brand, name_key,
		package_unit, package_unit_quantity, package_type, gtin14)
		VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9) RETURNING id`,
		e.ID.TenantID, ing, fmt.Sprintf("%s:%s:%s:%s", tools.Slug(name, '_'), tools.Slug(brand, '_'), qty, unit),
		brand, tools.NameKey(brand+" "+name), unit, qty, packageType, g)
}

func ptCount(t *testing.T, e env, table string) int {
	t.Helper()
	return ptScalar[int](t, e, "SELECT count(*)::int FROM "+table+" WHERE tenant_id = $1", e.ID.TenantID)
}

func ptWantErr(t *testing.T, got tools.Error, code, field, contains string) {
	t.Helper()
	if got.Code != code || got.Field != field || !strings.Contains(got.Message, contains) {
		t.Fatalf("error %s/%s %q, want %s/%s containing %q", got.Code, got.Field, got.Message, code, field, contains)
	}
}

// Results as a client decodes them: decimals are strings on the wire.
type (
	ptPurchase struct {
		Success       bool     `json:"success"`
		PurchaseID    string   `json:"purchase_id"`
		PantryItemIDs []string `json:"pantry_item_ids"`
		Message       string   `json:"message"`
		Product       struct {
			ID            string `json:"id"`
			Name          string `json:"name"`
			IsProvisional bool   `json:"is_provisional"`
		} `json:"product"`
		MatchedBy    string `json:"matched_by"`
		Packages     string `json:"packages"`
		UnitPrice    string `json:"unit_price"`
		UnitCost     string `json:"unit_cost"`
		PackageUnit  string `json:"package_unit"`
		Supplier     string `json:"supplier"`
		PurchaseDate string `json:"purchase_date"`
	}
	ptPurchases struct {
		Purchases []struct {
			ID           string `json:"id"`
			PurchaseDate string `json:"purchase_date"`
			Product      struct{ ID, Name string }
			Supplier     struct{ ID, Name string }
			Packages     string  `json:"packages"`
			UnitPrice    *string `json:"unit_price"`
			Total        *string `json:"total"`
		} `json:"purchases"`
		NextCursor string `json:"next_cursor"`
	}
)

// ptBuy records a purchase and returns its result.
func ptBuy(t *testing.T, e env, item string, qty any, unit string, price any, store, date string) ptPurchase {
	t.Helper()
	return call[ptPurchase](t, e.Client, "add_purchase", map[string]any{
		"item_name": item, "quantity": qty, "unit": unit, "price": price, "store": store, "purchase_date": date,
	})
}

func TestAddPurchasePartialPackage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := ptIngredient(t, e, "All-Purpose Flour", "", "")
	bag := ptProduct(t, e, flour, "Gold Medal", "5", "lb", "bag", "")

	// 2 lb of flour sold in 5 lb bags for $10: 0.4 of a bag, one partial lot.
	got := ptBuy(t, e, "all-purpose flour", 2, "lb", 10, "Costco", "2026-11-01")
	if !got.Success || got.MatchedBy != "ingredient" || got.Product.ID != bag.String() || got.Product.Name != "Gold Medal All-Purpose Flour" ||
		got.Product.IsProvisional || got.Packages != "0.4" || got.UnitPrice != "25" || got.UnitCost != "5" ||
		got.PackageUnit != "lb" || got.Supplier != "Costco" || got.PurchaseDate != "2026-11-01" || len(got.PantryItemIDs) != 1 {
		t.Fatalf("add_purchase = %+v", got)
	}
	lot := ptScalar[string](t, e, `SELECT concat_ws('|', quantity, initial_quantity, unit_cost, purchase_date, source, ordinal, purchase_id = $2::uuid)
		FROM pantry_items WHERE tenant_id = $1 AND id = $3::uuid`, e.ID.TenantID, got.PurchaseID, got.PantryItemIDs[0])
	if lot != "2.0000|2.0000|5.000000|2026-11-01|purchase|0|t" {
		t.Fatalf("lot = %s", lot)
	}
	pur := ptScalar[string](t, e, `SELECT concat_ws('|', quantity_purchased, unit_price, created_by = $2) FROM purchases WHERE tenant_id = $1 AND id = $3::uuid`,
		e.ID.TenantID, e.ID.UserID, got.PurchaseID)
	if pur != "0.4000|25.0000|t" {
		t.Fatalf("purchase = %s", pur)
	}

	// 200 oz (12.5 lb) for $25: 2.5 bags → lots of 5, 5 and 2.5 lb at $2/lb.
	got = ptBuy(t, e, "All-Purpose Flour", "200", "oz", "25.00", "Costco", "2026-11-02")
	if got.Packages != "2.5" || got.UnitPrice != "10" || got.UnitCost != "2" || len(got.PantryItemIDs) != 3 {
		t.Fatalf("add_purchase = %+v", got)
	}
	lots := ptScalar[string](t, e, `SELECT string_agg(quantity::text || '@' || unit_cost::text, ' ' ORDER BY ordinal)
		FROM pantry_items WHERE tenant_id = $1 AND purchase_id = $2::uuid`, e.ID.TenantID, got.PurchaseID)
	if lots != "5.0000@2.000000 5.0000@2.000000 2.5000@2.000000" {
		t.Fatalf("lots = %s", lots)
	}
	if n := ptCount(t, e, "purchases"); n != 2 {
		t.Fatalf("%d purchases, want 2", n)
	}
}

func TestAddPurchasePackages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := ptIngredient(t, e, "Bread Flour", "", "")
	ptProduct(t, e, flour, "King Arthur", "5", "lb", "bag", "")
	sack := ptProduct(t, e, flour, "Costco", "25", "lb", "bag", "")
	ptExec(t, e, `UPDATE products SET is_preferred = true WHERE tenant_id = $1 AND id = $2`, e.ID.TenantID, sack)

	// "3 bags" for $30: three 25 lb lots (the preferred bag) at $0.40 per lb.
	got := ptBuy(t, e, "bread flour", 3, "bags", 30, "Costco", "2026-10-15")
	if got.MatchedBy != "ingredient" || got.Product.ID != sack.String() || got.Packages != "3" || got.UnitPrice != "10" ||
		got.UnitCost != "0.4" || len(got.PantryItemIDs) != 3 {
		t.Fatalf("add_purchase = %+v", got)
	}
	lots := ptScalar[string](t, e, `SELECT string_agg(quantity::text || ' ' || unit_cost::text, ',' ORDER BY ordinal)
		FROM pantry_items WHERE tenant_id = $1 AND purchase_id = $2::uuid`, e.ID.TenantID, got.PurchaseID)
	if lots != "25.0000 0.400000,25.0000 0.400000,25.0000 0.400000" {
		t.Fatalf("lots = %s", lots)
	}
	for _, want := range []string{"3 bags", "Costco", "30.00", "3 packages of 25 lb", "0.4 per lb", "3 pantry lots"} {
		if !strings.Contains(got.Message, want) {
			t.Errorf("message %q lacks %q", got.Message, want)
		}
	}

	// 10 lb fills two 5 lb bags exactly: that product wins over 0.4 sacks.
	got = ptBuy(t, e, "bread flour", 10, "lb", "12", "Costco", "2026-10-16")
	if got.Product.Name != "King Arthur Bread Flour" || got.Packages != "2" || got.UnitPrice != "6" || got.UnitCost != "1.2" {
		t.Fatalf("add_purchase = %+v", got)
	}

	// Free flour: price 0 gives cost 0, not an error.
	got = ptBuy(t, e, "bread flour", 1, "each", 0, "", "2026-10-17")
	if got.UnitPrice != "0" || got.UnitCost != "0" || got.Supplier != "Unknown" {
		t.Fatalf("add_purchase = %+v", got)
	}
}

func TestAddPurchaseProvisional(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	got := ptBuy(t, e, "Saffron threads", 2, "g", "12.50", "", "2026-11-03")
	if got.MatchedBy != "created" || !got.Product.IsProvisional || got.Product.Name != "Saffron threads" ||
		got.Packages != "1" || got.UnitPrice != "12.5" || got.UnitCost != "6.25" || got.Supplier != "Unknown" {
		t.Fatalf("add_purchase = %+v", got)
	}
	for _, want := range []string{"created provisional product", "flagged for review"} {
		if !strings.Contains(got.Message, want) {
			t.Errorf("message %q lacks %q", got.Message, want)
		}
	}
	review := ptScalar[string](t, e, `SELECT concat_ws('|', i.slug, i.needs_review, i.hierarchy_level, p.needs_review, p.package_unit, p.package_unit_quantity)
		FROM products p JOIN ingredients i ON i.tenant_id = p.tenant_id AND i.id = p.ingredient_id
		WHERE p.tenant_id = $1 AND p.id = $2::uuid`, e.ID.TenantID, got.Product.ID)
	if review != "saffron_threads|t|2|t|g|2.0000" {
		t.Fatalf("created ingredient|product = %s", review)
	}

	// The next purchase finds the product it created.
	again := ptBuy(t, e, "saffron threads", 1, "each", 7, "", "2026-11-04")
	if again.MatchedBy != "product" || again.Product.ID != got.Product.ID || again.UnitCost != "3.5" {
		t.Fatalf("second add_purchase = %+v", again)
	}
	if n := ptCount(t, e, "products"); n != 1 {
		t.Fatalf("%d products, want 1", n)
	}

	// A package word for an unknown item: the package is counted.
	jar := ptBuy(t, e, "Lingonberry jam", 2, "jars", 9, "IKEA", "2026-11-04")
	if jar.MatchedBy != "created" || jar.PackageUnit != "count" || jar.Packages != "2" || jar.UnitPrice != "4.5" || len(jar.PantryItemIDs) != 2 {
		t.Fatalf("add_purchase = %+v", jar)
	}
}

func TestAddPurchaseMatching(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sugar := ptIngredient(t, e, "Granulated Sugar", "", "")
	ptProduct(t, e, sugar, "Domino", "4", "lb", "bag", "")
	butter := ptIngredient(t, e, "Unsalted Butter", "", "")
	upc := "01234567890"
	upc += fmt.Sprint(barcode.CheckDigit(upc))
	g14, _, _ := barcode.Normalize(upc)
	kerry := ptProduct(t, e, butter, "Kerrygold", "8", "oz", "", g14)
	flour := ptIngredient(t, e, "All-Purpose Flour", "", "")
	ptProduct(t, e, flour, "Gold Medal", "5", "lb", "bag", "")
	ptExec(t, e, `INSERT INTO ingredient_aliases (tenant_id, ingredient_id, alias, alias_key) VALUES ($1, $2, 'AP flour', 'ap flour')`, e.ID.TenantID, flour)
	eggs := ptIngredient(t, e, "Eggs", "", "")
	ptProduct(t, e, eggs, "Pete and Gerry's", "12", "count", "carton", "")

	// The barcode wins over a name that means nothing.
	got := call[ptPurchase](t, e.Client, "add_purchase", map[string]any{
		"item_name": "gold foil butter", "quantity": 2, "unit": "each", "price": "7.98", "store": "Wegmans", "gtin": upc,
		"purchase_date": "2026-11-05",
	})
	if got.MatchedBy != "gtin" || got.Product.ID != kerry.String() || got.Packages != "2" || got.UnitPrice != "3.99" || got.UnitCost != "0.49875" {
		t.Fatalf("gtin purchase = %+v", got)
	}
	if got = ptBuy(t, e, "AP Flour", 5, "lb", 4, "Wegmans", "2026-11-05"); got.MatchedBy != "alias" || got.Packages != "1" {
		t.Fatalf("alias purchase = %+v", got)
	}
	got = ptBuy(t, e, "granulated suger", 4, "lb", 3, "Wegmans", "2026-11-05")
	if got.MatchedBy != "similar" || got.Product.Name != "Domino Granulated Sugar" || !strings.Contains(got.Message, "by similarity 0.") {
		t.Fatalf("similar purchase = %+v", got)
	}
	// Eggs come in cartons counted in eggs; a weight fits no product, so a
	// provisional one is made for the ingredient.
	got = ptBuy(t, e, "eggs", "1.5", "lb", 6, "Wegmans", "2026-11-05")
	if got.MatchedBy != "ingredient" || !got.Product.IsProvisional || got.PackageUnit != "lb" || got.Packages != "1" ||
		!strings.Contains(got.Message, "flagged for review") {
		t.Fatalf("eggs purchase = %+v", got)
	}
}

func TestAddPurchaseBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	butter := ptIngredient(t, e, "Butter", "", "")
	ptProduct(t, e, butter, "Plugra", "1", "lb", "", "")
	base := func(k string, v any) map[string]any {
		a := map[string]any{"item_name": "Plugra butter", "quantity": 1, "unit": "lb", "price": 5, "store": "Shaws"}
		a[k] = v
		return a
	}
	for _, c := range []struct {
		args            map[string]any
		code, field, in string
	}{
		{base("unit", "smidgen"), "invalid_argument", "unit", `"smidgen"`},
		{base("unit", "cup"), "unprocessable", "unit", "cup to lb needs the ingredient's density"},
		{base("quantity", 0), "invalid_argument", "quantity", "greater than 0"},
		{base("quantity", "-2"), "invalid_argument", "quantity", "greater than 0"},
		{base("price", "-1"), "invalid_argument", "price", "0 or more"},
		{base("item_name", "  "), "invalid_argument", "item_name", "say what was bought"},
		{base("purchase_date", "yesterday"), "invalid_argument", "purchase_date", "YYYY-MM-DD"},
		{base("purchase_date", "2999-01-01"), "invalid_argument", "purchase_date", "future"},
		{base("gtin", "12345"), "invalid_argument", "gtin", "length 5"},
		{base("quantity", 100000), "invalid_argument", "quantity", "at most 500"},
		{base("quantity", "1000000000000000000000"), "invalid_argument", "quantity", "out of range"},
		{base("price", "500000000"), "invalid_argument", "price", "per package"},
	} {
		ptWantErr(t, callErr(t, e.Client, "add_purchase", c.args), c.code, c.field, c.in)
	}
	if n := ptCount(t, e, "purchases") + ptCount(t, e, "pantry_items"); n != 0 {
		t.Fatalf("bad input wrote %d rows", n)
	}
}

func TestAddPurchaseIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flour := ptIngredient(t, e, "Rye Flour", "", "")
	ptProduct(t, e, flour, "Bob's Red Mill", "2", "lb", "bag", "")
	args := map[string]any{"item_name": "rye flour", "quantity": 2, "unit": "bag", "price": "9.50", "store": "Whole Foods",
		"purchase_date": "2026-11-06", "idempotency_key": "receipt-17-line-3"}

	first := call[ptPurchase](t, e.Client, "add_purchase", args)
	again := call[ptPurchase](t, e.Client, "add_purchase", args)
	if again.PurchaseID != first.PurchaseID || strings.Join(again.PantryItemIDs, ",") != strings.Join(first.PantryItemIDs, ",") ||
		again.Message != first.Message || again.UnitCost != first.UnitCost {
		t.Fatalf("retry = %+v, want %+v", again, first)
	}
	if p, l := ptCount(t, e, "purchases"), ptCount(t, e, "pantry_items"); p != 1 || l != 2 {
		t.Fatalf("%d purchases and %d lots, want 1 and 2", p, l)
	}
	changed := map[string]any{}
	for k, v := range args {
		changed[k] = v
	}
	changed["quantity"] = 3
	ptWantErr(t, callErr(t, e.Client, "add_purchase", changed), "conflict", "idempotency_key", "different request")

	// Two concurrent calls with a new key: one purchase, the same answer.
	args["idempotency_key"] = "receipt-18-line-1"
	var wg sync.WaitGroup
	results := make([]ptPurchase, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			res, err := e.Client.CallTool(t.Context(), &mcp.CallToolParams{Name: "add_purchase", Arguments: args})
			if err == nil && res.IsError {
				err = fmt.Errorf("tool error: %s", text(res))
			}
			if err == nil {
				b, _ := json.Marshal(res.StructuredContent)
				err = json.Unmarshal(b, &results[i])
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if results[0].PurchaseID == "" || results[0].PurchaseID != results[1].PurchaseID || results[0].PurchaseID == first.PurchaseID {
		t.Fatalf("concurrent results %s and %s, want one new purchase", results[0].PurchaseID, results[1].PurchaseID)
	}
	if p, l := ptCount(t, e, "purchases"), ptCount(t, e, "pantry_items"); p != 2 || l != 4 {
		t.Fatalf("%d purchases and %d lots, want 2 and 4", p, l)
	}
}

func TestListPurchases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cocoa := ptIngredient(t, e, "Cocoa Powder", "", "")
	valrhona := ptProduct(t, e, cocoa, "Valrhona", "250", "g", "box", "")
	ptProduct(t, e, cocoa, "Hershey's", "8", "oz", "can", "")
	ptBuy(t, e, "Valrhona Cocoa Powder", 2, "box", "31", "Sur La Table", "2026-09-01")
	ptBuy(t, e, "Hershey's Cocoa Powder", 1, "can", "3.49", "", "2026-10-01")
	ptBuy(t, e, "Valrhona Cocoa Powder", 1, "box", "16", "Sur La Table", "2026-11-01")

	all := call[ptPurchases](t, e.Client, "list_purchases", map[string]any{})
	if len(all.Purchases) != 3 || all.NextCursor != "" {
		t.Fatalf("list_purchases = %+v", all)
	}
	first := all.Purchases[2]
	if all.Purchases[0].PurchaseDate != "2026-11-01" || first.PurchaseDate != "2026-09-01" || first.Product.ID != valrhona.String() ||
		first.Supplier.Name != "Sur La Table" || first.Packages != "2" || *first.UnitPrice != "15.5" || *first.Total != "31" {
		t.Fatalf("list_purchases = %+v", all)
	}
	if all.Purchases[1].Supplier.Name != "Unknown" || *all.Purchases[1].Total != "3.49" {
		t.Fatalf("second purchase = %+v", all.Purchases[1])
	}

	// Filter by product and date; page one at a time.
	page := call[ptPurchases](t, e.Client, "list_purchases", map[string]any{"product": valrhona.String(), "limit": 1})
	if len(page.Purchases) != 1 || page.Purchases[0].PurchaseDate != "2026-11-01" || page.NextCursor == "" {
		t.Fatalf("page 1 = %+v", page)
	}
	page = call[ptPurchases](t, e.Client, "list_purchases", map[string]any{"product": valrhona.String(), "limit": 1, "cursor": page.NextCursor})
	if len(page.Purchases) != 1 || page.Purchases[0].PurchaseDate != "2026-09-01" || page.NextCursor != "" {
		t.Fatalf("page 2 = %+v", page)
	}
	since := call[ptPurchases](t, e.Client, "list_purchases", map[string]any{"since": "2026-10-01"})
	if len(since.Purchases) != 2 {
		t.Fatalf("since = %+v", since)
	}

	other := newEnv(t)
	ptWantErr(t, callErr(t, other.Client, "list_purchases", map[string]any{"product": valrhona.String()}), "not_found", "product", "product")
	ptWantErr(t, callErr(t, e.Client, "list_purchases", map[string]any{"product": "Dutch cocoa"}), "not_found", "product", "Dutch cocoa")
	ptWantErr(t, callErr(t, e.Client, "list_purchases", map[string]any{"since": "last week"}), "invalid_argument", "since", "YYYY-MM-DD")
	ptWantErr(t, callErr(t, e.Client, "list_purchases", map[string]any{"cursor": "zzz"}), "invalid_argument", "cursor", "next_cursor")
	ptWantErr(t, callErr(t, e.Client, "list_purchases", map[string]any{"limit": 501}), "invalid_argument", "limit", "500")
}
