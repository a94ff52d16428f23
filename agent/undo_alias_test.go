package agent_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/tools"
)

// TestUndoneReceiptForgetsTheLineItTaught: a receipt line taught by two
// confirmed purchases survives the undo of one; a correction that taught
// it as another product, once undone, leaves the line meaning what the
// remaining purchase taught; undoing the last purchase forgets the line.
func TestUndoneReceiptForgetsTheLineItTaught(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	kirkland := e.seedProduct("all-purpose flour", "Kirkland", "Organic All-Purpose Flour", 25, "lb")
	kingArthur := e.seedProduct("bread flour", "King Arthur", "Bread Flour", 5, "lb")
	const line = "KS ORG AP FLR 25LB"
	receipt := func(product string) captureView {
		e.t.Helper()
		e.gemini.then(calls(call("r1", "add_purchase", map[string]any{"item_name": product, "receipt_text": line,
			"quantity": 1, "unit": "each", "price": 17.99, "store": "Costco"})))
		return e.confirmAll(decode[captureView](t, e.capture(e.tenant.Token, "", file{"image", "image/jpeg", []byte("\xff\xd8\xff receipt")}), http.StatusCreated))
	}
	means := func(when string) string {
		t.Helper()
		out, err := e.registry.Call(t.Context(), e.owner(), "list_store_aliases", mustJSON(map[string]any{"store": "Costco"}))
		if err != nil {
			t.Fatal(err)
		}
		aliases := out.(tools.ListStoreAliasesOutput).Aliases
		if len(aliases) > 1 || (len(aliases) == 1 && aliases[0].ReceiptText != line) {
			t.Fatalf("%s: aliases %+v, want at most the one line", when, aliases)
		}
		if len(aliases) == 0 {
			return ""
		}
		return aliases[0].ProductID
	}
	undo := func(v captureView) string {
		t.Helper()
		u := decode[undoView](t, e.undo(e.tenant.Token, v.ID), http.StatusOK)
		if len(u.Undo) != 1 || !u.Undo[0].Undone {
			t.Fatalf("undo %+v, want the purchase undone", u)
		}
		return u.Undo[0].Message
	}

	first := receipt(kirkland)
	second := receipt(kirkland)
	if msg := undo(second); means("one of two undone") != kirkland || !strings.Contains(msg, "stays") {
		t.Errorf("after undoing one of two teaching purchases the line means %s (%q), want the Kirkland flour still", means(""), msg)
	}
	correction := receipt(kingArthur)
	if got := means("corrected"); got != kingArthur {
		t.Fatalf("after the correction the line means %s, want King Arthur", got)
	}
	undo(correction)
	if got := means("correction undone"); got != kirkland {
		t.Errorf("after undoing the correction the line means %s, want the Kirkland flour the first purchase taught", got)
	}
	if msg := undo(first); means("last undone") != "" || !strings.Contains(msg, "forgot receipt line") {
		t.Errorf("after undoing the last teaching purchase the line still means %s (%q), want it forgotten", means(""), msg)
	}
}
