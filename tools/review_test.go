package tools_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/importer"
)

// Results of the review tools as a client decodes them.
type (
	rvReview struct {
		ID                string         `json:"id"`
		Kind              string         `json:"kind"`
		RawBarcode        string         `json:"raw_barcode"`
		GTIN14            string         `json:"gtin14"`
		SupplierName      string         `json:"supplier_name"`
		Status            string         `json:"status"`
		Summary           string         `json:"summary"`
		Payload           map[string]any `json:"payload"`
		ImportID          string         `json:"import_id"`
		ResolvedProductID string         `json:"resolved_product_id"`
	}
	rvList struct {
		Reviews    []rvReview `json:"reviews"`
		NextCursor string     `json:"next_cursor"`
	}
	rvResolved struct {
		Success       bool     `json:"success"`
		Review        rvReview `json:"review"`
		ProductID     string   `json:"product_id"`
		PurchaseID    string   `json:"purchase_id"`
		PantryItemIDs []string `json:"pantry_item_ids"`
		AdjustmentID  string   `json:"adjustment_id"`
		Message       string   `json:"message"`
	}
)

// rvImport loads a file into e's tenant through the importer.
func rvImport(t *testing.T, e env, doc string) *importer.Report {
	t.Helper()
	rep, err := importer.New(dbtest.Store(t), nil).Import(t.Context(), e.ID.TenantID, []byte(doc), importer.Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

// rvScalar reads one value in e's tenant.
func rvScalar[T any](t *testing.T, e env, sql string, args ...any) T {
	t.Helper()
	var v T
	err := dbtest.Store(t).InTenantTx(t.Context(), e.ID.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), sql, args...).Scan(&v)
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

const rvCatalog = `{"application": "bake-tracker", "version": "4.2",
	"products": [
		{"ingredient_slug": "flour_all_purpose", "brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5},
		{"ingredient_slug": "sugar_granulated", "brand": "Domino", "package_unit": "lb", "package_unit_quantity": 4, "upc_code": "049200016152"}],
	"inventory_items": [
		{"ingredient_slug": "flour_all_purpose", "product_brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 5,
		 "quantity": 5, "purchase_date": "2025-12-01", "unit_cost": 0.8}]}`

const rvPurchases = `{"schema_version": "4.0", "import_type": "purchases", "supplier": "Costco", "device_id": "iphone-12-bakery",
	"purchases": [
		{"upc": "016000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": 7.99, "quantity_purchased": 2.0, "notes": "5lb bag"},
		{"upc": "999999999999", "scanned_at": "2026-01-06T14:18:00Z", "unit_price": 3.49, "quantity_purchased": 1.0, "notes": "Unknown product"}]}`

const rvUpdates = `{"schema_version": "4.0", "import_type": "inventory_updates",
	"inventory_updates": [{"upc": "051000127952", "scanned_at": "2026-01-06T14:55:00Z", "remaining_percentage": 50, "notes": "About half"}]}`

func rvSetup(t *testing.T) env {
	t.Helper()
	e := newEnv(t)
	rvImport(t, e, rvCatalog)
	rvImport(t, e, rvPurchases)
	rvImport(t, e, rvUpdates)
	return e
}

func TestListBarcodeReviews(t *testing.T) {
	t.Parallel()
	e := rvSetup(t)
	all := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	if len(all.Reviews) != 3 || all.NextCursor != "" {
		t.Fatalf("pending reviews %d (cursor %q), want 3", len(all.Reviews), all.NextCursor)
	}
	first := all.Reviews[0]
	if first.Kind != "purchase" || first.RawBarcode != "016000196100" || first.GTIN14 != "00016000196100" || first.SupplierName != "Costco" ||
		first.Status != "pending" || first.ImportID == "" || first.Payload["notes"] != "5lb bag" || first.Payload["unit_price"] != 7.99 {
		t.Errorf("first review %+v", first)
	}
	if want := "purchase of 2 package(s) with barcode 016000196100 at Costco for 7.99 each, scanned 2026-01-06T14:15:23Z (5lb bag)"; first.Summary != want {
		t.Errorf("summary %q, want %q", first.Summary, want)
	}
	if r := all.Reviews[2]; r.Kind != "inventory_update" || r.Summary != "50% left of barcode 051000127952, scanned 2026-01-06T14:55:00Z (About half)" {
		t.Errorf("inventory review %+v", r)
	}
	// Pages of one, oldest first, to the end.
	var seen []string
	cursor := ""
	for range 4 {
		args := map[string]any{"limit": 1}
		if cursor != "" {
			args["cursor"] = cursor
		}
		page := call[rvList](t, e.Client, "list_barcode_reviews", args)
		for _, r := range page.Reviews {
			seen = append(seen, r.ID)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 3 || seen[0] != all.Reviews[0].ID || seen[2] != all.Reviews[2].ID {
		t.Errorf("paged ids %v", seen)
	}
	if got := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{"status": "skipped"}); len(got.Reviews) != 0 {
		t.Errorf("skipped reviews %d, want 0", len(got.Reviews))
	}
	for _, c := range []struct {
		args  map[string]any
		field string
	}{
		{map[string]any{"status": "done"}, "status"},
		{map[string]any{"limit": 501}, "limit"},
		{map[string]any{"cursor": "not-a-cursor"}, "cursor"},
	} {
		if got := callErr(t, e.Client, "list_barcode_reviews", c.args); got.Field != c.field || got.Code != "invalid_argument" {
			t.Errorf("%v: %+v, want invalid_argument on %s", c.args, got, c.field)
		}
	}
	// Another tenant sees none of them.
	if got := call[rvList](t, newEnv(t).Client, "list_barcode_reviews", map[string]any{"status": "all"}); len(got.Reviews) != 0 {
		t.Errorf("another tenant sees %d reviews", len(got.Reviews))
	}
}

func TestResolveBarcodeReviewMapPurchase(t *testing.T) {
	t.Parallel()
	e := rvSetup(t)
	pending := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	scan := pending.Reviews[0]
	args := map[string]any{"review_id": scan.ID, "action": "map", "product": "flour_all_purpose:Gold Medal:5:lb", "idempotency_key": "map-1"}
	got := call[rvResolved](t, e.Client, "resolve_barcode_review", args)
	if !got.Success || got.Review.Status != "mapped" || got.ProductID == "" || got.Review.ResolvedProductID != got.ProductID ||
		got.PurchaseID == "" || len(got.PantryItemIDs) != 2 {
		t.Fatalf("map: %+v", got)
	}
	// Two 5 lb bags at 7.99 each: 2 lots of 5 lb at 1.598 per lb, at Costco.
	lots := rvScalar[string](t, e, `SELECT string_agg(quantity::text || '@' || unit_cost::text, ' ' ORDER BY ordinal) FROM pantry_items WHERE purchase_id = $1`, got.PurchaseID)
	if lots != "5.0000@1.598000 5.0000@1.598000" {
		t.Errorf("lots %q", lots)
	}
	purchase := rvScalar[string](t, e, `SELECT p.purchase_date::text || ' ' || p.quantity_purchased::text || ' ' || p.unit_price::text || ' ' || s.name
		FROM purchases p JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.supplier_id WHERE p.id = $1`, got.PurchaseID)
	if purchase != "2026-01-06 2.0000 7.9900 Costco" {
		t.Errorf("purchase %q", purchase)
	}
	// A retry with the same key records nothing twice.
	again := call[rvResolved](t, e.Client, "resolve_barcode_review", args)
	if again.PurchaseID != got.PurchaseID {
		t.Errorf("retry gave purchase %s, want %s", again.PurchaseID, got.PurchaseID)
	}
	if n := rvScalar[int](t, e, `SELECT count(*) FROM purchases`); n != 1 {
		t.Errorf("purchases %d after the retry, want 1", n)
	}
	// Resolving it again without the key is a conflict.
	delete(args, "idempotency_key")
	if err := callErr(t, e.Client, "resolve_barcode_review", args); err.Code != "conflict" || err.Field != "review_id" {
		t.Errorf("second resolve: %+v", err)
	}
	// The product learnt the barcode: the next scan of it is a purchase, not a review.
	rep := rvImport(t, e, `{"schema_version": "4.0", "import_type": "purchases", "purchases": [
		{"upc": "16000196100", "scanned_at": "2026-02-01T10:00:00Z", "unit_price": 8.49, "quantity_purchased": 1}]}`)
	if s := rep.Sections["purchases"]; s.Created != 1 || s.Archived != 0 {
		t.Errorf("next scan %+v, want recorded directly", *s)
	}
	if n := rvScalar[int](t, e, `SELECT count(*) FROM product_barcodes WHERE raw = '016000196100' AND gtin14 = '00016000196100'`); n != 1 {
		t.Error("barcode not remembered")
	}
	// Re-importing the original phone file changes nothing.
	rep = rvImport(t, e, rvPurchases)
	if s := rep.Sections["purchases"]; s.Matched != 2 {
		t.Errorf("re-import after resolving %+v, want both matched", *s)
	}
}

func TestResolveBarcodeReviewCreateAndSkip(t *testing.T) {
	t.Parallel()
	e := rvSetup(t)
	pending := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	unknown := pending.Reviews[1] // 999999999999
	got := call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": unknown.ID, "action": "create",
		"new_product": map[string]any{"ingredient": "sugar_granulated", "brand": "C&H", "product_name": "Pure Cane", "package_unit": "lb", "package_unit_quantity": "2"}})
	if got.Review.Status != "created" || got.PurchaseID == "" || len(got.PantryItemIDs) != 1 {
		t.Fatalf("create: %+v", got)
	}
	prod := rvScalar[string](t, e, `SELECT slug || ' ' || upc_code || ' ' || coalesce(gtin14, '-') FROM products WHERE id = $1`, got.ProductID)
	if prod != "sugar_granulated:C&H:2:lb 999999999999 -" {
		t.Errorf("created product %q (raw barcode kept, no gtin14: the check digit fails)", prod)
	}
	skip := call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": pending.Reviews[2].ID, "action": "skip"})
	if skip.Review.Status != "skipped" || skip.PurchaseID != "" || skip.AdjustmentID != "" {
		t.Errorf("skip: %+v", skip)
	}
	left := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	if len(left.Reviews) != 1 || left.Reviews[0].ID != pending.Reviews[0].ID {
		t.Errorf("pending after create and skip: %+v", left.Reviews)
	}
}

func TestResolveBarcodeReviewInventoryUpdate(t *testing.T) {
	t.Parallel()
	e := rvSetup(t)
	pending := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	update := pending.Reviews[2]
	got := call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": update.ID, "action": "map",
		"product": "flour_all_purpose:Gold Medal:5:lb"})
	if got.AdjustmentID == "" {
		t.Fatalf("no adjustment: %+v", got)
	}
	adj := rvScalar[string](t, e, `SELECT quantity_change::text || ' ' || quantity_after::text || ' ' || cost::text FROM inventory_adjustments WHERE id = $1`, got.AdjustmentID)
	if adj != "-2.5000 2.5000 2.0000" {
		t.Errorf("adjustment %q, want 50%% of a 5 lb bag: -2.5, costing 2.5 × 0.8", adj)
	}
}

func TestResolveBarcodeReviewErrors(t *testing.T) {
	t.Parallel()
	e := rvSetup(t)
	pending := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	id := pending.Reviews[0].ID
	other := rvSetup(t)
	otherID := call[rvList](t, other.Client, "list_barcode_reviews", map[string]any{}).Reviews[0].ID
	for _, c := range []struct {
		name        string
		args        map[string]any
		code, field string
	}{
		{"bad id", map[string]any{"review_id": "nope", "action": "skip"}, "invalid_argument", "review_id"},
		{"bad action", map[string]any{"review_id": id, "action": "merge"}, "invalid_argument", "action"},
		{"map without product", map[string]any{"review_id": id, "action": "map"}, "invalid_argument", "product"},
		{"create without product", map[string]any{"review_id": id, "action": "create"}, "invalid_argument", "new_product"},
		{"missing review", map[string]any{"review_id": "7f1c9a4e-2b1d-4c3e-9f00-5a6b7c8d9e0f", "action": "skip"}, "not_found", "review_id"},
		{"other tenant's review", map[string]any{"review_id": otherID, "action": "skip"}, "not_found", "review_id"},
		{"unknown product", map[string]any{"review_id": id, "action": "map", "product": "no_such_product"}, "not_found", "product"},
		{"bad unit", map[string]any{"review_id": id, "action": "create", "new_product": map[string]any{"ingredient": "sugar_granulated",
			"package_unit": "jar", "package_unit_quantity": 1}}, "invalid_argument", "new_product.package_unit"},
		{"unknown ingredient", map[string]any{"review_id": id, "action": "create", "new_product": map[string]any{"ingredient": "unobtainium",
			"package_unit": "lb", "package_unit_quantity": 1}}, "not_found", "new_product.ingredient"},
	} {
		got := callErr(t, e.Client, "resolve_barcode_review", c.args)
		if got.Code != c.code || got.Field != c.field {
			t.Errorf("%s: %+v, want %s on %s", c.name, got, c.code, c.field)
		}
	}
	// Nothing was written by the refusals.
	if n := rvScalar[int](t, e, `SELECT count(*) FROM barcode_reviews WHERE status <> 'pending'`); n != 0 {
		t.Errorf("%d reviews resolved by failing calls", n)
	}
	// Two queued scans of one unknown code: once the first is mapped, the
	// code belongs to that product and cannot be mapped to another.
	rvImport(t, e, `{"schema_version": "4.0", "import_type": "purchases", "purchases": [
		{"upc": "00000000000017", "quantity_purchased": 1, "unit_price": 3}, {"upc": "00000000000017", "quantity_purchased": 1, "unit_price": 3}]}`)
	var twins []string
	for _, r := range call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{}).Reviews {
		if r.RawBarcode == "00000000000017" {
			twins = append(twins, r.ID)
		}
	}
	if len(twins) != 2 {
		t.Fatalf("twin scans queued: %d", len(twins))
	}
	call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": twins[0], "action": "map", "product": "flour_all_purpose:Gold Medal:5:lb"})
	if got := callErr(t, e.Client, "resolve_barcode_review", map[string]any{"review_id": twins[1], "action": "map", "product": "sugar_granulated:Domino:4:lb"}); got.Code != "conflict" || got.Field != "product" {
		t.Errorf("mapping a code another product owns: %+v, want conflict on product", got)
	}
	call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": twins[1], "action": "map", "product": "flour_all_purpose:Gold Medal:5:lb"})
	// A read-only token cannot resolve.
	ro := e.ID
	ro.ReadOnly = true
	cs := connect(t, e.T.NewMCPServer("test", false), ro)
	if got := callErr(t, cs, "resolve_barcode_review", map[string]any{"review_id": id, "action": "skip"}); got.Code != "forbidden" {
		t.Errorf("read-only resolve: %+v", got)
	}
}
