package tools_test

import (
	"encoding/json"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// undoCall runs tool through the registry as e's owner and returns its
// JSON result, as a door records it.
func undoCall(t *testing.T, reg *tools.Registry, e env, tool string, args map[string]any) json.RawMessage {
	t.Helper()
	raw, _ := json.Marshal(args)
	out, er := reg.CallJSON(t.Context(), e.ID, tool, raw)
	if er != nil {
		t.Fatalf("%s: %v", tool, er)
	}
	return out
}

// undoWrite takes one recorded write back through Registry.Undo.
func undoWrite(t *testing.T, reg *tools.Registry, e env, tool string, result json.RawMessage) tools.UndoOutcome {
	t.Helper()
	var out tools.UndoOutcome
	err := reg.Undo(t.Context(), e.ID, func(_ *queries.Queries, undo func(tools.RecordedWrite) (tools.UndoOutcome, error)) error {
		var err error
		out, err = undo(tools.RecordedWrite{ID: "w1", Tool: tool, Result: result})
		return err
	})
	if err != nil {
		t.Fatalf("undo %s: %v", tool, err)
	}
	return out
}

func undoRegistry(t *testing.T) (*tools.Registry, env) {
	t.Helper()
	e := newEnv(t)
	return tools.MustRegistry(tools.New(dbtest.Store(t), nil)), e
}

// TestUndoUsageReturnsWhatItTookWhileNothingLaterTouchedTheLot: the
// later of two usages is returned to its lot by a correction entry; the
// earlier one, built on by the later, is refused as used_since.
func TestUndoUsageReturnsWhatItTookWhileNothingLaterTouchedTheLot(t *testing.T) {
	t.Parallel()
	reg, e := undoRegistry(t)
	undoCall(t, reg, e, "add_purchase", map[string]any{"item_name": "flour", "quantity": 2, "unit": "lb", "price": 8, "store": "Costco"})
	first := undoCall(t, reg, e, "record_usage", map[string]any{"ingredient": "flour", "quantity": 100, "unit": "g"})
	second := undoCall(t, reg, e, "record_usage", map[string]any{"ingredient": "flour", "quantity": 50, "unit": "g"})
	if o := undoWrite(t, reg, e, "record_usage", first); o.Undone || o.Reason != "used_since" || o.Message == "" {
		t.Errorf("undo of the earlier usage: %+v, want used_since", o)
	}
	if o := undoWrite(t, reg, e, "record_usage", second); !o.Undone {
		t.Fatalf("undo of the later usage: %+v, want undone", o)
	}
	var used tools.RecordUsageOutput
	_ = json.Unmarshal(first, &used)
	left := rvScalar[string](t, e, `SELECT quantity::text FROM pantry_items`)
	if want := used.Takes[0].Remaining; left != want.StringFixed(4) {
		t.Errorf("lot holds %s after the undo, want %s (what the first usage left)", left, want)
	}
	if n := rvScalar[int64](t, e, `SELECT count(*) FROM inventory_adjustments WHERE reason = 'correction' AND quantity_change > 0`); n != 1 {
		t.Errorf("%d correction entries, want 1 (the log is append-only)", n)
	}
	if o := undoWrite(t, reg, e, "record_usage", second); o.Undone || o.Reason != "used_since" {
		t.Errorf("the same usage undone twice: %+v, want used_since (the correction is the lot's last change)", o)
	}
}

// TestUndoSkippedReviewPutsItBackInTheQueue: a skip is reopened; a
// mapping that recorded stock is refused as not_reversible with a reason.
func TestUndoSkippedReviewPutsItBackInTheQueue(t *testing.T) {
	t.Parallel()
	reg, e := undoRegistry(t)
	rvImport(t, e, rvCatalog)
	rvImport(t, e, rvPurchases)
	pending := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{})
	skip := undoCall(t, reg, e, "resolve_barcode_review", map[string]any{"review_id": pending.Reviews[1].ID, "action": "skip"})
	if o := undoWrite(t, reg, e, "resolve_barcode_review", skip); !o.Undone {
		t.Fatalf("undo of a skip: %+v", o)
	}
	if left := call[rvList](t, e.Client, "list_barcode_reviews", map[string]any{}); len(left.Reviews) != len(pending.Reviews) {
		t.Errorf("%d pending after undoing the skip, want %d", len(left.Reviews), len(pending.Reviews))
	}
	mapped := undoCall(t, reg, e, "resolve_barcode_review", map[string]any{"review_id": pending.Reviews[0].ID, "action": "map", "product": "flour_all_purpose:Gold Medal:5:lb"})
	if o := undoWrite(t, reg, e, "resolve_barcode_review", mapped); o.Undone || o.Reason != "not_reversible" || o.Message == "" {
		t.Errorf("undo of a mapping: %+v, want not_reversible with a message", o)
	}
	if s := rvScalar[string](t, e, `SELECT status FROM barcode_reviews WHERE id = $1`, pending.Reviews[0].ID); s != "mapped" {
		t.Errorf("refused undo changed the review to %s", s)
	}
}

// TestUndoCreateDeletesWhileNothingRefersToIt: a created ingredient with a
// product on it stays (used_since) until the product is undone; a supplier
// bought from stays (used_since), an edited ingredient (changed_since); an
// untouched supplier is deleted.
func TestUndoCreateDeletesWhileNothingRefersToIt(t *testing.T) {
	t.Parallel()
	reg, e := undoRegistry(t)
	ing := undoCall(t, reg, e, "create_ingredient", map[string]any{"name": "Cardamom", "aliases": []string{"elaichi"}})
	prod := undoCall(t, reg, e, "create_product", map[string]any{"ingredient": "cardamom", "brand": "Frontier", "package_unit": "oz", "package_unit_quantity": 2})
	if o := undoWrite(t, reg, e, "create_ingredient", ing); o.Undone || o.Reason != "used_since" {
		t.Errorf("undo of an ingredient with a product: %+v, want used_since", o)
	}
	if o := undoWrite(t, reg, e, "create_product", prod); !o.Undone {
		t.Errorf("undo of an unused product: %+v", o)
	}
	if o := undoWrite(t, reg, e, "create_ingredient", ing); !o.Undone {
		t.Errorf("undo of the ingredient once unused: %+v", o)
	}
	if n := rvScalar[int64](t, e, `SELECT (SELECT count(*) FROM ingredients WHERE slug = 'cardamom') + (SELECT count(*) FROM products)`); n != 0 {
		t.Errorf("%d rows left after the undos, want 0", n)
	}
	if o := undoWrite(t, reg, e, "create_ingredient", ing); o.Undone || o.Reason != "gone" {
		t.Errorf("second undo: %+v, want gone", o)
	}

	used := undoCall(t, reg, e, "create_supplier", map[string]any{"name": "Penzeys", "city": "Arlington", "state": "MA"})
	undoCall(t, reg, e, "add_purchase", map[string]any{"item_name": "cinnamon", "quantity": 1, "unit": "oz", "price": 4, "store": "Penzeys"})
	if o := undoWrite(t, reg, e, "create_supplier", used); o.Undone || o.Reason != "used_since" {
		t.Errorf("undo of a supplier bought from since: %+v, want used_since", o)
	}
	salt := undoCall(t, reg, e, "create_ingredient", map[string]any{"name": "Smoked salt"})
	undoCall(t, reg, e, "update_ingredient", map[string]any{"id": "smoked_salt", "notes": "for caramel"})
	if o := undoWrite(t, reg, e, "create_ingredient", salt); o.Undone || o.Reason != "changed_since" {
		t.Errorf("undo of an edited ingredient: %+v, want changed_since", o)
	}
	plain := undoCall(t, reg, e, "create_supplier", map[string]any{"name": "Kalustyan's", "city": "New York", "state": "NY"})
	if o := undoWrite(t, reg, e, "create_supplier", plain); !o.Undone {
		t.Errorf("undo of an untouched supplier: %+v", o)
	}
}

// TestUndoOfAnotherTenantsWriteFindsNothing: a recorded result carries
// ids; handed to another household's undo they name nothing there, and
// the first household's rows stay.
func TestUndoOfAnotherTenantsWriteFindsNothing(t *testing.T) {
	t.Parallel()
	reg, a := undoRegistry(t)
	b := newEnv(t)
	sup := undoCall(t, reg, a, "create_supplier", map[string]any{"name": "Penzeys", "city": "Arlington", "state": "MA"})
	pur := undoCall(t, reg, a, "add_purchase", map[string]any{"item_name": "flour", "quantity": 2, "unit": "lb", "price": 8, "store": "Costco"})
	use := undoCall(t, reg, a, "record_usage", map[string]any{"ingredient": "flour", "quantity": 100, "unit": "g"})
	for tool, result := range map[string]json.RawMessage{"create_supplier": sup, "add_purchase": pur, "record_usage": use} {
		if o := undoWrite(t, reg, b, tool, result); o.Undone || o.Reason != "gone" {
			t.Errorf("%s of another household: %+v, want gone", tool, o)
		}
	}
	if n := rvScalar[int64](t, a, `SELECT (SELECT count(*) FROM suppliers WHERE name = 'Penzeys') + (SELECT count(*) FROM purchases) + (SELECT count(*) FROM inventory_adjustments)`); n != 3 {
		t.Errorf("%d of the first household's rows left, want 3", n)
	}
}
