package tools_test

import (
	"strings"
	"testing"
)

// A queued scan that used another accepted spelling (quantity, price
// "$4.99", purchase_date, percentage_remaining) is applied with its values;
// one whose needed value is missing stays pending with an unprocessable
// error naming the field.
func TestResolveBarcodeReviewScanSpellings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rvImport(t, e, rvCatalog)
	rvImport(t, e, `{"schema_version": "4.0", "import_type": "purchases", "supplier": "Costco", "purchases": [
		{"upc": "016000196100", "purchase_date": "2026-01-05", "price": "$4.99", "quantity": 3}]}`)
	rvImport(t, e, `{"schema_version": "4.0", "import_type": "inventory_updates", "inventory_updates": [
		{"upc": "051000127952", "scanned_at": "2026-01-06T14:55:00Z", "percentage_remaining": 25}]}`)
	rvImport(t, e, `{"application": "bake-tracker", "version": "4.2", "barcode_reviews": [
		{"kind": "inventory_update", "raw_barcode": "077777777777", "payload": {"upc": "077777777777", "notes": "no percentage"}}]}`)
	pending := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	if len(pending.Reviews) != 3 {
		t.Fatalf("%d pending reviews, want 3", len(pending.Reviews))
	}
	got := call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": pending.Reviews[0].ID, "action": "map",
		"product": "flour_all_purpose:Gold Medal:5:lb"})
	purchase := rvScalar[string](t, e, `SELECT purchase_date::text || ' ' || quantity_purchased::text || ' ' || unit_price::text FROM purchases WHERE id = $1`, got.PurchaseID)
	if purchase != "2026-01-05 3.0000 4.9900" {
		t.Errorf("purchase %q, want 3 packages at 4.99 on 2026-01-05", purchase)
	}
	upd := call[rvResolved](t, e.Client, "resolve_barcode_review", map[string]any{"review_id": pending.Reviews[1].ID, "action": "map",
		"product": "flour_all_purpose:Gold Medal:5:lb"})
	if upd.AdjustmentID == "" {
		t.Fatalf("inventory update not applied: %+v", upd)
	}
	if pct := rvScalar[string](t, e, `SELECT percentage_remaining::text FROM inventory_adjustments WHERE id = $1`, upd.AdjustmentID); pct != "25.0000" {
		t.Errorf("percentage %s, want 25", pct)
	}
	err := callErr(t, e.Client, "resolve_barcode_review", map[string]any{"review_id": pending.Reviews[2].ID, "action": "map",
		"product": "sugar_granulated:Domino:4:lb"})
	if err.Code != "unprocessable" || !strings.Contains(err.Message, "remaining_percentage") {
		t.Errorf("error %+v, want unprocessable naming remaining_percentage", err)
	}
	if s := rvScalar[string](t, e, `SELECT status FROM barcode_reviews WHERE id = $1`, pending.Reviews[2].ID); s != "pending" {
		t.Errorf("status %s, want pending", s)
	}
}
