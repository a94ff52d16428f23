package agent_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// undoView is a capture's JSON with its undo outcomes.
type undoView struct {
	Status string `json:"status"`
	Undo   []struct {
		ID      string `json:"id"`
		Tool    string `json:"tool"`
		Undone  bool   `json:"undone"`
		Reason  string `json:"reason"`
		Message string `json:"message"`
	} `json:"undo"`
}

func (e *env) undo(token, captureID string) resp {
	e.t.Helper()
	return e.do(http.MethodPost, "/api/captures/"+captureID+"/undo", token, "")
}

// confirmed makes a capture of one add_purchase and confirms it.
func (e *env) confirmed() captureView {
	e.t.Helper()
	v := e.proposed(flour)
	done := decode[captureView](e.t, e.confirm(e.tenant.Token, v.ID, "k-"+v.ID, fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)), http.StatusOK)
	if done.Status != "confirmed" {
		e.t.Fatalf("confirm: %+v", done)
	}
	return done
}

// count is a row count of table in the tenant, in the database itself.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	err := e.store.InTenantTx(e.t.Context(), e.tenant.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(e.t.Context(), "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&n)
	})
	if err != nil {
		e.t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// TestUndoRemovesTheConfirmedPurchase: confirm → undo → the purchase and
// its lot are gone; a second undo answers the same and reverses nothing.
func TestUndoRemovesTheConfirmedPurchase(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.confirmed()
	if e.lots() != 1 || e.count("purchases") != 1 {
		t.Fatalf("before undo: %d lots, %d purchases", e.lots(), e.count("purchases"))
	}
	first := e.undo(e.tenant.Token, v.ID)
	u := decode[undoView](t, first, http.StatusOK)
	if u.Status != "undone" || len(u.Undo) != 1 || !u.Undo[0].Undone || u.Undo[0].Tool != "add_purchase" || u.Undo[0].ID != v.Proposals[0].ID {
		t.Fatalf("undo: %s", first.Body)
	}
	if e.lots() != 0 || e.count("purchases") != 0 {
		t.Errorf("after undo: %d lots, %d purchases, want none", e.lots(), e.count("purchases"))
	}
	// Concurrent undos of another capture: one reversal, one answer.
	w := e.confirmed()
	var wg sync.WaitGroup
	answers := make([]resp, 5)
	for i := range answers {
		wg.Go(func() { answers[i] = e.undo(e.tenant.Token, w.ID) })
	}
	wg.Wait()
	for i, r := range answers {
		if r.Status != http.StatusOK || string(r.Body) != string(answers[0].Body) {
			t.Errorf("concurrent undo %d: %d %s, want the same 200 as the first", i, r.Status, r.Body)
		}
	}
	again := e.undo(e.tenant.Token, v.ID)
	if again.Status != http.StatusOK || string(again.Body) != string(first.Body) {
		t.Errorf("second undo answered %d %s, want the first answer %s", again.Status, again.Body, first.Body)
	}
	if r := e.confirm(e.tenant.Token, v.ID, "k-"+v.ID, fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)); r.Status != http.StatusConflict {
		t.Errorf("confirm after undo: %d %s, want 409", r.Status, r.Body)
	}
	if e.lots() != 0 {
		t.Errorf("confirm after undo wrote again")
	}
}

// TestUndoKeepsAUsedLot: flour used since the purchase is not undone, the
// answer says why, and nothing changes.
func TestUndoKeepsAUsedLot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.confirmed()
	if _, err := e.registry.Call(t.Context(), e.owner(), "record_usage", mustJSON(map[string]any{"ingredient": "flour", "quantity": 100, "unit": "g"})); err != nil {
		t.Fatalf("use flour: %v", err)
	}
	u := decode[undoView](t, e.undo(e.tenant.Token, v.ID), http.StatusOK)
	if len(u.Undo) != 1 || u.Undo[0].Undone || u.Undo[0].Reason != "used_since" || u.Undo[0].Message == "" {
		t.Fatalf("undo %+v, want add_purchase not undone, used_since", u)
	}
	if e.lots() != 1 || e.count("purchases") != 1 {
		t.Errorf("after a refused undo: %d lots, %d purchases, want 1 and 1", e.lots(), e.count("purchases"))
	}
}

// TestUndoAdjustmentAndEvent: a shelf-photo adjustment is put back (a
// correction entry in the append-only log) and a voice event is removed,
// in one undo of a capture that made both.
func TestUndoAdjustmentAndEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lot := e.seedLot()
	e.gemini.then(calls(call("a", "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 40}),
		call("b", "create_event_with_recipes", map[string]any{"event_name": "Thanksgiving", "event_date": "2026-11-26", "guest_count": 12, "recipe_names": []string{"pumpkin pie"}})))
	v := decode[captureView](t, e.capture(e.tenant.Token, "flour bag 40% full; Thanksgiving for 12 with pumpkin pie"), http.StatusCreated)
	body := fmt.Sprintf(`{"proposals": [{"id": %q}, {"id": %q}]}`, v.Proposals[0].ID, v.Proposals[1].ID)
	if done := decode[captureView](t, e.confirm(e.tenant.Token, v.ID, "k", body), http.StatusOK); done.Status != "confirmed" {
		t.Fatalf("confirm %+v", done)
	}
	u := decode[undoView](t, e.undo(e.tenant.Token, v.ID), http.StatusOK)
	if len(u.Undo) != 2 || !u.Undo[0].Undone || !u.Undo[1].Undone {
		t.Fatalf("undo %+v, want both undone", u)
	}
	pantry := e.listPantry()
	if len(pantry) != 1 || pantry[0]["quantity"] != pantry[0]["initial_quantity"] {
		t.Errorf("lot after undo %v, want it full again", pantry)
	}
	if n := e.count("events"); n != 0 {
		t.Errorf("%d events after undo, want 0", n)
	}
	if n := e.count("inventory_adjustments"); n != 2 {
		t.Errorf("%d adjustment log entries, want the adjustment and its correction", n)
	}
}

func (e *env) listPantry() []map[string]any {
	e.t.Helper()
	out, err := e.registry.CallJSON(e.t.Context(), e.owner(), "list_pantry", json.RawMessage(`{}`))
	if err != nil {
		e.t.Fatal(err)
	}
	var page struct{ Items []map[string]any }
	_ = json.Unmarshal(out, &page)
	return page.Items
}

// TestUndoIsTheCapturesOwnersOnly: another tenant's capture is 404 and a
// read-only token is 403; neither reverses anything.
func TestUndoIsTheCapturesOwnersOnly(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	b := newEnvOn(t, a.store, a.gemini)
	v := a.confirmed()
	if r := b.undo(b.tenant.Token, v.ID); r.Status != http.StatusNotFound {
		t.Errorf("tenant B's undo: %d %s, want 404", r.Status, r.Body)
	}
	ro, _, err := a.tokens.Create(t.Context(), a.owner(), "phone (read-only)", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := a.undo(ro, v.ID); r.Status != http.StatusForbidden {
		t.Errorf("read-only undo: %d %s, want 403", r.Status, r.Body)
	}
	if a.lots() != 1 {
		t.Errorf("%d lots after refused undos, want 1", a.lots())
	}
	w := a.proposed(flour)
	if r := a.undo(a.tenant.Token, w.ID); r.Status != http.StatusConflict {
		t.Errorf("undo of an unconfirmed capture: %d %s, want 409", r.Status, r.Body)
	}
}
