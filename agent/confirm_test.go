package agent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// proposed makes a capture with one add_purchase proposal of args.
func (e *env) proposed(args map[string]any) captureView {
	e.t.Helper()
	e.gemini.then(calls(call("c1", "add_purchase", args)))
	v := decode[captureView](e.t, e.capture(e.tenant.Token, "two pounds of flour at Costco for eight dollars"), http.StatusCreated)
	if len(v.Proposals) != 1 {
		e.t.Fatalf("capture %+v, want one proposal", v)
	}
	return v
}

func (e *env) confirm(token, captureID, key, body string) resp {
	e.t.Helper()
	h := []string{}
	if key != "" {
		h = append(h, "Idempotency-Key", key)
	}
	return e.do(http.MethodPost, "/api/captures/"+captureID+"/confirm", token, body, h...)
}

// TestConfirmRunsEditedArguments: the person's edit replaces the proposed
// quantity, and the write happens once, through the registry.
func TestConfirmRunsEditedArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.proposed(flour)
	edited := `{"item_name": "flour", "quantity": 5, "unit": "lb", "price": 8, "store": "Costco"}`
	done := decode[captureView](t, e.confirm(e.tenant.Token, v.ID, "k1",
		fmt.Sprintf(`{"proposals": [{"id": %q, "arguments": %s}]}`, v.Proposals[0].ID, edited)), http.StatusOK)
	if done.Status != "confirmed" || len(done.Results) != 1 || done.Results[0].Error != nil {
		t.Fatalf("confirm: %+v", done)
	}
	var out tools.AddPurchaseOutput
	if err := json.Unmarshal(done.Results[0].Result, &out); err != nil || !out.Success {
		t.Fatalf("result %s: %v", done.Results[0].Result, err)
	}
	pantry, e2 := e.registry.Call(t.Context(), e.owner(), "list_pantry", json.RawMessage(`{}`))
	if e2 != nil {
		t.Fatal(e2)
	}
	items := pantry.(tools.ListPantryOutput).Items
	if len(items) != 1 || !strings.HasPrefix(items[0].Quantity.String(), "5") {
		t.Errorf("pantry %+v, want one lot of the edited 5 lb", items)
	}
}

// TestConfirmInvalidEditIs400NamingTheField: an edit the tool's schema
// refuses is a 400 naming the field, and nothing is written.
func TestConfirmInvalidEditIs400NamingTheField(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.proposed(flour)
	for body, field := range map[string]string{
		fmt.Sprintf(`{"proposals": [{"id": %q, "arguments": {"item_name": "flour", "quantity": "lots", "unit": "lb", "price": 8, "store": "Costco"}}]}`, v.Proposals[0].ID):             "proposals[0].arguments.quantity",
		fmt.Sprintf(`{"proposals": [{"id": %q, "arguments": {"item_name": "flour", "quantity": 1, "unit": "lb", "price": 8, "store": "Costco", "colour": "red"}}]}`, v.Proposals[0].ID): "proposals[0].arguments.colour",
		`{"proposals": [{"id": "p9-nope"}]}`: "proposals[0].id",
		`{"proposals": []}`:                  "proposals",
	} {
		r := e.confirm(e.tenant.Token, v.ID, "k1", body)
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", body, r.Status, r.Body)
			continue
		}
		if got := errorOf(t, r).Field; got != field {
			t.Errorf("%s: field %q, want %q", body, got, field)
		}
	}
	if r := e.confirm(e.tenant.Token, v.ID, "", fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)); r.Status != http.StatusBadRequest || errorOf(t, r).Field != "Idempotency-Key" {
		t.Errorf("no Idempotency-Key: %d %s, want 400 naming it", r.Status, r.Body)
	}
	if n := e.lots(); n != 0 {
		t.Errorf("%d lots after refused confirms, want 0", n)
	}
}

// TestSameConfirmTenTimesWritesOnce: ten confirms in a row, then ten at
// once on another capture, each record one purchase and answer the same
// result.
func TestSameConfirmTenTimesWritesOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.proposed(flour)
	body := fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)
	var first string
	for i := range 10 {
		done := decode[captureView](t, e.confirm(e.tenant.Token, v.ID, "same-key", body), http.StatusOK)
		if i == 0 {
			first = string(done.Results[0].Result)
		} else if string(done.Results[0].Result) != first {
			t.Errorf("confirm %d answered %s, want the first result %s", i, done.Results[0].Result, first)
		}
	}
	if n := e.lots(); n != 1 {
		t.Fatalf("%d lots after ten confirms, want 1", n)
	}

	w := e.proposed(flour)
	body = fmt.Sprintf(`{"proposals": [{"id": %q}]}`, w.Proposals[0].ID)
	var wg sync.WaitGroup
	results := make([]resp, 10)
	for i := range results {
		wg.Go(func() { results[i] = e.confirm(e.tenant.Token, w.ID, "concurrent-key", body) })
	}
	wg.Wait()
	var ids []string
	for i, r := range results {
		if r.Status != http.StatusOK {
			t.Errorf("concurrent confirm %d: %d %s", i, r.Status, r.Body)
			continue
		}
		var out struct {
			Results []struct{ Result tools.AddPurchaseOutput }
		}
		_ = json.Unmarshal(r.Body, &out)
		if len(out.Results) == 1 {
			ids = append(ids, out.Results[0].Result.PurchaseID)
		}
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Errorf("concurrent confirms answered purchases %v, want one", ids)
			break
		}
	}
	if n := e.lots(); n != 2 {
		t.Errorf("%d lots after ten concurrent confirms of the second capture, want 2", n)
	}
}

// TestAnotherTenantsCaptureIsNotFound: reading, confirming, retrying or
// discarding another tenant's capture answers 404 and changes nothing.
func TestAnotherTenantsCaptureIsNotFound(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	b := newEnvOn(t, a.store, a.gemini)
	v := a.proposed(flour)
	body := fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)
	for _, r := range []resp{
		b.do(http.MethodGet, "/api/captures/"+v.ID, b.tenant.Token, ""),
		b.confirm(b.tenant.Token, v.ID, "k", body),
		b.do(http.MethodPost, "/api/captures/"+v.ID+"/retry", b.tenant.Token, ""),
		b.do(http.MethodPost, "/api/captures/"+v.ID+"/discard", b.tenant.Token, ""),
		b.do(http.MethodPost, "/api/captures/"+v.ID+"/messages", b.tenant.Token, `{"text": "more"}`),
	} {
		if r.Status != http.StatusNotFound {
			t.Errorf("tenant B: %d %s, want 404", r.Status, r.Body)
		}
	}
	if list := decode[struct{ Captures []captureView }](t, b.do(http.MethodGet, "/api/captures", b.tenant.Token, ""), http.StatusOK); len(list.Captures) != 0 {
		t.Errorf("tenant B lists %d of A's captures", len(list.Captures))
	}
	if got := decode[captureView](t, a.do(http.MethodGet, "/api/captures/"+v.ID, a.tenant.Token, ""), http.StatusOK); got.Status != "proposed" {
		t.Errorf("A's capture is %s after B's attempts", got.Status)
	}
	if a.lots() != 0 || b.lots() != 0 {
		t.Error("B's attempts wrote")
	}
}

// TestReadOnlyTokenCannotConfirm: the registry's rule (read-only tokens
// do not write) holds through captures; nothing is written.
func TestReadOnlyTokenCannotConfirm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.proposed(flour)
	ro, _, err := e.tokens.Create(t.Context(), e.owner(), "phone (read-only)", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := e.confirm(ro, v.ID, "k", fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID))
	if r.Status != http.StatusForbidden {
		t.Fatalf("read-only confirm: %d %s, want 403", r.Status, r.Body)
	}
	if r := e.capture(ro, "flour"); r.Status != http.StatusForbidden {
		t.Errorf("read-only capture: %d %s, want 403", r.Status, r.Body)
	}
	if n := e.lots(); n != 0 {
		t.Errorf("%d lots after a read-only confirm", n)
	}
}

// TestDiscardedCaptureCannotBeConfirmed: discard drops the proposals.
func TestDiscardedCaptureCannotBeConfirmed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.proposed(flour)
	if got := decode[captureView](t, e.do(http.MethodPost, "/api/captures/"+v.ID+"/discard", e.tenant.Token, ""), http.StatusOK); got.Status != "discarded" {
		t.Fatalf("discard: %+v", got)
	}
	if r := e.confirm(e.tenant.Token, v.ID, "k", fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)); r.Status != http.StatusConflict {
		t.Errorf("confirm after discard: %d %s, want 409", r.Status, r.Body)
	}
	if n := e.lots(); n != 0 {
		t.Errorf("%d lots after discard", n)
	}
}

// TestWithoutAPIKeyCapturesAre503AIDisabled: everything else still works.
func TestWithoutAPIKeyCapturesAre503AIDisabled(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	caps := agent.NewCaptures(e.store, e.registry, nil, nil, nil)
	srv := httptest.NewServer(web.New(web.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: e.tokens,
		Ready: func(context.Context) error { return nil }, Registry: e.registry, Captures: caps}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	r := e.capture(e.tenant.Token, "two pounds of flour")
	if r.Status != http.StatusServiceUnavailable || errorOf(t, r).Code != "ai_disabled" {
		t.Errorf("capture without a key: %d %s, want 503 ai_disabled", r.Status, r.Body)
	}
	if r := e.do(http.MethodGet, "/api/me", e.tenant.Token, ""); r.Status != http.StatusOK {
		t.Errorf("/api/me without a key: %d", r.Status)
	}
	if u := decode[usage](t, e.do(http.MethodGet, "/api/usage", e.tenant.Token, ""), http.StatusOK); u.Limit != nil || u.Total != 0 {
		t.Errorf("usage without a key: %+v, want nothing spent and no limit", u)
	}
}
